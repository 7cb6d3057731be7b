"""HTTP routers of identity: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2).

The order is the routing order, hottest first: FastAPI tries the routes one after another (every
route of each router before the one that matches, then that router's again), ~20 us of CPU per
route passed on the bench machine; a GET /stores/me behind the auth routes cost 14 % more CPU
than in front of them. No route of a later router is shadowed by an earlier one's (the route
tests of each router cover them in this order).
"""

from fastapi import APIRouter

from pf_identity.api import (
    address,
    admin_stores,
    agents,
    auth,
    internal,
    licenses,
    members,
    notifications,
    pings,
    stores,
)

ROUTERS: list[APIRouter] = [
    stores.router,  # the store profile: every page of every client reads it
    internal.router,  # the store projection of the other services (fetch on a miss)
    notifications.router,  # polled by every client
    auth.router,  # refresh (every 15 minutes per session), login, register
    members.router,
    licenses.router,
    address.router,
    agents.router,
    admin_stores.router,
    pings.router,
]
