"""One context per process: a service's settings, service tokens and clients, built once.

A process (a service's API or its worker) holds two objects, both built once when it starts,
from typed settings, and passed to what needs them (ARCHITECTURE §2) — no module globals, no
``Settings()`` built on first use, no clients looked up by string key:

* :class:`pf_common.runtime.Runtime`: what every service has — database, Redis, the
  access-token authenticator; the API's lifespan or the worker builds it;
* the service's **context**, a subclass of :class:`ServiceContext`: its ``Settings``, its
  :class:`~pf_common.service_auth.ServiceAuth` (service tokens for ``/internal/*``) and its
  clients (other services' internal endpoints, blob stores, providers).

The shape every service copies (``pf_orders`` is the smallest example)::

    # pf_orders/context.py — no FastAPI here: consumers and jobs import it
    @dataclass(kw_only=True, eq=False)
    class OrdersContext(ServiceContext[Settings]):
        catalog: CatalogClient

        @classmethod
        def build(cls, settings: Settings, *, service_auth: ServiceAuth | None = None,
                  catalog: CatalogClient | None = None) -> OrdersContext:
            auth = service_auth or ServiceAuth.from_settings(settings)
            return cls(settings=settings, service_auth=auth, catalog=catalog or HttpCatalogClient(
                settings.catalog_internal_url, token_provider=auth.token_provider("catalog")))

        async def aclose(self) -> None:
            await aclose_all(self.catalog.aclose, super().aclose)

    # pf_orders/app.py: the app builds the context (and its lifespan closes it) unless a test
    # hands one in
    def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None,
                   context: OrdersContext | None = None) -> FastAPI:
        return create_service_app(settings or Settings(), routers=ROUTERS, runtime=runtime,
                                  context=context, context_class=OrdersContext)

    # pf_orders/worker.py: CONTEXT next to CONSUMERS and JOBS
    CONTEXT = OrdersContext
    if __name__ == "__main__":
        sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))

    # pf_orders/api/deps.py: the one dependency through which routes reach it
    Ctx = Annotated[OrdersContext, Depends(context_dependency(OrdersContext))]

    # a route, a job, a consumer that needs it (a 4th parameter; others keep three)
    async def checkout(session: WriteSession, principal: Buyer, ctx: Ctx) -> ...:
        return await carts.checkout(session, principal, catalog=ctx.catalog)
    async def nudge_vendors(session: AsyncSession, ctx: JobContext[OrdersContext]) -> None:
        await vendor_orders.nudge(session, now=ctx.now, after_s=ctx.context.settings.nudge_after_s)
    async def release_on_cancel(db: Database, event: OrderCanceledV1, envelope: Envelope,
                                ctx: OrdersContext) -> None: ...

Rules:

* ``build(settings, **doubles)`` is the one constructor: typed keyword arguments replace a
  client (tests put doubles at the edge this way); it makes no network call. Something heavy
  that only one process needs (media's OCR model) may load on first use, through a property of
  the context that keeps it (and closes it, if it holds connections) — never a module global.
* ``aclose()`` closes what the context holds (:func:`aclose_all`: every close runs, a failure
  is logged, not raised), then ``super().aclose()`` (the service tokens). Whoever built the
  context closes it: the API's lifespan when ``create_app`` built it, the worker, a test fixture.
* Routes take ``ctx: Ctx``; never ``request.app.state``. Jobs read ``ctx.context`` (a
  :class:`~pf_common.scheduler.JobContext`); a consumer handler that declares a fourth
  parameter gets the context there (:class:`~pf_common.consumer.ConsumerRunner`).
* Domain code takes the client it calls (``catalog=ctx.catalog``) or the setting it needs
  (``hold_s=ctx.settings.reservation_hold_s``), never the context.
* pf_common code that serves every service types against :class:`ServiceContext` and
  ``ServiceSettings``; a service's code against its own context and ``Settings``.

Tests (``pf_common.testing.plugin``): the ``context`` fixture is the service's context built
from ``settings`` and closed after the test; ``app``, ``deliver`` and ``run_job`` use it.
Override it in a conftest or module with ``context_factory(**doubles)``; for one test, a
fixture may replace one client of ``context`` before the first call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

from pf_common.logging import get_logger
from pf_common.service_auth import ServiceAuth
from pf_common.settings import ServiceSettings

__all__ = ["ServiceContext", "aclose_all"]

log = get_logger(__name__)

S = TypeVar("S", bound=ServiceSettings)


async def aclose_all(*closers: Callable[[], Awaitable[Any]]) -> None:
    """Await every closer in order; a failure is logged and the next one still runs."""
    for close in closers:
        try:
            await close()
        except Exception as exc:  # one failed close must not keep the others open
            owner = getattr(close, "__self__", close)
            log.warning("context.close_failed", resource=type(owner).__name__, error=str(exc)[:200])


@dataclass(kw_only=True, eq=False)
class ServiceContext(Generic[S]):
    """The base of every service's context (module docstring): its settings and service tokens.

    A service without clients yet may use it as it is (``ServiceContext.build(settings)``).
    """

    settings: S
    service_auth: ServiceAuth

    @classmethod
    def build(cls, settings: S, *, service_auth: ServiceAuth | None = None) -> Self:
        """The context of ``settings``: this service's keys are made on first use in dev and tests."""
        return cls(settings=settings, service_auth=service_auth or ServiceAuth.from_settings(settings))

    async def aclose(self) -> None:
        await aclose_all(self.service_auth.aclose)
