"""What every running process holds: settings, database, Redis, the access-token authenticator.

Built once in the app lifespan or the worker (never at import) and passed in;
tests build one bound to their own connection. The service's own clients and its service
tokens are in its context (:mod:`pf_common.context`), built beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis

from pf_common.db import Database
from pf_common.relay import OutboxWaker
from pf_common.resp import close_lean_redis
from pf_common.settings import ServiceSettings


def make_redis(settings: ServiceSettings) -> Redis:
    """A client whose pool WAITS (up to 5 s) for a free connection when all are busy.

    The default pool raises ``MaxConnectionsError`` instead, which turned bursts of
    concurrent requests into 503s.
    """
    pool = BlockingConnectionPool.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=settings.redis_max_connections,
        timeout=5,
        socket_timeout=5,
        socket_connect_timeout=5,
        health_check_interval=30,
    )
    return Redis(connection_pool=pool)


@dataclass
class Runtime:
    settings: ServiceSettings
    db: Database
    redis: Redis
    authenticator: Any = None

    @classmethod
    def create(
        cls,
        settings: ServiceSettings,
        *,
        db: Database | None = None,
        redis: Redis | None = None,
    ) -> Runtime:
        from pf_common.access_tokens import Authenticator

        redis = redis or make_redis(settings)
        if db is None:
            db = Database.from_settings(
                settings, on_events_committed=OutboxWaker(redis, settings.service_name)
            )
        elif db.on_events_committed is None:
            db.on_events_committed = OutboxWaker(redis, settings.service_name)
        return cls(
            settings=settings,
            db=db,
            redis=redis,
            authenticator=Authenticator.from_settings(settings, redis),
        )

    async def close(self) -> None:
        await self.db.dispose()
        await close_lean_redis(self.redis)
        await self.redis.aclose()
        if self.authenticator is not None:
            await self.authenticator.aclose()
