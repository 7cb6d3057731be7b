"""``send_emails`` (staged email deliveries → the email sender) and ``cleanup_notifications``.

The log sender (the embedded default) writes to a JSON-lines file under tmp_path; failing
providers are the in-memory test double of ``clients.email``, the worker context's sender.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from identity_factories import make_membership, make_store, make_user

from pf_common.events.common import ChargeStatus, ChargeType
from pf_common.events.finance import ChargeRecordedV1
from pf_common.ids import uuid7
from pf_identity.clients.email import PermanentEmailError, TransientEmailError
from pf_identity.clients.email.log import LogEmailSender
from pf_identity.clients.email.memory import InMemoryEmailSender
from pf_identity.domain import emails
from pf_identity.models import EmailDelivery, Notification, Store

STORE_EMAIL = "Orders@SunriseFarms.example"
OWNER = "owner@sunrisefarms.example"
MANAGER = "manager@sunrisefarms.example"


@pytest.fixture
async def vendor(db_session) -> Store:
    """A vendor with a contact email, an owner, a manager, and members who get no email."""
    owner = await make_user(db_session, email=OWNER)
    store = await make_store(
        db_session, type="vendor", owner=owner, company_name="Sunrise Farms LLC", email=STORE_EMAIL
    )
    await make_membership(
        db_session, store=store, user=await make_user(db_session, email=MANAGER), role="manager"
    )
    for role in ("staff", "viewer", "ops"):
        await make_membership(db_session, store=store, user=await make_user(db_session), role=role)
    invited = await make_user(db_session, email="invited-manager@sunrisefarms.example")
    await make_membership(db_session, store=store, user=invited, role="manager", status="invited")
    inactive = await make_user(db_session, email="former-manager@sunrisefarms.example", is_active=False)
    await make_membership(db_session, store=store, user=inactive, role="manager")
    return store


@pytest.fixture
def memory_sender(context) -> InMemoryEmailSender:
    """The provider double, as the email sender of the worker's context (what ``run_job`` uses)."""
    sender = InMemoryEmailSender()
    context.email = sender
    return sender


def failed_charge(store: Store) -> ChargeRecordedV1:
    return ChargeRecordedV1(
        charge_id=uuid7(),
        store_id=store.id,
        type=ChargeType.SUBSCRIPTION,
        status=ChargeStatus.FAILED,
        amount_cents=9_900,
        failure_reason="card_declined",
    )


async def stage_email(deliver, store: Store) -> ChargeRecordedV1:
    event = failed_charge(store)
    await deliver(event, times=1)
    return event


async def delivery_of(db_session, store: Store) -> EmailDelivery:
    stmt = (
        sa.select(EmailDelivery)
        .where(EmailDelivery.store_id == store.id)
        .execution_options(populate_existing=True)
    )
    return (await db_session.execute(stmt)).scalar_one()


