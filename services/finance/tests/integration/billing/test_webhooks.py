"""Stripe's webhook (API.md §3.6; HOUSE_STYLE §3.5) through the app and finance's real consumer:
``Stripe-Signature`` verified on the raw body (a bad signature, a timestamp 301 s off,
an unknown secret ⇒ 401, no header ⇒ 400, nothing stored; the previous secret during a rotation ⇒ 200), the
event stored once in ``provider_events`` with its processing staged (a redelivery ⇒ 200
``duplicate``), then applied once by the consumer of ``billing_provider_event_received``.

Each handled event type is replayed 10 times, shuffled (``random.Random(seed)``) and processed in
shuffled order: exactly one effect (one charge row, one ``subscription_status_changed``), the
final state the newest event's. An older ``customer.subscription.updated`` after a newer one
changes nothing; ``subscription_status_changed`` carries ``occurred_at = changed_at`` = the
event's ``created`` and the previous status. Payloads are signed with a test secret exactly as
Stripe does (``stripe_signing.py``, checked against Stripe's own library)."""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import stripe

from pf_common.errors import PoisonMessage
from pf_common.events.finance import BillingProviderEventReceivedV1
from pf_common.ids import uuid7
from pf_common.openapi import documented_codes
from pf_common.testing.openapi_checks import assert_answers_are_documented, operations
from pf_common.testing.plugin import create_service_app
from pf_finance.domain.charges import record_charge

from .conftest import CHARGES, PROVIDER_EVENTS, SUBSCRIPTIONS
from .stripe_signing import PREVIOUS_SECRET, TEST_SECRET, encode, sign

URL = "/api/v1/webhooks/stripe"
RECEIVED = "billing_provider_event_received"
FLIP = "subscription_status_changed"
BASE = 1_790_000_000  # the provider's clock of these stories (2026-09-21)
PERIOD = 30 * 86400


@pytest.fixture
def settings(settings_factory):
    return settings_factory(stripe_webhook_secret=TEST_SECRET, stripe_webhook_secret_previous=PREVIOUS_SECRET)


# --------------------------------------------------------------------------- events


def at(offset: int) -> datetime:
    return datetime.fromtimestamp(BASE + offset, UTC)


def event(
    event_type: str, obj: dict[str, Any], *, created: int, event_id: str | None = None
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "type": event_type,
        "created": BASE + created,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": obj},
    }


def subscription(
    store_id: uuid.UUID,
    *,
    sub_id: str = "sub_wh_1",
    status: str = "active",
    cancel_at_period_end: bool = False,
    pause: dict[str, Any] | None = None,
    period_start: int = 0,
) -> dict[str, Any]:
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": "cus_wh_1",
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": BASE + period_start if status == "canceled" else None,
        "default_payment_method": "pm_wh_1",
        "metadata": {"store_id": str(store_id), "plan_id": "standard"},
        "pause_collection": pause,
        "trial_end": None,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_wh_1",
                    "object": "subscription_item",
                    "price": {"id": "price_packfinderz_standard", "object": "price"},
                    "current_period_start": BASE + period_start,
                    "current_period_end": BASE + period_start + PERIOD,
                }
            ],
        },
    }


def invoice(
    *,
    invoice_id: str = "in_wh_1",
    sub_id: str | None = "sub_wh_1",
    amount_due: int = 9900,
    amount_paid: int = 0,
    payment_intent: str | None = "pi_in_wh_1",
    metadata_store: uuid.UUID | None = None,
) -> dict[str, Any]:
    """An invoice in the shape of API versions before 2025-03-31 (``subscription``,
    ``payment_intent`` on the invoice)."""
    return {
        "id": invoice_id,
        "object": "invoice",
        "number": "PF-0001",
        "currency": "usd",
        "amount_due": amount_due,
        "amount_paid": amount_paid,
        "subscription": sub_id,
        "payment_intent": payment_intent,
        "charge": None,
        "subscription_details": {"metadata": {"store_id": str(metadata_store)} if metadata_store else {}},
        "metadata": {},
    }


