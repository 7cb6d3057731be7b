"""identity's ``store_created`` ⇒ the vendor store's billing customer (DOMAIN §5.6
billing_customers: create-or-fetch, ``domain/customers.py``). Buyer stores get none.

The provider is called, so the handler runs with its own short transactions
(``transaction=False``: read → provider call → insert, no connection held during the call) and
takes the worker's ``FinanceContext`` for the provider. Safe twice and concurrently: the provider
call carries the idempotency key ``pf_customer:<store_id>`` and the insert is
``ON CONFLICT (store_id) DO NOTHING``. The provider unavailable ⇒ :class:`RetryableError`
(redelivered with backoff); the provider refusing ⇒ :class:`PoisonMessage` (dead letter: an
operator looks, then repairs with ``POST /api/admin/v1/billing/customers``).
"""

from __future__ import annotations

from pf_common.consumer import Consumer
from pf_common.db import Database
from pf_common.errors import PoisonMessage, RetryableError
from pf_common.events.envelope import Envelope
from pf_common.events.identity import StoreCreatedV1
from pf_common.logging import get_logger
from pf_finance.billing.provider import ProviderRejected, ProviderUnavailable
from pf_finance.context import FinanceContext
from pf_finance.domain import customers

log = get_logger(__name__)


async def create_billing_customer(
    db: Database, event: StoreCreatedV1, _envelope: Envelope, ctx: FinanceContext
) -> None:
    if event.type != "vendor":
        return
    try:
        await customers.ensure_customer(db, ctx.billing, event.store_id, name=event.company_name)
    except ProviderUnavailable as exc:
        log.warning(
            "finance.billing_customer.provider_unavailable",
            store_id=str(event.store_id),
            provider=ctx.billing.name,
            error=str(exc)[:200],
        )
        raise RetryableError(f"billing provider unavailable: {exc}") from exc
    except ProviderRejected as exc:
        log.error(
            "finance.billing_customer.provider_rejected",
            store_id=str(event.store_id),
            provider=ctx.billing.name,
            code=exc.code,
            error=str(exc)[:200],
        )
        raise PoisonMessage(f"billing provider refused the customer: {exc}") from exc


CONSUMERS: list[Consumer] = [
    Consumer(handler=create_billing_customer, event=StoreCreatedV1, transaction=False),
]
