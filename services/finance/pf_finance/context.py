"""finance's process context (:mod:`pf_common.context`): its settings, service tokens and its
client of orders' internal API (``clients/orders.py``: OrderDetail for the admin payout detail and
a settle's check of the order's current total), which carries finance's service tokens, and the
billing provider (``billing/``: local or Stripe, per ``PF_FINANCE_BILLING_PROVIDER``).

Built once per process by :meth:`FinanceContext.build`: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs as
``ctx.context``. Tests pass doubles through ``build``'s keyword arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from pf_common.context import ServiceContext, aclose_all
from pf_common.service_auth import ServiceAuth
from pf_finance.billing import make_provider
from pf_finance.billing.provider import BillingProvider
from pf_finance.clients.orders import HttpOrdersClient, OrdersClient
from pf_finance.settings import Settings

__all__ = ["FinanceContext"]


@dataclass(kw_only=True, eq=False)
class FinanceContext(ServiceContext[Settings]):
    orders: OrdersClient
    billing: BillingProvider

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        service_auth: ServiceAuth | None = None,
        orders: OrdersClient | None = None,
        billing: BillingProvider | None = None,
    ) -> FinanceContext:
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
            billing=billing or make_provider(settings),
        )

    async def aclose(self) -> None:
        await aclose_all(self.orders.aclose, self.billing.aclose, super().aclose)
