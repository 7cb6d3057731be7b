"""SEED-ONLY: make demo vendors visible before finance bills subscriptions.

    python -m pf_finance.demo_subscriptions <store_id> [<store_id> ...]

The vendor gate of DOMAIN §4.5 needs ``subscription_active``, which only finance's
``subscription_status_changed`` sets (identity and catalog mirror it; EVENTS.md §6). Until
the subscriptions issue builds Stripe billing, ``make up`` (deploy/local/demo_catalog.py) calls
this for the demo vendors that should be visible. It writes the event finance will own into
finance's outbox, so finance's worker relays it to ``pf.finance.events`` like any other: status
``active``, a synthetic subscription id derived from the store id, the period ending 30 days
from now. No subscription row is written (finance has no such table yet).

The subscriptions issue replaces this module: delete it and make demo_catalog create real
(local billing mode) subscriptions instead. Nothing else may call it. Refuses production.

Idempotent per store: the row carries the dedupe key ``seed_subscription_active:<store_id>``
(unique in ``outbox_events``), so a second run for the same store emits nothing, even when two
runs race. Published rows are deleted after ``outbox_retention_days``; a run after that emits
again, which consumers apply as a newer activation (harmless).
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import Database
from pf_common.events.common import SubscriptionStatus
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.outbox import emit
from pf_common.platform_tables import platform_tables_for
from pf_common.relay import wake_channel
from pf_common.runtime import make_redis
from pf_finance.settings import Settings

PERIOD = timedelta(days=30)
# uuid5 namespace of the synthetic subscription ids (stable: re-runs name the same subscription)
SUBSCRIPTION_NAMESPACE = uuid.UUID("6f1c3b8e-4d0a-5e7f-9a2b-7c1d5e3f9a10")
DEDUPE_PREFIX = "seed_subscription_active"


class _SeedSubscriptionActive(SubscriptionStatusChangedV1):
    """The same event (type, version, payload); only the outbox row gets a once-only key.

    Not registered as a payload class of its own (it declares no ``event_type``): consumers
    receive an ordinary ``subscription_status_changed`` v1.
    """

    dedupe_template: ClassVar[str | None] = DEDUPE_PREFIX + ":{store_id}"


def seed_subscription_id(store_id: uuid.UUID) -> uuid.UUID:
    """The synthetic subscription id of a demo store (deterministic)."""
    return uuid.uuid5(SUBSCRIPTION_NAMESPACE, str(store_id))


async def seed_only_emit_subscription_active(
    session: AsyncSession, store_id: uuid.UUID, *, now: datetime
) -> bool:
    """Stage ``subscription_status_changed`` (active) for ``store_id``; False when already staged.

    SEED-ONLY (see the module docstring): the subscriptions issue replaces it.
    """
    outbox = platform_tables_for("finance").outbox
    dedupe_key = f"{DEDUPE_PREFIX}:{store_id}"
    already = await session.scalar(sa.exists().where(outbox.c.dedupe_key == dedupe_key).select())
    if already:
        return False
    await emit(
        session,
        _SeedSubscriptionActive(
            store_id=store_id,
            subscription_id=seed_subscription_id(store_id),
            previous_status=None,
            status=SubscriptionStatus.ACTIVE,
            subscription_active=True,
            current_period_end=now + PERIOD,
            cancel_at_period_end=False,
            changed_at=now,
        ),
        store_id=store_id,
        occurred_at=now,
    )
    return True


async def run(settings: Settings, store_ids: Sequence[uuid.UUID], *, now: datetime) -> list[bool]:
    """One transaction for all stores, then wake finance's relay (it also polls).

    The wake-up is published and awaited here, not left to ``OutboxWaker``'s background task: this
    process exits right after, which would drop that task, and an idle relay polls only every
    10 s at most — make up would print "ready" before the vendors are visible.
    """
    redis = make_redis(settings)
    db = Database.from_settings(settings)
    try:
        async with db.transaction() as session:
            emitted = [await seed_only_emit_subscription_active(session, s, now=now) for s in store_ids]
        if any(emitted):
            try:
                await redis.publish(wake_channel("finance"), b"1")
            except Exception as exc:  # a hint only: the relay's poll publishes the rows anyway
                sys.stderr.write(f"demo subscriptions: could not wake finance's relay ({exc})\n")
        return emitted
    finally:
        await db.dispose()
        await redis.aclose()


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    settings = settings or Settings()
    if settings.environment == "prod":
        sys.stderr.write("demo subscriptions: refusing to fake subscriptions in production\n")
        return 2
    if not args or any(a.startswith("-") for a in args):
        sys.stderr.write("usage: python -m pf_finance.demo_subscriptions <store_id> [<store_id> ...]\n")
        return 2
    try:
        store_ids = [uuid.UUID(a) for a in args]
    except ValueError as exc:
        sys.stderr.write(f"demo subscriptions: not a store id: {exc}\n")
        return 2
    emitted = asyncio.run(run(settings, store_ids, now=datetime.now(UTC)))
    for store_id, done in zip(store_ids, emitted, strict=True):
        state = "subscription_status_changed (active) emitted" if done else "already emitted, nothing to do"
        sys.stdout.write(f"demo subscriptions: store {store_id}: {state}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
