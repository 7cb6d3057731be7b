"""pf_common.logging: JSON/pretty output, context vars, stdlib routing and redaction."""

from __future__ import annotations

import copy
import datetime
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from pf_common import logging as pf_logging
from pf_common.logging import configure_logging, get_logger, info_line, mask_string, redact

_NAMED = ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "alembic")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved_root = (list(root.handlers), root.level)
    saved_named = {
        n: (list(lg.handlers), lg.level, lg.propagate) for n in _NAMED if (lg := logging.getLogger(n))
    }
    structlog.contextvars.clear_contextvars()
    yield
    structlog.contextvars.clear_contextvars()
    for h in root.handlers:
        if h not in saved_root[0]:
            h.close()
    root.handlers[:] = saved_root[0]
    root.setLevel(saved_root[1])
    for name, (handlers, level, propagate) in saved_named.items():
        lg = logging.getLogger(name)
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate
    structlog.reset_defaults()


def _lines(buf: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def _json_logging(**kwargs: Any) -> io.StringIO:
    buf = io.StringIO()
    configure_logging("orders", fmt="json", stream=buf, **kwargs)
    return buf


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_json_line_has_bound_context_service_level_and_utc_timestamp() -> None:
    buf = _json_logging()
    structlog.contextvars.bind_contextvars(
        request_id="req-1", trace_id="t" * 32, user_id="u-1", store_id="s-1", event_id="e-1", job="expire"
    )
    get_logger("pf_orders.checkout").info("orders.checkout.completed", count=3)

    (line,) = _lines(buf)
    assert line["event"] == "orders.checkout.completed"
    assert line["count"] == 3
    assert line["service"] == "orders"
    assert line["level"] == "info"
    assert line["logger"] == "pf_orders.checkout"
    assert line["timestamp"].endswith("Z")
    for key, value in {
        "request_id": "req-1",
        "trace_id": "t" * 32,
        "user_id": "u-1",
        "store_id": "s-1",
        "event_id": "e-1",
        "job": "expire",
    }.items():
        assert line[key] == value


def test_context_unbound_after_clear() -> None:
    buf = _json_logging()
    log = get_logger("t")
    structlog.contextvars.bind_contextvars(request_id="req-1")
    log.info("a.first")
    structlog.contextvars.clear_contextvars()
    log.info("a.second")
    first, second = _lines(buf)
    assert first["request_id"] == "req-1"
    assert "request_id" not in second


def test_nested_secrets_are_redacted_and_callers_dict_is_not_mutated() -> None:
    buf = _json_logging()
    payload = {
        "user": {"email": "jane.doe@example.com", "Password": "hunter2", "password_hash": "$argon2id$x"},
        "headers": {
            "Authorization": "Bearer eyJhbGciOi.abc.def",
            "Set-Cookie": "sid=s3cr3t",
            "X-Api-Key": "k-1",
        },
        "sessions": [{"access_token": "at-1"}, {"refresh_token": "rt-1"}],
        "ads": ({"view_token": "vt-1", "click_token": "ct-1", "campaign_id": "c-1"},),
        "payment": {"card_number": "4242424242424242", "cvc": "123", "client_secret": "pi_x_secret_y"},
        "raw_headers": [(b"authorization", b"Bearer zzz"), (b"content-type", b"application/json")],
        "idempotency_key": "idem-1",
    }
    original = copy.deepcopy(payload)

    get_logger("t").info("auth.login.succeeded", payload=payload, password="pw-1", api_key="key-1")

    assert payload == original
    raw = buf.getvalue()
    for secret in (
        "hunter2",
        "$argon2id$x",
        "eyJhbGciOi",
        "s3cr3t",
        "k-1",
        "at-1",
        "rt-1",
        "vt-1",
        "ct-1",
        "4242424242424242",
        "pi_x_secret_y",
        "zzz",
        "pw-1",
        "key-1",
        "jane.doe",
    ):
        assert secret not in raw, secret
    (line,) = _lines(buf)
    p = line["payload"]
    assert p["user"] == {"email": "j***@example.com", "Password": "[REDACTED]", "password_hash": "[REDACTED]"}
    assert p["headers"] == {
        "Authorization": "[REDACTED]",
        "Set-Cookie": "[REDACTED]",
        "X-Api-Key": "[REDACTED]",
    }
    assert p["sessions"] == [{"access_token": "[REDACTED]"}, {"refresh_token": "[REDACTED]"}]
    assert p["ads"] == [{"view_token": "[REDACTED]", "click_token": "[REDACTED]", "campaign_id": "c-1"}]
    assert p["payment"] == {"card_number": "[REDACTED]", "cvc": "[REDACTED]", "client_secret": "[REDACTED]"}
    assert p["raw_headers"][0][1] == "[REDACTED]"
    assert p["idempotency_key"] == "idem-1"
    assert line["password"] == "[REDACTED]"
    assert line["api_key"] == "[REDACTED]"


def test_strings_are_masked_including_the_event_text() -> None:
    buf = _json_logging()
    get_logger("t").info(
        "payment failed for jane.doe@example.com with Bearer abc.def",
        note="card 4111 1111 1111 1111 / 4111-1111-1111-1111, order 1234567890123",
        url="/ads/click?click_token=ct-9&campaign=c-1",
    )
    (line,) = _lines(buf)
    assert line["event"] == "payment failed for j***@example.com with Bearer [REDACTED]"
    assert line["note"] == "card [REDACTED-CARD] / [REDACTED-CARD], order 1234567890123"
    assert line["url"] == "/ads/click?click_token=[REDACTED]&campaign=c-1"


def test_positional_args_are_interpolated_before_redaction() -> None:
    buf = _json_logging()
    get_logger("t").info("login for %s", "jane.doe@example.com")
    assert _lines(buf)[0]["event"] == "login for j***@example.com"


def test_stdlib_uvicorn_records_get_same_format_context_and_redaction() -> None:
    buf = _json_logging()
    structlog.contextvars.bind_contextvars(request_id="req-7")
    logging.getLogger("uvicorn.error").error(
        "upstream said %s to %s",
        "Authorization: Bearer leaked-token",
        "jane.doe@example.com",
        extra={"password": "hunter2", "card": "5555 5555 5555 4444"},
    )
    raw = buf.getvalue()
    assert "leaked-token" not in raw
    assert "hunter2" not in raw
    (line,) = _lines(buf)
    assert line["logger"] == "uvicorn.error"
    assert line["level"] == "error"
    assert line["service"] == "orders"
    assert line["request_id"] == "req-7"
    assert line["event"] == "upstream said Authorization: Bearer [REDACTED] to j***@example.com"
    assert line["password"] == "[REDACTED]"
    assert line["card"] == "[REDACTED-CARD]"


def test_uvicorn_access_own_handlers_are_replaced_and_records_routed_once() -> None:
    stray = io.StringIO()
    access = logging.getLogger("uvicorn.access")
    access.addHandler(logging.StreamHandler(stray))
    access.propagate = False

    buf = _json_logging()
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/health/ready", "1.1", 200)  # dropped
    access.warning('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/v1/orders?token=abc", "1.1", 200)

    assert stray.getvalue() == ""
    (line,) = _lines(buf)  # info access lines repeat request.complete: only warnings pass
    assert line["logger"] == "uvicorn.access"
    assert line["event"] == '127.0.0.1:5000 - "GET /v1/orders?token=[REDACTED] HTTP/1.1" 200'


def test_exception_is_logged_with_stack_trace() -> None:
    buf = _json_logging()
    try:
        raise ValueError("bad input for jane.doe@example.com")
    except ValueError:
        get_logger("t").exception("orders.checkout.failed")
    (line,) = _lines(buf)
    assert line["level"] == "error"
    assert "Traceback (most recent call last)" in line["exception"]
    assert "ValueError: bad input for j***@example.com" in line["exception"]


def test_level_filters_structlog_and_stdlib() -> None:
    buf = _json_logging(level="WARNING")
    get_logger("t").info("a.info")
    logging.getLogger("uvicorn.error").info("b.info")
    get_logger("t").warning("a.warning")
    assert [line["event"] for line in _lines(buf)] == ["a.warning"]


def test_configure_twice_is_idempotent_and_switches_stream() -> None:
    first = _json_logging()
    second = _json_logging()
    get_logger("t").info("a.once")
    logging.getLogger("alembic").info("b.once")
    assert first.getvalue() == ""
    assert [line["event"] for line in _lines(second)] == ["a.once", "b.once"]
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_pf_common_handler", False)]
    assert len(ours) == 1


def test_logger_created_before_configuration_uses_final_configuration() -> None:
    log = get_logger("early")
    buf = _json_logging()
    log.info("a.late", x=1)
    assert _lines(buf)[0]["x"] == 1


def test_pretty_format_is_not_json_and_still_redacts() -> None:
    buf = io.StringIO()
    configure_logging("orders", fmt="pretty", stream=buf)
    get_logger("t").info("orders.checkout.completed", password="hunter2", count=3)
    out = buf.getvalue()
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)
    assert "orders.checkout.completed" in out
    assert "count=3" in out
    assert "hunter2" not in out
    assert "\x1b[" not in out  # no colours on a non-TTY stream


def test_auto_format_picks_json_off_tty_and_pretty_on_tty() -> None:
    plain = io.StringIO()
    configure_logging("orders", stream=plain)
    get_logger("t").info("a.auto")
    assert json.loads(plain.getvalue())["event"] == "a.auto"

    tty = _TTY()
    configure_logging("orders", stream=tty)
    get_logger("t").info("a.auto")
    with pytest.raises(json.JSONDecodeError):
        json.loads(tty.getvalue())
    assert "a.auto" in tty.getvalue()


def test_defaults_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("orders", fmt="json")
    get_logger("t").info("a.stdout")
    assert json.loads(capsys.readouterr().out)["event"] == "a.stdout"


def test_invalid_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="format"):
        configure_logging("orders", fmt="xml")
    with pytest.raises(ValueError, match="level"):
        configure_logging("orders", level="LOUD")


