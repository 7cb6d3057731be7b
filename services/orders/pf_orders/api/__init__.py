"""HTTP routers of orders: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_orders.api import carts, checkout, internal, internal_orders, order_actions, orders, reviews

ROUTERS: list[APIRouter] = [
    carts.router,
    checkout.router,
    order_actions.router,
    orders.router,
    reviews.router,
    internal.router,
    internal_orders.router,
]
