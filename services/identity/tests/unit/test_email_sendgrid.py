"""SendGridEmailSender against a local fake of ``POST /v3/mail/send`` (http.server in a thread)."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr

from pf_identity.clients.email import (
    EmailMessage,
    EmailSettings,
    PermanentEmailError,
    TransientEmailError,
    make_email_sender,
)
from pf_identity.clients.email.sendgrid import SendGridEmailSender

API_KEY = "SG.test-key.0123456789"


@dataclass
class Reply:
    status: int = 202
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"X-Message-Id": "sg-msg-1"})
    delay_s: float = 0.0


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class FakeSendGrid:
    """Records each request; answers with the queued replies (then 202)."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.replies: list[Reply] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append(
                    Received(
                        "POST", self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw)
                    )
                )
                reply = fake.replies.pop(0) if fake.replies else Reply()
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                try:
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # a delayed reply whose client timed out on purpose (the test's case)

            def log_message(self, *args: Any) -> None:  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> "FakeSendGrid":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake(monkeypatch) -> Iterator[FakeSendGrid]:
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with FakeSendGrid() as server:
        yield server


@pytest.fixture
def sender(fake) -> SendGridEmailSender:
    return SendGridEmailSender(
        SecretStr(API_KEY),
        from_address="no-reply@packfinderz.test",
        from_name="PackFinderz",
        host=fake.url,
        timeout_s=2,
    )


def message(**overrides: Any) -> EmailMessage:
    values: dict[str, Any] = {
        "to": ("Owner@Example.com", "store@shop.example"),
        "subject": "New order #10042 from Corner Dispensary",
        "text": "Hello Vendor Co,\n\nNew order.\n",
        "html": "<p>Hello Vendor Co,</p><p>New order.</p>",
        "idempotency_key": "identity.email_order_created:evt-42",
        "tags": ("order_created",),
    }
    values.update(overrides)
    return EmailMessage(**values)


def error_body(*messages: str) -> bytes:
    return json.dumps({"errors": [{"message": m, "field": None, "help": None} for m in messages]}).encode()


async def test_posts_the_v3_mail_send_body_with_the_api_key(fake, sender):
    result = await sender.send(message())

    assert result.provider_message_id == "sg-msg-1"
    assert len(fake.requests) == 1
    request = fake.requests[0]
    assert (request.method, request.path) == ("POST", "/v3/mail/send")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"] == "application/json"
    assert request.body == {
        "from": {"email": "no-reply@packfinderz.test", "name": "PackFinderz"},
        "subject": "New order #10042 from Corner Dispensary",
        "personalizations": [{"to": [{"email": "owner@example.com"}, {"email": "store@shop.example"}]}],
        "content": [
            {"type": "text/plain", "value": "Hello Vendor Co,\n\nNew order.\n"},
            {"type": "text/html", "value": "<p>Hello Vendor Co,</p><p>New order.</p>"},
        ],
        "categories": ["order_created"],
        "custom_args": {"idempotency_key": "identity.email_order_created:evt-42"},
    }


async def test_a_text_only_message_without_tags_has_no_html_part_nor_categories(fake, sender):
    await sender.send(message(html="", tags=()))

    body = fake.requests[0].body
    assert body["content"] == [{"type": "text/plain", "value": "Hello Vendor Co,\n\nNew order.\n"}]
    assert "categories" not in body


async def test_the_send_is_logged_masked(fake, sender, captured_logs):
    await sender.send(message())

    sent = [e for e in captured_logs if e["event"] == "email.sent"]
    assert [(e["backend"], e["to"], e["provider_message_id"]) for e in sent] == [
        ("sendgrid", ["o***@example.com", "s***@shop.example"], "sg-msg-1")
    ]
    assert API_KEY not in repr(captured_logs)


async def test_a_missing_message_id_header_is_none(fake, sender):
    fake.replies.append(Reply(headers={}))

    assert (await sender.send(message())).provider_message_id is None


async def test_429_is_transient_with_the_retry_after_hint(fake, sender, captured_logs):
    fake.replies.append(Reply(429, error_body("too many requests"), {"Retry-After": "30"}))

    with pytest.raises(TransientEmailError, match="HTTP 429: too many requests") as raised:
        await sender.send(message())

    assert raised.value.retry_after_s == 30.0
    assert [e for e in captured_logs if e["event"] == "email.sent"] == []


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_transient(fake, sender, status):
    fake.replies.append(Reply(status, b"upstream trouble", {}))

    with pytest.raises(TransientEmailError, match=f"HTTP {status}") as raised:
        await sender.send(message())

    assert raised.value.retry_after_s is None


async def test_400_is_permanent_with_the_errors_masked(fake, sender):
    fake.replies.append(Reply(400, error_body("Does not contain a valid address: bad@example.com"), {}))

    with pytest.raises(PermanentEmailError, match=r"HTTP 400: Does not contain a valid address") as raised:
        await sender.send(message())

    assert "bad@example.com" not in str(raised.value)
    assert "b***@example.com" in str(raised.value)


@pytest.mark.parametrize("status", [401, 403, 404, 413])
async def test_other_4xx_are_permanent(fake, sender, status):
    fake.replies.append(Reply(status, b"", {}))

    with pytest.raises(PermanentEmailError, match=f"HTTP {status}"):
        await sender.send(message())


async def test_a_timeout_is_transient(fake):
    slow = SendGridEmailSender(
        SecretStr(API_KEY), from_address="no-reply@packfinderz.test", host=fake.url, timeout_s=0.2
    )
    fake.replies.append(Reply(delay_s=1.0))

    with pytest.raises(TransientEmailError, match="SendGrid"):
        await slow.send(message())


async def test_a_closed_port_is_transient(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = SendGridEmailSender(
        SecretStr(API_KEY),
        from_address="no-reply@packfinderz.test",
        host=f"http://127.0.0.1:{port}",
        timeout_s=2,
    )

    with pytest.raises(TransientEmailError, match="SendGrid unreachable"):
        await closed.send(message())


async def test_the_factory_builds_a_sender_that_posts_to_the_configured_host(fake):
    sender = make_email_sender(
        EmailSettings(
            email_backend="sendgrid",
            sendgrid_api_key=SecretStr(API_KEY),
            sendgrid_host=fake.url + "/",
            email_from="Ops Team <ops@packfinderz.test>",
        )
    )

    await sender.send(message())

    assert fake.requests[0].path == "/v3/mail/send"
    assert fake.requests[0].body["from"] == {"email": "ops@packfinderz.test", "name": "Ops Team"}
