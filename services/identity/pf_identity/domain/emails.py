"""Sending the emails staged with notifications (``email_deliveries``; DOMAIN §5.1 matrix).

A consumer stages a ``pending`` row (template ``kind`` + its context) in the transaction that
writes the notification. The ``send_emails`` job delivers the due rows:

1. **Claim** (one short transaction): up to ``batch_size`` due ``pending`` rows,
   ``FOR UPDATE SKIP LOCKED``, get ``next_attempt_at = now + LEASE`` and the recipients are read;
   commit. No transaction (and no row lock) is held across the network call to the provider.
2. **Send** each row outside any transaction: render the template with the stored context and
   hand the message to the sender, with the delivery id as the idempotency key.
3. **Record** the outcome (one short transaction per row, guarded on ``status = 'pending'``):
   ``sent`` (+ provider id, ``sent_at``, accepted recipient count); a transient failure or any
   unexpected error counts an attempt and backs off ``min(2**attempts * 30 s, 1 h)`` (or the
   provider's ``retry_after`` when longer), ``dead`` after ``max_attempts``; a permanent
   failure, a template that cannot render or a store with no recipient is ``dead`` at once.

A worker that dies between send and record leaves the row ``pending`` with the lease as its
next attempt: it is resent at most once per lease (5 minutes), with the same idempotency key
(the SMTP ``Message-ID`` and SendGrid's custom arg, so duplicates can be recognised).
Recipients are the store's contact email plus the emails of its active owner and manager
members (active users), lower-cased and deduplicated. Logs carry ids, kinds and counts, never
a body or a full address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database, rowcount
from pf_common.logging import get_logger, mask_string
from pf_identity.clients.email import (
    EmailSender,
    PermanentEmailError,
    TransientEmailError,
    compose_email,
    is_valid_address,
)
from pf_identity.models import EmailDelivery, Store, StoreMembership, User

log = get_logger(__name__)

LEASE: Final = timedelta(minutes=5)
BASE_BACKOFF_S: Final = 30
MAX_BACKOFF_S: Final = 3600
RECIPIENT_ROLES: Final = ("owner", "manager")
BATCH_SIZE: Final = 20
MAX_BATCHES: Final = 5  # per job run: at most 100 emails, then the next run (10 s later)
MAX_ERROR_CHARS: Final = 1024
NO_RECIPIENTS: Final = "no recipients: the store has no valid contact email and no owner/manager member"


def backoff(attempts: int, retry_after_s: float | None = None) -> timedelta:
    """Delay before the next attempt after ``attempts`` failed ones: 60 s, 120 s, … capped at 1 h."""
    seconds = min(2**attempts * BASE_BACKOFF_S, MAX_BACKOFF_S)
    if retry_after_s is not None:
        seconds = min(max(seconds, retry_after_s), MAX_BACKOFF_S)
    return timedelta(seconds=seconds)


def _error_text(text: str) -> str:
    return mask_string(text)[:MAX_ERROR_CHARS]


# --- recipients -------------------------------------------------------------------------------


async def recipients_of(session: AsyncSession, store_ids: set[UUID]) -> dict[UUID, tuple[str, ...]]:
    """Per store: its contact email, then its active owners' and managers' emails (deduplicated)."""
    found: dict[UUID, dict[str, None]] = {sid: {} for sid in store_ids}
    if not store_ids:
        return {}
    for sid, email in await session.execute(
        sa.select(col(Store.id), col(Store.email)).where(col(Store.id).in_(store_ids))
    ):
        _add(found[sid], email)
    members = await session.execute(
        sa.select(col(StoreMembership.store_id), col(User.email))
        .join(User, col(User.id) == StoreMembership.user_id)
        .where(
            col(StoreMembership.store_id).in_(store_ids),
            col(StoreMembership.status) == "active",
            col(StoreMembership.role).in_(RECIPIENT_ROLES),
            col(User.is_active).is_(True),
        )
        .order_by(col(StoreMembership.store_id), col(StoreMembership.created_at), col(StoreMembership.id))
    )
    for sid, email in members:
        _add(found[sid], email)
    return {sid: tuple(emails) for sid, emails in found.items()}


def _add(emails: dict[str, None], address: str | None) -> None:
    if address is None:
        return
    address = address.strip().lower()
    if is_valid_address(address):  # a store's contact email is free text
        emails.setdefault(address, None)


# --- claim, send, record ----------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    id: UUID
    store_id: UUID
    kind: str
    context: dict[str, Any]
    attempts: int
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Sent:
    provider_message_id: str | None
    recipient_count: int


@dataclass(frozen=True)
class Failed:
    error: str
    permanent: bool
    retry_after_s: float | None = None


@dataclass
class SendStats:
    sent: int = 0
    retried: int = 0
    dead: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "retried": self.retried, "dead": self.dead}


async def claim_due(db: Database, *, now: datetime, limit: int = BATCH_SIZE) -> list[Claimed]:
    """Lease up to ``limit`` due pending rows (committed before anything is sent)."""
    async with db.transaction() as session:
        rows = (
            await session.execute(
                sa.select(
                    col(EmailDelivery.id),
                    col(EmailDelivery.store_id),
                    col(EmailDelivery.kind),
                    col(EmailDelivery.context),
                    col(EmailDelivery.attempts),
                )
                .where(col(EmailDelivery.status) == "pending", col(EmailDelivery.next_attempt_at) <= now)
                .order_by(col(EmailDelivery.next_attempt_at), col(EmailDelivery.id))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if not rows:
            return []
        await session.execute(
            sa.update(EmailDelivery)
            .where(col(EmailDelivery.id).in_([r.id for r in rows]))
            .values(next_attempt_at=now + LEASE)
        )
        recipients = await recipients_of(session, {r.store_id for r in rows})
    return [
        Claimed(r.id, r.store_id, r.kind, dict(r.context), r.attempts, recipients.get(r.store_id, ()))
        for r in rows
    ]


async def send_one(sender: EmailSender, claimed: Claimed, *, app_base_url: str) -> Sent | Failed:
    """Render and send one claimed delivery (no database work)."""
    if not claimed.recipients:
        return Failed(NO_RECIPIENTS, permanent=True)
    try:
        message = compose_email(
            claimed.kind,
            claimed.context,
            to=claimed.recipients,
            idempotency_key=str(claimed.id),
            app_base_url=app_base_url,
        )
    except Exception as exc:  # a template or context that cannot render never will
        return Failed(f"cannot render {claimed.kind!r}: {type(exc).__name__}: {exc}", permanent=True)
    try:
        result = await sender.send(message)
    except PermanentEmailError as exc:
        return Failed(f"permanent: {exc}", permanent=True)
    except TransientEmailError as exc:
        return Failed(f"transient: {exc}", permanent=False, retry_after_s=exc.retry_after_s)
    except Exception as exc:  # an unexpected sender failure is retried like a transient one
        return Failed(f"{type(exc).__name__}: {exc}", permanent=False)
    return Sent(result.provider_message_id, len(message.to) - len(result.refused))


async def record_outcome(
    session: AsyncSession, claimed: Claimed, outcome: Sent | Failed, *, now: datetime, max_attempts: int
) -> str:
    """Write the outcome of one attempt; returns the row's new status (``pending`` = retry)."""
    attempts = claimed.attempts + 1
    values: dict[str, Any] = {"attempts": attempts}
    if isinstance(outcome, Sent):
        status = "sent"
        values.update(
            status=status,
            sent_at=now,
            provider_message_id=outcome.provider_message_id,
            recipient_count=outcome.recipient_count,
            last_error=None,
        )
    else:
        status = "dead" if outcome.permanent or attempts >= max_attempts else "pending"
        values.update(status=status, last_error=_error_text(outcome.error))
        if status == "pending":
            values["next_attempt_at"] = now + backoff(attempts, outcome.retry_after_s)
    await session.execute(
        sa.update(EmailDelivery)
        .where(col(EmailDelivery.id) == claimed.id, col(EmailDelivery.status) == "pending")
        .values(**values)
    )
    fields = {"delivery_id": str(claimed.id), "store_id": str(claimed.store_id), "kind": claimed.kind}
    if status == "sent":
        log.info(
            "identity.email.sent", **fields, attempts=attempts, recipient_count=values["recipient_count"]
        )
    elif status == "pending":
        log.warning(
            "identity.email.retry",
            **fields,
            attempts=attempts,
            next_attempt_at=values["next_attempt_at"].isoformat(),
            error=values["last_error"][:300],
        )
    else:
        log.error("identity.email.dead", **fields, attempts=attempts, error=values["last_error"][:300])
    return status


