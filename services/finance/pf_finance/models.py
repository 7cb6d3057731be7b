"""Tables of the finance schema (DOMAIN §5.6, §9; its own schema, no cross-schema foreign keys):
SQLModel table models (``table=True``) on ``FinanceTable``, whose registry keeps the schema's one
MetaData. Money is BIGINT cents.

* ``payment_intents``: one per order, from orders' events (a placeholder when
  ``order_totals_changed`` arrives before ``order_created``), with finance's projection of the
  order (status, ``delivered_at``) and the version of the totals it follows;
* ``ledger_events``: append-only — a trigger (migration ``finance_0002``) refuses every UPDATE and
  DELETE, so no code path and no superuser session can rewrite money history; at most one
  ``cash_collected`` and one ``vendor_payout`` per order (partial unique index);
* ``audit_logs``: append-only (DOMAIN §9): admin money actions;
* billing (DOMAIN §5.6): ``billing_customers`` (one provider customer per vendor store),
  ``billing_plans`` (at most one default), ``subscriptions`` (0..1 per store; ``provider_event_at``
  is the time of the newest provider fact applied, so a store never moves backwards),
  ``payment_methods`` (at most one default per store), ``charges``, ``usage_charges`` (one per
  store, usage type and day) and ``provider_events`` (the webhook inbox: one row per provider
  event id, processed by a consumer);
* ``store_projection``: pf_common's, for the vendor check of billing customers and the admin's
  create-or-fetch.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field

from pf_common.columns import TIMESTAMPTZ, created_now, nullable, server_filled, text, text_enum
from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables
from pf_common.store_projection import store_projection_model

PAYMENT_METHODS = ("cash", "ach")
PAYMENT_STATUSES = ("unpaid", "pending", "settled", "paid", "failed", "rejected")
LEDGER_EVENT_TYPES = ("cash_collected", "vendor_payout", "adjustment", "refund")
ONCE_PER_ORDER = ("cash_collected", "vendor_payout")
PLAN_STATUSES = ("active", "deprecated", "hidden")
BILLING_INTERVALS = ("EVERY_30_DAYS", "ANNUAL")
PAYMENT_METHOD_TYPES = ("card", "us_bank_account", "other")
CHARGE_TYPES = ("subscription", "ad_spend", "other")
CHARGE_STATUSES = ("pending", "succeeded", "failed", "refunded")
USAGE_BILLING_STATUSES = ("pending", "charged", "skipped", "failed", "needs_attention")
# subscription_active (DOMAIN §5.6, GAPS G-14); every other status, known or not, is inactive
ACTIVE_SUBSCRIPTION_STATUSES = frozenset({"trialing", "active", "past_due"})
PROVIDERS = ("local", "stripe")


class FinanceTable(TableModel, registry=make_registry("finance")):
    """Base of the finance service's table models: their registry and MetaData (schema ``finance``)."""


metadata = FinanceTable.metadata
platform = add_platform_tables(FinanceTable)