def test_redact_processor_directly() -> None:
    event = {
        "event": "x",
        "PASSWORD": "a",
        "cfg": {"privateKey": "b", "secret": "c", "nested": [{"passwd": "d"}, ("pan", "4111111111111111")]},
        "ids": ("a", "b"),
        "count": 5,
    }
    original = copy.deepcopy(event)
    out = redact(None, "info", event)
    assert event == original
    assert out["PASSWORD"] == "[REDACTED]"
    assert out["cfg"]["privateKey"] == "[REDACTED]"
    assert out["cfg"]["secret"] == "[REDACTED]"
    assert out["cfg"]["nested"][0] == {"passwd": "[REDACTED]"}
    assert out["cfg"]["nested"][1] == ("pan", "[REDACTED]")
    assert out["ids"] == ("a", "b")
    assert isinstance(out["ids"], tuple)
    assert out["count"] == 5


def test_mask_string_rules() -> None:
    assert mask_string("jane.doe@example.com") == "j***@example.com"
    assert mask_string("j***@example.com") == "j***@example.com"
    assert mask_string("bearer abc") == "Bearer [REDACTED]"
    assert mask_string("4111111111111111") == "[REDACTED-CARD]"
    assert mask_string("4111111111111112") == "4111111111111112"  # fails Luhn
    assert mask_string("order 123456789012") == "order 123456789012"  # 12 digits
    assert mask_string('{"password": "p\\"w", "x": 1}') == '{"password": "[REDACTED]", "x": 1}'


