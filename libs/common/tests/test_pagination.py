"""pf_common.pagination: cursors, page parameters and keyset pages over a real Postgres table."""

from __future__ import annotations

import base64
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import Depends, FastAPI
from sqlalchemy import Column, DateTime, Table, Text, Uuid, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pf_common.app import install_error_handlers
from pf_common.db import make_metadata
from pf_common.errors import ValidationFailed
from pf_common.pagination import (
    InvalidCursor,
    Page,
    PageInfo,
    PageParams,
    decode_cursor,
    encode_cursor,
    paginate,
    paginate_ascending,
)
from pf_common.pagination_http import PageQuery

if TYPE_CHECKING:
    from pf_common.testing.servers import TestServers

SCHEMA = "pf_pagination_test"
STORE_A = UUID("00000000-0000-7000-8000-00000000000a")
STORE_B = UUID("00000000-0000-7000-8000-00000000000b")
BASE = datetime(2026, 3, 2, 10, 0, 0, 0, tzinfo=UTC)
TIE = BASE + timedelta(seconds=20, microseconds=500_001)  # 20 rows share it, mid-way in the order


class Base(DeclarativeBase):
    metadata = make_metadata(SCHEMA)


class Item(Base):
    __tablename__ = "items"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    store_id: Mapped[UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Payout(Base):
    """A list ordered by another, nullable timestamp (finance's payouts: ``delivered_at`` ASC)."""

    __tablename__ = "payouts"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# A naive ``timestamp without time zone`` table: read and sought as UTC.
naive_events = Table(
    "naive_events",
    Base.metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", DateTime(timezone=False), nullable=False),
)

Key = tuple[datetime, UUID]


@pytest.fixture(scope="module")
async def engine(pf_servers: TestServers) -> AsyncIterator[AsyncEngine]:
    url = pf_servers.create_database("pf_test_pagination")
    eng = create_async_engine(url)
    async with eng.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        await conn.run_sync(Base.metadata.create_all)
    yield eng
    await eng.dispose()


@pytest.fixture(scope="module")
async def seeded(engine: AsyncEngine) -> list[Item]:
    """60 rows: 40 distinct timestamps (with microseconds) and 20 sharing ``TIE``; stores alternate."""
    stamps = [BASE + timedelta(seconds=i, microseconds=i * 7) for i in range(40)] + [TIE] * 20
    rows = [
        Item(id=uuid4(), store_id=STORE_A if n % 2 == 0 else STORE_B, name=f"item-{n}", created_at=ts)
        for n, ts in enumerate(stamps)
    ]
    async with AsyncSession(engine, expire_on_commit=False) as session:
        session.add_all(rows)
        await session.commit()
    return rows


def _ordered(rows: list[Item]) -> list[Key]:
    return sorted(((r.created_at, r.id) for r in rows), reverse=True)


async def _walk(
    engine: AsyncEngine,
    stmt: Any,
    limit: int,
    *,
    fn: Any = paginate,
    key_col: Any = Item.created_at,
    id_col: Any = Item.id,
) -> list[Page[Any]]:
    pages: list[Page[Any]] = []
    cursor: str | None = None
    async with AsyncSession(engine) as session:
        for n in range(1, 100):
            params = PageParams(limit=limit, cursor=cursor, page=n)
            page = await fn(session, stmt, created_at_col=key_col, id_col=id_col, params=params)
            pages.append(page)
            cursor = page.pagination.next
            if not cursor:
                return pages
    raise AssertionError("pagination did not terminate")


# --- cursors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("created_at", "stamp"),
    [
        (datetime(2026, 3, 2, 10, 4, 5, 123456, tzinfo=UTC), "2026-03-02T10:04:05.123456Z"),
        (datetime(2026, 3, 2, 10, 4, 5, 120000, tzinfo=UTC), "2026-03-02T10:04:05.12Z"),
        (datetime(2026, 3, 2, 10, 4, 5, 1, tzinfo=UTC), "2026-03-02T10:04:05.000001Z"),
        (datetime(2026, 3, 2, 10, 4, 5, tzinfo=UTC), "2026-03-02T10:04:05Z"),
        (
            datetime(2026, 3, 2, 12, 4, 5, 999999, tzinfo=timezone(timedelta(hours=2))),
            "2026-03-02T10:04:05.999999Z",
        ),
    ],
)
def test_cursor_round_trips_microseconds_exactly(created_at: datetime, stamp: str) -> None:
    ident = UUID("0195f0c2-7a3b-7cde-8f01-23456789abcd")

    cursor = encode_cursor(created_at, ident)

    assert base64.b64decode(cursor, validate=True).decode() == f"{stamp}|{ident}"
    assert decode_cursor(cursor) == (created_at, ident)
    assert decode_cursor(cursor)[0].tzinfo is UTC


