"""A vendor store's cards (DOMAIN §5.6 payment_methods; API.md §3.6 payment methods; GAPS G-16).

**Invariant (G-16): while a store has cards, exactly one of them is its default.**

* The first card a store adds is its default, whatever the request says; a later card becomes the
  default when asked (``is_default: true``), which clears the old default in the same
  transaction. (A store that somehow has cards but no default gets its default back with the next
  card it adds.)
* ``PATCH {is_default: true}`` makes that card the default (the old one cleared in the same
  transaction; already the default ⇒ unchanged). ``PATCH {is_default: false}`` on a card that is
  not the default changes nothing; on THE default card it is refused with 409 ``CONFLICT``
  (:class:`DefaultCardRequired`): the default is changed by making another card the default, or by
  deleting it — never by leaving the store without one. (Silently promoting some other card would
  pick a card the vendor did not choose; refusing keeps the choice with them.)
* Deleting the default card promotes the newest remaining card (``created_at DESC, id DESC``) in
  the same transaction; deleting the last card leaves none (and so no default).
* **Concurrency.** Every transaction that adds, re-defaults or deletes a store's card first takes
  the store's transaction-scoped advisory lock (:func:`_lock_store_cards`,
  ``pg_advisory_xact_lock`` on ``finance.payment_methods:<store_id>``): the store's card writes run
  one at a time, and each reads the cards (and the default) the previous one committed, so any mix
  of concurrent POST/PATCH/DELETE ends with exactly one default. The partial unique index
  ``ux_payment_methods_one_default`` is the backstop against two.

**The provider** (``ctx.billing``) is never called inside a transaction (ARCHITECTURE §1):

* adding a card (:func:`add_card`): read the store's billing customer (none ⇒ 409
  :class:`NoBillingCustomer`), attach the client's ``payment_method_id`` to it at the provider
  (unavailable ⇒ 503 :class:`~pf_finance.domain.customers.BillingUnavailable`; refused — an
  unknown or foreign token — ⇒ 400 ``VALIDATION_ERROR`` on ``payment_method_id``), then write.
  The attach is not undone if the write fails: attaching is idempotent at the provider, so the
  retry (same ``Idempotency-Key``; a 5xx is never stored) attaches again and stores it.
  A card of this store already stored — the same provider id, or the same card fingerprint — is
  409 :class:`DuplicatePaymentMethod`, nothing written; a freshly attached provider duplicate (same
  fingerprint, another provider id) is detached again, best effort;
* after a commit that changed the default, the provider is told the store's current default
  (``set_default_payment_method``), read afresh after the commit so that the last writer's view
  wins and a failure is repaired by the next change; a failure is logged
  (``finance.payment_method.provider_default_failed``), not answered: finance's row is the truth
  (subscriptions and usage charges name the card explicitly);
* after deleting a card, the provider detaches it (best effort, logged on failure: the card is
  gone from finance and is never charged again).

Rows of another store are 404 (``pf_common.tenancy.scoped``). Provider ids and fingerprints are
never returned by the API.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import Conflict, NotFound, StateConflict
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, scoped
from pf_finance.billing.provider import (
    BillingProvider,
    PaymentMethodInfo,
    ProviderError,
    ProviderRejected,
    ProviderUnavailable,
    SetupIntentInfo,
)
from pf_finance.domain.customers import BillingUnavailable, NoBillingCustomer, get_customer_id
from pf_finance.models import PaymentMethod

__all__ = [
    "DefaultCardRequired",
    "DuplicatePaymentMethod",
    "NoBillingCustomer",
    "PaymentMethodNotFound",
    "add_card",
    "create_setup_intent",
    "delete_card",
    "list_payment_methods",
    "set_default",
]

log = get_logger(__name__)

PAYMENT_METHODS: sa.Table = PaymentMethod.__table__  # type: ignore[attr-defined]


class PaymentMethodNotFound(NotFound):
    default_message = "payment method not found"


class DuplicatePaymentMethod(Conflict):
    default_message = "this card is already saved for the store"


class DefaultCardRequired(Conflict):
    default_message = (
        "a store with cards always has a default card: make another card the default, or delete this one"
    )


class PaymentMethodUnknownToProvider(NotFound):
    default_message = "the billing provider has no such payment method"


class PaymentMethodRefused(StateConflict):
    default_message = "the billing provider refused the payment method"


def _rejected(exc: ProviderRejected) -> NotFound | StateConflict:
    """A well-formed token the provider does not know (or knows for another customer) names a
    missing resource: 404, like any reference to one (API.md: "404 media"). Any other refusal
    (a card the provider will not attach) is the provider's state, not the request's shape: 422.
    Neither is a 400: the request schema cannot know the provider's objects (issue #19)."""
    reason = f"payment_method_rejected:{exc.code or 'unknown'}"
    if exc.code == "resource_missing":
        return PaymentMethodUnknownToProvider(reason=reason)
    return PaymentMethodRefused(details={"payment_method_id": "refused by the provider"}, reason=reason)


