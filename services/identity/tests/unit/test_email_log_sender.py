"""LogEmailSender: one masked log line per email, the full message appended to the outbox."""

import asyncio
import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from pf_identity.clients.email import EmailMessage, TransientEmailError
from pf_identity.clients.email.base import message_id_for
from pf_identity.clients.email.log import LogEmailSender, read_outbox

SECRET_BODY = "Your license GAAA-1234 was not approved: blurry scan"


def message(key="identity.email:evt-1", **overrides):
    values = {
        "to": ("jane.doe@example.com", "Store@Shop.example"),
        "subject": "Your license GAAA-1234 was not approved",
        "text": f"Hello,\n\n{SECRET_BODY}\n",
        "html": f"<p>Hello,</p>\n<p>{SECRET_BODY}</p>",
        "idempotency_key": key,
        "tags": ("license_rejected",),
    }
    values.update(overrides)
    return EmailMessage(**values)


async def test_each_send_appends_the_full_message_as_one_json_line(tmp_path):
    outbox = tmp_path / "mail" / "outbox.jsonl"
    sender = LogEmailSender(outbox, email_from="PackFinderz <no-reply@packfinderz.test>")

    first = await sender.send(message())
    await sender.send(message(key="identity.email:evt-2", to=("ops@example.com",)))

    assert first.provider_message_id is None and first.refused == ()
    lines = outbox.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record.pop("sent_at").endswith("+00:00")
    assert record == {
        "message_id": message_id_for("identity.email:evt-1", "packfinderz.test"),
        "from": "PackFinderz <no-reply@packfinderz.test>",
        "to": ["jane.doe@example.com", "store@shop.example"],
        "subject": "Your license GAAA-1234 was not approved",
        "text": f"Hello,\n\n{SECRET_BODY}\n",
        "html": f"<p>Hello,</p>\n<p>{SECRET_BODY}</p>",
        "idempotency_key": "identity.email:evt-1",
        "tags": ["license_rejected"],
    }
    assert [m["idempotency_key"] for m in read_outbox(outbox)] == [
        "identity.email:evt-1",
        "identity.email:evt-2",
    ]


async def test_non_ascii_text_is_kept_readable(tmp_path):
    outbox = tmp_path / "outbox.jsonl"

    await LogEmailSender(outbox).send(message(subject="Café Señor – order", text="Crème brûlée\n"))

    assert "Café Señor – order" in outbox.read_text(encoding="utf-8")
    assert read_outbox(outbox)[0]["text"] == "Crème brûlée\n"


async def test_the_outbox_is_private(tmp_path):
    outbox = tmp_path / "new" / "mail" / "outbox.jsonl"

    await LogEmailSender(outbox).send(message())

    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600
    assert stat.S_IMODE(outbox.parent.stat().st_mode) == 0o700


async def test_an_existing_directory_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)  # noqa: S103 - a shared directory the sender must not tighten

    await LogEmailSender(shared / "outbox.jsonl").send(message())

    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


async def test_one_log_line_per_email_with_masked_recipients_and_no_body(tmp_path, captured_logs):
    await LogEmailSender(tmp_path / "outbox.jsonl").send(message())

    sent = [e for e in captured_logs if e["event"] == "email.sent"]
    assert len(sent) == 1
    entry = sent[0]
    assert entry["backend"] == "log"
    assert entry["to"] == ["j***@example.com", "s***@shop.example"]
    assert entry["recipient_count"] == 2
    assert entry["tags"] == ["license_rejected"]
    assert entry["idempotency_key"] == "identity.email:evt-1"
    logged = repr(captured_logs)
    assert "jane.doe" not in logged and "store@" not in logged
    assert SECRET_BODY not in logged and "GAAA-1234" not in logged  # neither body nor subject


async def test_an_unwritable_outbox_is_a_transient_error(tmp_path, captured_logs):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")

    with pytest.raises(TransientEmailError, match="email outbox"):
        await LogEmailSender(blocker / "outbox.jsonl").send(message())
    assert [e for e in captured_logs if e["event"] == "email.sent"] == []


async def test_concurrent_sends_in_one_process_do_not_interleave(tmp_path):
    outbox = tmp_path / "outbox.jsonl"
    sender = LogEmailSender(outbox)
    big = "x" * 200_000

    await asyncio.gather(*(sender.send(message(key=f"k-{i}", html=big)) for i in range(20)))

    records = read_outbox(outbox)
    assert sorted(r["idempotency_key"] for r in records) == sorted(f"k-{i}" for i in range(20))
    assert all(r["html"] == big for r in records)


def test_concurrent_processes_append_whole_lines(tmp_path):
    outbox = tmp_path / "outbox.jsonl"
    script = textwrap.dedent(
        """
        import asyncio, sys
        from pathlib import Path
        from pf_identity.clients.email import EmailMessage
        from pf_identity.clients.email.log import LogEmailSender

        async def main(worker, path):
            sender = LogEmailSender(Path(path))
            for i in range(40):
                await sender.send(EmailMessage(
                    to=("dev@example.com",), subject="s", text="t" * 70_000, html="h" * 70_000,
                    idempotency_key=f"w{worker}-{i}",
                ))

        asyncio.run(main(sys.argv[1], sys.argv[2]))
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(worker), str(outbox)]) for worker in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]

    records = read_outbox(outbox)  # every line parses: no torn or interleaved writes
    assert sorted(r["idempotency_key"] for r in records) == sorted(
        f"w{w}-{i}" for w in range(4) for i in range(40)
    )
    assert all(len(r["text"]) == 70_000 and len(r["html"]) == 70_000 for r in records)


def test_reading_a_missing_outbox_is_empty(tmp_path):
    assert read_outbox(tmp_path / "none.jsonl") == []
