"""HTTP routers of catalog: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_catalog.api import (
    browse,
    internal_products,
    inventory,
    product_detail,
    reservations,
    vendor_products,
    wishlist,
)

ROUTERS: list[APIRouter] = [
    browse.router,
    product_detail.router,
    vendor_products.router,
    inventory.router,
    wishlist.router,
    internal_products.router,
    reservations.router,
]
