"""identity's agents, for the auto-assign pool's bootstrap (API.md §4).

Contract (identity serves it; never routed by the gateway)::

    GET {identity_internal_url}/internal/v1/agents?active=true
    200 {"data": [{"user_id", "first_name", "last_name", "phone"}]}

The request carries logistics' service token (audience ``identity``). After the bootstrap the
projection follows ``agent_upserted``. Any other answer raises :class:`IdentityUnavailable`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol
from uuid import UUID

import httpx

from pf_common.http import InternalClient

AGENTS_PATH: Final = "/internal/v1/agents"


class IdentityUnavailable(Exception):
    """identity gave no usable answer."""


@dataclass(frozen=True, slots=True)
class Agent:
    user_id: UUID
    first_name: str
    last_name: str
    phone: str | None


class IdentityClient(Protocol):
    async def active_agents(self) -> list[Agent]: ...

    async def aclose(self) -> None: ...


class HttpIdentityClient(InternalClient):
    retries = 2
    default_timeout_s = 5.0

    async def active_agents(self) -> list[Agent]:
        try:
            r = await self._client.get(AGENTS_PATH, params={"active": "true"})
        except httpx.HTTPError as exc:
            raise IdentityUnavailable(type(exc).__name__) from exc
        if r.status_code != 200:
            raise IdentityUnavailable(f"status {r.status_code}")
        try:
            return [
                Agent(UUID(a["user_id"]), str(a["first_name"]), str(a["last_name"]), a.get("phone"))
                for a in r.json()["data"]
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise IdentityUnavailable(f"unexpected body: {type(exc).__name__}") from exc
