"""ads' process context (:mod:`pf_common.context`): its settings and service tokens, and — as
the service is built — its clients.

Built once per process by ``AdsContext.build(settings)``: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs
as ``ctx.context``, a consumer that needs it as its fourth parameter. A client is a field, a
keyword argument of ``build`` (tests pass doubles there) and closed by ``aclose`` (orders'
context is the same shape).
"""

from __future__ import annotations

from dataclasses import dataclass

from pf_ads.settings import Settings
from pf_common.context import ServiceContext

__all__ = ["AdsContext"]


@dataclass(kw_only=True, eq=False)
class AdsContext(ServiceContext[Settings]):
    """No client yet: ``ServiceContext.build`` builds it (settings + service tokens)."""
