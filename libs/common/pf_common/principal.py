"""The verified caller of a request, and the role vocabulary (DOMAIN §4.1-§4.2). No FastAPI.

Who imports it: every layer. Domain code takes a :class:`Principal` (the use case's caller)
and checks role groups (:data:`MANAGE`, :data:`OPERATE`, :data:`STAFF`, :data:`READ`); api
code receives it from the guards of :mod:`pf_common.guards`. It is built only by
:class:`pf_common.access_tokens.TokenVerifier` from a verified access token (or by tests).

Token claims are hints for routing a request, not proof of current rights: gating (KYC,
subscription) uses the service's own projections, never ``kyc_status`` (DOMAIN §4.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal
from uuid import UUID

__all__ = [
    "MANAGE",
    "MEMBER_ROLES",
    "OPERATE",
    "READ",
    "STAFF",
    "STORE_TYPES",
    "SYSTEM_ROLES",
    "Principal",
    "StoreType",
    "SystemRole",
]

StoreType = Literal["buyer", "vendor"]
SystemRole = Literal["admin", "agent"]
STORE_TYPES: Final[frozenset[str]] = frozenset({"buyer", "vendor"})
SYSTEM_ROLES: Final[frozenset[str]] = frozenset({"admin", "agent"})
MEMBER_ROLES: Final[frozenset[str]] = frozenset(
    {"owner", "admin", "manager", "ops", "staff", "viewer", "agent"}
)

# DOMAIN §4.2 role groups (store roles; member role ``agent`` behaves like ``viewer``).
MANAGE: Final[frozenset[str]] = frozenset({"owner", "admin", "manager"})
OPERATE: Final[frozenset[str]] = MANAGE | {"ops"}
STAFF: Final[frozenset[str]] = OPERATE | {"staff"}
READ: Final[frozenset[str]] = STAFF | {"viewer", "agent"}


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller of one request (built from a verified access token)."""

    user_id: UUID
    session_id: str
    store_id: UUID | None = None
    store_type: StoreType | None = None
    role: str | None = None
    system_role: SystemRole | None = None
    kyc_status: str | None = None

    @property
    def is_admin(self) -> bool:
        """A system admin (``system_role`` claim), never a store's ``admin`` member role."""
        return self.system_role == "admin"

    @property
    def is_agent(self) -> bool:
        """A system delivery agent (``system_role`` claim), never the ``agent`` member role."""
        return self.system_role == "agent"
