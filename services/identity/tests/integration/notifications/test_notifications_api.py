"""Notification routes (API.md §3.1): list (store audience of the caller's store, unreadOnly,
cursor), mark one read (idempotent; 404 for other stores and admin notices), mark all read, and
the admin console's list.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from identity_actors import UNAUTHENTICATED, admin_actor, error_of, iso, store_actor
from identity_factories import make_store

from pf_common.ids import uuid7
from pf_identity.models import Notification, Store

LIST = "/api/v1/notifications"
READ_ALL = "/api/v1/notifications/read-all"
ADMIN_LIST = "/api/admin/v1/notifications"
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def read_path(notification_id: uuid.UUID) -> str:
    return f"/api/v1/notifications/{notification_id}/read"


async def make_notification(
    db_session,
    store: Store,
    *,
    audience: str = "store",
    created_at: datetime = T0,
    read_at: datetime | None = None,
    title: str = "New order",
) -> Notification:
    n = Notification(
        id=uuid7(),
        store_id=store.id,
        audience=audience,
        type="order_alert",
        title=title,
        message="Green Leaf Dispensary placed order #1042.",
        link=f"/orders/{uuid7()}",
        source=f"test:{uuid7()}",
        read_at=read_at,
        created_at=created_at,
    )
    db_session.add(n)
    await db_session.flush()
    return n


def dto(n: Notification) -> dict:
    return {
        "id": str(n.id),
        "store_id": str(n.store_id),
        "audience": n.audience,
        "type": n.type,
        "title": n.title,
        "message": n.message,
        "link": n.link,
        "read_at": iso(n.read_at),
        "created_at": iso(n.created_at),
    }


async def read_at_of(db_session, n: Notification) -> datetime | None:
    return await db_session.scalar(sa.select(Notification.read_at).where(Notification.id == n.id))


@pytest.fixture
async def member(db_session, as_store):
    """A viewer (the least READ role) of a vendor store."""
    actor, store, _ = await store_actor(db_session, as_store, role="viewer", store_type="vendor")
    return actor, store


# --- list --------------------------------------------------------------------------------------


async def test_list_shows_the_callers_store_audience_newest_first(client, db_session, member):
    actor, store = member
    older = await make_notification(db_session, store, created_at=T0)
    newer = await make_notification(db_session, store, created_at=T0 + timedelta(minutes=5), read_at=T0)
    await make_notification(db_session, store, audience="admin")  # about the store, for the admins
    await make_notification(db_session, await make_store(db_session))  # another store's

    r = await client.get(LIST, headers=actor.headers)

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["items"] == [dto(newer), dto(older)]
    assert data["pagination"]["total"] == 2 and data["pagination"]["next"] == ""


async def test_unread_only_filters_read_notifications(client, db_session, member):
    actor, store = member
    unread = await make_notification(db_session, store, created_at=T0)
    await make_notification(db_session, store, created_at=T0 + timedelta(minutes=1), read_at=T0)

    r = await client.get(LIST, params={"unreadOnly": "true"}, headers=actor.headers)
    everything = await client.get(LIST, params={"unreadOnly": "false"}, headers=actor.headers)

    assert [i["id"] for i in r.json()["data"]["items"]] == [str(unread.id)]
    assert len(everything.json()["data"]["items"]) == 2


async def test_list_pages_with_cursors(client, db_session, member):
    actor, store = member
    rows = [
        await make_notification(db_session, store, created_at=T0 + timedelta(seconds=i)) for i in range(5)
    ]
    same_time = [
        await make_notification(db_session, store, created_at=T0 - timedelta(hours=1)) for _ in range(2)
    ]
    expected = [str(n.id) for n in [*reversed(rows), *sorted(same_time, key=lambda n: n.id, reverse=True)]]

    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        r = await client.get(LIST, params=params, headers=actor.headers)
        assert r.status_code == 200, r.text
        page = r.json()["data"]
        seen += [i["id"] for i in page["items"]]
        assert page["pagination"]["total"] == 7
        cursor = page["pagination"]["next"]
        if not cursor:
            break

    assert seen == expected


async def test_a_bad_cursor_is_a_400(client, member):
    actor, _ = member

    r = await client.get(LIST, params={"cursor": "not-a-cursor"}, headers=actor.headers)

    assert r.status_code == 400
    assert error_of(r)["details"] == {"cursor": "invalid cursor"}


# --- mark read ------------------------------------------------------------------------------------


async def test_mark_read_sets_read_at_once(client, db_session, member):
    actor, store = member
    n = await make_notification(db_session, store)

    first = await client.post(read_path(n.id), headers=actor.with_idempotency())
    read_at = await read_at_of(db_session, n)
    again = await client.post(
        read_path(n.id), headers=actor.with_idempotency()
    )  # a new key: idempotent anyway

    assert (first.status_code, first.json()) == (200, {"data": {"read": True}})
    assert (again.status_code, again.json()) == (200, {"data": {"read": True}})
    assert read_at is not None and await read_at_of(db_session, n) == read_at


async def test_mark_read_replays_the_same_idempotency_key(client, db_session, member):
    actor, store = member
    n = await make_notification(db_session, store)
    headers = actor.with_idempotency()

    first = await client.post(read_path(n.id), headers=headers)
    replay = await client.post(read_path(n.id), headers=headers)

    assert replay.status_code == 200 and replay.content == first.content
    assert replay.headers.get("Idempotent-Replayed") == "true"


async def test_mark_read_needs_an_idempotency_key(client, db_session, member):
    actor, store = member
    n = await make_notification(db_session, store)

    r = await client.post(read_path(n.id), headers=actor.headers)

    assert r.status_code == 400 and error_of(r)["code"] == "VALIDATION_ERROR"
    assert await read_at_of(db_session, n) is None


@pytest.mark.parametrize("whose", ["unknown", "other_store", "admin_audience"])
async def test_mark_read_of_a_notification_the_store_cannot_see_is_404(client, db_session, member, whose):
    actor, store = member
    if whose == "unknown":
        target_id = uuid7()
    else:
        owner = await make_store(db_session) if whose == "other_store" else store
        n = await make_notification(
            db_session, owner, audience="admin" if whose == "admin_audience" else "store"
        )
        target_id = n.id

    r = await client.post(read_path(target_id), headers=actor.with_idempotency())

    assert r.status_code == 404
    assert error_of(r) == {"code": "NOT_FOUND", "message": "notification not found"}
    if whose != "unknown":
        assert await read_at_of(db_session, n) is None


async def test_read_all_marks_the_stores_unread_notifications(client, db_session, member):
    actor, store = member
    unread = [await make_notification(db_session, store) for _ in range(3)]
    already = await make_notification(db_session, store, read_at=T0)
    admin_notice = await make_notification(db_session, store, audience="admin")
    other = await make_notification(db_session, await make_store(db_session))

    r = await client.post(READ_ALL, headers=actor.with_idempotency())
    again = await client.post(READ_ALL, headers=actor.with_idempotency())

    assert (r.status_code, r.json()) == (200, {"data": {"updated": 3}})
    assert again.json() == {"data": {"updated": 0}}
    assert None not in [await read_at_of(db_session, n) for n in unread]
    assert await read_at_of(db_session, already) == T0
    assert await read_at_of(db_session, admin_notice) is None
    assert await read_at_of(db_session, other) is None


# --- admin --------------------------------------------------------------------------------------


async def test_admins_list_the_admin_audience_of_every_store(client, db_session, mint_actor):
    admin, _ = await admin_actor(db_session, mint_actor)
    a, b = await make_store(db_session), await make_store(db_session, type="vendor")
    first = await make_notification(db_session, a, audience="admin", created_at=T0, title="License submitted")
    second = await make_notification(db_session, b, audience="admin", created_at=T0 + timedelta(seconds=1))
    read = await make_notification(
        db_session, b, audience="admin", created_at=T0 - timedelta(days=1), read_at=T0
    )
    await make_notification(db_session, a, audience="store")

    r = await client.get(ADMIN_LIST, headers=admin.headers)
    unread = await client.get(ADMIN_LIST, params={"unreadOnly": "true", "limit": 1}, headers=admin.headers)

    assert r.status_code == 200, r.text
    assert r.json()["data"]["items"] == [dto(second), dto(first), dto(read)]
    page = unread.json()["data"]
    assert [i["id"] for i in page["items"]] == [str(second.id)]
    assert page["pagination"]["total"] == 2 and page["pagination"]["next"] != ""


@pytest.mark.parametrize("role", ["owner", "manager"])
async def test_store_members_cannot_list_admin_notifications(client, db_session, as_store, role):
    actor, _, _ = await store_actor(db_session, as_store, role=role)

    r = await client.get(ADMIN_LIST, headers=actor.headers)

    assert (r.status_code, error_of(r)["code"]) == (403, "FORBIDDEN")


async def test_system_users_without_a_store_cannot_use_the_store_routes(client, db_session, mint_actor):
    admin, _ = await admin_actor(db_session, mint_actor)

    r = await client.get(LIST, headers=admin.headers)

    assert (r.status_code, error_of(r)["code"]) == (403, "FORBIDDEN")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", LIST), ("POST", READ_ALL), ("POST", read_path(uuid.UUID(int=1))), ("GET", ADMIN_LIST)],
)
async def test_every_route_needs_a_token(client, method, path):
    r = await client.request(method, path, headers={"Idempotency-Key": "k-1"})

    assert r.status_code == 401
    assert error_of(r) == UNAUTHENTICATED


@pytest.mark.parametrize("role", ["owner", "admin", "manager", "ops", "staff", "viewer", "agent"])
async def test_every_store_role_reads_its_notifications(client, db_session, as_store, role):
    actor, store, _ = await store_actor(db_session, as_store, role=role, store_type="buyer")
    n = await make_notification(db_session, store)

    listed = await client.get(LIST, headers=actor.headers)
    marked = await client.post(read_path(n.id), headers=actor.with_idempotency())

    assert [i["id"] for i in listed.json()["data"]["items"]] == [str(n.id)]
    assert marked.status_code == 200
