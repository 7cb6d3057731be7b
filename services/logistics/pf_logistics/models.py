"""Tables of the logistics schema (DOMAIN §5.5, §9; its own schema, no cross-schema foreign keys):
SQLModel table models (``table=True``) on ``LogisticsTable``, whose registry keeps the schema's one
MetaData.

* ``order_assignments``: an agent's assignment to an order; at most one ``active`` per order (a
  unique partial index: concurrent auto-assign, claims and admin overrides race harmlessly); each
  fact (pickup, delivery, cash) written once;
* ``dispatch_orders``: orders' ``order_ready_for_dispatch`` as logistics keeps it (the queue), with
  both parties' contact snapshots and the facts logistics recorded;
* ``agent_projection``: identity's agents (bootstrapped from ``GET /internal/v1/agents``, then
  ``agent_upserted``); only active agents are auto-assigned;
* ``store_projection``: pf_common's, for the licence gate at hand-over;
* ``audit_logs``: append-only (DOMAIN §9): admin overrides, hand-over facts.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field

from pf_common.columns import TIMESTAMPTZ, created_now, nullable, server_filled, text, text_enum
from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables
from pf_common.store_projection import store_projection_model

DISPATCH_STATUSES = ("ready_for_dispatch", "in_transit", "delivered", "canceled")
FULFILLMENT_STATUSES = ("pending", "partial", "fulfilled")
PAYMENT_STATUSES = ("unpaid", "pending", "settled", "paid", "failed", "rejected")
NULLABLE_JSONB = JSONB(none_as_null=True)


class LogisticsTable(TableModel, registry=make_registry("logistics")):
    """Base of the logistics service's table models: their registry and MetaData (schema ``logistics``)."""


metadata = LogisticsTable.metadata
platform = add_platform_tables(LogisticsTable)


class OrderAssignment(LogisticsTable, table=True):
    """DOMAIN §5.5 order_assignments."""

    __tablename__ = "order_assignments"
    __table_args__ = (
        sa.Index("ix_order_assignments_order_id", "order_id"),
        sa.Index(
            "ux_order_assignments_one_active", "order_id", unique=True, postgresql_where=sa.text("active")
        ),
        sa.Index("ix_order_assignments_agent_active", "agent_user_id", "active"),
    )

    id: uuid.UUID = Field(primary_key=True)
    order_id: uuid.UUID
    agent_user_id: uuid.UUID
    assigned_by_user_id: uuid.UUID | None = nullable()  # an admin's override; null = auto or claim
    assigned_at: datetime = Field(sa_type=TIMESTAMPTZ)
    unassigned_at: datetime | None = nullable(TIMESTAMPTZ)
    active: bool = server_filled(sa.true())
    pickup_time: datetime | None = nullable(TIMESTAMPTZ)
    delivery_time: datetime | None = nullable(TIMESTAMPTZ)
    cash_pickup_time: datetime | None = nullable(TIMESTAMPTZ)
    # the amount the agent reported and finance's answer to the settle call (its idempotency key
    # is derived from this assignment: a retry gets finance's first answer)
    cash_amount_cents: int | None = nullable(sa.BigInteger)
    pickup_signature_gcs_key: str | None = nullable(sa.Text)
    delivery_signature_gcs_key: str | None = nullable(sa.Text)
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class DispatchOrder(LogisticsTable, table=True):
    """DOMAIN §5.5 dispatch_orders: the projection of orders' ready orders, and the queue."""

    __tablename__ = "dispatch_orders"
    __table_args__ = (
        sa.Index("ix_dispatch_orders_status_created", "status", "created_at"),
        sa.CheckConstraint("total_cents >= 0", name="total_cents_non_negative"),
    )

    order_id: uuid.UUID = Field(primary_key=True)
    order_number: int = Field(sa_type=sa.BigInteger)
    checkout_group_id: uuid.UUID
    buyer_store_id: uuid.UUID
    vendor_store_id: uuid.UUID
    buyer: dict[str, Any] = Field(sa_type=JSONB)  # StoreContactSnapshot: names, phone, address, logo
    vendor: dict[str, Any] = Field(sa_type=JSONB)
    total_cents: int = Field(sa_type=sa.BigInteger)
    discounts_cents: int = Field(sa_type=sa.BigInteger)
    total_items: int
    # orders' fulfilment of the order when it became ready: fulfilled, or partial (a line rejected)
    fulfillment_status: str = server_filled(
        "fulfilled", sa_type=text_enum("fulfillment_status", FULFILLMENT_STATUSES)
    )
    status: str = Field(sa_type=text_enum("dispatch_status", DISPATCH_STATUSES))
    payment_status: str = Field(sa_type=text_enum("payment_status", PAYMENT_STATUSES))
    ready_at: datetime = Field(sa_type=TIMESTAMPTZ)
    picked_up_at: datetime | None = nullable(TIMESTAMPTZ)
    delivered_at: datetime | None = nullable(TIMESTAMPTZ)
    canceled_at: datetime | None = nullable(TIMESTAMPTZ)
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class AgentProjection(LogisticsTable, table=True):
    """identity's agents (DOMAIN §5.5 agent_projection); ``source_version`` is the occurred_at of
    the newest ``agent_upserted`` applied (a bootstrap row has none)."""

    __tablename__ = "agent_projection"
    __table_args__ = (
        sa.Index("ix_agent_projection_active", "user_id", postgresql_where=sa.text("is_active")),
    )

    user_id: uuid.UUID = Field(primary_key=True)
    first_name: str = text()
    last_name: str = text()
    email: str | None = nullable(sa.Text)
    phone: str | None = nullable(sa.Text)
    is_active: bool
    source_version: datetime | None = nullable(TIMESTAMPTZ)
    created_at: datetime = created_now()
    updated_at: datetime = created_now()


class LogisticsAudit(LogisticsTable, table=True):
    """Append-only audit rows (DOMAIN §9): admin overrides, hand-over facts, cash collected."""

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


STORE_PROJECTION_COLUMNS = ("company_name", "dba_name", "phone", "address", "kyc_status")
if TYPE_CHECKING:

    class StoreProjection(LogisticsTable):
        """What ``store_projection_model`` declares below, for mypy (it cannot see a class built at
        run time); ``tests/unit/test_models.py`` checks that the two agree."""

        __table__: ClassVar[sa.Table]

        store_id: uuid.UUID
        type: str | None
        company_name: str | None
        dba_name: str | None
        phone: str | None
        address: dict[str, Any] | None
        kyc_status: str
        profile_version: datetime | None
        kyc_version: datetime | None
        subscription_version: datetime | None

else:
    StoreProjection = store_projection_model(
        LogisticsTable,
        columns=STORE_PROJECTION_COLUMNS,
        doc="""Stores as identity's events describe them: the licence gate at pickup (both parties'
    KYC verified) and contacts.""",
    )
