"""DOMAIN §4.3 as a property: for any store type, member role or system role, each identity
route admits exactly the callers the permission matrix names (403 for everyone else)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from identity_actors import store_actor
from identity_factories import make_user

from pf_common.principal import MANAGE, READ

MEMBER_ROLES = ["owner", "admin", "manager", "ops", "staff", "viewer", "agent"]

# route -> who may call it: ("store", group) or ("system", role)
MATRIX: dict[tuple[str, str], tuple[str, Any]] = {
    ("GET", "/api/v1/stores/me"): ("store", READ),
    ("PUT", "/api/v1/stores/me"): ("store", MANAGE),
    ("GET", "/api/v1/stores/me/users"): ("store", MANAGE),
    ("POST", "/api/v1/stores/me/users/invite"): ("store", MANAGE),
    ("GET", "/api/ping"): ("store", READ),
    ("GET", "/api/admin/ping"): ("system", "admin"),
    ("POST", "/api/admin/v1/agents"): ("system", "admin"),
    ("GET", "/api/v1/agent/ping"): ("system", "agent"),
}

callers = st.one_of(
    st.tuples(st.just("store"), st.sampled_from(["buyer", "vendor"]), st.sampled_from(MEMBER_ROLES)),
    st.tuples(st.just("system"), st.none(), st.sampled_from(["admin", "agent"])),
)


def expected_allowed(rule: tuple[str, Any], caller: tuple[str, str | None, str]) -> bool:
    kind, _store_type, role = caller
    if rule[0] == "store":
        return kind == "store" and role in rule[1]
    return kind == "system" and role == rule[1]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(sorted(MATRIX)), caller=callers)
async def test_routes_follow_the_permission_matrix(client, db_session, as_store, mint_actor, route, caller):
    kind, store_type, role = caller
    if kind == "store":
        actor, _, _ = await store_actor(db_session, as_store, role=role, store_type=store_type)
    else:
        user = await make_user(db_session, system_role=role)
        actor = await mint_actor(role=role, system_role=role, user_id=user.id)
    method, path = route
    body = {"email": "new-member@example.com", "first_name": "N", "last_name": "M", "role": "staff"}
    if path == "/api/admin/v1/agents":
        body = {
            "first_name": "A",
            "last_name": "G",
            "email": "agent-x@example.com",
            "password": "Agent-Pass-2026",
        }
    elif method == "PUT":
        body = {"description": "hello"}
    r = await client.request(
        method, path, headers=actor.with_idempotency(), json=body if method != "GET" else None
    )
    if expected_allowed(MATRIX[route], caller):
        assert r.status_code not in (401, 403), (route, caller, r.text)
    else:
        assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN"), (route, caller, r.text)
