"""Tables of the identity schema (DOMAIN §5.1, §9): users, stores, store_memberships, audit_logs,
and media_projection (a read-only copy of media's rows, fed by its events).

SQLModel table models (``table=True``) on ``IdentityTable``, whose registry keeps the schema's one
MetaData. The annotation gives nullability (``X | None``); ``Field(sa_type=...)`` the column type
SQLModel would not pick (TEXT, timestamptz, JSONB, arrays, text + CHECK enums). Columns the
database fills (server defaults) have no Python default, so an INSERT leaves them out; nullable
columns default to None. ``Timestamps`` is a mixin of fields, not of columns: a Column object
belongs to one table, so its fields use ``sa_type``/``sa_column_kwargs`` and SQLModel builds the
columns of each table (they come first in the table, where the declarative mixin put them last).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field

from pf_common.columns import created_now as _now
from pf_common.columns import nullable as _null
from pf_common.columns import server_filled as _server
from pf_common.columns import text as _text
from pf_common.columns import text_enum as _enum
from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables

STORE_TYPES = ("buyer", "vendor")
KYC_STATUSES = ("pending_verification", "verified", "rejected", "expired", "suspended")
MEMBER_ROLES = ("owner", "admin", "manager", "viewer", "agent", "staff", "ops")
MEMBERSHIP_STATUSES = ("invited", "active", "removed", "pending")
SYSTEM_ROLES = ("agent", "admin")
STORE_BADGES = ("top_brand", "quality_verified")
MEDIA_KINDS = ("product", "ads", "pdf", "license_doc", "coa", "manifest", "user", "store", "other")
# The media states identity learns from media's events (a subset of media_status).
PROJECTED_MEDIA_STATUSES = ("uploaded", "ready", "failed", "deleted")

TIMESTAMPTZ = sa.DateTime(timezone=True)


class IdentityTable(TableModel, registry=make_registry("identity")):
    """Base of the identity service's table models: their registry and MetaData (schema ``identity``)."""


metadata = IdentityTable.metadata
platform = add_platform_tables(IdentityTable)


class Timestamps(IdentityTable):
    # fetch server-set timestamps with RETURNING: no lazy load after a flush in async code
    __mapper_args__ = {"eager_defaults": True}

    created_at: datetime = _now()
    updated_at: datetime = _server(
        sa.func.now(), sa_type=TIMESTAMPTZ, sa_column_kwargs={"onupdate": sa.func.now()}
    )


class User(Timestamps, table=True):
    __tablename__ = "users"
    __table_args__ = (
        sa.UniqueConstraint("email"),
        sa.CheckConstraint("email = lower(email)", name="email_lower"),
        sa.Index("ix_users_system_role", "system_role", postgresql_where=sa.text("system_role IS NOT NULL")),
    )

    id: uuid.UUID = Field(primary_key=True)
    email: str = _text()
    password_hash: str = _text()
    first_name: str = _text()
    last_name: str = _text()
    phone: str | None = _null(sa.Text)
    is_active: bool = _server(sa.true())
    last_login_at: datetime | None = _null(TIMESTAMPTZ)
    system_role: str | None = _null(_enum("system_role", SYSTEM_ROLES))


class Store(Timestamps, table=True):
    __tablename__ = "stores"
    __table_args__ = (
        sa.Index("ix_stores_type_kyc_status", "type", "kyc_status"),
        sa.Index("ix_stores_subscription_active", "subscription_active"),
        sa.CheckConstraint("delivery_radius_meters >= 0", name="delivery_radius_non_negative"),
    )

    id: uuid.UUID = Field(primary_key=True)
    type: str = Field(sa_type=_enum("store_type", STORE_TYPES))
    company_name: str = _text()
    dba_name: str | None = _null(sa.Text)
    description: str | None = _null(sa.Text)
    phone: str | None = _null(sa.Text)
    email: str | None = _null(sa.Text)
    kyc_status: str = _server("pending_verification", sa_type=_enum("kyc_status", KYC_STATUSES))
    subscription_active: bool = _server(sa.false())
    badge: str | None = _null(_enum("store_badge", STORE_BADGES))
    delivery_radius_meters: int = _server("0")
    address: dict[str, Any] = Field(sa_type=JSONB)
    social: dict[str, Any] | None = _null(JSONB)
    logo_media_id: uuid.UUID | None = _null()
    banner_media_id: uuid.UUID | None = _null()
    logo_url: str | None = _null(sa.Text)
    banner_url: str | None = _null(sa.Text)
    ratings: dict[str, int] | None = _null(JSONB)
    categories: list[str] | None = _null(ARRAY(sa.Text))
    owner_user_id: uuid.UUID
    last_active_at: datetime | None = _null(TIMESTAMPTZ)
    last_logged_in_at: datetime | None = _null(TIMESTAMPTZ)
    # ``changed_at`` of the newest subscription_status_changed mirrored (finance owns the truth)
    subscription_changed_at: datetime | None = _null(TIMESTAMPTZ)


class StoreMembership(Timestamps, table=True):
    __tablename__ = "store_memberships"
    __table_args__ = (
        sa.UniqueConstraint("store_id", "user_id"),
        sa.Index("ix_store_memberships_user_id", "user_id"),
        sa.Index("ix_store_memberships_store_id_role", "store_id", "role"),
        sa.Index("ix_store_memberships_store_id_status", "store_id", "status"),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="identity.stores.id")
    user_id: uuid.UUID = Field(foreign_key="identity.users.id")
    role: str = Field(sa_type=_enum("member_role", MEMBER_ROLES))
    status: str = Field(sa_type=_enum("membership_status", MEMBERSHIP_STATUSES))
    invited_by_user_id: uuid.UUID | None = _null()


