"""EmailMessage normalisation, EmailSettings and the backend factory."""

from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import SecretStr, ValidationError

from pf_common.settings import ServiceSettings, find_project_root, service_config
from pf_identity.clients.email import (
    EmailConfigError,
    EmailMessage,
    EmailSender,
    EmailSettings,
    PermanentEmailError,
    TransientEmailError,
    is_valid_address,
    make_email_sender,
)
from pf_identity.clients.email.base import message_id_for, parse_from
from pf_identity.clients.email.log import LogEmailSender
from pf_identity.clients.email.memory import InMemoryEmailSender
from pf_identity.clients.email.sendgrid import SendGridEmailSender
from pf_identity.clients.email.smtp import SmtpEmailSender


def message(**overrides):
    values = {
        "to": ("jane@example.com",),
        "subject": "Hello",
        "text": "Hi there\n",
        "html": "<p>Hi there</p>",
        "idempotency_key": "identity.email:evt-1",
    }
    values.update(overrides)
    return EmailMessage(**values)


# --- EmailMessage ----------------------------------------------------------------------------


def test_recipients_are_stripped_lower_cased_and_deduplicated_in_order():
    msg = message(to=[" Jane@Example.com", "store@shop.example", "JANE@example.com"])

    assert msg.to == ("jane@example.com", "store@shop.example")


def test_a_single_string_recipient_is_one_recipient():
    assert message(to="Jane@Example.com").to == ("jane@example.com",)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "jane",
        "jane@",
        "@example.com",
        "ja ne@example.com",
        "a@b@c",
        "Jane <jane@example.com>",
        "x@y\r\nBcc: z",
    ],
)
def test_invalid_recipients_are_refused(bad):
    assert not is_valid_address(bad)
    with pytest.raises(ValueError, match="invalid recipient"):
        message(to=("ok@example.com", bad))


def test_no_recipient_is_refused():
    with pytest.raises(ValueError, match="at least one recipient"):
        message(to=())


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("subject", "", "subject"),
        ("subject", "Hello\r\nBcc: x@example.com", "subject"),
        ("text", "  ", "text"),
        ("idempotency_key", "", "idempotency_key"),
        ("idempotency_key", "k" * 256, "idempotency_key"),
        ("idempotency_key", "key\nwith newline", "idempotency_key"),
        ("tags", tuple(f"t{i}" for i in range(11)), "tags"),
        ("tags", ("bad\ntag",), "tags"),
    ],
)
def test_invalid_fields_are_refused(field, value, error):
    with pytest.raises(ValueError, match=error):
        message(**{field: value})


def test_html_may_be_empty_and_tags_are_deduplicated():
    msg = message(html="", tags=["license_verified", "license_verified", "compliance"])

    assert msg.html == ""
    assert msg.tags == ("license_verified", "compliance")


def test_message_is_frozen_and_round_trips_through_a_dict():
    msg = message(to=("a@example.com", "b@example.com"), tags=("order_created",))

    with pytest.raises(AttributeError):
        msg.subject = "changed"  # type: ignore[misc]
    assert EmailMessage.from_dict(msg.to_dict()) == msg
    assert msg.to_dict() == {
        "to": ["a@example.com", "b@example.com"],
        "subject": "Hello",
        "text": "Hi there\n",
        "html": "<p>Hi there</p>",
        "idempotency_key": "identity.email:evt-1",
        "tags": ["order_created"],
    }


def test_message_id_is_stable_per_idempotency_key():
    first = message_id_for("identity.email:evt-1", "packfinderz.test")

    assert first == message_id_for("identity.email:evt-1", "packfinderz.test")
    assert first != message_id_for("identity.email:evt-2", "packfinderz.test")
    assert first.startswith("<pf.") and first.endswith("@packfinderz.test>")


def test_parse_from():
    assert parse_from("PackFinderz <no-reply@packfinderz.test>") == (
        "PackFinderz",
        "no-reply@packfinderz.test",
    )
    assert parse_from("ops@packfinderz.test") == ("", "ops@packfinderz.test")
    with pytest.raises(EmailConfigError):
        parse_from("PackFinderz")


def test_errors_carry_their_kind():
    assert TransientEmailError("slow down", retry_after_s=3).retry_after_s == 3
    assert TransientEmailError("x").retry_after_s is None
    assert not issubclass(PermanentEmailError, TransientEmailError)


# --- settings and factory --------------------------------------------------------------------


def test_email_settings_defaults():
    cfg = EmailSettings()

    assert cfg.email_backend == "log"
    assert cfg.email_from == "PackFinderz <no-reply@packfinderz.test>"
    assert cfg.email_outbox_file is None
    assert (cfg.smtp_host, cfg.smtp_port, cfg.smtp_starttls, cfg.smtp_timeout_s) == (
        "127.0.0.1",
        25,
        False,
        10,
    )
    assert cfg.smtp_username is None and cfg.smtp_password is None
    assert cfg.sendgrid_api_key is None
    assert cfg.sendgrid_host == "https://api.sendgrid.com"
    assert cfg.app_base_url == "http://localhost:8080"