# --- reads ------------------------------------------------------------------------------------


async def list_payment_methods(session: AsyncSession, principal: Principal) -> list[PaymentMethod]:
    """The active store's cards, newest first (``[]`` when none)."""
    stmt = scoped(sa.select(PaymentMethod), PaymentMethod, principal).order_by(
        col(PaymentMethod.created_at).desc(), col(PaymentMethod.id).desc()
    )
    return list((await session.scalars(stmt)).all())


async def _customer_of(db: Database, principal: Principal) -> str:
    async with db.read() as session:
        customer_id = await get_customer_id(session, principal)
    if customer_id is None:
        log.info("finance.payment_method.no_billing_customer")
        raise NoBillingCustomer(reason="no_billing_customer")
    return customer_id


async def create_setup_intent(
    db: Database, provider: BillingProvider, principal: Principal
) -> SetupIntentInfo:
    """A SetupIntent of the store's customer, for the client SDK to collect a card (409 without a
    billing customer; 503 when the provider cannot answer)."""
    customer_id = await _customer_of(db, principal)
    try:
        intent = await provider.create_setup_intent(customer_id=customer_id)
    except ProviderError as exc:
        _log_provider_failure("create_setup_intent", provider, exc)
        raise BillingUnavailable("create_setup_intent") from exc
    log.info("finance.payment_method.setup_intent_created", provider=provider.name)
    return intent


# --- writes -----------------------------------------------------------------------------------


async def _lock_store_cards(session: AsyncSession, principal: Principal) -> None:
    """The store's card lock, held until the transaction ends (module docstring)."""
    key = f"finance.payment_methods:{active_store_id(principal)}"
    await session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(key, 0))))


async def _card(session: AsyncSession, principal: Principal, method_id: uuid.UUID) -> PaymentMethod:
    card = await session.scalar(
        scoped(sa.select(PaymentMethod).where(col(PaymentMethod.id) == method_id), PaymentMethod, principal),
        execution_options={"populate_existing": True},
    )
    if card is None:
        raise PaymentMethodNotFound(reason="payment_method_not_found")
    return card


async def _current_default(session: AsyncSession, principal: Principal) -> PaymentMethod | None:
    return await session.scalar(
        scoped(
            sa.select(PaymentMethod).where(col(PaymentMethod.is_default).is_(True)), PaymentMethod, principal
        ),
        execution_options={"populate_existing": True},
    )


async def _set_flag(
    session: AsyncSession, method_id: uuid.UUID, *, is_default: bool, now: datetime
) -> PaymentMethod:
    updated: PaymentMethod | None = await session.scalar(
        sa.update(PaymentMethod)
        .where(col(PaymentMethod.id) == method_id)
        .values(is_default=is_default, updated_at=now)
        .returning(PaymentMethod),
        execution_options={"synchronize_session": False, "populate_existing": True},
    )
    assert updated is not None  # the caller holds the store's lock and read the row
    return updated


