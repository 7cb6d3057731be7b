"""Billing (DOMAIN §5.6): customers, plans (one default, seeded), subscriptions, payment methods,
charges, usage charges, the webhook inbox (provider_events), and pf_common's store projection.

Revision ID: finance_0003
Revises: finance_0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from pf_common.store_projection import create_store_projection_v1, drop_store_projection_v1

revision = "finance_0003"
down_revision = "finance_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_customers",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("stripe_customer_id", sa.Text(), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                "local",
                "stripe",
                name="billing_provider",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_billing_customers")),
        sa.UniqueConstraint("stripe_customer_id", name=op.f("uq_billing_customers_stripe_customer_id")),
        schema="finance",
    )
    op.create_table(
        "billing_plans",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "deprecated",
                "hidden",
                name="plan_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("stripe_price_id", sa.Text(), nullable=False),
        sa.Column("test", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("trial_days", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "trial_require_payment_method", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("trial_start_on_activation", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "interval",
            sa.Enum(
                "EVERY_30_DAYS",
                "ANNUAL",
                name="billing_interval",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("price_amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency_code", sa.Text(), nullable=False),
        sa.Column("features", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("ui", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "price_amount_cents >= 0", name=op.f("ck_billing_plans_price_amount_cents_non_negative")
        ),
        sa.CheckConstraint("trial_days >= 0", name=op.f("ck_billing_plans_trial_days_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_plans")),
        sa.UniqueConstraint("stripe_price_id", name=op.f("uq_billing_plans_stripe_price_id")),
        schema="finance",
    )
    op.create_index(
        "ux_billing_plans_one_default",
        "billing_plans",
        ["is_default"],
        unique=True,
        schema="finance",
        postgresql_where=sa.text("is_default"),
    )
    op.create_table(
        "charges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "subscription",
                "ad_spend",
                "other",
                name="charge_type",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("subscription_id", sa.Uuid(), nullable=True),
        sa.Column("payment_method_id", sa.Uuid(), nullable=True),
        sa.Column("usage_charge_id", sa.Uuid(), nullable=True),
        sa.Column("stripe_charge_id", sa.Text(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "succeeded",
                "failed",
                "refunded",
                name="charge_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("billed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("metadata", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_charges_charge_amount_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charges")),
        sa.UniqueConstraint("stripe_charge_id", name=op.f("uq_charges_stripe_charge_id")),
        schema="finance",
    )
    op.create_index(
        "ix_charges_store_created",
        "charges",
        ["store_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
        schema="finance",
    )
    op.create_table(
        "payment_methods",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("stripe_payment_method_id", sa.Text(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "card",
                "us_bank_account",
                "other",
                name="payment_method_type",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("fingerprint", sa.Text(), nullable=True),
        sa.Column("card_brand", sa.Text(), nullable=True),
        sa.Column("card_last4", sa.Text(), nullable=True),
        sa.Column("card_exp_month", sa.SmallInteger(), nullable=True),
        sa.Column("card_exp_year", sa.SmallInteger(), nullable=True),
        sa.Column(
            "billing_details", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("metadata", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_methods")),
        sa.UniqueConstraint(
            "stripe_payment_method_id", name=op.f("uq_payment_methods_stripe_payment_method_id")
        ),
        schema="finance",
    )
    op.create_index(
        "ix_payment_methods_store",
        "payment_methods",
        ["store_id", "created_at"],
        unique=False,
        schema="finance",
    )
    op.create_index(
        "ux_payment_methods_one_default",
        "payment_methods",
        ["store_id"],
        unique=True,
        schema="finance",
        postgresql_where=sa.text("is_default"),
    )
    op.create_table(
        "provider_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                "local",
                "stripe",
                name="billing_provider",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("provider_event_id", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("event_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("livemode", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_events")),
        sa.UniqueConstraint(
            "provider", "provider_event_id", name=op.f("uq_provider_events_provider_provider_event_id")
        ),
        schema="finance",
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("billing_plan_id", sa.Text(), nullable=True),
        sa.Column("stripe_subscription_id", sa.Text(), nullable=False),
        sa.Column("stripe_customer_id", sa.Text(), nullable=False),
        sa.Column("stripe_payment_method_id", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("price_id", sa.Text(), nullable=True),
        sa.Column("current_period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("current_period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancel_at_period_end", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("canceled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pause_effective_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resume_effective_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("trial_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("provider_event_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("metadata", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("store_id", name=op.f("uq_subscriptions_store_id")),
        sa.UniqueConstraint("stripe_subscription_id", name=op.f("uq_subscriptions_stripe_subscription_id")),
        schema="finance",
    )
    op.create_index(
        "ix_subscriptions_updated", "subscriptions", ["updated_at"], unique=False, schema="finance"
    )
    op.create_table(
        "usage_charges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("subscription_id", sa.Uuid(), nullable=True),
        sa.Column("charge_id", sa.Uuid(), nullable=True),
        sa.Column("usage_type", sa.Text(), server_default="ad_spend", nullable=False),
        sa.Column("for_date", sa.Date(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column(
            "billing_status",
            sa.Enum(
                "pending",
                "charged",
                "skipped",
                "failed",
                "needs_attention",
                name="usage_billing_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="finance",
            ),
            nullable=False,
        ),
        sa.Column("attempt_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("billing_period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("billing_period_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("metadata", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_usage_charges_usage_amount_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_charges")),
        sa.UniqueConstraint(
            "store_id", "usage_type", "for_date", name=op.f("uq_usage_charges_store_id_usage_type_for_date")
        ),
        schema="finance",
    )
    op.create_index(
        "ix_usage_charges_due",
        "usage_charges",
        ["next_attempt_at"],
        unique=False,
        schema="finance",
        postgresql_where=sa.text("billing_status = 'pending'"),
    )

    create_store_projection_v1(op, "finance", columns=("company_name", "kyc_status", "subscription_active"))
    # The default plan vendors get when they subscribe without naming one. Its price id is a
    # placeholder: with Stripe, an admin PATCHes it to the real price (or creates another default).
    op.execute(
        sa.text(
            """
            INSERT INTO finance.billing_plans
                (id, name, status, stripe_price_id, test, is_default, trial_days, interval,
                 price_amount_cents, currency_code, features, ui)
            VALUES ('standard', 'PackFinderz Standard', 'active', 'price_packfinderz_standard', false,
                    true, 0, 'EVERY_30_DAYS', 9900, 'USD',
                    ARRAY['storefront', 'catalog_visibility', 'ads'],
                    '{"badge": "Most popular",
                      "description": "Be visible to every licensed buyer in your state.",
                      "bullets": ["Storefront and product listings", "Orders from licensed buyers",
                                  "Ads"]}'::jsonb)
            ON CONFLICT DO NOTHING
            """
        )
    )


def downgrade() -> None:
    drop_store_projection_v1(op, "finance")
    op.drop_index(
        "ix_usage_charges_due",
        table_name="usage_charges",
        schema="finance",
        postgresql_where=sa.text("billing_status = 'pending'"),
    )
    op.drop_table("usage_charges", schema="finance")
    op.drop_index("ix_subscriptions_updated", table_name="subscriptions", schema="finance")
    op.drop_table("subscriptions", schema="finance")
    op.drop_table("provider_events", schema="finance")
    op.drop_index(
        "ux_payment_methods_one_default",
        table_name="payment_methods",
        schema="finance",
        postgresql_where=sa.text("is_default"),
    )
    op.drop_index("ix_payment_methods_store", table_name="payment_methods", schema="finance")
    op.drop_table("payment_methods", schema="finance")
    op.drop_index("ix_charges_store_created", table_name="charges", schema="finance")
    op.drop_table("charges", schema="finance")
    op.drop_index(
        "ux_billing_plans_one_default",
        table_name="billing_plans",
        schema="finance",
        postgresql_where=sa.text("is_default"),
    )
    op.drop_table("billing_plans", schema="finance")
    op.drop_table("billing_customers", schema="finance")
