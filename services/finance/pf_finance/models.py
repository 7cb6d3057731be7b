"""Tables of the finance schema (DOMAIN §5.6, §9; its own schema, no cross-schema foreign keys):
SQLModel table models (``table=True``) on ``FinanceTable``, whose registry keeps the schema's one
MetaData. Money is BIGINT cents.

* ``payment_intents``: one per order, from orders' events (a placeholder when
  ``order_totals_changed`` arrives before ``order_created``), with finance's projection of the
  order (status, ``delivered_at``) and the version of the totals it follows;
* ``ledger_events``: append-only — a trigger (migration ``finance_0002``) refuses every UPDATE and
  DELETE, so no code path and no superuser session can rewrite money history; at most one
  ``cash_collected`` and one ``vendor_payout`` per order (partial unique index);
* ``audit_logs``: append-only (DOMAIN §9): admin money actions.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field

from pf_common.columns import TIMESTAMPTZ, created_now, nullable, server_filled, text, text_enum
from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables

PAYMENT_METHODS = ("cash", "ach")
PAYMENT_STATUSES = ("unpaid", "pending", "settled", "paid", "failed", "rejected")
LEDGER_EVENT_TYPES = ("cash_collected", "vendor_payout", "adjustment", "refund")
ONCE_PER_ORDER = ("cash_collected", "vendor_payout")


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
