"""Which vendors a buyer may see (DOMAIN §4.5 subscription/KYC gating, §5.3 visibility rules for reads).

A vendor is visible to a buyer in a state iff its projected store (``store_projection``) is a
vendor, its KYC is ``verified``, its subscription is active and its address state is the buyer's
state. Otherwise its products are hidden from browse, detail and storefront lists (404).

The gate exists three times and they must agree (tests compare them on a table of cases):
``vendor_visible`` for a row already loaded, ``visible_vendor_clause`` for queries joining the
projection (product detail, wishlist), and the triggers of migration catalog_0004 that keep
``products.visible_state`` for the lists (``domain/browse.py``). The clause renders the constants
inline so that it matches the predicate of the partial index ``ix_store_projection_visible_vendors``
even under a generic prepared-statement plan.
"""

from __future__ import annotations

from typing import Any, Protocol

import sqlalchemy as sa

VENDOR = "vendor"
VERIFIED = "verified"


class StoreFacts(Protocol):
    """The projected columns the gate reads (a ``StoreProjection`` row, or anything shaped like one)."""

    type: str | None
    kyc_status: str
    subscription_active: bool
    state: str | None


def normalize_buyer_state(buyer_state: str | None) -> str | None:
    """DOMAIN §2 Address: states compare upper-cased and trimmed; a blank state matches no vendor."""
    if buyer_state is None:
        return None
    return buyer_state.strip().upper() or None


def vendor_visible(store: StoreFacts, buyer_state: str | None) -> bool:
    """Whether a buyer in ``buyer_state`` may see this vendor's listings (DOMAIN §4.5)."""
    state = normalize_buyer_state(buyer_state)
    return (
        state is not None
        and store.type == VENDOR
        and store.kyc_status == VERIFIED
        and store.subscription_active is True
        and store.state == state
    )


def visible_vendor_clause(projection: Any, buyer_state: str | None) -> sa.ColumnElement[bool]:
    """The same gate as a WHERE/JOIN condition on ``projection`` (``StoreProjection`` or an alias).

    Product detail and the wishlist join products to the projection on ``store_id`` with it.
    """
    state = normalize_buyer_state(buyer_state)
    if state is None:
        return sa.false()
    return sa.and_(
        projection.type == sa.literal(VENDOR, literal_execute=True),
        projection.kyc_status == sa.literal(VERIFIED, literal_execute=True),
        projection.subscription_active,
        projection.state == state,
    )


def vendor_name(store: Any) -> str | None:
    """A vendor's display name: the DBA name when it has one, else the company name."""
    name: str | None = store.dba_name or store.company_name
    return name


def vendor_name_sql(projection: Any) -> sa.ColumnElement[str]:
    """:func:`vendor_name` as SQL on ``projection`` (``StoreProjection``, an alias or its table)."""
    return sa.func.coalesce(projection.dba_name, projection.company_name)