def payment_intent(
    pi_id: str, *, amount: int = 1234, metadata: dict[str, str] | None = None, error: str | None = None
) -> dict[str, Any]:
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": amount,
        "currency": "usd",
        "status": "requires_payment_method" if error else "succeeded",
        "metadata": metadata or {},
        "description": "Ad spend",
        "last_payment_error": {"type": "card_error", "code": error} if error else None,
    }


# --------------------------------------------------------------------------- plumbing


async def post(
    client: httpx.AsyncClient,
    ev: dict[str, Any],
    *,
    secret: str = TEST_SECRET,
    timestamp: int | None = None,
    header: str | None = None,
) -> httpx.Response:
    body = encode(ev)
    signature = header if header is not None else sign(body, secret, timestamp=timestamp)
    return await client.post(
        URL, content=body, headers={"Stripe-Signature": signature, "Content-Type": "application/json"}
    )


async def process(emitted_events, deliver, *, rng: random.Random | None = None) -> None:
    """Hand every staged ``billing_provider_event_received`` to the real consumer, each twice."""
    envelopes = await emitted_events(RECEIVED)
    if rng is not None:
        rng.shuffle(envelopes)
    for envelope in envelopes:
        await deliver(envelope, times=2)


async def replay(client, events: list[dict[str, Any]], *, rng: random.Random, times: int = 10) -> None:
    """Deliver each event ``times`` times, all shuffled; every delivery is answered 200."""
    deliveries = [ev for ev in events for _ in range(times)]
    rng.shuffle(deliveries)
    for ev in deliveries:
        r = await post(client, ev)
        assert r.status_code == 200, r.text


async def stored(db_session) -> list[dict[str, Any]]:
    rows = await db_session.execute(sa.select(PROVIDER_EVENTS).order_by(PROVIDER_EVENTS.c.received_at))
    return [dict(r) for r in rows.mappings()]


async def subscription_row(db_session, store_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        (await db_session.execute(sa.select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.store_id == store_id)))
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


async def charges(db_session, store_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db_session.execute(sa.select(CHARGES).where(CHARGES.c.store_id == store_id))
    return [dict(r) for r in rows.mappings()]


async def flips(emitted_events, store_id: uuid.UUID) -> list[tuple[Any, ...]]:
    return [
        (
            e.payload["previous_status"],
            e.payload["status"],
            e.payload["subscription_active"],
            e.occurred_at,
            datetime.fromisoformat(e.payload["changed_at"]),
        )
        for e in await emitted_events(FLIP)
        if e.payload["store_id"] == str(store_id)
    ]


async def subscribed(
    client, emitted_events, deliver, store_id: uuid.UUID, *, created: int = 0, **kw: Any
) -> None:
    """The store's subscription, created by a processed ``customer.subscription.created``."""
    r = await post(
        client, event("customer.subscription.created", subscription(store_id, **kw), created=created)
    )
    assert r.status_code == 200
    await process(emitted_events, deliver)


# --------------------------------------------------------------------------- signature


def test_the_test_signatures_are_stripes():
    body = encode(event("customer.created", {"id": "cus_1", "object": "customer"}, created=0))

    verified = stripe.Webhook.construct_event(body, sign(body), TEST_SECRET)

    assert verified["type"] == "customer.created"
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, sign(body, PREVIOUS_SECRET), TEST_SECRET)


async def test_a_signed_event_is_stored_once_and_its_processing_staged(client, db_session, emitted_events):
    store_id = uuid7()
    ev = event("customer.subscription.created", subscription(store_id), created=5)

    first = await post(client, ev)
    again = await post(client, ev)

    assert (first.status_code, first.json()) == (200, {"data": {"received": True, "duplicate": False}})
    assert (again.status_code, again.json()) == (200, {"data": {"received": True, "duplicate": True}})
    (row,) = await stored(db_session)
    assert (row["provider"], row["provider_event_id"], row["type"]) == ("stripe", ev["id"], ev["type"])
    assert (row["event_created_at"], row["livemode"], row["payload"]) == (at(5), False, ev)
    assert (row["processed_at"], row["outcome"]) == (None, None)
    (staged,) = await emitted_events(RECEIVED)
    assert staged.payload == {
        "provider_event_row_id": str(row["id"]),
        "provider": "stripe",
        "provider_event_id": ev["id"],
        "provider_event_type": "customer.subscription.created",
    }
    assert await subscription_row(db_session, store_id) is None  # nothing applied before the consumer


