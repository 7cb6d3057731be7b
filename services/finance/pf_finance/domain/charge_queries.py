"""Reads of charges (DOMAIN §5.6 charges; API.md §3.6 ``GET /api/v1/vendor/billing/charges``).

:func:`list_charges` is the active store's charges — subscription invoices and usage (ad spend)
charges, whatever their status — newest first as a keyset page (``created_at DESC, id DESC``,
API.md §1.6; the index ``ix_charges_store_created`` serves it), optionally filtered by ``type``
(charge_type) and ``status`` (charge_status). Rows of other stores are never seen
(``pf_common.tenancy.scoped``). The one writer is ``domain/charges.py`` (``record_charge``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.pagination import Page, PageParams, paginate
from pf_common.principal import Principal
from pf_common.tenancy import scoped
from pf_finance.models import Charge

__all__ = ["list_charges"]


async def list_charges(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    *,
    charge_type: str | None = None,
    status: str | None = None,
) -> Page[Any]:
    """One page of the active store's charges, newest first (module docstring)."""
    stmt = scoped(sa.select(Charge), Charge, principal)
    if charge_type is not None:
        stmt = stmt.where(col(Charge.type) == charge_type)
    if status is not None:
        stmt = stmt.where(col(Charge.status) == status)
    return await paginate(
        session, stmt, created_at_col=col(Charge.created_at), id_col=col(Charge.id), params=page
    )