def test_other_handlers_only_see_redacted_structlog_events(caplog: pytest.LogCaptureFixture) -> None:
    _json_logging()
    with caplog.at_level(logging.INFO):
        get_logger("t").info("auth.login.succeeded", password="hunter2", user={"refresh_token": "rt"})
    (record,) = [r for r in caplog.records if r.name == "t"]
    assert "hunter2" not in str(record.msg)
    assert "'rt'" not in str(record.msg)


def test_ids_made_of_hex_and_hyphens_are_not_cards():
    # seen in `make up` logs: runs of digits inside UUIDs were masked as card numbers
    for text in (
        "aggregate_id=01a21f85-9633-725c-9874-f56e81f78880",
        "01a21f86-1eaf-73f6-8822-9c7d1b0c6f08",
        "event 01234567-8901-2345-6789-012345678901",
    ):
        assert mask_string(text) == text
    assert mask_string("pay 4111-1111-1111-1111 now") == "pay [REDACTED-CARD] now"


def test_captured_logs_see_a_module_logger_cached_before_the_capture():
    from structlog.testing import capture_logs

    from pf_common import service_auth
    from pf_common.testing.plugin import forget_cached_loggers

    _json_logging()
    service_auth.log.info("probe.before")  # production config: the proxy caches its logger now
    assert "bind" in vars(service_auth.log)
    _json_logging()  # configured again (an app's lifespan does so): a new processor list
    with capture_logs() as missed:
        service_auth.log.info("probe.cached")  # still the logger cached with the first list
    forget_cached_loggers()
    with capture_logs() as seen:
        service_auth.log.info("probe.fresh")
    forget_cached_loggers()

    assert missed == []  # what made captured_logs empty, depending on which test ran before
    assert [e["event"] for e in seen] == ["probe.fresh"]


def _only_our_handler() -> None:
    """Production's setup: our JSON handler is the root's only one (pytest's capture handlers,
    which make every line take the stdlib path, come back after the test)."""
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if getattr(h, "_pf_common_handler", False)]