async def test_a_payload_signed_with_the_previous_secret_is_accepted_during_a_rotation(client, db_session):
    r = await post(client, event("customer.created", {"id": "cus_1"}, created=0), secret=PREVIOUS_SECRET)

    assert r.status_code == 200
    assert len(await stored(db_session)) == 1


async def test_any_matching_v1_signature_is_enough(client, db_session):
    ev = event("customer.created", {"id": "cus_1"}, created=0)
    body = encode(ev)
    header = sign(body, TEST_SECRET, extra=("0" * 64, "not-hex"))

    r = await client.post(URL, content=body, headers={"Stripe-Signature": header})

    assert r.status_code == 200
    assert len(await stored(db_session)) == 1


async def test_the_tolerance_accepts_just_inside(client, db_session):
    r = await post(
        client, event("customer.created", {"id": "cus_1"}, created=0), timestamp=int(time.time()) - 290
    )

    assert r.status_code == 200


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("another secret", "bad_signature"),
        ("tampered body", "bad_signature"),
        ("301 s old", "stale"),
        ("301 s ahead", "stale"),
        ("empty header", "missing_header"),
        ("no timestamp", "malformed_header"),
        ("no v1", "no_signature"),
    ],
)
async def test_a_delivery_stripe_did_not_sign_is_401_and_nothing_is_stored(
    client, db_session, emitted_events, captured_logs, case, reason
):
    ev = event("invoice.paid", invoice(amount_paid=9900), created=0)
    body = encode(ev)
    now = int(time.time())
    # whole seconds against the server's fractional clock: "ahead" counts from the next whole
    # second, else a test started at x.9 s signs 300.1 s ahead of the server's clock (accepted)
    later = now + 1
    headers = {
        "another secret": {"Stripe-Signature": sign(body, "whsec_someone_else")},
        "tampered body": {"Stripe-Signature": sign(encode({**ev, "type": "invoice.payment_failed"}))},
        "301 s old": {"Stripe-Signature": sign(body, timestamp=now - 301)},
        "301 s ahead": {"Stripe-Signature": sign(body, timestamp=later + 301)},
        "empty header": {"Stripe-Signature": ""},
        "no timestamp": {"Stripe-Signature": sign(body).split(",", 1)[1]},
        "no v1": {"Stripe-Signature": f"t={now},v0={'0' * 64}"},
    }[case]

    r = await client.post(URL, content=body, headers={**headers, "Content-Type": "application/json"})

    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert await stored(db_session) == []
    assert await emitted_events(RECEIVED) == []
    assert [e["reason"] for e in captured_logs if e["event"] == "finance.webhook.rejected"] == [reason]


async def test_a_delivery_without_the_signature_header_is_400_naming_it(client, db_session):
    body = encode(event("invoice.paid", invoice(amount_paid=9900), created=0))

    r = await client.post(URL, content=body, headers={"Content-Type": "application/json"})

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert "Stripe-Signature" in r.json()["error"]["details"]
    assert await stored(db_session) == []


async def test_without_a_configured_secret_every_delivery_is_refused(
    settings_factory, context_factory, provider, runtime, db_session
):
    settings = settings_factory()  # the local provider's defaults: no webhook secret
    app = create_service_app(
        "finance", settings, runtime=runtime, context=context_factory(settings, billing=provider)
    )
    ev = event("customer.created", {"id": "cus_1"}, created=0)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as local:
        r = await post(local, ev)

    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert "not configured" in r.json()["error"]["message"]
    assert await stored(db_session) == []


async def test_a_verified_body_that_is_not_an_event_is_400(client, db_session):
    body = b'{"object": "event", "type": "invoice.paid"}'

    r = await client.post(URL, content=body, headers={"Stripe-Signature": sign(body)})

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert await stored(db_session) == []


