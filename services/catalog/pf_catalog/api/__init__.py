"""HTTP routers of catalog: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_catalog.api import reservations

ROUTERS: list[APIRouter] = [reservations.router]