def test_cursor_accepts_rfc3339nano_from_other_producers() -> None:
    ident = uuid4()
    nanos = base64.b64encode(f"2026-03-02T10:04:05.123456789Z|{ident}".encode()).decode()
    offset = base64.b64encode(f"2026-03-02T12:04:05.5+02:00|{ident}".encode()).decode()

    assert decode_cursor(nanos) == (datetime(2026, 3, 2, 10, 4, 5, 123456, tzinfo=UTC), ident)
    assert decode_cursor(offset) == (datetime(2026, 3, 2, 10, 4, 5, 500000, tzinfo=UTC), ident)
    # RFC 3339 §5.6 allows a lower-case "t" and "z" (JSON Schema's date-time format does too)
    lower = base64.b64encode(f"2026-03-02t10:04:05.5z|{ident}".encode()).decode()
    assert decode_cursor(lower) == (datetime(2026, 3, 2, 10, 4, 5, 500000, tzinfo=UTC), ident)
    # A naive datetime is encoded as UTC.
    assert decode_cursor(encode_cursor(datetime(2026, 3, 2, 10, 4, 5, 7), ident))[0] == datetime(
        2026, 3, 2, 10, 4, 5, 7, tzinfo=UTC
    )


def _b64(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "!!!!",
        "not base64 at all",
        "YWJj",  # "abc"
        _b64("2026-03-02T10:04:05Z"),
        _b64("2026-03-02T10:04:05Z|"),
        _b64("2026-03-02T10:04:05Z|not-a-uuid"),
        _b64("2026-03-02T10:04:05Z|0195f0c27a3b7cde8f0123456789abcd"),
        _b64("2026-03-02T10:04:05Z|0195f0c2-7a3b-7cde-8f01-23456789abcd|x"),
        _b64("2026-13-02T10:04:05Z|0195f0c2-7a3b-7cde-8f01-23456789abcd"),
        _b64("2026-03-02 10:04:05Z|0195f0c2-7a3b-7cde-8f01-23456789abcd"),
        _b64("2026-03-02T10:04:05|0195f0c2-7a3b-7cde-8f01-23456789abcd"),
        _b64("2026-03-02T10:04:05.1234567890Z|0195f0c2-7a3b-7cde-8f01-23456789abcd"),
        _b64("0001-01-01T00:00:00+01:00|0195f0c2-7a3b-7cde-8f01-23456789abcd"),
        base64.b64encode(b"\xff\xfe|\x00").decode(),
        "A" * 400,
    ],
)
def test_garbage_cursor_is_rejected(garbage: str) -> None:
    with pytest.raises(InvalidCursor) as info:
        decode_cursor(garbage)

    assert info.value.status_code == 400
    assert info.value.details == {"cursor": "invalid cursor"}


# --- page parameters through an app ----------------------------------------------------------


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/items")
    async def items(params: Annotated[PageParams, Depends()]) -> dict[str, Any]:
        return {"data": {"limit": params.limit, "cursor": params.cursor, "page": params.page}}

    @app.get("/alias")
    async def alias(params: PageQuery) -> dict[str, Any]:
        return {"data": {"limit": params.limit}}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_page_params_defaults_and_page_hint(client: httpx.AsyncClient) -> None:
    cursor = encode_cursor(BASE, STORE_A)

    default = await client.get("/items")
    hinted_without_cursor = await client.get("/items", params={"page": 3})
    hinted = await client.get("/items", params={"page": 3, "cursor": cursor, "limit": 100})
    alias = await client.get("/alias", params={"limit": 1})

    assert default.json() == {"data": {"limit": 25, "cursor": None, "page": 1}}
    assert hinted_without_cursor.json() == {"data": {"limit": 25, "cursor": None, "page": 1}}
    assert hinted.json() == {"data": {"limit": 100, "cursor": cursor, "page": 3}}
    assert alias.json() == {"data": {"limit": 1}}


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc"])
async def test_limit_out_of_range_is_400_with_field_details(client: httpx.AsyncClient, limit: str) -> None:
    response = await client.get("/items", params={"limit": limit})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]) == ["limit"]