async def test_no_secret_signature_or_payload_is_logged(client, captured_logs, emitted_events, deliver):
    marker = f"private-{uuid.uuid4().hex}"
    ev = event(
        "customer.updated",
        {"id": "cus_1", "object": "customer", "email": f"{marker}@vendor.example"},
        created=0,
    )
    body = encode(ev)
    header = sign(body)

    await client.post(URL, content=body, headers={"Stripe-Signature": header})
    await client.post(URL, content=body, headers={"Stripe-Signature": sign(body, "whsec_wrong")})
    await process(emitted_events, deliver)

    logged = repr(captured_logs)
    assert any(e["event"] == "finance.webhook.received" for e in captured_logs)
    for secret in (TEST_SECRET, PREVIOUS_SECRET, "whsec_wrong", marker, header.split("v1=")[1]):
        assert secret not in logged


async def test_the_route_is_public_and_documents_what_it_answers(client):
    doc = (await client.get("/openapi.json")).json()
    op = operations(doc)[("POST", URL)]
    body = encode(event("customer.created", {"id": "cus_1"}, created=0))

    (header,) = op["parameters"]
    assert (header["name"], header["in"], header["required"]) == ("Stripe-Signature", "header", True)
    assert op.get("security", []) == []
    assert set(op["responses"]) == {"200", "400", "401", "503"}
    assert documented_codes(doc, "POST", URL) == {
        400: {"VALIDATION_ERROR"},
        401: {"UNAUTHORIZED"},
        503: {"DEPENDENCY_ERROR"},
    }
    assert op["requestBody"]["required"] is True
    await assert_answers_are_documented(
        client,
        doc,
        [
            ("POST", URL, URL, {}, {"id": "evt_1"}, 400, "VALIDATION_ERROR"),
            ("POST", URL, URL, {"Stripe-Signature": sign(body)}, {"id": "evt_1"}, 401, "UNAUTHORIZED"),
        ],
    )


# --------------------------------------------------------------------------- one effect per fact


