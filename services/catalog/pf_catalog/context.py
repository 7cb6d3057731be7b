"""catalog's process context (:mod:`pf_common.context`): settings, service tokens, and its
clients of orders (the reservation sweeper) and media (COA read URLs on product detail).

Built once per process by :meth:`CatalogContext.build`: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs
as ``ctx.context``. Both clients carry catalog's service tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from pf_catalog.clients.media import HttpMediaClient, MediaReadUrls
from pf_catalog.clients.orders import HttpOrdersClient, OrdersClient
from pf_catalog.settings import Settings
from pf_common.context import ServiceContext, aclose_all
from pf_common.service_auth import ServiceAuth

__all__ = ["CatalogContext"]


@dataclass(kw_only=True, eq=False)
class CatalogContext(ServiceContext[Settings]):
    orders: OrdersClient
    media: MediaReadUrls

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        service_auth: ServiceAuth | None = None,
        orders: OrdersClient | None = None,
        media: MediaReadUrls | None = None,
    ) -> CatalogContext:
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
            media=media
            or HttpMediaClient(
                settings.media_internal_url,
                timeout_s=settings.media_timeout_s,
                token_provider=auth.token_provider("media"),
            ),
        )

    async def aclose(self) -> None:
        await aclose_all(self.orders.aclose, self.media.aclose, super().aclose)