def test_sendgrid_without_a_key_is_refused_at_settings_time():
    with pytest.raises(ValidationError, match="sendgrid_api_key"):
        EmailSettings(email_backend="sendgrid")
    with pytest.raises(ValidationError, match="sendgrid_api_key"):
        EmailSettings(email_backend="sendgrid", sendgrid_api_key=SecretStr("  "))


class MixedSettings(ServiceSettings, EmailSettings):
    """How identity's Settings will mix EmailSettings in."""

    model_config = service_config("identity")
    service_name: ClassVar[str] = "identity"


def test_the_mixin_reads_the_environment_with_the_service_prefix(monkeypatch):
    monkeypatch.setenv("PF_IDENTITY_EMAIL_BACKEND", "sendgrid")
    monkeypatch.setenv("PF_SENDGRID_API_KEY", "SG.secret")
    monkeypatch.setenv("PF_IDENTITY_APP_BASE_URL", "https://app.packfinderz.com")

    settings = MixedSettings()

    assert settings.email_backend == "sendgrid"
    assert settings.sendgrid_api_key.get_secret_value() == "SG.secret"
    assert "SG.secret" not in repr(settings)
    assert settings.app_base_url == "https://app.packfinderz.com"
    assert isinstance(make_email_sender(settings), SendGridEmailSender)


def test_the_mixin_validates_inside_the_service_settings(monkeypatch):
    monkeypatch.setenv("PF_IDENTITY_EMAIL_BACKEND", "sendgrid")
    monkeypatch.delenv("PF_SENDGRID_API_KEY", raising=False)
    monkeypatch.delenv("PF_IDENTITY_SENDGRID_API_KEY", raising=False)

    with pytest.raises(ValidationError, match="sendgrid_api_key"):
        MixedSettings()


def test_log_is_the_default_backend_with_the_project_outbox():
    sender = make_email_sender(EmailSettings())

    assert isinstance(sender, LogEmailSender)
    assert isinstance(sender, EmailSender)
    assert sender.outbox_file == find_project_root() / ".pf" / "mail" / "outbox.jsonl"


def test_log_backend_uses_the_configured_outbox(tmp_path):
    sender = make_email_sender(EmailSettings(email_outbox_file=tmp_path / "out.jsonl"))

    assert sender.outbox_file == tmp_path / "out.jsonl"


def test_smtp_backend_takes_its_settings():
    sender = make_email_sender(
        EmailSettings(
            email_backend="smtp",
            email_from="Ops <ops@packfinderz.test>",
            smtp_host="mail.internal",
            smtp_port=587,
            smtp_username="mailer",
            smtp_password=SecretStr("pw"),
            smtp_starttls=True,
            smtp_timeout_s=3,
        )
    )

    assert isinstance(sender, SmtpEmailSender)
    assert (sender.host, sender.port, sender.username, sender.starttls, sender.timeout_s) == (
        "mail.internal",
        587,
        "mailer",
        True,
        3,
    )
    assert (sender.from_name, sender.from_address) == ("Ops", "ops@packfinderz.test")
    assert "pw" not in repr(vars(sender))


def test_sendgrid_backend_takes_its_settings():
    sender = make_email_sender(
        EmailSettings(
            email_backend="sendgrid", sendgrid_api_key=SecretStr("SG.k"), sendgrid_host="http://127.0.0.1:9/"
        )
    )

    assert isinstance(sender, SendGridEmailSender)
    assert sender.host == "http://127.0.0.1:9"
    assert (sender.from_name, sender.from_address) == ("PackFinderz", "no-reply@packfinderz.test")


def test_the_log_backend_in_production_is_warned_about(captured_logs):
    assert isinstance(make_email_sender(EmailSettings(), environment="prod"), LogEmailSender)

    assert [e["event"] for e in captured_logs] == ["email.backend.log_in_prod"]


def test_factory_refuses_an_unparsable_from():
    with pytest.raises(EmailConfigError, match="email_from"):
        make_email_sender(EmailSettings(email_from="not an address"))


async def test_the_in_memory_sender_records_and_fails_on_demand():
    sender = InMemoryEmailSender(fail_with=[TransientEmailError("later")])

    with pytest.raises(TransientEmailError):
        await sender.send(message())
    result = await sender.send(message())

    assert isinstance(sender, EmailSender)
    assert sender.sent == [message()] and sender.attempts == 2
    assert result.provider_message_id == message_id_for("identity.email:evt-1", "memory.invalid")


def test_outbox_file_accepts_a_string_path():
    assert EmailSettings(email_outbox_file="/tmp/x.jsonl").email_outbox_file == Path("/tmp/x.jsonl")
