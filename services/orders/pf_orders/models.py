"""Tables of the orders schema (its own schema; no cross-schema foreign keys)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pf_common.db import make_metadata
from pf_common.platform_tables import add_platform_tables

metadata = make_metadata("orders")
platform = add_platform_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata


class OrderLineItem(Base):
    """A line of a vendor order (DOMAIN §5.4). Its id is also its catalog reservation id.

    Only the columns the reservation sweeper's question needs exist yet
    (``POST /internal/v1/line-items:exists``); checkout adds the rest of DOMAIN §5.4.
    """

    __tablename__ = "order_line_items"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )

    __table_args__ = (sa.Index("ix_order_line_items_order_id", "order_id"),)