def _setup(store_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """Per subscription event type: the events processed first, then those replayed."""
    created = event("customer.subscription.created", subscription(store_id), created=0)
    paused = event("customer.subscription.paused", subscription(store_id, status="paused"), created=100)
    return {
        "customer.subscription.created": [],
        "customer.subscription.updated": [created],
        "customer.subscription.deleted": [created],
        "customer.subscription.paused": [created],
        "customer.subscription.resumed": [created, paused],
    }


def _replayed(event_type: str, store_id: uuid.UUID) -> tuple[list[dict[str, Any]], str]:
    """The replayed events of a type (several of them: distinct facts, oldest first) and the
    status the newest says."""
    sub = lambda offset, **kw: subscription(store_id, **kw)  # noqa: E731
    if event_type == "customer.subscription.created":
        return [event(event_type, sub(0), created=10)], "active"
    if event_type == "customer.subscription.updated":
        return [
            event(event_type, sub(0, cancel_at_period_end=True), created=200),
            event(event_type, sub(0, status="past_due"), created=300),
            event(event_type, sub(0, status="unpaid"), created=400),
        ], "unpaid"
    if event_type == "customer.subscription.deleted":
        return [event(event_type, sub(0, status="canceled"), created=500)], "canceled"
    if event_type == "customer.subscription.paused":
        return [
            event(event_type, sub(0, status="paused"), created=200),
            event("customer.subscription.updated", sub(0, pause={"behavior": "void"}), created=300),
        ], "paused"
    return [event(event_type, sub(0, status="active", period_start=200), created=200)], "active"


@pytest.mark.parametrize(
    "event_type",
    [
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "customer.subscription.paused",
        "customer.subscription.resumed",
    ],
)
@pytest.mark.parametrize("seed", [1, 7])
async def test_a_subscription_event_replayed_and_shuffled_has_one_effect(
    client, db_session, emitted_events, deliver, event_type, seed
):
    store_id = uuid7()
    rng = random.Random(seed)
    for ev in _setup(store_id)[event_type]:
        await post(client, ev)
        await process(emitted_events, deliver)
    before = await flips(emitted_events, store_id)
    events, final_status = _replayed(event_type, store_id)
    newest = max(ev["created"] for ev in events)

    await replay(client, events, rng=rng)
    await process(emitted_events, deliver, rng=rng)

    row = await subscription_row(db_session, store_id)
    assert row is not None
    assert (row["status"], row["provider_event_at"]) == (final_status, datetime.fromtimestamp(newest, UTC))
    new_flips = (await flips(emitted_events, store_id))[len(before) :]
    assert len(new_flips) == 1
    assert new_flips[0][1] == final_status
    assert new_flips[0][3] == new_flips[0][4]  # occurred_at = changed_at
    rows = await stored(db_session)
    assert len(rows) == len(_setup(store_id)[event_type]) + len(events)  # each event id stored once
    assert all(r["processed_at"] is not None for r in rows)


@pytest.mark.parametrize("seed", [3, 11])
async def test_invoice_paid_replayed_and_shuffled_records_one_charge(
    client, db_session, emitted_events, deliver, seed
):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    sub = await subscription_row(db_session, store_id)
    paid = event("invoice.paid", invoice(amount_paid=9900, amount_due=9900), created=50)

    await replay(client, [paid], rng=random.Random(seed))
    await process(emitted_events, deliver, rng=random.Random(seed))

    (charge,) = await charges(db_session, store_id)
    assert (charge["type"], charge["status"], charge["amount_cents"], charge["currency"]) == (
        "subscription",
        "succeeded",
        9900,
        "USD",
    )
    assert (charge["stripe_charge_id"], charge["subscription_id"], charge["billed_at"]) == (
        "pi_in_wh_1",
        sub["id"],
        at(50),
    )
    recorded = [e.payload for e in await emitted_events("charge_recorded")]
    assert [(p["charge_id"], p["status"], p["amount_cents"]) for p in recorded] == [
        (str(charge["id"]), "succeeded", 9900)
    ]


@pytest.mark.parametrize("seed", [3, 11])
async def test_invoice_payment_failed_replayed_and_shuffled_records_one_failed_charge(
    client, db_session, emitted_events, deliver, seed
):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    failed = event("invoice.payment_failed", invoice(amount_due=9900), created=50)

    await replay(client, [failed], rng=random.Random(seed))
    await process(emitted_events, deliver, rng=random.Random(seed))

    (charge,) = await charges(db_session, store_id)
    assert (charge["status"], charge["amount_cents"], charge["failure_reason"]) == (
        "failed",
        9900,
        "the invoice's payment failed",
    )
    assert len(await emitted_events("charge_recorded")) == 1


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_a_failed_then_paid_invoice_shuffled_ends_paid_in_one_charge(
    client, db_session, emitted_events, deliver, seed
):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    failed = event("invoice.payment_failed", invoice(amount_due=9900), created=50)
    paid = event("invoice.paid", invoice(amount_due=9900, amount_paid=9900), created=90)

    await replay(client, [failed, paid], rng=random.Random(seed))
    await process(emitted_events, deliver, rng=random.Random(seed))

    (charge,) = await charges(db_session, store_id)
    assert (charge["status"], charge["amount_cents"]) == ("succeeded", 9900)
    assert [e.payload["status"] for e in await emitted_events("charge_recorded")][-1] == "succeeded"


@pytest.mark.parametrize(
    ("event_type", "status", "error"),
    [
        ("payment_intent.succeeded", "succeeded", None),
        ("payment_intent.payment_failed", "failed", "card_declined"),
    ],
)
@pytest.mark.parametrize("seed", [5, 9])
async def test_a_payment_intent_event_replayed_and_shuffled_advances_its_charge_once(
    client, db_session, emitted_events, deliver, event_type, status, error, seed
):
    store_id = uuid7()
    pending = await record_charge(
        db_session,
        store_id=store_id,
        type="ad_spend",
        status="pending",
        amount_cents=1234,
        currency="USD",
        stripe_charge_id="pi_usage_1",
        at=at(0),
    )
    ev = event(event_type, payment_intent("pi_usage_1", error=error), created=60)

    await replay(client, [ev], rng=random.Random(seed))
    await process(emitted_events, deliver, rng=random.Random(seed))

    (charge,) = await charges(db_session, store_id)
    assert (charge["id"], charge["status"], charge["failure_reason"]) == (pending.row["id"], status, error)
    assert [e.payload["status"] for e in await emitted_events("charge_recorded")] == ["pending", status]


async def test_a_usage_payment_intent_without_a_charge_row_records_the_usage_charge_once(
    client, db_session, emitted_events, deliver
):
    store_id, usage_id = uuid7(), uuid7()
    ev = event(
        "payment_intent.succeeded",
        payment_intent(
            "pi_usage_2", amount=700, metadata={"store_id": str(store_id), "usage_charge_id": str(usage_id)}
        ),
        created=60,
    )

    await replay(client, [ev], rng=random.Random(4))
    await process(emitted_events, deliver)

    (charge,) = await charges(db_session, store_id)
    assert (charge["type"], charge["status"], charge["amount_cents"], charge["usage_charge_id"]) == (
        "ad_spend",
        "succeeded",
        700,
        usage_id,
    )


async def test_a_failed_usage_payment_intent_without_a_charge_row_is_left_to_usage_billing(
    client, db_session, emitted_events, deliver
):
    store_id, usage_id = uuid7(), uuid7()
    metadata = {"store_id": str(store_id), "usage_charge_id": str(usage_id)}
    await post(
        client,
        event(
            "payment_intent.payment_failed",
            payment_intent("pi_u3", metadata=metadata, error="processing_error"),
            created=1,
        ),
    )

    await process(emitted_events, deliver)

    (row,) = await stored(db_session)
    assert row["outcome"] == "no_charge"
    assert await charges(db_session, store_id) == []
    assert await emitted_events("charge_recorded") == []


async def test_a_payment_intent_finance_does_not_know_is_no_charge(
    client, db_session, emitted_events, deliver
):
    await post(client, event("payment_intent.succeeded", payment_intent("pi_someone_elses"), created=1))

    await process(emitted_events, deliver)

    (row,) = await stored(db_session)
    assert row["outcome"] == "no_charge"
    assert await emitted_events("charge_recorded") == []


async def test_a_new_envelope_for_an_event_already_applied_changes_nothing(
    client, db_session, emitted_events, deliver
):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    await post(client, event("invoice.paid", invoice(amount_paid=9900), created=50))
    await process(emitted_events, deliver)
    (row,) = [r for r in await stored(db_session) if r["type"] == "invoice.paid"]
    recorded = len(await emitted_events("charge_recorded"))

    # the same inbox row handed over again under another event id (a re-staged envelope)
    await deliver(
        BillingProviderEventReceivedV1(
            provider_event_row_id=row["id"],
            provider="stripe",
            provider_event_id=row["provider_event_id"],
            provider_event_type=row["type"],
        ),
        times=3,
    )

    assert len(await charges(db_session, store_id)) == 1
    assert len(await emitted_events("charge_recorded")) == recorded
    (after,) = [r for r in await stored(db_session) if r["type"] == "invoice.paid"]
    assert (after["processed_at"], after["outcome"]) == (row["processed_at"], "charge_created")


# --------------------------------------------------------------------------- ordering


async def test_an_older_update_after_a_newer_one_changes_nothing(client, db_session, emitted_events, deliver):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    newer = event("customer.subscription.updated", subscription(store_id, status="past_due"), created=300)
    older = event("customer.subscription.updated", subscription(store_id, status="canceled"), created=200)
    await post(client, newer)
    await process(emitted_events, deliver)
    before = await subscription_row(db_session, store_id)
    flips_before = await flips(emitted_events, store_id)

    await post(client, older)
    await process(emitted_events, deliver)

    assert await subscription_row(db_session, store_id) == before
    assert before is not None and (before["status"], before["provider_event_at"]) == ("past_due", at(300))
    assert await flips(emitted_events, store_id) == flips_before
    outcome = {r["provider_event_id"]: r["outcome"] for r in await stored(db_session)}
    assert outcome[older["id"]] == "stale"


async def test_the_flip_carries_the_events_time_and_the_previous_status(client, emitted_events, deliver):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id, created=10)
    await post(
        client, event("customer.subscription.deleted", subscription(store_id, status="canceled"), created=900)
    )
    await process(emitted_events, deliver)

    assert await flips(emitted_events, store_id) == [
        (None, "active", True, at(10), at(10)),
        ("active", "canceled", False, at(900), at(900)),
    ]