async def send_due_emails(
    db: Database,
    sender: EmailSender,
    *,
    now: datetime,
    max_attempts: int,
    app_base_url: str,
    batch_size: int = BATCH_SIZE,
    max_batches: int = MAX_BATCHES,
) -> SendStats:
    """Claim, send and record due emails in batches (see the module docstring)."""
    stats = SendStats()
    for _ in range(max_batches):
        batch = await claim_due(db, now=now, limit=batch_size)
        for claimed in batch:
            outcome = await send_one(sender, claimed, app_base_url=app_base_url)
            async with db.transaction() as session:
                status = await record_outcome(session, claimed, outcome, now=now, max_attempts=max_attempts)
            if status == "sent":
                stats.sent += 1
            elif status == "pending":
                stats.retried += 1
            else:
                stats.dead += 1
        if len(batch) < batch_size:
            break
    return stats


# --- retention --------------------------------------------------------------------------------


async def delete_old_deliveries(session: AsyncSession, *, now: datetime, retention_days: int) -> int:
    """Delete ``sent``/``dead`` deliveries older than ``retention_days`` (pending ones stay)."""
    cutoff = now - timedelta(days=retention_days)
    result = await session.execute(
        sa.delete(EmailDelivery).where(
            col(EmailDelivery.status).in_(("sent", "dead")), col(EmailDelivery.created_at) < cutoff
        )
    )
    return rowcount(result)
