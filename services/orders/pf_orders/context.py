"""orders' process context (:mod:`pf_common.context`): its settings and service tokens, and —
as checkout is built — its clients (catalog's reservations: ``clients/catalog.py``).

Built once per process by ``OrdersContext.build(settings)``: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs
as ``ctx.context``, a consumer that needs it as its fourth parameter. A client is a field, a
keyword argument of ``build`` (tests pass doubles there) and closed by ``aclose``; the example
in :mod:`pf_common.context` is this class with catalog's client.
"""

from __future__ import annotations

from dataclasses import dataclass

from pf_common.context import ServiceContext
from pf_orders.settings import Settings

__all__ = ["OrdersContext"]


@dataclass(kw_only=True, eq=False)
class OrdersContext(ServiceContext[Settings]):
    """No client yet: ``ServiceContext.build`` builds it (settings + service tokens)."""
