"""PaymentIntentView (API.md §2): what the settle and the admin's resolution answer."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

from pf_finance.domain.settlements import Intent


class PaymentIntentView(BaseModel):
    id: UUID
    method: Literal["cash", "ach"]
    status: Literal["unpaid", "pending", "settled", "paid", "failed", "rejected"]
    amount_cents: int
    cash_collected_at: datetime | None = None
    vendor_paid_at: datetime | None = None
    failure_reason: str | None = None


def payment_intent_view(intent: Intent) -> PaymentIntentView:
    return PaymentIntentView(
        id=intent.id,
        method=intent.method,  # the columns' CHECK constraints hold the Literal's values
        status=intent.status,
        amount_cents=intent.amount_cents,
        cash_collected_at=intent.cash_collected_at,
        vendor_paid_at=intent.vendor_paid_at,
        failure_reason=intent.failure_reason,
    )
