"""Fixtures of pf_common's own tests: a sandbox service app on real Postgres and Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, ClassVar

import backbone_app as bb
import httpx
import pytest
from redis.asyncio import Redis

from pf_common.app import create_app
from pf_common.routing import APIRouter
from pf_common.runtime import Runtime
from pf_common.settings import ServiceSettings, service_config


class SandboxSettings(ServiceSettings):
    model_config = service_config("bb_producer")
    service_name: ClassVar[str] = "bb_producer"


@pytest.fixture
def sandbox_url(fresh_database: Callable[[str], str]) -> str:
    url = fresh_database(f"sandbox_{uuid.uuid4().hex[:10]}")
    bb.create_schemas(url)
    return url


@pytest.fixture
async def sandbox(
    sandbox_url: str, redis: Redis, pf_servers: Any, tmp_path_factory: Any
) -> AsyncIterator[Callable[..., Any]]:
    """``sandbox(routers) -> (app, client, runtime)`` on a committed (not rolled back) database."""
    made: list[tuple[httpx.AsyncClient, Runtime]] = []
    bb.FAIL_COUNTER["redis"] = redis

    async def make(
        routers: Sequence[APIRouter], **settings_kw: Any
    ) -> tuple[Any, httpx.AsyncClient, Runtime]:
        settings = SandboxSettings(
            database_url=sandbox_url,
            redis_url=pf_servers.redis_url,
            keys_dir=tmp_path_factory.getbasetemp() / "pf-keys",
            environment="test",
            **settings_kw,
        )
        runtime = Runtime.create(settings)  # the production client: a blocking, bounded pool
        app = create_app(settings, routers=routers, runtime=runtime)
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://test"
        )
        made.append((client, runtime))
        return app, client, runtime

    yield make
    for client, runtime in made:
        await client.aclose()
        await runtime.close()


@pytest.fixture
def token_for(sandbox: Any, redis: Redis, tmp_path_factory: Any) -> Callable[..., Any]:
    """``await token_for(store_type="buyer", role="owner")`` -> Authorization headers (real RS256)."""
    from pf_common.devkeys import ensure_dev_keys
    from pf_common.sessions import SessionRegistry
    from pf_common.testing.tokens import TestTokenSigner

    keys = ensure_dev_keys(tmp_path_factory.getbasetemp() / "pf-keys")
    signer = TestTokenSigner(keys.private_pem, keys.kid, "packfinderz-identity", "packfinderz")

    async def make(**claims: Any) -> dict[str, str]:
        sid = str(uuid.uuid4())
        claims.setdefault("user_id", uuid.uuid4())
        if claims.get("store_type") and "store_id" not in claims:
            claims["store_id"] = uuid.uuid4()
        token = signer.mint(session_id=sid, **claims)
        await SessionRegistry(redis).activate(sid, 600)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
async def service_context(sandbox_url: str, pf_servers: Any, tmp_path_factory: Any) -> AsyncIterator[Any]:
    """The sandbox service's context (pf_common.context), what a worker hands its jobs."""
    from pf_common.context import ServiceContext

    settings = SandboxSettings(
        database_url=sandbox_url,
        redis_url=pf_servers.redis_url,
        keys_dir=tmp_path_factory.getbasetemp() / "pf-keys",
        environment="test",
    )
    context = ServiceContext.build(settings)
    yield context
    await context.aclose()