async def test_garbage_cursor_is_400_through_the_app(client: httpx.AsyncClient) -> None:
    response = await client.get("/items", params={"cursor": "definitely-not-a-cursor"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert response.json()["error"]["details"] == {"cursor": "invalid cursor"}


def test_page_params_validate_when_built_directly() -> None:
    with pytest.raises(ValidationFailed) as info:
        PageParams(limit=0)
    assert info.value.details == {"limit": "must be between 1 and 100"}
    with pytest.raises(InvalidCursor):
        PageParams(cursor="nope")
    with pytest.raises(ValidationFailed) as page_info:
        PageParams(cursor=encode_cursor(BASE, STORE_A), page=0)
    assert page_info.value.details == {"page": "must be at least 1"}
    assert PageParams(cursor="", page=4) == PageParams()


def test_page_body_shape() -> None:
    info = PageInfo(page=2, total=9, current="c", first="f", last="l", prev="c", next="")
    page = Page(items=[1, 2], pagination=info)

    assert page.body("items") == {
        "items": [1, 2],
        "pagination": {
            "page": 2,
            "total": 9,
            "current": "c",
            "first": "f",
            "last": "l",
            "prev": "c",
            "next": "",
        },
    }
    assert page.body("products", [{"id": "1"}, {"id": "2"}])["products"] == [{"id": "1"}, {"id": "2"}]


# --- keyset pages over Postgres --------------------------------------------------------------


async def test_walk_returns_every_row_once_in_order_across_ties(
    engine: AsyncEngine, seeded: list[Item]
) -> None:
    expected = _ordered(seeded)
    first, last = encode_cursor(*expected[0]), encode_cursor(*expected[-1])

    pages = await _walk(engine, select(Item), limit=7)

    walked = [(i.created_at, i.id) for p in pages for i in p.items]
    assert walked == expected  # every row exactly once, created_at DESC, id DESC, microseconds intact
    assert len(pages) == math.ceil(60 / 7)
    assert [len(p.items) for p in pages] == [7] * 8 + [4]
    used = ""
    for n, page in enumerate(pages, start=1):
        info = page.pagination
        assert (info.page, info.total, info.first, info.last) == (n, 60, first, last)
        assert info.current == info.prev == used
        tail = page.items[-1]
        assert info.next == ("" if n == len(pages) else encode_cursor(tail.created_at, tail.id))
        used = info.next
    # The tie group really is split by page boundaries (the case keyset on created_at alone breaks).
    splits = [
        n
        for n in range(len(pages) - 1)
        if pages[n].items[-1].created_at == pages[n + 1].items[0].created_at == TIE
    ]
    assert len(splits) >= 2


async def test_filter_is_respected(engine: AsyncEngine, seeded: list[Item]) -> None:
    expected = _ordered([r for r in seeded if r.store_id == STORE_A])

    pages = await _walk(engine, select(Item).where(Item.store_id == STORE_A), limit=7)

    walked = [(i.created_at, i.id) for p in pages for i in p.items]
    assert walked == expected
    assert len(expected) == 30
    assert {p.pagination.total for p in pages} == {30}
    assert {p.pagination.first for p in pages} == {encode_cursor(*expected[0])}
    assert {p.pagination.last for p in pages} == {encode_cursor(*expected[-1])}


async def test_single_page_and_empty_set(engine: AsyncEngine, seeded: list[Item]) -> None:
    expected = _ordered(seeded)
    async with AsyncSession(engine) as session:
        whole = await paginate(
            session,
            select(Item),
            created_at_col=Item.created_at,
            id_col=Item.id,
            params=PageParams(limit=100),
        )
        empty = await paginate(
            session,
            select(Item).where(Item.name == "nothing"),
            created_at_col=Item.created_at,
            id_col=Item.id,
            params=PageParams(),
        )
        past_end = await paginate(
            session,
            select(Item),
            created_at_col=Item.created_at,
            id_col=Item.id,
            params=PageParams(cursor=encode_cursor(*expected[-1])),
        )

    assert [(i.created_at, i.id) for i in whole.items] == expected
    assert whole.body("items", [])["pagination"] == {
        "page": 1,
        "total": 60,
        "current": "",
        "first": encode_cursor(*expected[0]),
        "last": encode_cursor(*expected[-1]),
        "prev": "",
        "next": "",
    }
    assert empty.items == []
    assert empty.pagination == PageInfo(page=1, total=0, current="", first="", last="", prev="", next="")
    assert past_end.items == []
    assert (past_end.pagination.total, past_end.pagination.next) == (60, "")
    assert past_end.pagination.first == encode_cursor(*expected[0])
    assert past_end.pagination.last == encode_cursor(*expected[-1])


async def test_multi_column_select_yields_rows(engine: AsyncEngine, seeded: list[Item]) -> None:
    expected = _ordered(seeded)
    async with AsyncSession(engine) as session:
        page = await paginate(
            session,
            select(Item.id, Item.name),
            created_at_col=Item.created_at,
            id_col=Item.id,
            params=PageParams(limit=3),
        )

    assert [row.id for row in page.items] == [i for _, i in expected[:3]]
    assert all(row.name.startswith("item-") for row in page.items)
    assert page.pagination.next == encode_cursor(*expected[2])


async def test_naive_timestamp_column_is_sought_as_utc(engine: AsyncEngine) -> None:
    ids = sorted((uuid4() for _ in range(5)), reverse=True)
    naive = datetime(2026, 3, 2, 10, 0, 0, 250)
    async with AsyncSession(engine) as session:
        await session.execute(naive_events.insert(), [{"id": i, "created_at": naive} for i in ids])
        await session.commit()
        stmt = select(naive_events).where(naive_events.c.created_at == naive)
        cols = {"created_at_col": naive_events.c.created_at, "id_col": naive_events.c.id}
        one = await paginate(session, stmt, **cols, params=PageParams(limit=2))
        two = await paginate(session, stmt, **cols, params=PageParams(limit=2, cursor=one.pagination.next))
        three = await paginate(session, stmt, **cols, params=PageParams(limit=2, cursor=two.pagination.next))

    assert [r.id for p in (one, two, three) for r in p.items] == ids
    assert decode_cursor(one.pagination.next) == (naive.replace(tzinfo=UTC), ids[1])
    assert three.pagination.next == ""


# --- ascending keyset pages ------------------------------------------------------------------


async def _full_order(
    engine: AsyncEngine, stmt: Any, key_col: Any, id_col: Any, *, descending: bool
) -> list[Key]:
    """The reference: the whole filtered set in one ORDER BY."""
    order = (key_col.desc(), id_col.desc()) if descending else (key_col.asc(), id_col.asc())
    keyed = stmt.with_only_columns(key_col, id_col, maintain_column_froms=True).order_by(*order)
    async with AsyncSession(engine) as session:
        return [(k, i) for k, i in (await session.execute(keyed)).all()]


def _keys(pages: list[Page[Any]], key: str = "created_at") -> list[Key]:
    return [(getattr(i, key), i.id) for p in pages for i in p.items]


async def test_ascending_walk_returns_every_row_once_in_order_across_ties(
    engine: AsyncEngine, seeded: list[Item]
) -> None:
    expected = await _full_order(engine, select(Item), Item.created_at, Item.id, descending=False)
    first, last = encode_cursor(*expected[0]), encode_cursor(*expected[-1])

    pages = await _walk(engine, select(Item), limit=7, fn=paginate_ascending)

    assert _keys(pages) == expected  # created_at ASC, id ASC: every row once
    assert expected == sorted(_ordered(seeded))
    assert [len(p.items) for p in pages] == [7] * 8 + [4]
    used = ""
    for n, page in enumerate(pages, start=1):
        info = page.pagination
        assert (info.page, info.total, info.first, info.last) == (n, 60, first, last)
        assert info.current == info.prev == used
        tail = page.items[-1]
        assert info.next == ("" if n == len(pages) else encode_cursor(tail.created_at, tail.id))
        used = info.next
    splits = [
        n
        for n in range(len(pages) - 1)
        if pages[n].items[-1].created_at == pages[n + 1].items[0].created_at == TIE
    ]
    assert len(splits) >= 2  # the 20-row tie is cut by page boundaries


@pytest.mark.parametrize("limit", [1, 2, 3, 19, 20, 21, 59, 60, 61, 100])
@pytest.mark.parametrize("descending", [True, False], ids=["desc", "asc"])
async def test_every_page_size_walks_the_full_order_both_ways(
    engine: AsyncEngine, seeded: list[Item], limit: int, descending: bool
) -> None:
    stmt = select(Item).where(Item.store_id == STORE_B)
    expected = await _full_order(engine, stmt, Item.created_at, Item.id, descending=descending)

    pages = await _walk(engine, stmt, limit=limit, fn=paginate if descending else paginate_ascending)

    assert _keys(pages) == expected
    assert len(pages) == max(1, math.ceil(len(expected) / limit))
    assert {(p.pagination.total, p.pagination.first, p.pagination.last) for p in pages} == {
        (len(expected), encode_cursor(*expected[0]), encode_cursor(*expected[-1]))
    }


async def test_ascending_single_page_empty_set_and_past_the_end(
    engine: AsyncEngine, seeded: list[Item]
) -> None:
    expected = sorted(_ordered(seeded))
    cols = {"created_at_col": Item.created_at, "id_col": Item.id}
    async with AsyncSession(engine) as session:
        whole = await paginate_ascending(session, select(Item), **cols, params=PageParams(limit=100))
        empty = await paginate_ascending(
            session, select(Item).where(Item.name == "nothing"), **cols, params=PageParams()
        )
        past_end = await paginate_ascending(
            session, select(Item), **cols, params=PageParams(cursor=encode_cursor(*expected[-1]), page=9)
        )
        # a descending cursor is an ascending one too (same format): it seeks upwards from that row
        from_middle = await paginate_ascending(
            session, select(Item.id), **cols, params=PageParams(limit=5, cursor=encode_cursor(*expected[29]))
        )

    assert _keys([whole]) == expected
    assert whole.pagination == PageInfo(
        page=1,
        total=60,
        current="",
        first=encode_cursor(*expected[0]),
        last=encode_cursor(*expected[-1]),
        prev="",
        next="",
    )
    assert empty.items == []
    assert empty.pagination == PageInfo(page=1, total=0, current="", first="", last="", prev="", next="")
    assert past_end.items == []
    assert (past_end.pagination.page, past_end.pagination.total, past_end.pagination.next) == (9, 60, "")
    assert past_end.pagination.first == encode_cursor(*expected[0])
    assert past_end.pagination.last == encode_cursor(*expected[-1])
    assert from_middle.items == [i for _, i in expected[30:35]]
    assert from_middle.pagination.next == encode_cursor(*expected[34])


@pytest.fixture(scope="module")
async def payouts(engine: AsyncEngine) -> list[Payout]:
    """45 delivered payouts on only 3 distinct ``delivered_at`` (15 each), created in the
    opposite order, plus 5 not yet delivered (NULL)."""
    delivered = [BASE + timedelta(days=d, microseconds=d) for d in (2, 0, 1)]
    rows = [
        Payout(id=uuid4(), delivered_at=delivered[n % 3], created_at=BASE + timedelta(days=10, seconds=-n))
        for n in range(45)
    ] + [Payout(id=uuid4(), delivered_at=None, created_at=BASE) for _ in range(5)]
    async with AsyncSession(engine, expire_on_commit=False) as session:
        session.add_all(rows)
        await session.commit()
    return rows


async def test_ascending_by_a_chosen_timestamp_column(engine: AsyncEngine, payouts: list[Payout]) -> None:
    stmt = select(Payout).where(Payout.delivered_at.is_not(None))
    expected = await _full_order(engine, stmt, Payout.delivered_at, Payout.id, descending=False)

    pages = await _walk(
        engine, stmt, limit=4, fn=paginate_ascending, key_col=Payout.delivered_at, id_col=Payout.id
    )

    assert _keys(pages, "delivered_at") == expected
    assert len(expected) == 45
    assert expected == sorted((p.delivered_at, p.id) for p in payouts if p.delivered_at is not None)
    # the cursor carries delivered_at (not created_at)
    assert decode_cursor(pages[0].pagination.next) == expected[3]
    assert {p.pagination.last for p in pages} == {encode_cursor(*expected[-1])}
    assert {p.pagination.total for p in pages} == {45}


@pytest.mark.parametrize("fn", [paginate, paginate_ascending])
async def test_a_null_timestamp_key_is_refused(engine: AsyncEngine, payouts: list[Payout], fn: Any) -> None:
    async with AsyncSession(engine) as session:
        with pytest.raises(ValueError, match="NULL timestamp key"):
            await fn(
                session,
                select(Payout),  # the undelivered rows were not filtered out
                created_at_col=Payout.delivered_at,
                id_col=Payout.id,
                params=PageParams(limit=10),
            )


async def test_ascending_naive_timestamp_column_is_sought_as_utc(engine: AsyncEngine) -> None:
    ids = sorted(uuid4() for _ in range(5))
    naive = datetime(2027, 1, 2, 10, 0, 0, 750)
    async with AsyncSession(engine) as session:
        await session.execute(naive_events.insert(), [{"id": i, "created_at": naive} for i in ids])
        await session.commit()
        stmt = select(naive_events).where(naive_events.c.created_at == naive)
        cols = {"created_at_col": naive_events.c.created_at, "id_col": naive_events.c.id}
        one = await paginate_ascending(session, stmt, **cols, params=PageParams(limit=2))
        two = await paginate_ascending(
            session, stmt, **cols, params=PageParams(limit=2, cursor=one.pagination.next)
        )
        three = await paginate_ascending(
            session, stmt, **cols, params=PageParams(limit=2, cursor=two.pagination.next)
        )

    assert [r.id for p in (one, two, three) for r in p.items] == ids
    assert decode_cursor(one.pagination.next) == (naive.replace(tzinfo=UTC), ids[1])
    assert three.pagination.next == ""
