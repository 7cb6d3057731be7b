"""Tables of the orders schema (its own schema; no cross-schema foreign keys): SQLModel table models
(``table=True``) on ``OrdersTable``, whose registry keeps the schema's one MetaData."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables


class OrdersTable(TableModel, registry=make_registry("orders")):
    """Base of the orders service's table models: their registry and MetaData (schema ``orders``)."""


metadata = OrdersTable.metadata
platform = add_platform_tables(OrdersTable)


class OrderLineItem(OrdersTable, table=True):
    """A line of a vendor order (DOMAIN §5.4). Its id is also its catalog reservation id.

    Only the columns the reservation sweeper's question needs exist yet
    (``POST /internal/v1/line-items:exists``); checkout adds the rest of DOMAIN §5.4.
    """

    __tablename__ = "order_line_items"
    __table_args__ = (sa.Index("ix_order_line_items_order_id", "order_id"),)

    id: uuid.UUID = Field(primary_key=True)
    order_id: uuid.UUID
    # filled by the database (no Python default, so the INSERT leaves it out)
    created_at: datetime = Field(
        sa_type=sa.DateTime(timezone=True), sa_column_kwargs={"server_default": sa.func.now()}
    )