class AuditLog(IdentityTable, table=True):
    """Append-only (DOMAIN §9): never updated or deleted by the service."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        sa.Index("ix_audit_logs_target", "target_type", "target_id", "created_at"),
        sa.Index("ix_audit_logs_actor_user_id", "actor_user_id", "created_at"),
    )

    id: uuid.UUID = Field(primary_key=True)
    actor_user_id: uuid.UUID | None = _null()  # null: a failed login of an unknown email
    actor_store_id: uuid.UUID | None = _null()
    actor_role: str | None = _null(sa.Text)
    action: str = _text()
    target_type: str = _text()
    target_id: uuid.UUID | None = _null()
    payload: dict[str, Any] = _server("{}", sa_type=JSONB)
    created_at: datetime = _now()


class MediaProjection(Timestamps, table=True):
    """Media rows as media's events describe them (DOMAIN §0 "Projections"; EVENTS.md §4 ordering).

    Written only by the ``media_uploaded``/``media_processed``/``media_deleted`` consumers;
    read to validate a store's logo/banner (and later license documents) without calling
    media. ``source_version`` is the ``occurred_at`` of the event that set ``status``; the
    status only moves forward (uploaded → ready/failed → deleted). ``kind``, ``mime_type``
    and ``gcs_key`` are null on a placeholder created by an event that arrived first and
    does not carry them.
    """

    __tablename__ = "media_projection"
    __table_args__ = (sa.Index("ix_media_projection_store_id", "store_id"),)

    media_id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    kind: str | None = _null(_enum("media_kind", MEDIA_KINDS))
    mime_type: str | None = _null(sa.Text)
    status: str = Field(sa_type=_enum("media_status", PROJECTED_MEDIA_STATUSES))
    public_url: str | None = _null(sa.Text)
    gcs_key: str | None = _null(sa.Text)
    source_version: datetime = Field(sa_type=TIMESTAMPTZ)


LICENSE_STATUSES = ("pending", "verified", "rejected", "expired")
LICENSE_TYPES = ("producer", "grower", "dispensary", "merchant")
NOTIFICATION_TYPES = ("system_announcement", "market_update", "security_alert", "order_alert", "compliance")
NOTIFICATION_AUDIENCES = ("store", "admin")
EMAIL_STATUSES = ("pending", "sent", "dead")


class License(Timestamps, table=True):
    """A state license of a store (DOMAIN §5.1 licenses); its document is a media row."""

    __tablename__ = "licenses"
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

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    user_id: uuid.UUID
    status: str = _server("pending", sa_type=_enum("license_status", LICENSE_STATUSES))
    media_id: uuid.UUID
    gcs_key: str = _text()
    issuing_state: str = _text()
    type: str = Field(sa_type=_enum("license_type", LICENSE_TYPES))
    number: str = _text()
    issue_date: date | None = _null(sa.Date)
    expiration_date: date | None = _null(sa.Date)
    rejection_reason: str | None = _null(sa.Text)
    verified_by_user_id: uuid.UUID | None = _null()
    decided_at: datetime | None = _null(TIMESTAMPTZ)
    expiry_warned_at: datetime | None = _null(TIMESTAMPTZ)
    expired_at: datetime | None = _null(TIMESTAMPTZ)


class Notification(IdentityTable, table=True):
    """An in-app notice for a store's members or the admins (DOMAIN §5.1 notifications)."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("source", "audience", "store_id"),
        sa.Index("ix_notifications_store_created", "store_id", sa.text("created_at DESC")),
        sa.Index("ix_notifications_store_read", "store_id", "read_at"),
        sa.Index("ix_notifications_audience_created", "audience", "created_at", "id"),
        sa.Index("ix_notifications_created_at", "created_at"),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    audience: str = Field(sa_type=_enum("notification_audience", NOTIFICATION_AUDIENCES))
    type: str = Field(sa_type=_enum("notification_type", NOTIFICATION_TYPES))
    title: str = _text()
    message: str = _text()
    link: str | None = _null(sa.Text)
    # what caused it (``<event_type>:<event_id>``): one notification per event and audience
    source: str = _text()
    read_at: datetime | None = _null(TIMESTAMPTZ)
    created_at: datetime = _now()


class EmailDelivery(IdentityTable, table=True):
    """An email staged in the same transaction as its notification and sent by the worker.

    One per notification (unique): the same notification is never emailed twice. Sending
    retries with backoff until ``max attempts``, then the row is ``dead`` (visible, replayable).
    """

    __tablename__ = "email_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("notification_id"),
        sa.Index(
            "ix_email_deliveries_due", "next_attempt_at", postgresql_where=sa.text("status = 'pending'")
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    notification_id: uuid.UUID
    store_id: uuid.UUID
    kind: str = _text()  # the template
    context: dict[str, Any] = _server("{}", sa_type=JSONB)
    status: str = _server("pending", sa_type=_enum("email_status", EMAIL_STATUSES))
    attempts: int = _server("0")
    next_attempt_at: datetime = _now()
    last_error: str | None = _null(sa.Text)
    provider_message_id: str | None = _null(sa.Text)
    recipient_count: int | None = _null()
    sent_at: datetime | None = _null(TIMESTAMPTZ)
    created_at: datetime = _now()