# --------------------------------------------------------------------------- stores, unknown types, bad data


async def test_an_unknown_event_type_is_stored_and_ignored(client, db_session, emitted_events, deliver):
    r = await post(client, event("customer.tax_id.created", {"id": "txi_1", "object": "tax_id"}, created=1))

    await process(emitted_events, deliver)

    assert r.status_code == 200
    (row,) = await stored(db_session)
    assert (row["type"], row["outcome"]) == ("customer.tax_id.created", "ignored")
    assert row["processed_at"] is not None
    assert await emitted_events(FLIP) == []
    assert await emitted_events("charge_recorded") == []


async def test_a_subscription_of_no_known_store_is_unknown_store(client, db_session, emitted_events, deliver):
    obj = {**subscription(uuid7()), "id": "sub_foreign", "metadata": {}}
    await post(client, event("customer.subscription.updated", obj, created=1))

    await process(emitted_events, deliver)

    (row,) = await stored(db_session)
    assert row["outcome"] == "unknown_store"
    assert await emitted_events(FLIP) == []


async def test_an_invoice_of_no_known_store_is_unknown_store(client, db_session, emitted_events, deliver):
    await post(client, event("invoice.paid", invoice(sub_id="sub_nobody", amount_paid=9900), created=1))

    await process(emitted_events, deliver)

    (row,) = await stored(db_session)
    assert row["outcome"] == "unknown_store"
    assert (await db_session.execute(sa.select(sa.func.count()).select_from(CHARGES))).scalar() == 0


