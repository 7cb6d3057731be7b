"""HTTP routers of logistics: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_logistics.api import admin_orders, agent_orders

ROUTERS: list[APIRouter] = [agent_orders.router, admin_orders.router]
