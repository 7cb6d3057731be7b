"""HTTP routers of identity: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

ROUTERS: list[APIRouter] = []

from pf_identity.api import auth  # noqa: E402

ROUTERS.append(auth.router)

from pf_identity.api import agents, internal, members, pings, stores  # noqa: E402

ROUTERS += [stores.router, members.router, agents.router, pings.router, internal.router]

from pf_identity.api import address  # noqa: E402

ROUTERS.append(address.router)

from pf_identity.api import admin_stores, licenses  # noqa: E402

ROUTERS += [licenses.router, admin_stores.router]

from pf_identity.api import notifications  # noqa: E402

ROUTERS.append(notifications.router)