@dataclass(frozen=True, slots=True)
class _Duplicate:
    stored_provider_id: str


async def add_card(
    db: Database,
    provider: BillingProvider,
    principal: Principal,
    *,
    payment_method_id: str,
    cardholder_name: str | None,
    make_default: bool,
    now: datetime,
) -> PaymentMethod:
    """Attach the client's payment method at the provider and store it (module docstring)."""
    customer_id = await _customer_of(db, principal)
    try:
        info = await provider.attach_payment_method(
            customer_id=customer_id, payment_method_id=payment_method_id
        )
    except ProviderRejected as exc:
        log.info("finance.payment_method.rejected", provider=provider.name, code=exc.code)
        raise _rejected(exc) from exc
    except ProviderUnavailable as exc:
        _log_provider_failure("attach_payment_method", provider, exc)
        raise BillingUnavailable("attach_payment_method") from exc

    async with db.transaction() as session:
        await _lock_store_cards(session, principal)
        stored = await _store_card(
            session, principal, info, cardholder_name=cardholder_name, make_default=make_default, now=now
        )
    if isinstance(stored, _Duplicate):
        if stored.stored_provider_id != info.payment_method_id:
            await _detach(provider, info.payment_method_id, why="duplicate")
        raise DuplicatePaymentMethod(reason="payment_method_duplicate")
    if stored.is_default:
        await _tell_provider_default(db, provider, principal)
    return stored


async def _store_card(
    session: AsyncSession,
    principal: Principal,
    info: PaymentMethodInfo,
    *,
    cardholder_name: str | None,
    make_default: bool,
    now: datetime,
) -> PaymentMethod | _Duplicate:
    same = sa.or_(
        col(PaymentMethod.stripe_payment_method_id) == info.payment_method_id,
        *([col(PaymentMethod.fingerprint) == info.fingerprint] if info.fingerprint else []),
    )
    twin = await session.scalar(
        scoped(sa.select(PaymentMethod).where(same), PaymentMethod, principal).limit(1),
        execution_options={"populate_existing": True},
    )
    if twin is not None:
        log.info(
            "finance.payment_method.duplicate",
            payment_method_id=str(twin.id),
            same_provider_id=twin.stripe_payment_method_id == info.payment_method_id,
        )
        return _Duplicate(twin.stripe_payment_method_id)
    previous = await _current_default(session, principal)
    is_default = make_default or previous is None  # the first card (or a store without a default)
    if is_default and previous is not None:
        await _set_flag(session, previous.id, is_default=False, now=now)
    billing_details: dict[str, Any] = dict(info.billing_details)
    if cardholder_name:
        billing_details["name"] = cardholder_name
    card: PaymentMethod | None = await session.scalar(
        insert(PaymentMethod)
        .values(
            id=uuid7(),
            store_id=active_store_id(principal),
            stripe_payment_method_id=info.payment_method_id,
            type=info.type,
            fingerprint=info.fingerprint,
            card_brand=info.card_brand,
            card_last4=info.card_last4,
            card_exp_month=info.card_exp_month,
            card_exp_year=info.card_exp_year,
            billing_details=billing_details,
            is_default=is_default,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["stripe_payment_method_id"])
        .returning(PaymentMethod),
        execution_options={"populate_existing": True},
    )
    if card is None:  # the provider id is stored for another store: never ours to detach
        log.warning("finance.payment_method.provider_id_taken")
        return _Duplicate(info.payment_method_id)
    log.info(
        "finance.payment_method.added",
        payment_method_id=str(card.id),
        card_brand=card.card_brand,
        is_default=card.is_default,
        first_card=previous is None,
        previous_default=str(previous.id) if previous is not None and is_default else None,
    )
    return card


