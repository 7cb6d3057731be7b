"""orders' process context (:mod:`pf_common.context`): its settings, its service tokens and its
client of catalog's internal API (the quote's products, checkout's reservations:
``clients/catalog.py``), which carries orders' service tokens.

Built once per process by :meth:`OrdersContext.build`: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs
as ``ctx.context``, a consumer that needs it as its fourth parameter. A client is a field, a
keyword argument of ``build`` (tests pass doubles there: ``context_factory(catalog=...)``) and
closed by ``aclose``; the example in :mod:`pf_common.context` is this class.
"""

from __future__ import annotations

from dataclasses import dataclass

from pf_common.context import ServiceContext, aclose_all
from pf_common.service_auth import ServiceAuth
from pf_orders.clients.catalog import CatalogClient, HttpCatalogClient
from pf_orders.settings import Settings

__all__ = ["OrdersContext"]


@dataclass(kw_only=True, eq=False)
class OrdersContext(ServiceContext[Settings]):
    catalog: CatalogClient

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        service_auth: ServiceAuth | None = None,
        catalog: CatalogClient | None = None,
    ) -> OrdersContext:
        auth = service_auth or ServiceAuth.from_settings(settings)
        return cls(
            settings=settings,
            service_auth=auth,
            catalog=catalog
            or HttpCatalogClient(
                settings.catalog_internal_url,
                timeout_s=settings.catalog_timeout_s,
                token_provider=auth.token_provider("catalog"),
            ),
        )

    async def aclose(self) -> None:
        await aclose_all(self.catalog.aclose, super().aclose)
