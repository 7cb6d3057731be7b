"""pf_common.store_projection: the store projection several services keep, on a real Postgres.

(DOMAIN §0 "Projections", §5.3 store_projection; EVENTS.md §4 ordering, §6 store_created,
store_updated, store_kyc_status_changed, subscription_status_changed.)

The property tests deliver random histories of one store shuffled and with duplicates, and check
that the row equals the row of in-order application, which itself equals the row a plain model of
the rules predicts (the newest event of each source wins), and that each upsert reports exactly
whether it applied. They run once per source (that source gets several versions) and once per
table: one keeping every optional column, one keeping fewer plus a column of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine

from pf_common.db import make_metadata
from pf_common.events.common import Address, KycStatus, StoreType
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1
from pf_common.events.registry import EventPayload
from pf_common.store_projection import (
    KYC_STATUSES_V1,
    OPTIONAL_COLUMNS,
    STORE_TYPES_V1,
    add_store_projection,
    add_store_projection_columns_v1,
    create_store_projection_v1,
    record_kyc_status_changed,
    record_store_created,
    record_store_updated,
    record_subscription_status_changed,
    store_projection_columns,
    store_projection_consumers,
)

if TYPE_CHECKING:
    from pf_common.testing.servers import TestServers

SCHEMA = "pf_store_projection_test"
metadata = make_metadata(SCHEMA)
# a service keeping everything (orders-like) ...
FULL = add_store_projection(metadata)
# ... and one keeping fewer columns plus one of its own that no store event writes (ads-like)
NARROW = add_store_projection(
    metadata,
    name="narrow_store_projection",
    columns=("state", "kyc_status"),
    extra=(
        sa.Column("ads_billing_blocked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Index("ix_narrow_store_projection_state", "state"),
    ),
)
TABLES = {"full": FULL, "narrow": NARROW}
UNVERSIONED = ("store_id", "created_at", "updated_at", "ads_billing_blocked")

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
LOGO_MEDIA_ID = uuid.UUID("0199a1b2-0000-7000-8000-00000000000a")
LOGO_URL = "https://cdn.example/stores/logo.png"
OWNER = uuid.UUID("0199a1b2-0000-7000-8000-00000000000b")
SUBSCRIPTION = uuid.UUID("0199a1b2-0000-7000-8000-00000000000c")


# --------------------------------------------------------------------------- database


@pytest.fixture(scope="module")
async def conn(pf_servers: TestServers) -> AsyncIterator[AsyncConnection]:
    """One connection for the module, inside a transaction that is never committed."""
    name = f"pf_store_projection_{uuid.uuid4().hex[:8]}"
    url = pf_servers.create_database(name)
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
            await connection.run_sync(metadata.create_all)
            yield connection
            await connection.rollback()
    finally:
        await engine.dispose()
        pf_servers.drop_database(name)


@asynccontextmanager
async def rolled_back(conn: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session in a SAVEPOINT of ``conn`` that is rolled back afterwards (one per example)."""
    savepoint = await conn.begin_nested()
    session = AsyncSession(bind=conn, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        await session.close()
        await savepoint.rollback()


async def projected(session: AsyncSession, table: sa.Table, store_id: uuid.UUID) -> dict[str, Any] | None:
    """The row's event-fed columns (not the store id, the timestamps or a service's own columns)."""
    row = (await session.execute(sa.select(table).where(table.c.store_id == store_id))).mappings().first()
    if row is None:
        return None
    return {k: v for k, v in row.items() if k not in UNVERSIONED}


# --------------------------------------------------------------------------- events


def address(
    state: str = "CA", *, lat: float = 37.8, lng: float = -122.27, line2: str | None = None
) -> Address:
    return Address(
        line1="1 Main St", line2=line2, city="Oakland", state=state, postal_code="94607", lat=lat, lng=lng
    )


@dataclass(frozen=True)
class Event:
    """One event of a store's history, before it is given a store id and delivered."""

    kind: str  # created | updated | kyc | subscription
    at: datetime
    fields: dict[str, Any]

    def payload(self, store_id: uuid.UUID) -> EventPayload:
        if self.kind == "created":
            return StoreCreatedV1(
                store_id=store_id, owner_user_id=OWNER, owner_email="owner@example.com", created_at=self.at,
                **self.fields,
            )  # fmt: skip
        if self.kind == "updated":
            return StoreUpdatedV1(store_id=store_id, updated_at=self.at, **self.fields)
        if self.kind == "kyc":
            return StoreKycStatusChangedV1(
                store_id=store_id, previous_status="pending_verification", changed_at=self.at, **self.fields
            )
        return SubscriptionStatusChangedV1(
            store_id=store_id,
            subscription_id=SUBSCRIPTION,
            status="active" if self.fields["subscription_active"] else "canceled",
            current_period_end=T0 + timedelta(days=30),
            cancel_at_period_end=False,
            changed_at=self.at,
            **self.fields,
        )


RECORD: dict[str, Callable[..., Any]] = {
    "created": record_store_created,
    "updated": record_store_updated,
    "kyc": record_kyc_status_changed,
    "subscription": record_subscription_status_changed,
}


async def deliver(session: AsyncSession, table: sa.Table, store_id: uuid.UUID, event: Event) -> bool:
    return bool(await RECORD[event.kind](session, table, event.payload(store_id), occurred_at=event.at))


# --------------------------------------------------------------------------- the model of the rules

SOURCE_OF = {
    "created": ("profile", "kyc"),
    "updated": ("profile",),
    "kyc": ("kyc",),
    "subscription": ("subscription",),
}


def _profile_row(event: Event | None) -> dict[str, Any]:
    if event is None:  # placeholder: no profile event yet
        return dict.fromkeys(
            ("company_name", "dba_name", "phone", "logo_media_id", "logo_url", "state", "address")
        )
    f = event.fields
    return {
        "company_name": f["company_name"],
        "dba_name": f.get("dba_name"),
        "phone": f.get("phone"),
        "logo_media_id": f.get("logo_media_id"),  # store_created carries none
        "logo_url": f.get("logo_url"),
        "state": f["address"].state.strip().upper(),
        "address": f["address"].model_dump(mode="json"),
    }


def expected_row(events: list[Event], table: sa.Table) -> dict[str, Any]:
    """What the row must hold after ``events`` in any order: each source's newest event wins."""

    def newest(*kinds: str) -> Event | None:
        return max((e for e in events if e.kind in kinds), key=lambda e: e.at, default=None)

    created, profile, kyc, subscription = (
        newest("created"), newest("created", "updated"), newest("created", "kyc"), newest("subscription")
    )  # fmt: skip
    if subscription is not None:
        active = subscription.fields["subscription_active"]
    else:  # identity's mirror only fills in while finance has said nothing
        active = created.fields["subscription_active"] if created else False
    row = {
        "type": created.fields["type"] if created else None,
        **_profile_row(profile),
        "kyc_status": kyc.fields["kyc_status"] if kyc else "pending_verification",
        "subscription_active": active,
        "profile_version": profile.at if profile else None,
        "kyc_version": kyc.at if kyc else None,
        "subscription_version": subscription.at if subscription else None,
    }
    return {k: v for k, v in row.items() if k in table.c}


def expected_applied(deliveries: list[Event]) -> list[bool]:
    """Whether each delivery applies: newer than its source's version (store_created: also untyped)."""
    versions: dict[str, datetime] = {}
    typed = False
    applied = []
    for event in deliveries:
        newer = [s for s in SOURCE_OF[event.kind] if s not in versions or versions[s] < event.at]
        applied.append(bool(newer) or (event.kind == "created" and not typed))
        for source in newer:
            versions[source] = event.at
        typed = typed or event.kind == "created"
    return applied


# --------------------------------------------------------------------------- strategies

addresses = st.builds(
    address,
    st.sampled_from(["ca", " Or ", "NV", "wa "]),
    lat=st.floats(min_value=-90, max_value=90, allow_nan=False).map(lambda x: round(x, 6)),
    lng=st.floats(min_value=-180, max_value=180, allow_nan=False).map(lambda x: round(x, 6)),
    line2=st.none() | st.just("Suite 2"),
)
profiles = st.fixed_dictionaries(
    {
        "company_name": st.sampled_from(["Green Acres LLC", "Blue Sky Co", "Cedar Farms Inc"]),
        "dba_name": st.none() | st.sampled_from(["Green Acres", "Blue Sky"]),
        "phone": st.none() | st.sampled_from(["+15105550100", "+15415550199"]),
        "logo_url": st.none() | st.just(LOGO_URL),
        "address": addresses,
    }
)
created_fields = st.builds(
    lambda profile, **rest: {**profile, **rest},
    profiles,
    type=st.sampled_from(["buyer", "vendor"]),
    kyc_status=st.sampled_from(KYC_STATUSES_V1),
    subscription_active=st.booleans(),
)
updated_fields = st.builds(
    lambda profile, logo_media_id: {**profile, "logo_media_id": logo_media_id},
    profiles,
    st.none() | st.just(LOGO_MEDIA_ID),
)
FIELDS = {
    "updated": updated_fields,
    "kyc": st.fixed_dictionaries({"kyc_status": st.sampled_from(KYC_STATUSES_V1)}),
    "subscription": st.fixed_dictionaries({"subscription_active": st.booleans()}),
}
FOCUS_KIND = {"profile": "updated", "kyc": "kyc", "subscription": "subscription"}


@st.composite
def histories(draw: Any, focus: str) -> list[Event]:
    """One store's events: store_created (usually), several of ``focus``'s source, a few others."""
    kinds = ["created"] if draw(st.integers(0, 4)) else []  # 1 in 5 histories never see store_created
    for kind in ("updated", "kyc", "subscription"):
        low, high = (2, 5) if kind == FOCUS_KIND[focus] else (0, 2)
        kinds += [kind] * draw(st.integers(low, high))
    seconds = draw(st.lists(st.integers(0, 86_400), min_size=len(kinds), max_size=len(kinds), unique=True))
    return [
        Event(kind, T0 + timedelta(seconds=s), draw(created_fields if kind == "created" else FIELDS[kind]))
        for kind, s in zip(kinds, seconds, strict=True)
    ]


@st.composite
def shuffled_with_duplicates(draw: Any, events: list[Event]) -> list[Event]:
    duplicates = draw(st.lists(st.sampled_from(events), min_size=1, max_size=len(events)))
    return draw(st.permutations([*events, *duplicates]))


# --------------------------------------------------------------------------- convergence


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
@pytest.mark.parametrize("focus", ["profile", "kyc", "subscription"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_shuffled_and_duplicated_deliveries_converge_on_the_in_order_row(conn, table, focus, data):
    # given a random history of one store, and that history shuffled with duplicates
    events = data.draw(histories(focus), label="history")
    deliveries = data.draw(shuffled_with_duplicates(events), label="deliveries")
    in_order = sorted(events, key=lambda e: e.at)
    in_order_id, shuffled_id = uuid.uuid4(), uuid.uuid4()

    async with rolled_back(conn) as session:
        # when it is applied in order to one store, and as delivered to another
        applied_in_order = [await deliver(session, table, in_order_id, e) for e in in_order]
        applied_shuffled = [await deliver(session, table, shuffled_id, e) for e in deliveries]

        # then the in-order row is what the rules say, and the shuffled row is the same row
        expected = expected_row(events, table)
        assert await projected(session, table, in_order_id) == expected
        assert await projected(session, table, shuffled_id) == expected
        # and each upsert reported exactly whether it applied (stale ones and duplicates did not)
        assert applied_in_order == [True] * len(in_order)
        assert applied_shuffled == expected_applied(deliveries)
        assert applied_shuffled.count(False) >= len(deliveries) - len(events)


# --------------------------------------------------------------------------- placeholders


def created(**over: Any) -> dict[str, Any]:
    return {
        "type": "vendor",
        "company_name": "Green Acres LLC",
        "dba_name": None,
        "phone": "+15105550100",
        "address": address("ca"),
        "kyc_status": "pending_verification",
        "subscription_active": False,
        "logo_url": None,
        **over,
    }


def updated(**over: Any) -> dict[str, Any]:
    return {
        "company_name": "Green Acres Holdings LLC",
        "dba_name": "Green Acres",
        "phone": "+15415550199",
        "logo_media_id": LOGO_MEDIA_ID,
        "logo_url": LOGO_URL,
        "address": address(" or ", lat=45.52, lng=-122.68, line2="Suite 2"),
        **over,
    }


UPDATED_PROFILE = {
    "company_name": "Green Acres Holdings LLC",
    "dba_name": "Green Acres",
    "phone": "+15415550199",
    "logo_media_id": LOGO_MEDIA_ID,
    "logo_url": LOGO_URL,
    "state": "OR",
    "address": {
        "line1": "1 Main St",
        "line2": "Suite 2",
        "city": "Oakland",
        "state": " or ",
        "postal_code": "94607",
        "country": "US",
        "lat": 45.52,
        "lng": -122.68,
        "geohash": None,
    },
}


async def test_an_update_before_store_created_makes_a_placeholder_that_created_fills(conn, captured_logs):
    store_id = uuid.uuid4()
    async with rolled_back(conn) as session:
        # given store_updated (T2) about a store not seen yet: a row without a type or KYC fact
        assert await deliver(session, FULL, store_id, Event("updated", T0 + timedelta(seconds=2), updated()))
        assert await projected(session, FULL, store_id) == {
            "type": None,
            **UPDATED_PROFILE,
            "kyc_status": "pending_verification",
            "subscription_active": False,
            "profile_version": T0 + timedelta(seconds=2),
            "kyc_version": None,
            "subscription_version": None,
        }

        # when store_created (T1, verified) arrives, twice
        late = Event("created", T0 + timedelta(seconds=1), created(kyc_status="verified"))
        assert await deliver(session, FULL, store_id, late) is True
        assert await deliver(session, FULL, store_id, late) is False

        # then it fills the type and KYC, and the newer profile stays
        assert await projected(session, FULL, store_id) == {
            "type": "vendor",
            **UPDATED_PROFILE,
            "kyc_status": "verified",
            "subscription_active": False,
            "profile_version": T0 + timedelta(seconds=2),
            "kyc_version": T0 + timedelta(seconds=1),
            "subscription_version": None,
        }
    table = f"{SCHEMA}.store_projection"
    assert [(e["event"], e["event_type"], e["table"]) for e in captured_logs] == [
        ("store_projection.applied", "store_updated", table),
        ("store_projection.applied", "store_created", table),
        ("store_projection.stale_ignored", "store_created", table),
    ]


@pytest.mark.parametrize(
    ("kind", "fields", "fact"),
    [
        ("kyc", {"kyc_status": "verified"}, {"kyc_status": "verified", "kyc_version": T0}),
        (
            "subscription",
            {"subscription_active": True},
            {"subscription_active": True, "subscription_version": T0},
        ),
    ],
)
async def test_a_kyc_or_subscription_event_about_an_unknown_store_makes_a_placeholder(
    conn, kind, fields, fact
):
    store_id = uuid.uuid4()
    async with rolled_back(conn) as session:
        assert await deliver(session, FULL, store_id, Event(kind, T0, fields)) is True

        assert await projected(session, FULL, store_id) == {
            **dict.fromkeys(
                ("type", *UPDATED_PROFILE, "profile_version", "kyc_version", "subscription_version")
            ),
            "kyc_status": "pending_verification",
            "subscription_active": False,
            **fact,
        }


async def test_the_type_never_changes_once_known(conn):
    store_id = uuid.uuid4()
    async with rolled_back(conn) as session:
        await deliver(session, FULL, store_id, Event("created", T0, created(type="vendor")))

        # a later store_created of the same store (a bug upstream) may refresh the profile, not the type
        later = Event("created", T0 + timedelta(seconds=1), created(type="buyer", company_name="Renamed"))
        assert await deliver(session, FULL, store_id, later) is True

        row = await projected(session, FULL, store_id) or {}
        assert (row["type"], row["company_name"]) == ("vendor", "Renamed")


async def test_store_created_keeps_phone_and_the_full_address(conn):
    store_id = uuid.uuid4()
    async with rolled_back(conn) as session:
        await deliver(
            session, FULL, store_id, Event("created", T0, created(address=address(" nv ", lat=36.17)))
        )

        row = await projected(session, FULL, store_id)
        assert row is not None
        assert (row["phone"], row["state"]) == ("+15105550100", "NV")
        assert row["address"] == {
            "line1": "1 Main St",
            "line2": None,
            "city": "Oakland",
            "state": " nv ",
            "postal_code": "94607",
            "country": "US",
            "lat": 36.17,
            "lng": -122.27,
            "geohash": None,
        }


async def test_updated_at_moves_only_when_an_event_applies(conn):
    store_id = uuid.uuid4()
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    async with rolled_back(conn) as session:
        await deliver(
            session, FULL, store_id, Event("kyc", T0 + timedelta(seconds=5), {"kyc_status": "verified"})
        )
        await session.execute(sa.update(FULL).values(created_at=long_ago, updated_at=long_ago))

        # a stale KYC change leaves the row alone
        await deliver(session, FULL, store_id, Event("kyc", T0, {"kyc_status": "rejected"}))
        stamps = (await session.execute(sa.select(FULL.c.created_at, FULL.c.updated_at))).one()
        assert tuple(stamps) == (long_ago, long_ago)

        # a newer one touches updated_at (now(): the transaction's time) and never created_at
        await deliver(
            session, FULL, store_id, Event("kyc", T0 + timedelta(seconds=9), {"kyc_status": "expired"})
        )
        now = (await session.execute(sa.select(sa.func.now()))).scalar_one()
        stamps = (await session.execute(sa.select(FULL.c.created_at, FULL.c.updated_at))).one()
        assert tuple(stamps) == (long_ago, now)


# --------------------------------------------------------------------------- fewer columns


async def test_a_service_keeping_fewer_columns_gets_only_those_and_keeps_its_own(conn):
    store_id = uuid.uuid4()
    async with rolled_back(conn) as session:
        # given a row whose service-owned column is set
        await deliver(session, NARROW, store_id, Event("created", T0, created()))
        await session.execute(sa.update(NARROW).values(ads_billing_blocked=True))

        # when every kind of event arrives
        await deliver(session, NARROW, store_id, Event("updated", T0 + timedelta(seconds=1), updated()))
        await deliver(
            session, NARROW, store_id, Event("kyc", T0 + timedelta(seconds=2), {"kyc_status": "verified"})
        )
        assert await deliver(
            session,
            NARROW,
            store_id,
            Event("subscription", T0 + timedelta(seconds=3), {"subscription_active": True}),
        )

        # then the row has only the chosen columns, filled, and the service's own is untouched
        row = (await session.execute(sa.select(NARROW))).mappings().one()
        assert dict(row) == {
            "store_id": store_id,
            "type": "vendor",
            "state": "OR",
            "kyc_status": "verified",
            "profile_version": T0 + timedelta(seconds=1),
            "kyc_version": T0 + timedelta(seconds=2),
            "subscription_version": T0 + timedelta(seconds=3),
            "ads_billing_blocked": True,
        }


def test_columns_are_chosen_by_name_and_unknown_names_are_refused():
    assert [c.name for c in store_projection_columns(("state", "phone"))] == [
        "store_id", "type", "phone", "state", "profile_version", "kyc_version", "subscription_version",
    ]  # fmt: skip
    assert [c.name for c in FULL.c] == [
        "store_id", "type", *(c for c in OPTIONAL_COLUMNS if not c.endswith("_at")),
        "profile_version", "kyc_version", "subscription_version", "created_at", "updated_at",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="ads_billing_blocked"):
        store_projection_columns(("state", "ads_billing_blocked"))


def test_the_frozen_enum_values_are_still_the_event_enums():
    # a value added to StoreType/KycStatus needs a migration of the CHECK constraints (and a _v2)
    assert tuple(t.value for t in StoreType) == STORE_TYPES_V1
    assert tuple(k.value for k in KycStatus) == KYC_STATUSES_V1


# --------------------------------------------------------------------------- ready-made consumers


async def test_the_ready_made_consumers_project_with_the_envelopes_occurred_at(conn):
    consumers = store_projection_consumers(FULL)
    assert [c.subscription("orders").name for c in consumers] == [
        "orders.project_store_created",
        "orders.project_store_updated",
        "orders.project_store_kyc_status",
        "orders.project_subscription_status",
    ]
    assert [c.event for c in consumers] == [
        StoreCreatedV1,
        StoreUpdatedV1,
        StoreKycStatusChangedV1,
        SubscriptionStatusChangedV1,
    ]

    store_id = uuid.uuid4()
    history = [
        Event("subscription", T0 + timedelta(seconds=4), {"subscription_active": True}),
        Event("created", T0 + timedelta(seconds=1), created()),
        Event("kyc", T0 + timedelta(seconds=3), {"kyc_status": "verified"}),
        Event("updated", T0 + timedelta(seconds=2), updated()),
        Event("updated", T0, updated(company_name="Stale LLC")),
    ]
    handler = {c.event: c.handler for c in consumers}
    async with rolled_back(conn) as session:
        for event in history:
            payload = event.payload(store_id)
            envelope = payload.to_envelope(event_id=uuid.uuid4(), occurred_at=event.at)
            await handler[type(payload)](session, payload, envelope)

        assert await projected(session, FULL, store_id) == expected_row(history, FULL)
        assert (await projected(session, FULL, store_id) or {})["company_name"] == "Green Acres Holdings LLC"


# --------------------------------------------------------------------------- migration helpers


def _catalog_like(table_name: str) -> tuple[Any, ...]:
    return (
        sa.CheckConstraint("state IS NULL OR state = upper(state)", name="state_upper"),
        sa.Index(
            f"ix_{table_name}_visible_vendors",
            "state",
            postgresql_where=sa.text("type = 'vendor' AND kyc_status = 'verified' AND subscription_active"),
        ),
    )


@pytest.fixture
def sync_engine(pf_servers: TestServers) -> Iterator[sa.Engine]:
    name = f"pf_store_projection_mig_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(pf_servers.create_database(name))
    yield engine
    engine.dispose()
    pf_servers.drop_database(name)


def _diff(conn: sa.Connection, target: sa.MetaData, schema: str) -> list[Any]:
    ctx = MigrationContext.configure(
        conn,
        opts={
            "include_schemas": True,
            "include_name": lambda name, type_, _p: name == schema if type_ == "schema" else True,
            "compare_type": True,
        },
    )
    return list(compare_metadata(ctx, target))


def _shape(conn: sa.Connection, schema: str, table: str) -> dict[str, Any]:
    inspector = sa.inspect(conn)
    return {
        "pk": inspector.get_pk_constraint(table, schema=schema)["name"],
        "checks": sorted(
            (c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table, schema=schema)
        ),
        "indexes": sorted(
            (i["name"], str(i.get("dialect_options"))) for i in inspector.get_indexes(table, schema=schema)
        ),
    }


def test_the_migration_helpers_create_and_extend_the_declared_table(sync_engine):
    columns = (
        "company_name",
        "dba_name",
        "logo_media_id",
        "logo_url",
        "state",
        "kyc_status",
        "subscription_active",
    )
    with sync_engine.begin() as conn:
        for schema in ("by_migration", "by_models"):
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        # the models' table, made by create_all
        models = make_metadata("by_models")
        add_store_projection(models, columns=columns, extra=_catalog_like("store_projection"))
        models.create_all(conn)
        # the migration's, made through Alembic as a service's env.py runs it (naming convention on)
        target = make_metadata("by_migration")
        add_store_projection(target, columns=columns, extra=_catalog_like("store_projection"))
        op = Operations(MigrationContext.configure(conn, opts={"target_metadata": target}))

        create_store_projection_v1(
            op, "by_migration", columns=columns, extra=_catalog_like("store_projection")
        )

        # the migration made what the models declare: columns, types, defaults, names of constraints
        assert _diff(conn, target, "by_migration") == []
        assert _shape(conn, "by_migration", "store_projection") == _shape(
            conn, "by_models", "store_projection"
        )
        assert {
            c["name"]
            for c in sa.inspect(conn).get_check_constraints("store_projection", schema="by_migration")
        } == {
            "ck_store_projection_state_upper",
            "ck_store_projection_store_type",
            "ck_store_projection_kyc_status",
        }

        # when the service keeps two more columns
        wider = make_metadata("by_migration")
        add_store_projection(
            wider, columns=(*columns, "phone", "address"), extra=_catalog_like("store_projection")
        )
        assert {d[0] for d in _diff(conn, wider, "by_migration")} == {"add_column"}  # the check can fail
        add_store_projection_columns_v1(op, "by_migration", ("phone", "address"))

        # then the table is the wider declaration
        assert _diff(conn, wider, "by_migration") == []