async def set_default(
    db: Database,
    provider: BillingProvider,
    principal: Principal,
    method_id: uuid.UUID,
    *,
    is_default: bool,
    now: datetime,
) -> PaymentMethod:
    """``PATCH {is_default}`` (module docstring: true re-defaults, false on the default is 409)."""
    async with db.transaction() as session:
        await _lock_store_cards(session, principal)
        card = await _card(session, principal, method_id)
        if is_default == card.is_default:
            return card  # nothing changes (outside the block: the empty transaction commits)
        if not is_default:
            log.info("finance.payment_method.default_required", payment_method_id=str(card.id))
            raise DefaultCardRequired(reason="payment_method_default_required")
        previous = await _current_default(session, principal)
        if previous is not None:
            await _set_flag(session, previous.id, is_default=False, now=now)
        card = await _set_flag(session, card.id, is_default=True, now=now)
    log.info(
        "finance.payment_method.default_changed",
        payment_method_id=str(card.id),
        previous_default=str(previous.id) if previous is not None else None,
    )
    await _tell_provider_default(db, provider, principal)
    return card


async def delete_card(
    db: Database, provider: BillingProvider, principal: Principal, method_id: uuid.UUID, *, now: datetime
) -> None:
    """Delete a card; the default's place goes to the newest remaining card (G-16); then detach."""
    async with db.transaction() as session:
        await _lock_store_cards(session, principal)
        card = await _card(session, principal, method_id)
        await session.execute(
            scoped(
                PAYMENT_METHODS.delete().where(PAYMENT_METHODS.c.id == card.id), PAYMENT_METHODS, principal
            )
        )
        promoted: PaymentMethod | None = None
        if card.is_default:
            newest = await session.scalar(
                scoped(sa.select(PaymentMethod), PaymentMethod, principal)
                .order_by(col(PaymentMethod.created_at).desc(), col(PaymentMethod.id).desc())
                .limit(1),
                execution_options={"populate_existing": True},
            )
            if newest is not None:
                promoted = await _set_flag(session, newest.id, is_default=True, now=now)
    log.info(
        "finance.payment_method.deleted",
        payment_method_id=str(card.id),
        was_default=card.is_default,
        promoted=str(promoted.id) if promoted is not None else None,
    )
    await _detach(provider, card.stripe_payment_method_id, why="deleted")
    if promoted is not None:
        await _tell_provider_default(db, provider, principal)


# --- provider side effects after a commit -------------------------------------------------------


def _log_provider_failure(operation: str, provider: BillingProvider, exc: ProviderError) -> None:
    unavailable = isinstance(exc, ProviderUnavailable)
    (log.warning if unavailable else log.error)(
        "finance.payment_method.provider_failed",
        operation=operation,
        provider=provider.name,
        retryable=unavailable,
        code=exc.code,
        error=str(exc)[:200],
    )


async def _detach(provider: BillingProvider, provider_payment_method_id: str, *, why: str) -> None:
    try:
        await provider.detach_payment_method(payment_method_id=provider_payment_method_id)
    except ProviderError as exc:
        log.warning(
            "finance.payment_method.detach_failed",
            provider=provider.name,
            why=why,
            code=exc.code,
            error=str(exc)[:200],
        )


async def _tell_provider_default(db: Database, provider: BillingProvider, principal: Principal) -> None:
    """The store's current default (read after the commit) becomes the provider customer's."""
    async with db.read() as session:
        customer_id = await get_customer_id(session, principal)
        default = await _current_default(session, principal)
    if customer_id is None or default is None:
        return
    try:
        await provider.set_default_payment_method(
            customer_id=customer_id, payment_method_id=default.stripe_payment_method_id
        )
    except ProviderError as exc:
        log.warning(
            "finance.payment_method.provider_default_failed",
            provider=provider.name,
            payment_method_id=str(default.id),
            code=exc.code,
            error=str(exc)[:200],
        )
