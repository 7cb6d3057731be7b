"""Stock holds at catalog, as checkout and retry take and give them back (DOMAIN §5.3-§5.4).

Both calls are idempotent at catalog (per reservation id = line item id), and both run with no
database session open. A reserve whose answer is lost may have held some lines: they are given
back at once, and catalog unavailable is 503 to the caller. A release that fails is logged, not
raised: catalog's sweeper releases a hold whose line never committed after 30 minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from pf_common.errors import DependencyError
from pf_common.logging import get_logger
from pf_orders.clients.catalog import CatalogClient, CatalogUnavailable, ReservationLine, ReservationResult

log = get_logger(__name__)


async def reserve(
    catalog: CatalogClient, checkout_group_id: UUID, lines: Sequence[ReservationLine]
) -> list[ReservationResult]:
    """One result per line, in line order (none asked: none answered); 503 when catalog is down."""
    if not lines:
        return []
    try:
        return await catalog.reserve(checkout_group_id, lines)
    except CatalogUnavailable as exc:
        await release(catalog, [line.reservation_id for line in lines], why="reserve_failed")
        log.warning("orders.catalog.unavailable", operation="reserve", error=str(exc)[:200])
        raise DependencyError("catalog unavailable", details={"dependency": "catalog"}) from exc


async def release(catalog: CatalogClient, reservation_ids: Sequence[UUID], *, why: str) -> None:
    """Give back holds (a lost race, a failed commit, a refused retry)."""
    if not reservation_ids:
        return
    try:
        await catalog.release(list(reservation_ids))
    except CatalogUnavailable as exc:
        log.warning("orders.holds.release_failed", why=why, holds=len(reservation_ids), error=str(exc)[:200])
        return
    log.info("orders.holds.released", why=why, holds=len(reservation_ids))