def test_info_line_writes_what_the_structlog_chain_writes() -> None:
    buf = _json_logging()
    _only_our_handler()
    structlog.contextvars.bind_contextvars(request_id="req-1", user_id="u-1", store_id="s-1")
    fields = {"method": "GET", "path": "/api/v1/x?token=abc", "status": 200, "duration_ms": 1.23}

    get_logger("pf_common.http").info("request.complete", **fields)
    assert info_line(logging.getLogger("pf_common.http"), "request.complete", dict(fields)) is True

    chain, direct = (json.loads(line) for line in buf.getvalue().splitlines())
    assert direct.pop("timestamp").endswith("Z")
    chain.pop("timestamp")
    assert direct == chain
    assert list(direct) == list(chain)  # the same keys in the same order
    assert direct["path"] != fields["path"] and "abc" not in direct["path"]  # masked like any line


@pytest.fixture
def direct_lines(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The level of each line written by the direct path (``_direct_line``), in order."""
    written: list[str] = []
    direct = pf_logging._direct_line

    def spy(logger: logging.Logger, level: str, event: Any, event_dict: dict[str, Any]) -> bool:
        written.append(level)
        return direct(logger, level, event, event_dict)

    monkeypatch.setattr(pf_logging, "_direct_line", spy)
    return written


def test_a_plain_line_of_a_bound_logger_is_the_chains_line_written_directly(direct_lines: list[str]) -> None:
    buf = _json_logging()
    _only_our_handler()
    structlog.contextvars.bind_contextvars(request_id="req-1", store_id="s-1")
    log = get_logger("pf_media.api").bind(media_id="m-1", request_id="mine")
    fields = {"url": "http://x/y?token=abc", "owner": "ann@example.com", "n": 3, "nested": {"secret": 1}}
    chain = structlog.stdlib.BoundLogger  # the stock methods: the whole processor chain
    for level in ("info", "warning", "error"):
        getattr(log, level)("media.presigned", **fields)
        getattr(chain, level)(log, "media.presigned", **fields)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(lines) == 6
    for written, through_chain in zip(lines[::2], lines[1::2], strict=True):
        assert written.pop("timestamp").endswith("Z")
        through_chain.pop("timestamp")
        assert list(written.items()) == list(through_chain.items())  # same keys, same order
    assert direct_lines == ["info", "warning", "error"]  # the stock methods did not take the direct path
    assert [line["level"] for line in lines[::2]] == ["info", "warning", "error"]
    assert lines[0]["request_id"] == "mine" and lines[0]["store_id"] == "s-1"
    assert "abc" not in lines[0]["url"] and lines[0]["nested"] == {"secret": "[REDACTED]"}


def test_a_line_the_direct_path_cannot_write_goes_through_the_chain(direct_lines: list[str]) -> None:
    buf = _json_logging()
    _only_our_handler()
    log = get_logger("pf_x")
    log.info("with %s args", "positional")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
        log.warning("failed.again", exc_info=True)
    log.debug("below.the.level")  # INFO configured: neither path writes it
    log.info("plain")
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [line["event"] for line in lines] == ["with positional args", "failed", "failed.again", "plain"]
    assert "ValueError: boom" in lines[1]["exception"] and "ValueError" in lines[2]["exception"]
    assert direct_lines == ["info"]  # only the plain line took the direct path


def test_info_line_leaves_the_line_to_the_chain_when_another_handler_listens(
    caplog: pytest.LogCaptureFixture,
) -> None:
    buf = _json_logging()  # pytest's capture handler stays on the root
    assert info_line(logging.getLogger("pf_common.http"), "request.complete", {"status": 200}) is False
    assert buf.getvalue() == ""


def test_the_bound_context_read_for_a_line_is_structlogs_own() -> None:
    structlog.contextvars.clear_contextvars()
    tokens = structlog.contextvars.bind_contextvars(request_id="req-2", user_id="u-2", job=None)
    structlog.contextvars.unbind_contextvars("user_id")

    assert (
        dict(pf_logging._bound_context())
        == structlog.contextvars.get_contextvars()
        == {
            "request_id": "req-2",
            "job": None,
        }
    )
    structlog.contextvars.reset_contextvars(**tokens)
    assert dict(pf_logging._bound_context()) == structlog.contextvars.get_contextvars() == {}


@pytest.mark.parametrize(
    "line",
    [
        {"event": "x", "n": 1, "f": 1.5, "nan": float("nan"), "none": None, "yes": True},
        {"event": 'é ✓ \u2028 "quoted" \\ back', "nested": {"a": [1, "b", {"c": None}]}, "t": (1, 2)},
        {"event": "odd", "when": datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), "obj": object()},
    ],
)
def test_a_line_renders_byte_for_byte_as_json_dumps_would(line: dict[str, Any]) -> None:
    expected = pf_logging._json_dumps({**line})
    rendered = pf_logging._render_json(line)

    assert rendered.split("object at 0x")[0] == expected.split("object at 0x")[0]
    assert pf_logging._C_ENCODER is not None  # CPython's C encoder: the fast path is the one tested
