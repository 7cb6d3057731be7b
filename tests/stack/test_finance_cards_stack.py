"""GAPS G-16 under concurrency, through finance's real app (pf_common.testing.stack): real HTTP, a
connection per request, committed rows, the local billing provider.

While a store has cards, exactly one is its default — whatever mix of requests arrives at once:

* rounds of 20 ``PATCH {is_default: true}`` on different cards of one store, with a ``DELETE`` of
  the current default (and of another card) in the middle of them: every PATCH answers 200 (or
  404 for a card deleted under it), every DELETE 204, and afterwards exactly one default;
* a store's first cards added concurrently (``POST …/cc``, each its own key): exactly one of them
  is the default;
* and for billing plans (at most one default): 20 admins' PATCHes making different plans the
  default at once all answer 200, and one plan is the default afterwards.

What makes it hold is an advisory lock taken first by every write that may move a default (the
store's, ``domain/payment_methods.py``; the plans', ``domain/plans.py``): without it the partial
unique indexes (``ux_payment_methods_one_default``, ``ux_billing_plans_one_default``) turn a lost
race into a 500, and a delete racing a re-default could leave a store without a default.
"""

from __future__ import annotations

import asyncio
import uuid

import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_common.sessions import SessionRegistry
from pf_common.testing.tokens import TestTokenSigner

CARDS = (
    "pm_card_visa",
    "pm_card_mastercard",
    "pm_card_amex",
    "pm_card_discover",
    "pm_card_chargeDeclined",
    "pm_card_chargeDeclinedInsufficientFunds",
    "pm_card_chargeDeclinedProcessingError",
)
PATCHES = 20
ROUNDS = 4


async def _billable_vendor(finance) -> tuple[uuid.UUID, dict[str, str]]:
    """A vendor store with a billing customer (committed) and its owner's headers."""
    store_id = uuid7()
    async with finance.db.transaction() as s:
        await s.execute(
            sa.text(
                "INSERT INTO finance.billing_customers (store_id, stripe_customer_id, provider)"
                " VALUES (:store_id, :customer, 'local')"
            ),
            {"store_id": store_id, "customer": f"cus_local_{store_id.hex}"},
        )
    signer = TestTokenSigner.for_settings(finance.settings)
    sid = str(uuid7())
    token = signer.mint(user_id=uuid7(), session_id=sid, store_id=store_id, store_type="vendor", role="owner")
    await SessionRegistry(finance.worker_runtime.redis).activate(sid, 3600)
    return store_id, {"Authorization": f"Bearer {token}"}


async def _cards(finance, store_id: uuid.UUID) -> list[tuple[str, bool]]:
    async with finance.db.read() as s:
        rows = await s.execute(
            sa.text(
                "SELECT id, is_default FROM finance.payment_methods WHERE store_id = :store_id"
                " ORDER BY created_at, id"
            ),
            {"store_id": store_id},
        )
        return [(str(r.id), r.is_default) for r in rows]


async def _add(client, headers, card: str):
    return await client.post(
        "/api/v1/vendor/payment-methods/cc",
        json={"payment_method_id": card},
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )


async def test_concurrent_redefaults_and_deletes_keep_exactly_one_default(services_stack):
    stack = await services_stack("finance")
    finance = stack["finance"]
    client = finance.client()

    for _ in range(ROUNDS):
        store_id, headers = await _billable_vendor(finance)
        for card in CARDS:
            r = await _add(client, headers, card)
            assert r.status_code == 201, r.text
        ids = [card_id for card_id, _ in await _cards(finance, store_id)]
        (default,) = [card_id for card_id, is_default in await _cards(finance, store_id) if is_default]
        doomed = {default, ids[3]}  # the current default and one other card

        # when 20 re-defaults (every card, several times) and two deletes arrive at once
        patches = [
            client.patch(
                f"/api/v1/vendor/payment-methods/{ids[n % len(ids)]}",
                json={"is_default": True},
                headers=headers,
            )
            for n in range(PATCHES)
        ]
        deletes = [
            client.delete(f"/api/v1/vendor/payment-methods/{card_id}", headers=headers) for card_id in doomed
        ]
        mid = PATCHES // 2
        responses = await asyncio.gather(*patches[:mid], *deletes, *patches[mid:])

        # then nothing failed: 200 (or 404 for a card deleted first), 204 for the deletes
        patched = responses[:mid] + responses[mid + len(deletes) :]
        deleted = responses[mid : mid + len(deletes)]
        assert [r.status_code for r in deleted] == [204] * len(deletes), [r.text for r in deleted]
        for n, r in enumerate(patched):
            target = ids[n % len(ids)]
            assert r.status_code in ((200, 404) if target in doomed else (200,)), r.text
        # and the store has exactly one default among the cards left
        left = await _cards(finance, store_id)
        assert {card_id for card_id, _ in left} == set(ids) - doomed
        assert sum(is_default for _, is_default in left) == 1, left


async def test_concurrent_first_cards_make_exactly_one_default(services_stack):
    stack = await services_stack("finance")
    finance = stack["finance"]
    client = finance.client()

    for _ in range(ROUNDS):
        store_id, headers = await _billable_vendor(finance)

        responses = await asyncio.gather(*(_add(client, headers, card) for card in CARDS))

        assert [r.status_code for r in responses] == [201] * len(CARDS), [r.text for r in responses]
        assert sum(r.json()["data"]["is_default"] for r in responses) == 1
        left = await _cards(finance, store_id)
        assert (len(left), sum(is_default for _, is_default in left)) == (len(CARDS), 1)


async def _admin_headers(finance) -> dict[str, str]:
    signer = TestTokenSigner.for_settings(finance.settings)
    sid = str(uuid7())
    token = signer.mint(user_id=uuid7(), session_id=sid, role="admin", system_role="admin")
    await SessionRegistry(finance.worker_runtime.redis).activate(sid, 3600)
    return {"Authorization": f"Bearer {token}"}


async def test_concurrent_default_plan_changes_keep_at_most_one_default(services_stack):
    """The same rule for billing plans (at most one default): 20 admins' PATCHes making different
    plans the default, at once — every one 200 (no unique-index 500), one default afterwards."""
    stack = await services_stack("finance")
    finance = stack["finance"]
    client = finance.client()
    admin = await _admin_headers(finance)
    plan_ids = [f"race-{uuid.uuid4().hex[:8]}" for _ in range(5)]
    for pid in plan_ids:
        r = await client.post(
            "/api/admin/v1/billing/plans",
            json={
                "id": pid,
                "name": pid,
                "status": "active",
                "stripe_price_id": f"price_{pid}",
                "interval": "EVERY_30_DAYS",
                "price_amount_cents": 1000,
                "currency_code": "USD",
            },
            headers=admin,
        )
        assert r.status_code == 201, r.text

    responses = await asyncio.gather(
        *(
            client.patch(
                f"/api/admin/v1/billing/plans/{plan_ids[n % len(plan_ids)]}",
                json={"is_default": True},
                headers=admin,
            )
            for n in range(PATCHES)
        )
    )

    assert [r.status_code for r in responses] == [200] * PATCHES, [
        r.text for r in responses if r.status_code != 200
    ]
    async with finance.db.read() as s:
        defaults = (
            (await s.execute(sa.text("SELECT id FROM finance.billing_plans WHERE is_default")))
            .scalars()
            .all()
        )
    assert len(defaults) == 1 and defaults[0] in plan_ids
