"""payment intents, the append-only ledger (a trigger refuses UPDATE and DELETE), audit rows

DOMAIN §5.6 payment_intents (with finance's projection of the order) and ledger_events, DOMAIN §9
audit_logs. The ledger's immutability lives in the database: services connect as the schema
owner (a superuser in the embedded stack), so grants alone would prove nothing.

Revision ID: finance_0002
Revises: finance_0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "finance_0002"
down_revision = "finance_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_store_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target_type", sa.Text(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
        schema="finance",
    )
    op.create_index(
        "ix_audit_logs_target",
        "audit_logs",
        ["target_type", "target_id", "created_at"],
        unique=False,
        schema="finance",
    )
    op.create_table(
        "ledger_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_store_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "cash_collected",
                "vendor_payout",
                "adjustment",
                "refund",
                name="ledger_event_type",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("metadata", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_events")),
        schema="finance",
    )
    op.create_index(
        "ix_ledger_events_order_created",
        "ledger_events",
        ["order_id", "created_at"],
        unique=False,
        schema="finance",
    )
    op.create_index(
        "ix_ledger_events_type_created",
        "ledger_events",
        ["type", "created_at"],
        unique=False,
        schema="finance",
    )
    op.create_index(
        "ix_ledger_events_vendor",
        "ledger_events",
        ["vendor_store_id", "type"],
        unique=False,
        schema="finance",
    )
    op.create_index(
        "ux_ledger_events_once_per_order",
        "ledger_events",
        ["order_id", "type"],
        unique=True,
        schema="finance",
        postgresql_where=sa.text("type IN ('cash_collected', 'vendor_payout')"),
    )
    op.create_table(
        "payment_intents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("checkout_group_id", sa.Uuid(), nullable=True),
        sa.Column("buyer_store_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column("order_number", sa.BigInteger(), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "cash",
                "ach",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "unpaid",
                "pending",
                "settled",
                "paid",
                "failed",
                "rejected",
                name="payment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("totals_version", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_seen", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("order_status", sa.Text(), nullable=True),
        sa.Column("order_status_version", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cash_collected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("vendor_paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("reported_amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_payment_intents_amount_cents_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_intents")),
        sa.UniqueConstraint("order_id", name=op.f("uq_payment_intents_order_id")),
        schema="finance",
    )
    op.create_index(
        "ix_payment_intents_payouts",
        "payment_intents",
        ["delivered_at", "id"],
        unique=False,
        schema="finance",
        postgresql_where=sa.text("status = 'settled'"),
    )
    op.create_index(
        "ix_payment_intents_status", "payment_intents", ["status"], unique=False, schema="finance"
    )
    op.create_index(
        "ix_payment_intents_vendor", "payment_intents", ["vendor_store_id"], unique=False, schema="finance"
    )

    op.execute(
        """
        CREATE FUNCTION finance.ledger_events_are_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ledger_events is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_events_append_only BEFORE UPDATE OR DELETE ON finance.ledger_events"
        " FOR EACH ROW EXECUTE FUNCTION finance.ledger_events_are_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ledger_events_append_only ON finance.ledger_events")
    op.execute("DROP FUNCTION finance.ledger_events_are_append_only()")
    op.drop_index("ix_payment_intents_vendor", table_name="payment_intents", schema="finance")
    op.drop_index("ix_payment_intents_status", table_name="payment_intents", schema="finance")
    op.drop_index(
        "ix_payment_intents_payouts",
        table_name="payment_intents",
        schema="finance",
        postgresql_where=sa.text("status = 'settled'"),
    )
    op.drop_table("payment_intents", schema="finance")
    op.drop_index(
        "ux_ledger_events_once_per_order",
        table_name="ledger_events",
        schema="finance",
        postgresql_where=sa.text("type IN ('cash_collected', 'vendor_payout')"),
    )
    op.drop_index("ix_ledger_events_vendor", table_name="ledger_events", schema="finance")
    op.drop_index("ix_ledger_events_type_created", table_name="ledger_events", schema="finance")
    op.drop_index("ix_ledger_events_order_created", table_name="ledger_events", schema="finance")
    op.drop_table("ledger_events", schema="finance")
    op.drop_index("ix_audit_logs_target", table_name="audit_logs", schema="finance")
    op.drop_table("audit_logs", schema="finance")