class PaymentIntent(FinanceTable, table=True):
    """An order's payment (DOMAIN §5.6 payment_intents and its state machine)."""

    __tablename__ = "payment_intents"
    __table_args__ = (
        sa.UniqueConstraint("order_id"),
        sa.Index("ix_payment_intents_status", "status"),
        sa.Index(
            "ix_payment_intents_payouts", "delivered_at", "id", postgresql_where=sa.text("status = 'settled'")
        ),
        sa.Index("ix_payment_intents_vendor", "vendor_store_id"),
        sa.CheckConstraint("amount_cents >= 0", name="amount_cents_non_negative"),
    )

    id: uuid.UUID = Field(primary_key=True)
    order_id: uuid.UUID
    checkout_group_id: uuid.UUID | None = nullable()
    buyer_store_id: uuid.UUID
    vendor_store_id: uuid.UUID
    order_number: int | None = nullable(sa.BigInteger)
    method: str = Field(sa_type=text_enum("payment_method", PAYMENT_METHODS))
    status: str = Field(sa_type=text_enum("payment_status", PAYMENT_STATUSES))
    amount_cents: int = Field(sa_type=sa.BigInteger)
    # the occurred_at of the newest order_created/order_totals_changed applied to amount_cents
    totals_version: datetime | None = nullable(TIMESTAMPTZ)
    # False while only a placeholder (order_totals_changed came first): order_created not applied yet
    order_seen: bool = server_filled(sa.false())
    order_status: str | None = nullable(sa.Text)
    order_status_version: datetime | None = nullable(TIMESTAMPTZ)
    delivered_at: datetime | None = nullable(TIMESTAMPTZ)
    cash_collected_at: datetime | None = nullable(TIMESTAMPTZ)
    collected_by_user_id: uuid.UUID | None = nullable()
    vendor_paid_at: datetime | None = nullable(TIMESTAMPTZ)
    failure_reason: str | None = nullable(sa.Text)
    # what the agent reported when a settle failed (amount mismatch), for the admin's resolution
    reported_amount_cents: int | None = nullable(sa.BigInteger)
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class LedgerEvent(FinanceTable, table=True):
    """A money fact (DOMAIN §5.6 ledger_events): never updated or deleted (a trigger refuses it)."""

    __tablename__ = "ledger_events"
    __table_args__ = (
        sa.Index("ix_ledger_events_order_created", "order_id", "created_at"),
        sa.Index("ix_ledger_events_type_created", "type", "created_at"),
        sa.Index("ix_ledger_events_vendor", "vendor_store_id", "type"),
        sa.Index(
            "ux_ledger_events_once_per_order",
            "order_id",
            "type",
            unique=True,
            postgresql_where=sa.text("type IN ('cash_collected', 'vendor_payout')"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    order_id: uuid.UUID
    buyer_store_id: uuid.UUID
    vendor_store_id: uuid.UUID
    actor_user_id: uuid.UUID
    type: str = Field(sa_type=text_enum("ledger_event_type", LEDGER_EVENT_TYPES))
    amount_cents: int = Field(sa_type=sa.BigInteger)
    metadata_: dict[str, Any] = server_filled("{}", sa_type=JSONB, sa_column_kwargs={"name": "metadata"})
    created_at: datetime = created_now()


class FinanceAudit(FinanceTable, table=True):
    """Append-only audit rows (DOMAIN §9): payout confirmed, payment resolved, every admin override."""

    __tablename__ = "audit_logs"
    __table_args__ = (sa.Index("ix_audit_logs_target", "target_type", "target_id", "created_at"),)

    id: uuid.UUID = Field(primary_key=True)
    actor_user_id: uuid.UUID | None = nullable()
    actor_store_id: uuid.UUID | None = nullable()
    actor_role: str | None = nullable(sa.Text)
    action: str = text()
    target_type: str = text()
    target_id: uuid.UUID | None = nullable()
    payload: dict[str, Any] = server_filled("{}", sa_type=JSONB)
    created_at: datetime = created_now()


class BillingCustomer(FinanceTable, table=True):
    """A vendor store's customer at the billing provider (create-or-fetch)."""

    __tablename__ = "billing_customers"
    __table_args__ = (sa.UniqueConstraint("stripe_customer_id"),)

    store_id: uuid.UUID = Field(primary_key=True)
    stripe_customer_id: str = text()
    provider: str = Field(sa_type=text_enum("billing_provider", PROVIDERS))
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class BillingPlan(FinanceTable, table=True):
    """A subscription plan vendors may choose (``active`` ones only); "deleted" = hidden."""

    __tablename__ = "billing_plans"
    __table_args__ = (
        sa.UniqueConstraint("stripe_price_id"),
        sa.Index(
            "ux_billing_plans_one_default", "is_default", unique=True, postgresql_where=sa.text("is_default")
        ),
        sa.CheckConstraint("trial_days >= 0", name="trial_days_non_negative"),
        sa.CheckConstraint("price_amount_cents >= 0", name="price_amount_cents_non_negative"),
    )

    id: str = Field(primary_key=True, sa_type=sa.Text)
    name: str = text()
    status: str = Field(sa_type=text_enum("plan_status", PLAN_STATUSES))
    stripe_price_id: str = text()
    test: bool = server_filled(sa.false())
    is_default: bool = server_filled(sa.false())
    trial_days: int = server_filled("0")
    trial_require_payment_method: bool = server_filled(sa.false())
    trial_start_on_activation: bool = server_filled(sa.true())
    interval: str = Field(sa_type=text_enum("billing_interval", BILLING_INTERVALS))
    price_amount_cents: int = Field(sa_type=sa.BigInteger)
    currency_code: str = text()
    features: list[str] = server_filled("{}", sa_type=ARRAY(sa.Text))
    ui: dict[str, Any] = server_filled("{}", sa_type=JSONB)
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class Subscription(FinanceTable, table=True):
    """A store's subscription (0..1), mirrored from the provider (webhooks are the authority).

    ``status`` is free text: a status the provider adds later is stored, never fatal; only
    ``ACTIVE_SUBSCRIPTION_STATUSES`` make ``subscription_active``. ``provider_event_at`` is the
    provider's time of the newest fact applied (a webhook event's ``created``, or the time of
    an API answer): an older fact changes nothing.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (
        sa.UniqueConstraint("store_id"),
        sa.UniqueConstraint("stripe_subscription_id"),
        sa.Index("ix_subscriptions_updated", "updated_at"),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    billing_plan_id: str | None = nullable(sa.Text)
    stripe_subscription_id: str = text()
    stripe_customer_id: str = text()
    stripe_payment_method_id: str | None = nullable(sa.Text)
    status: str = text()
    price_id: str | None = nullable(sa.Text)
    current_period_start: datetime | None = nullable(TIMESTAMPTZ)
    current_period_end: datetime = Field(sa_type=TIMESTAMPTZ)
    cancel_at_period_end: bool = server_filled(sa.false())
    canceled_at: datetime | None = nullable(TIMESTAMPTZ)
    paused_at: datetime | None = nullable(TIMESTAMPTZ)
    pause_effective_at: datetime | None = nullable(TIMESTAMPTZ)
    resume_effective_at: datetime | None = nullable(TIMESTAMPTZ)
    trial_end: datetime | None = nullable(TIMESTAMPTZ)
    provider_event_at: datetime = Field(sa_type=TIMESTAMPTZ)
    metadata_: dict[str, Any] = server_filled("{}", sa_type=JSONB, sa_column_kwargs={"name": "metadata"})
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class PaymentMethod(FinanceTable, table=True):
    """A store's card at the provider; at most one default per store (partial unique index)."""

    __tablename__ = "payment_methods"
    __table_args__ = (
        sa.UniqueConstraint("stripe_payment_method_id"),
        sa.Index("ix_payment_methods_store", "store_id", "created_at"),
        sa.Index(
            "ux_payment_methods_one_default", "store_id", unique=True, postgresql_where=sa.text("is_default")
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    stripe_payment_method_id: str = text()
    type: str = Field(sa_type=text_enum("payment_method_type", PAYMENT_METHOD_TYPES))
    fingerprint: str | None = nullable(sa.Text)
    card_brand: str | None = nullable(sa.Text)
    card_last4: str | None = nullable(sa.Text)
    card_exp_month: int | None = nullable(sa.SmallInteger)
    card_exp_year: int | None = nullable(sa.SmallInteger)
    billing_details: dict[str, Any] = server_filled("{}", sa_type=JSONB)
    metadata_: dict[str, Any] = server_filled("{}", sa_type=JSONB, sa_column_kwargs={"name": "metadata"})
    is_default: bool = server_filled(sa.false())
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class Charge(FinanceTable, table=True):
    """Money taken (or tried) from a store: a subscription invoice or a usage (ad spend) charge."""

    __tablename__ = "charges"
    __table_args__ = (
        sa.UniqueConstraint("stripe_charge_id"),
        sa.Index("ix_charges_store_created", "store_id", sa.text("created_at DESC"), sa.text("id DESC")),
        sa.CheckConstraint("amount_cents >= 0", name="charge_amount_non_negative"),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    type: str = Field(sa_type=text_enum("charge_type", CHARGE_TYPES))
    subscription_id: uuid.UUID | None = nullable()
    payment_method_id: uuid.UUID | None = nullable()
    usage_charge_id: uuid.UUID | None = nullable()
    stripe_charge_id: str | None = nullable(sa.Text)
    amount_cents: int = Field(sa_type=sa.BigInteger)
    currency: str = text()
    status: str = Field(sa_type=text_enum("charge_status", CHARGE_STATUSES))
    description: str | None = nullable(sa.Text)
    failure_reason: str | None = nullable(sa.Text)
    billed_at: datetime | None = nullable(TIMESTAMPTZ)
    metadata_: dict[str, Any] = server_filled("{}", sa_type=JSONB, sa_column_kwargs={"name": "metadata"})
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class UsageCharge(FinanceTable, table=True):
    """A store's usage (ad spend) for one day, billed off-session (DOMAIN §5.6 usage_charges)."""

    __tablename__ = "usage_charges"
    __table_args__ = (
        sa.UniqueConstraint("store_id", "usage_type", "for_date"),
        sa.Index(
            "ix_usage_charges_due",
            "next_attempt_at",
            postgresql_where=sa.text("billing_status = 'pending'"),
        ),
        sa.CheckConstraint("amount_cents >= 0", name="usage_amount_non_negative"),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    subscription_id: uuid.UUID | None = nullable()
    charge_id: uuid.UUID | None = nullable()
    usage_type: str = server_filled("ad_spend", sa_type=sa.Text)
    for_date: date = Field(sa_type=sa.Date)
    quantity: int = Field(sa_type=sa.BigInteger)
    amount_cents: int = Field(sa_type=sa.BigInteger)
    currency: str = text()
    billing_status: str = Field(sa_type=text_enum("usage_billing_status", USAGE_BILLING_STATUSES))
    attempt_count: int = server_filled("0")
    # pending rows: when the next attempt is due (None = now); a claim pushes it forward
    next_attempt_at: datetime | None = nullable(TIMESTAMPTZ)
    last_error: str | None = nullable(sa.Text)
    description: str | None = nullable(sa.Text)
    billing_period_start: datetime | None = nullable(TIMESTAMPTZ)
    billing_period_end: datetime | None = nullable(TIMESTAMPTZ)
    metadata_: dict[str, Any] = server_filled("{}", sa_type=JSONB, sa_column_kwargs={"name": "metadata"})
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class ProviderEvent(FinanceTable, table=True):
    """The webhook inbox: one row per provider event id, stored before the 2xx, processed once.

    ``event_created_at`` is the provider's own time of the event (what decides ordering);
    ``processed_at``/``outcome`` are set by the consumer that applies it.
    """

    __tablename__ = "provider_events"
    __table_args__ = (sa.UniqueConstraint("provider", "provider_event_id"),)

    id: uuid.UUID = Field(primary_key=True)
    provider: str = Field(sa_type=text_enum("billing_provider", PROVIDERS))
    provider_event_id: str = text()
    type: str = text()
    event_created_at: datetime = Field(sa_type=TIMESTAMPTZ)
    livemode: bool = server_filled(sa.false())
    payload: dict[str, Any] = Field(sa_type=JSONB)
    received_at: datetime = created_now()
    processed_at: datetime | None = nullable(TIMESTAMPTZ)
    outcome: str | None = nullable(sa.Text)


STORE_PROJECTION_COLUMNS = ("company_name", "kyc_status", "subscription_active")
if TYPE_CHECKING:

    class StoreProjection(FinanceTable):
        """What ``store_projection_model`` declares below, for mypy (it cannot see a class built at
        run time)."""

        __table__: ClassVar[sa.Table]

        store_id: uuid.UUID
        type: str | None
        company_name: str | None
        kyc_status: str
        subscription_active: bool
        profile_version: datetime | None
        kyc_version: datetime | None
        subscription_version: datetime | None

else:
    StoreProjection = store_projection_model(
        FinanceTable,
        columns=STORE_PROJECTION_COLUMNS,
        doc="""Stores as identity's events describe them: which stores are vendors (billing
    customers) and their names (the provider customer's description).""",
    )
