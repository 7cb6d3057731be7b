"""SmtpEmailSender against a real SMTP server (aiosmtpd on a free local port)."""

import datetime as dt
import email
import email.policy
import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr

from pf_identity.clients.email import (
    EmailMessage,
    EmailSettings,
    PermanentEmailError,
    TransientEmailError,
    make_email_sender,
)
from pf_identity.clients.email.base import message_id_for
from pf_identity.clients.email.smtp import SmtpEmailSender

FROM = "no-reply@packfinderz.test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Collector:
    """aiosmtpd handler: records accepted messages; answers scripted codes per recipient."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        self.rcpt_replies: dict[str, str] = {}
        self.data_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture(autouse=True, scope="module")
def quiet_smtp_server() -> Iterator[None]:
    """aiosmtpd logs each connection at INFO from its own thread, also while a controller stops
    after its test: into whatever stream the root logger was last given, by then often a closed
    capture (a "--- Logging error ---" traceback in the run's output). Its warnings still show."""
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    yield
    server_log.setLevel(level)


@pytest.fixture
def collector() -> Collector:
    return Collector()


@pytest.fixture
def smtp_server(collector) -> Iterator[Controller]:
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def sender_for(port: int, **overrides: Any) -> SmtpEmailSender:
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "from_address": FROM,
        "from_name": "PackFinderz",
        "timeout_s": 5,
        "local_hostname": "worker.packfinderz.test",
    }
    values.update(overrides)
    return SmtpEmailSender(**values)


def message(**overrides: Any) -> EmailMessage:
    values: dict[str, Any] = {
        "to": ("Owner@Example.com", "store@shop.example"),
        "subject": "Your license GAAA-1234 is verified",
        "text": "Hello Green Valley Farms,\n\nYour license is verified.\n",
        "html": "<p>Hello Green Valley Farms,</p><p>Your license is verified. Café ✓</p>",
        "idempotency_key": "identity.email_license_status:evt-7",
        "tags": ("license_verified",),
    }
    values.update(overrides)
    return EmailMessage(**values)


def parsed(envelope: Any) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


async def test_sends_a_multipart_alternative_email_to_every_recipient(smtp_server, collector, captured_logs):
    sender = sender_for(smtp_server.port)

    result = await sender.send(message())

    [envelope] = collector.received
    assert envelope.mail_from == FROM
    assert envelope.rcpt_tos == ["owner@example.com", "store@shop.example"]
    mime = parsed(envelope)
    expected_id = message_id_for("identity.email_license_status:evt-7", "packfinderz.test")
    assert mime["Message-ID"] == expected_id
    assert result.provider_message_id == expected_id and result.refused == ()
    assert mime["Subject"] == "Your license GAAA-1234 is verified"
    assert mime["From"] == "PackFinderz <no-reply@packfinderz.test>"
    assert mime["To"] == "owner@example.com, store@shop.example"
    assert mime["Auto-Submitted"] == "auto-generated"
    assert mime["X-PF-Tags"] == "license_verified"
    assert email.utils.parsedate_to_datetime(mime["Date"]).tzinfo == dt.UTC
    assert mime.get_content_type() == "multipart/alternative"
    text_part, html_part = mime.iter_parts()
    assert text_part.get_content_type() == "text/plain"
    assert (
        text_part.get_content().replace("\r\n", "\n")
        == "Hello Green Valley Farms,\n\nYour license is verified.\n"
    )
    assert html_part.get_content_type() == "text/html"
    assert (
        html_part.get_content().replace("\r\n", "\n")
        == "<p>Hello Green Valley Farms,</p><p>Your license is verified. Café ✓</p>\n"
    )
    sent = [e for e in captured_logs if e["event"] == "email.sent"]
    assert [(e["backend"], e["to"]) for e in sent] == [("smtp", ["o***@example.com", "s***@shop.example"])]


async def test_a_retry_carries_the_same_message_id(smtp_server, collector):
    sender = sender_for(smtp_server.port)

    await sender.send(message())
    await sender.send(message())
    await sender.send(message(idempotency_key="identity.email_license_status:evt-8"))

    ids = [parsed(e)["Message-ID"] for e in collector.received]
    assert ids[0] == ids[1] != ids[2]


async def test_a_text_only_email_is_a_single_text_part(smtp_server, collector):
    await sender_for(smtp_server.port).send(message(html="", tags=()))

    mime = parsed(collector.received[0])
    assert mime.get_content_type() == "text/plain"
    assert mime["X-PF-Tags"] is None


