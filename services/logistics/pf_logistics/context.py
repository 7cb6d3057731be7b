"""logistics' process context (:mod:`pf_common.context`): its settings, service tokens and its
clients of orders (OrderDetail for agents), finance (the settle call) and identity (the active
agents' bootstrap), each carrying logistics' service tokens.

Built once per process by :meth:`LogisticsContext.build`: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs as
``ctx.context``, a consumer that needs it as its fourth parameter. Tests pass doubles through
``build``'s keyword arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from pf_common.context import ServiceContext, aclose_all
from pf_common.service_auth import ServiceAuth
from pf_logistics.clients.finance import FinanceClient, HttpFinanceClient
from pf_logistics.clients.identity import HttpIdentityClient, IdentityClient
from pf_logistics.clients.orders import HttpOrdersClient, OrdersClient
from pf_logistics.settings import Settings

__all__ = ["LogisticsContext"]


@dataclass(kw_only=True, eq=False)
class LogisticsContext(ServiceContext[Settings]):
    orders: OrdersClient
    finance: FinanceClient
    identity: IdentityClient

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        service_auth: ServiceAuth | None = None,
        orders: OrdersClient | None = None,
        finance: FinanceClient | None = None,
        identity: IdentityClient | None = None,
    ) -> LogisticsContext:
        auth = service_auth or ServiceAuth.from_settings(settings)
        return cls(
            settings=settings,
            service_auth=auth,
            orders=orders
            or HttpOrdersClient(
                settings.orders_internal_url,
                timeout_s=settings.orders_timeout_s,
                token_provider=auth.token_provider("orders"),
            ),
            finance=finance
            or HttpFinanceClient(
                settings.finance_internal_url,
                timeout_s=settings.finance_timeout_s,
                token_provider=auth.token_provider("finance"),
            ),
            identity=identity
            or HttpIdentityClient(
                settings.identity_internal_url,
                timeout_s=settings.identity_timeout_s,
                token_provider=auth.token_provider("identity"),
            ),
        )

    async def aclose(self) -> None:
        await aclose_all(self.orders.aclose, self.finance.aclose, self.identity.aclose, super().aclose)
