"""Tables of the identity schema (DOMAIN §5.1, §9): users, stores, store_memberships, audit_logs,
and media_projection (a read-only copy of media's rows, fed by its events)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pf_common.db import make_metadata
from pf_common.platform_tables import add_platform_tables

metadata = make_metadata("identity")
platform = add_platform_tables(metadata)

STORE_TYPES = ("buyer", "vendor")
KYC_STATUSES = ("pending_verification", "verified", "rejected", "expired", "suspended")
MEMBER_ROLES = ("owner", "admin", "manager", "viewer", "agent", "staff", "ops")
MEMBERSHIP_STATUSES = ("invited", "active", "removed", "pending")
SYSTEM_ROLES = ("agent", "admin")
STORE_BADGES = ("top_brand", "quality_verified")
MEDIA_KINDS = ("product", "ads", "pdf", "license_doc", "coa", "manifest", "user", "store", "other")
# The media states identity learns from media's events (a subset of media_status).
PROJECTED_MEDIA_STATUSES = ("uploaded", "ready", "failed", "deleted")


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    # text + CHECK (DOMAIN §0): values are only ever added
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


class Base(DeclarativeBase):
    metadata = metadata


class Timestamps:
    # fetch server-set timestamps with RETURNING: no lazy load after a flush in async code
    __mapper_args__ = {"eager_defaults": True}

    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now(), onupdate=sa.func.now()
    )


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.Text, nullable=False)
    password_hash: Mapped[str] = mapped_column(sa.Text, nullable=False)
    first_name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    last_name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    phone: Mapped[str | None] = mapped_column(sa.Text)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, server_default=sa.true())
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    system_role: Mapped[str | None] = mapped_column(_enum("system_role", SYSTEM_ROLES))

    __table_args__ = (
        sa.UniqueConstraint("email"),
        sa.CheckConstraint("email = lower(email)", name="email_lower"),
        sa.Index("ix_users_system_role", "system_role", postgresql_where=sa.text("system_role IS NOT NULL")),
    )


class Store(Timestamps, Base):
    __tablename__ = "stores"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(_enum("store_type", STORE_TYPES), nullable=False)
    company_name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    dba_name: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    phone: Mapped[str | None] = mapped_column(sa.Text)
    email: Mapped[str | None] = mapped_column(sa.Text)
    kyc_status: Mapped[str] = mapped_column(
        _enum("kyc_status", KYC_STATUSES), nullable=False, server_default="pending_verification"
    )
    subscription_active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, server_default=sa.false())
    badge: Mapped[str | None] = mapped_column(_enum("store_badge", STORE_BADGES))
    delivery_radius_meters: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")
    address: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    social: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    logo_media_id: Mapped[uuid.UUID | None] = mapped_column()
    banner_media_id: Mapped[uuid.UUID | None] = mapped_column()
    logo_url: Mapped[str | None] = mapped_column(sa.Text)
    banner_url: Mapped[str | None] = mapped_column(sa.Text)
    ratings: Mapped[dict[str, int] | None] = mapped_column(JSONB)
    categories: Mapped[list[str] | None] = mapped_column(ARRAY(sa.Text))
    owner_user_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    last_active_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_logged_in_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # ``changed_at`` of the newest subscription_status_changed mirrored (finance owns the truth)
    subscription_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.Index("ix_stores_type_kyc_status", "type", "kyc_status"),
        sa.Index("ix_stores_subscription_active", "subscription_active"),
        sa.CheckConstraint("delivery_radius_meters >= 0", name="delivery_radius_non_negative"),
    )


class StoreMembership(Timestamps, Base):
    __tablename__ = "store_memberships"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("identity.stores.id"), nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("identity.users.id"), nullable=False)
    role: Mapped[str] = mapped_column(_enum("member_role", MEMBER_ROLES), nullable=False)
    status: Mapped[str] = mapped_column(_enum("membership_status", MEMBERSHIP_STATUSES), nullable=False)
    invited_by_user_id: Mapped[uuid.UUID | None] = mapped_column()

    __table_args__ = (
        sa.UniqueConstraint("store_id", "user_id"),
        sa.Index("ix_store_memberships_user_id", "user_id"),
        sa.Index("ix_store_memberships_store_id_role", "store_id", "role"),
        sa.Index("ix_store_memberships_store_id_status", "store_id", "status"),
    )


class AuditLog(Base):
    """Append-only (DOMAIN §9): never updated or deleted by the service."""

    __tablename__ = "audit_logs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column()  # null: a failed login of an unknown email
    actor_store_id: Mapped[uuid.UUID | None] = mapped_column()
    actor_role: Mapped[str | None] = mapped_column(sa.Text)
    action: Mapped[str] = mapped_column(sa.Text, nullable=False)
    target_type: Mapped[str] = mapped_column(sa.Text, nullable=False)
    target_id: Mapped[uuid.UUID | None] = mapped_column()
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )

    __table_args__ = (
        sa.Index("ix_audit_logs_target", "target_type", "target_id", "created_at"),
        sa.Index("ix_audit_logs_actor_user_id", "actor_user_id", "created_at"),
    )


class MediaProjection(Timestamps, Base):
    """Media rows as media's events describe them (DOMAIN §0 "Projections"; EVENTS.md §4 ordering).

    Written only by the ``media_uploaded``/``media_processed``/``media_deleted`` consumers;
    read to validate a store's logo/banner (and later license documents) without calling
    media. ``source_version`` is the ``occurred_at`` of the event that set ``status``; the
    status only moves forward (uploaded → ready/failed → deleted). ``kind``, ``mime_type``
    and ``gcs_key`` are null on a placeholder created by an event that arrived first and
    does not carry them.
    """

    __tablename__ = "media_projection"

    media_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    kind: Mapped[str | None] = mapped_column(_enum("media_kind", MEDIA_KINDS))
    mime_type: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(_enum("media_status", PROJECTED_MEDIA_STATUSES), nullable=False)
    public_url: Mapped[str | None] = mapped_column(sa.Text)
    gcs_key: Mapped[str | None] = mapped_column(sa.Text)
    source_version: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)

    __table_args__ = (sa.Index("ix_media_projection_store_id", "store_id"),)


LICENSE_STATUSES = ("pending", "verified", "rejected", "expired")
LICENSE_TYPES = ("producer", "grower", "dispensary", "merchant")
NOTIFICATION_TYPES = ("system_announcement", "market_update", "security_alert", "order_alert", "compliance")
NOTIFICATION_AUDIENCES = ("store", "admin")
EMAIL_STATUSES = ("pending", "sent", "dead")


class License(Timestamps, Base):
    """A state license of a store (DOMAIN §5.1 licenses); its document is a media row."""

    __tablename__ = "licenses"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    status: Mapped[str] = mapped_column(
        _enum("license_status", LICENSE_STATUSES), nullable=False, server_default="pending"
    )
    media_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    gcs_key: Mapped[str] = mapped_column(sa.Text, nullable=False)
    issuing_state: Mapped[str] = mapped_column(sa.Text, nullable=False)
    type: Mapped[str] = mapped_column(_enum("license_type", LICENSE_TYPES), nullable=False)
    number: Mapped[str] = mapped_column(sa.Text, nullable=False)
    issue_date: Mapped[date | None] = mapped_column(sa.Date)
    expiration_date: Mapped[date | None] = mapped_column(sa.Date)
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)
    verified_by_user_id: Mapped[uuid.UUID | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    expiry_warned_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    expired_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.UniqueConstraint("issuing_state", "number"),  # [G-12]
        sa.UniqueConstraint("gcs_key"),
        sa.CheckConstraint("issuing_state = upper(issuing_state)", name="issuing_state_upper"),
        sa.CheckConstraint(
            "expiration_date IS NULL OR issue_date IS NULL OR expiration_date > issue_date",
            name="expires_after_issue",
        ),
        sa.Index("ix_licenses_store_id_status", "store_id", "status"),
        sa.Index("ix_licenses_expiration_date", "expiration_date"),
        sa.Index("ix_licenses_status_created", "status", "created_at", "id"),  # the admin queue
    )


class Notification(Base):
    """An in-app notice for a store's members or the admins (DOMAIN §5.1 notifications)."""

    __tablename__ = "notifications"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    audience: Mapped[str] = mapped_column(
        _enum("notification_audience", NOTIFICATION_AUDIENCES), nullable=False
    )
    type: Mapped[str] = mapped_column(_enum("notification_type", NOTIFICATION_TYPES), nullable=False)
    title: Mapped[str] = mapped_column(sa.Text, nullable=False)
    message: Mapped[str] = mapped_column(sa.Text, nullable=False)
    link: Mapped[str | None] = mapped_column(sa.Text)
    # what caused it (``<event_type>:<event_id>``): one notification per event and audience
    source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )

    __table_args__ = (
        sa.UniqueConstraint("source", "audience", "store_id"),
        sa.Index("ix_notifications_store_created", "store_id", sa.text("created_at DESC")),
        sa.Index("ix_notifications_store_read", "store_id", "read_at"),
        sa.Index("ix_notifications_audience_created", "audience", "created_at", "id"),
        sa.Index("ix_notifications_created_at", "created_at"),
    )


class EmailDelivery(Base):
    """An email staged in the same transaction as its notification and sent by the worker.

    One per notification (unique): the same notification is never emailed twice. Sending
    retries with backoff until ``max attempts``, then the row is ``dead`` (visible, replayable).
    """

    __tablename__ = "email_deliveries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    notification_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(sa.Text, nullable=False)  # the template
    context: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    status: Mapped[str] = mapped_column(
        _enum("email_status", EMAIL_STATUSES), nullable=False, server_default="pending"
    )
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    provider_message_id: Mapped[str | None] = mapped_column(sa.Text)
    recipient_count: Mapped[int | None] = mapped_column(sa.Integer)
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )

    __table_args__ = (
        sa.UniqueConstraint("notification_id"),
        sa.Index(
            "ix_email_deliveries_due", "next_attempt_at", postgresql_where=sa.text("status = 'pending'")
        ),
    )