async def test_every_recipient_refused_with_550_is_permanent(smtp_server, collector):
    collector.rcpt_replies = {
        "owner@example.com": "550 5.1.1 <owner@example.com>: Recipient address rejected",
        "store@shop.example": "550 5.1.1 mailbox unavailable",
    }

    with pytest.raises(PermanentEmailError, match=r"refused every recipient \(codes \[550\]\)") as raised:
        await sender_for(smtp_server.port).send(message())

    assert "owner@example.com" not in str(raised.value)
    assert collector.received == []


async def test_a_single_recipient_refused_with_550_is_permanent(smtp_server, collector):
    collector.rcpt_replies = {"gone@example.com": "550 5.1.1 no such user"}

    with pytest.raises(PermanentEmailError):
        await sender_for(smtp_server.port).send(message(to=("gone@example.com",)))


async def test_recipients_refused_with_4xx_are_transient(smtp_server, collector):
    collector.rcpt_replies = {
        "owner@example.com": "450 4.2.1 try later",
        "store@shop.example": "550 5.1.1 no",
    }

    with pytest.raises(TransientEmailError, match=r"codes \[450, 550\]"):
        await sender_for(smtp_server.port).send(message())


async def test_some_recipients_refused_still_sends_and_reports_them(smtp_server, collector, captured_logs):
    collector.rcpt_replies = {"store@shop.example": "550 5.1.1 mailbox unavailable"}

    result = await sender_for(smtp_server.port).send(message())

    assert result.refused == ("store@shop.example",)
    assert [e.rcpt_tos for e in collector.received] == [["owner@example.com"]]
    [entry] = [e for e in captured_logs if e["event"] == "email.sent"]
    assert entry["refused"] == ["s***@shop.example"]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ("554 5.6.0 message content rejected", PermanentEmailError),
        ("451 4.3.0 queue full", TransientEmailError),
    ],
)
async def test_a_refused_message_body_maps_by_code(smtp_server, collector, reply, error):
    collector.data_reply = reply

    with pytest.raises(error, match=reply[:3]):
        await sender_for(smtp_server.port).send(message())


async def test_a_closed_port_is_transient():
    with pytest.raises(TransientEmailError, match="unreachable: ConnectionRefusedError"):
        await sender_for(free_port()).send(message())


async def test_a_silent_server_times_out_as_transient():
    with socket.socket() as silent:  # accepts the TCP connection, never sends a greeting
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        sender = sender_for(silent.getsockname()[1], timeout_s=0.3)

        with pytest.raises(TransientEmailError, match="SMTP server"):
            await sender.send(message())


async def test_starttls_configured_against_a_server_without_it_is_permanent(smtp_server):
    with pytest.raises(PermanentEmailError, match="STARTTLS"):
        await sender_for(smtp_server.port, starttls=True).send(message())


# --- STARTTLS + AUTH ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("smtp-tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"mailer",
        b"s3cret",
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_server(collector, certificate) -> Iterator[Controller]:
    cert_file, key_file = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    controller = Controller(
        collector,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def client_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


async def test_starttls_and_login(tls_server, collector, certificate):
    sender = sender_for(
        tls_server.port,
        starttls=True,
        username="mailer",
        password=SecretStr("s3cret"),
        ssl_context=client_context(certificate),
    )

    await sender.send(message())

    assert [e.rcpt_tos for e in collector.received] == [["owner@example.com", "store@shop.example"]]


async def test_wrong_credentials_are_permanent(tls_server, collector, certificate):
    sender = sender_for(
        tls_server.port,
        starttls=True,
        username="mailer",
        password="wrong",
        ssl_context=client_context(certificate),
    )

    with pytest.raises(PermanentEmailError, match="535"):
        await sender.send(message())
    assert collector.received == []


async def test_an_untrusted_certificate_is_transient(tls_server):
    sender = sender_for(tls_server.port, starttls=True, username="mailer", password="s3cret")

    with pytest.raises(TransientEmailError, match="SSLCertVerificationError"):
        await sender.send(message())


async def test_skipping_starttls_where_the_server_requires_it_is_permanent(tls_server, collector):
    with pytest.raises(PermanentEmailError, match="530"):
        await sender_for(tls_server.port).send(message())
    assert collector.received == []


async def test_the_factory_builds_a_working_smtp_sender(smtp_server, collector):
    sender = make_email_sender(
        EmailSettings(
            email_backend="smtp",
            smtp_host="127.0.0.1",
            smtp_port=smtp_server.port,
            smtp_timeout_s=5,
            email_from="PackFinderz Ops <ops@packfinderz.test>",
        )
    )

    await sender.send(message(to=("dev@example.com",)))

    mime = parsed(collector.received[0])
    assert mime["From"] == "PackFinderz Ops <ops@packfinderz.test>"
    assert mime["Message-ID"].endswith("@packfinderz.test>")
