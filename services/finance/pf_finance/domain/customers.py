"""Billing customers (DOMAIN §5.6 billing_customers; GAPS G-19): one provider customer per vendor
store, owned by finance (never on identity's stores).

* :func:`ensure_customer` is create-or-fetch, and the only writer: it reads the store's row; when
  there is none it asks the provider to create the customer — with no transaction open and no
  connection held (ARCHITECTURE §1), under the idempotency key ``pf_customer:<store_id>`` so that
  a retry, a redelivery or a concurrent caller gets the same provider customer — then
  ``INSERT … ON CONFLICT (store_id) DO NOTHING`` and returns the stored id: the winner's, when
  two callers raced. Provider failures are raised as they are (:class:`ProviderUnavailable`: retry
  later; :class:`ProviderRejected`: do not), each caller decides what they mean to it.
* Callers: identity's ``store_created`` of a vendor store (``consumers/billing_customers.py``:
  buyers get none; provider unavailable ⇒ redelivered with backoff) and the admin's
  ``POST /api/admin/v1/billing/customers`` (:func:`ensure_customer_for_store`: the store must be a
  vendor in finance's store projection, else 404; provider unavailable ⇒ 503).
* :func:`get_customer_id` is the read the vendor routes use (payment methods, subscriptions): the
  active store's provider customer, or None (those routes answer 409 "no billing customer").

The provider customer's name is the store's company name; no e-mail is sent to the provider.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import Conflict, DependencyError, NotFound
from pf_common.logging import get_logger
from pf_common.principal import Principal
from pf_common.tenancy import scoped
from pf_finance.billing.provider import BillingProvider, ProviderError, ProviderUnavailable
from pf_finance.models import BillingCustomer, StoreProjection

__all__ = [
    "BillingUnavailable",
    "NoBillingCustomer",
    "StoreNotFound",
    "customer_idempotency_key",
    "ensure_customer",
    "ensure_customer_for_store",
    "get_customer_id",
]

log = get_logger(__name__)

CUSTOMERS: sa.Table = BillingCustomer.__table__  # type: ignore[attr-defined]
STORES: sa.Table = StoreProjection.__table__


class StoreNotFound(NotFound):
    default_message = "vendor store not found"


class NoBillingCustomer(Conflict):
    """409: finance has no provider customer for the store yet (made from ``store_created``)."""

    default_message = "the store has no billing customer yet"


class BillingUnavailable(DependencyError):
    """503: the billing provider could not be reached (or failed on its side); retry later."""

    default_message = "the billing provider is unavailable"

    def __init__(self, operation: str) -> None:
        super().__init__(details={"dependency": "billing_provider"}, reason=f"billing_provider_{operation}")


def customer_idempotency_key(store_id: uuid.UUID) -> str:
    """The provider idempotency key of a store's customer: one customer per store, ever."""
    return f"pf_customer:{store_id}"


async def _stored(db: Database, store_id: uuid.UUID) -> str | None:
    async with db.read() as session:
        found: str | None = await session.scalar(
            sa.select(CUSTOMERS.c.stripe_customer_id).where(CUSTOMERS.c.store_id == store_id)
        )
        return found


async def ensure_customer(
    db: Database, provider: BillingProvider, store_id: uuid.UUID, *, name: str | None = None
) -> str:
    """The store's provider customer id, created at the provider and stored when absent (module
    docstring). Raises the provider's errors; holds no connection while the provider is asked."""
    existing = await _stored(db, store_id)
    if existing is not None:
        return existing
    info = await provider.create_customer(
        store_id=str(store_id), name=name, email=None, idempotency_key=customer_idempotency_key(store_id)
    )
    async with db.transaction() as session:
        inserted = await session.scalar(
            insert(CUSTOMERS)
            .values(store_id=store_id, stripe_customer_id=info.customer_id, provider=provider.name)
            .on_conflict_do_nothing(index_elements=[CUSTOMERS.c.store_id])
            .returning(CUSTOMERS.c.stripe_customer_id)
        )
        stored: str | None = (
            inserted
            if inserted is not None
            else await session.scalar(
                sa.select(CUSTOMERS.c.stripe_customer_id).where(CUSTOMERS.c.store_id == store_id)
            )
        )
    assert stored is not None  # inserted, or the row that made the insert a no-op
    if inserted is not None:
        log.info("finance.billing_customer.created", store_id=str(store_id), provider=provider.name)
    elif stored != info.customer_id:
        # a concurrent caller stored another provider customer first (only possible with a provider
        # that ignores idempotency keys): the stored one wins, this one is left unused
        log.warning(
            "finance.billing_customer.race_lost",
            store_id=str(store_id),
            provider=provider.name,
            unused_customer_id=info.customer_id,
        )
    return stored


async def ensure_customer_for_store(db: Database, provider: BillingProvider, store_id: uuid.UUID) -> str:
    """The admin's create-or-fetch: 404 when finance's projection does not know the store as a
    vendor; 503 when the provider is unavailable (nothing written)."""
    async with db.read() as session:
        store = (
            await session.execute(
                sa.select(STORES.c.type, STORES.c.company_name).where(STORES.c.store_id == store_id)
            )
        ).first()
    if store is None or store.type != "vendor":
        log.info(
            "finance.billing_customer.store_not_vendor",
            store_id=str(store_id),
            store_type=None if store is None else store.type,
        )
        raise StoreNotFound(reason="vendor_store_not_found")
    try:
        return await ensure_customer(db, provider, store_id, name=store.company_name)
    except ProviderError as exc:
        unavailable = isinstance(exc, ProviderUnavailable)
        (log.warning if unavailable else log.error)(
            "finance.billing_customer.provider_failed",
            store_id=str(store_id),
            provider=provider.name,
            retryable=unavailable,
            code=exc.code,
            error=str(exc)[:200],
        )
        raise BillingUnavailable("create_customer") from exc


async def get_customer_id(session: AsyncSession, principal: Principal) -> str | None:
    """The active store's provider customer id (None: the store has no billing customer yet)."""
    found: str | None = await session.scalar(
        scoped(sa.select(col(BillingCustomer.stripe_customer_id)), BillingCustomer, principal)
    )
    return found