def outbox(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def later(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


# --- delivery through the log sender ---------------------------------------------------------------


async def test_a_staged_email_is_sent_to_the_store_and_its_owners_and_managers(
    db_session, deliver, run_job, vendor, outbox_file
):
    event = await stage_email(deliver, vendor)
    staged = await delivery_of(db_session, vendor)

    assert await run_job("send_emails") == "ran"

    [line] = outbox(outbox_file)
    assert line["to"] == [STORE_EMAIL.lower(), OWNER, MANAGER]
    assert line["idempotency_key"] == str(staged.id)
    assert line["tags"] == ["charge_failed"]
    assert "$99.00" in line["subject"]
    assert "https://app.packfinderz.test/vendor/billing" in line["text"]
    assert "card_declined" in line["text"] and str(event.charge_id) in line["text"]
    row = await delivery_of(db_session, vendor)
    assert (row.status, row.attempts, row.recipient_count, row.last_error) == ("sent", 1, 3, None)
    assert row.sent_at is not None


async def test_an_email_is_never_sent_twice(db_session, deliver, run_job, vendor, outbox_file):
    await stage_email(deliver, vendor)

    await run_job("send_emails")
    await run_job("send_emails")
    await run_job("send_emails", now=later(3600))

    assert len(outbox(outbox_file)) == 1
    assert (await delivery_of(db_session, vendor)).status == "sent"


async def test_logs_carry_no_body_and_no_full_address(deliver, run_job, vendor, captured_logs):
    await stage_email(deliver, vendor)

    await run_job("send_emails")

    sent = [e for e in captured_logs if e["event"] == "identity.email.sent"]
    assert len(sent) == 1 and sent[0]["recipient_count"] == 3 and sent[0]["kind"] == "charge_failed"
    text = json.dumps(captured_logs, default=str)
    for address in (STORE_EMAIL.lower(), OWNER, MANAGER):
        assert address not in text
    assert "card_declined" not in text  # the failure reason is part of the body


async def test_a_store_without_recipients_gets_a_dead_delivery(db_session, deliver, run_job, outbox_file):
    ghost_owner = await make_user(db_session, is_active=False)
    store = await make_store(db_session, type="vendor", owner=ghost_owner, email="not an address")
    await stage_email(deliver, store)

    await run_job("send_emails")

    row = await delivery_of(db_session, store)
    assert (row.status, row.attempts) == ("dead", 1)
    assert row.last_error.startswith("no recipients")
    assert outbox(outbox_file) == []


# --- failures: retry with backoff, then dead --------------------------------------------------------


async def test_transient_failures_back_off_then_the_delivery_is_dead(
    db_session, deliver, run_job, vendor, memory_sender, settings
):
    assert settings.email_max_attempts == 8
    memory_sender.fail_next(*[TransientEmailError("smtp 451 try later")] * 8)
    await stage_email(deliver, vendor)

    delays = []
    now = datetime.now(UTC)
    for attempt in range(1, 9):
        await run_job("send_emails", now=now)
        row = await delivery_of(db_session, vendor)
        assert row.attempts == attempt
        if attempt < 8:
            assert (row.status, row.last_error) == ("pending", "transient: smtp 451 try later")
            delays.append((row.next_attempt_at - now).total_seconds())
            await run_job("send_emails", now=row.next_attempt_at - timedelta(seconds=1))  # not yet due
            assert memory_sender.attempts == attempt
            now = row.next_attempt_at

    assert delays == [60, 120, 240, 480, 960, 1920, 3600]
    assert (row.status, row.sent_at) == ("dead", None)
    assert memory_sender.sent == [] and memory_sender.attempts == 8
    await run_job("send_emails", now=now + timedelta(days=1))
    assert memory_sender.attempts == 8  # dead rows are never picked again


async def test_a_retry_that_succeeds_marks_the_delivery_sent(
    db_session, deliver, run_job, vendor, memory_sender
):
    memory_sender.fail_next(
        TransientEmailError("rate limited", retry_after_s=300), RuntimeError("socket closed")
    )
    await stage_email(deliver, vendor)

    await run_job("send_emails")
    first = await delivery_of(db_session, vendor)
    first_delay, first_due = (first.next_attempt_at - first.created_at).total_seconds(), first.next_attempt_at
    await run_job("send_emails", now=first_due)
    second = await delivery_of(db_session, vendor)
    second_error, second_due = second.last_error, second.next_attempt_at
    await run_job("send_emails", now=second_due)

    assert first_delay == pytest.approx(300, abs=5)  # the provider's hint beats the 60 s backoff
    assert second_error == "RuntimeError: socket closed"
    assert (second_due - first_due).total_seconds() == 120
    row = await delivery_of(db_session, vendor)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    [message] = memory_sender.sent
    assert message.idempotency_key == str(row.id)  # the same key on every attempt
    assert row.provider_message_id is not None and row.recipient_count == 3


async def test_a_permanent_failure_is_dead_at_once(db_session, deliver, run_job, vendor, memory_sender):
    memory_sender.fail_next(PermanentEmailError("550 mailbox unavailable: owner@sunrisefarms.example"))
    await stage_email(deliver, vendor)

    await run_job("send_emails")

    row = await delivery_of(db_session, vendor)
    assert (row.status, row.attempts) == ("dead", 1)
    assert row.last_error.startswith("permanent: 550 mailbox unavailable")
    assert OWNER not in row.last_error  # addresses are masked in the stored error


async def test_a_context_that_cannot_render_is_dead_at_once(
    db_session, deliver, run_job, vendor, memory_sender
):
    await stage_email(deliver, vendor)
    await db_session.execute(
        sa.update(EmailDelivery)
        .where(EmailDelivery.store_id == vendor.id)
        .values(context={"store_name": "x"})
    )

    await run_job("send_emails")

    row = await delivery_of(db_session, vendor)
    assert (row.status, memory_sender.attempts) == ("dead", 0)
    assert row.last_error.startswith("cannot render 'charge_failed'")


async def test_a_claimed_row_is_leased_so_a_crash_resends_at_most_once_per_lease(
    db_session, database, deliver, run_job, vendor, memory_sender
):
    await stage_email(deliver, vendor)
    now = datetime.now(UTC)
    [claimed] = await emails.claim_due(database, now=now)  # the worker died before recording anything

    await run_job("send_emails", now=now + timedelta(minutes=4))
    assert memory_sender.attempts == 0
    await run_job("send_emails", now=now + emails.LEASE)

    assert [m.idempotency_key for m in memory_sender.sent] == [str(claimed.id)]
    assert (await delivery_of(db_session, vendor)).status == "sent"


async def test_the_sender_is_built_once_per_process_from_its_settings(context, outbox_file):
    sender = context.email

    assert isinstance(sender, LogEmailSender) and sender.outbox_file == outbox_file
    assert context.email is sender


# --- retention --------------------------------------------------------------------------------


async def test_cleanup_deletes_old_notifications_and_finished_emails(db_session, run_job, vendor):
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=31), now - timedelta(days=29)

    async def notice(created_at: datetime, status: str | None = None) -> uuid.UUID:
        n = Notification(
            id=uuid7(),
            store_id=vendor.id,
            audience="store",
            type="order_alert",
            title="t",
            message="m",
            source=f"test:{uuid7()}",
            created_at=created_at,
        )
        db_session.add(n)
        if status is not None:
            db_session.add(
                EmailDelivery(
                    id=uuid7(),
                    notification_id=n.id,
                    store_id=vendor.id,
                    kind="charge_failed",
                    status=status,
                    created_at=created_at,
                )
            )
        await db_session.flush()
        return n.id

    keep = [await notice(recent, "sent"), await notice(recent)]
    gone = [await notice(old, "sent"), await notice(old, "dead"), await notice(old)]
    pending_old = await notice(old, "pending")

    assert await run_job("cleanup_notifications", now=now) == "ran"

    left = set(await db_session.scalars(sa.select(Notification.id).where(Notification.store_id == vendor.id)))
    assert left == set(keep)
    deliveries = await db_session.execute(
        sa.select(EmailDelivery.notification_id, EmailDelivery.status).where(
            EmailDelivery.store_id == vendor.id
        )
    )
    assert sorted(deliveries.all(), key=lambda r: r[1]) == [(pending_old, "pending"), (keep[0], "sent")]
    assert not set(gone) & left


async def test_the_provider_is_called_while_no_database_connection_is_held(
    db_session, deliver, run_job, vendor, memory_sender, monkeypatch
):
    from pf_common import iosafety

    held: list[tuple[str, ...]] = []
    send = memory_sender.send

    async def observed(message):
        held.append(iosafety.held_connections())
        return await send(message)

    monkeypatch.setattr(memory_sender, "send", observed)
    await stage_email(deliver, vendor)

    await run_job("send_emails")

    assert held == [()]  # neither the claim's nor the job runner's transaction is open
    assert (await delivery_of(db_session, vendor)).status == "sent"
