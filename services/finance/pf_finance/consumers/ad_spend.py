"""``ad_spend_rolled_up`` (ads, one per store and day) ⇒ the store's usage charge, billed at once
(``domain/usage_billing.py``; DOMAIN §5.6 usage_charges).

The handler calls the billing provider, so it runs with its own short transactions
(``transaction=False``: record → claim → charge with no connection held → record): it records the
usage charge (insert-if-absent, so a redelivery finds it), then bills it if it is pending and due.
A redelivery, or the ``bill_usage`` job racing it, never charges twice: the claim lets one biller
at a time hold the row, and the provider idempotency key ``pf_usage_charge:<id>`` backs it up. A
provider that is down does not fail the event: the usage charge stays pending and the job retries
it with backoff. Takes the worker's ``FinanceContext`` (provider and retry settings).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pf_common.consumer import Consumer
from pf_common.db import Database
from pf_common.events.ads import AdSpendRolledUpV1
from pf_common.events.envelope import Envelope
from pf_finance.context import FinanceContext
from pf_finance.domain import usage_billing


def rules_of(ctx: FinanceContext) -> usage_billing.BillingRules:
    return usage_billing.BillingRules(
        max_attempts=ctx.settings.usage_charge_max_attempts,
        retry_base_s=ctx.settings.usage_charge_retry_base_s,
    )


async def bill_ad_spend(
    db: Database, event: AdSpendRolledUpV1, _envelope: Envelope, ctx: FinanceContext
) -> None:
    now = datetime.now(UTC)
    async with db.transaction() as session:
        row = await usage_billing.record_usage(
            session,
            store_id=event.store_id,
            for_date=event.for_date,
            amount_cents=event.amount_cents,
            impressions=event.impressions,
            clicks=event.clicks,
            ads=len(event.ads),
            now=now,
        )
    if row["billing_status"] == "pending":
        await usage_billing.bill_usage_charge(db, ctx.billing, row["id"], now=now, rules=rules_of(ctx))


CONSUMERS: list[Consumer] = [Consumer(handler=bill_ad_spend, event=AdSpendRolledUpV1, transaction=False)]