async def test_the_subscription_row_decides_the_invoices_store_over_metadata(
    client, db_session, emitted_events, deliver
):
    store_id, other = uuid7(), uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    await post(client, event("invoice.paid", invoice(amount_paid=9900, metadata_store=other), created=5))

    await process(emitted_events, deliver)

    assert len(await charges(db_session, store_id)) == 1
    assert await charges(db_session, other) == []


async def test_a_newer_api_invoice_falls_back_to_its_subscriptions_metadata(
    client, db_session, emitted_events, deliver
):
    store_id = uuid7()
    obj = {
        "id": "in_new_api",
        "object": "invoice",
        "currency": "usd",
        "amount_due": 4900,
        "amount_paid": 4900,
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": "sub_not_here_yet",
                "metadata": {"store_id": str(store_id)},
            },
        },
    }
    await post(client, event("invoice.paid", obj, created=5))

    await process(emitted_events, deliver)

    (charge,) = await charges(db_session, store_id)
    assert (charge["stripe_charge_id"], charge["amount_cents"], charge["subscription_id"]) == (
        "in_new_api",
        4900,
        None,
    )


async def test_a_zero_invoice_records_no_charge(client, db_session, emitted_events, deliver):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    await post(client, event("invoice.paid", invoice(amount_due=0, amount_paid=0), created=5))

    await process(emitted_events, deliver)

    assert await charges(db_session, store_id) == []
    assert {r["outcome"] for r in await stored(db_session) if r["type"] == "invoice.paid"} == {"zero_amount"}


async def test_a_subscription_event_without_a_subscription_is_a_poison_message(
    client, db_session, emitted_events, deliver
):
    await post(
        client, event("customer.subscription.updated", {"id": "sub_x", "object": "subscription"}, created=1)
    )
    (envelope,) = await emitted_events(RECEIVED)

    with pytest.raises(PoisonMessage):
        await deliver(envelope, times=1)

    (row,) = await stored(db_session)
    assert row["processed_at"] is None


async def test_deleted_ends_the_period_with_stripes_canceled(client, db_session, emitted_events, deliver):
    store_id = uuid7()
    await subscribed(client, emitted_events, deliver, store_id)
    deleted = subscription(store_id, status="canceled", period_start=0)

    await post(client, event("customer.subscription.deleted", deleted, created=40))
    await process(emitted_events, deliver)

    row = await subscription_row(db_session, store_id)
    assert row is not None
    assert (row["status"], row["canceled_at"]) == ("canceled", at(0))
    assert row["current_period_end"] == at(0) + timedelta(seconds=PERIOD)
