"""Structured logging: structlog JSON (or pretty console) output with context and redaction.

``configure_logging()`` is called once by each ``app.py``/``worker.py``. Everything that
logs (structlog loggers and stdlib loggers such as ``uvicorn``, ``sqlalchemy`` and
``alembic``) gets the same processors: merge the contextvars (``request_id``,
``trace_id``, ``user_id``, ``store_id``, ``event_id``, ``job``), stamp
``service``/``level``/``timestamp``, format exceptions, redact secrets and PII
(NFR §5 "Logging redlines"); one root handler with a ``ProcessorFormatter`` renders the line.

Event names are stable dotted strings, never f-strings::

    log = get_logger(__name__)
    log.info("outbox.relay.published", count=3)

Run uvicorn with ``log_config=None`` so that it does not replace this configuration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import itertools
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any, Final, cast

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

__all__ = [
    "REDACTED",
    "REDACTED_CARD",
    "configure_logging",
    "get_logger",
    "info_line",
    "mask_string",
    "redact",
]

REDACTED: Final = "[REDACTED]"
REDACTED_CARD: Final = "[REDACTED-CARD]"

# stdlib loggers whose own handlers are dropped so their records reach the root handler.
_ROUTED_LOGGERS: Final = ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "alembic")
# SQL echo at INFO would log statement parameters (PII): never below WARNING here; raise
# ``sqlalchemy.engine`` by hand after configure_logging() when debugging locally.
# sqlalchemy at INFO would log statement parameters; uvicorn's access log repeats the
# app's own request.complete line (which carries the request id and duration).
_QUIET_LOGGERS: Final = {"sqlalchemy": logging.WARNING, "uvicorn.access": logging.WARNING}
_HANDLER_MARK: Final = "_pf_common_handler"
_FORMATS: Final = frozenset({"auto", "json", "pretty"})

# --- redaction ------------------------------------------------------------------------------

# A key is sensitive when one of its words (split on ``_``, ``-``, ``.``, spaces and camelCase)
# is in _SENSITIVE_WORDS, or two adjacent words form one of _SENSITIVE_PAIRS.
_SENSITIVE_WORDS: Final = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "secrets",
        "token",
        "tokens",
        "authorization",
        "apikey",
        "cookie",
        "cookies",
        "cardnumber",
        "cvc",
        "cvv",
        "pan",
    }
)
_SENSITIVE_PAIRS: Final = frozenset(
    {("api", "key"), ("private", "key"), ("access", "key"), ("card", "number")}
)
_CAMEL_RE: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD_SPLIT_RE: Final = re.compile(r"[^a-z0-9]+")

# ``token=abc`` / ``"password": "abc"`` inside free text (query strings, access logs, bodies).
_KV_NAME: Final = (
    r"[A-Za-z0-9_\-]*(?:password|passwd|secret|token|api[_\-]?key|private[_\-]?key|cookie)[A-Za-z0-9_\-]*"
)
_KV_RE: Final = re.compile(rf"(?i)\b({_KV_NAME})=([^&\s\"',;]+)")
_JSON_KV_RE: Final = re.compile(rf"(?i)([\"']{_KV_NAME}[\"']\s*:\s*)([\"'])(?:\\.|(?!\2).)*\2")
_BEARER_RE: Final = re.compile(r"(?i)\bbearer\s+\S+")
_EMAIL_RE: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-])([A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})"
)
# Not inside a word or a hyphenated id: UUIDs like 01a21f85-9530-72a9-... are no cards.
_CARD_RE: Final = re.compile(r"(?<![\w\-])\d(?:[ \-]?\d){12,18}(?![\w\-])")
_MAX_DEPTH: Final = 32


@functools.lru_cache(maxsize=2048)
def _is_sensitive_key(key: object) -> bool:
    if isinstance(key, bytes):
        key = key.decode("latin-1")
    if not isinstance(key, str):
        return False
    words = [w for w in _WORD_SPLIT_RE.split(_CAMEL_RE.sub("_", key).lower()) if w]
    if any(w in _SENSITIVE_WORDS for w in words):
        return True
    return any(pair in _SENSITIVE_PAIRS for pair in itertools.pairwise(words))


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if 13 <= len(digits) <= 19 and _luhn_ok(digits):
        return REDACTED_CARD
    return text


_HAS_DIGIT_RUN_RE: Final = re.compile(r"\d[\d \-]{11}")


def mask_string(text: str) -> str:
    """Mask secrets and PII inside free text: ``key=value`` secrets, bearer tokens, cards, emails.

    Every log line passes here, so each regex runs only when a cheap test says it could
    match (most values, such as event names, paths and ids, skip them all).
    """
    if "=" in text:
        text = _KV_RE.sub(rf"\1={REDACTED}", text)
    if ":" in text and ('"' in text or "'" in text):
        text = _JSON_KV_RE.sub(rf"\1\2{REDACTED}\2", text)
    if "bearer" in text.lower():
        text = _BEARER_RE.sub(f"Bearer {REDACTED}", text)
    if len(text) >= 13 and _HAS_DIGIT_RUN_RE.search(text):
        text = _CARD_RE.sub(_mask_card, text)
    if "@" in text:
        text = _EMAIL_RE.sub(r"\1***@\2", text)
    return text


_MASK_CACHED_MAX_CHARS: Final = 256


@functools.lru_cache(maxsize=8192)
def _mask_short(text: str) -> str:
    return mask_string(text)


def _mask(text: str) -> str:
    """``mask_string``; short strings repeat (ids, paths, event names): their masks are remembered."""
    return _mask_short(text) if len(text) <= _MASK_CACHED_MAX_CHARS else mask_string(text)


def _redact_value(value: Any, depth: int, seen: frozenset[int]) -> Any:
    if isinstance(value, str):
        return _mask(value)
    if isinstance(value, bool | int | float | type(None)):
        return value
    if isinstance(value, bytes | bytearray):
        text = bytes(value).decode("utf-8", errors="replace")
        masked = mask_string(text)
        return value if masked == text else masked
    if depth >= _MAX_DEPTH or id(value) in seen:
        return "[TRUNCATED]"
    seen = seen | {id(value)}
    if isinstance(value, Mapping):
        return {
            k: REDACTED if _is_sensitive_key(k) else _redact_value(v, depth + 1, seen)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        items = [_redact_item(item, depth + 1, seen) for item in value]
        if isinstance(value, list):
            return items
        if hasattr(value, "_fields"):  # namedtuple
            return type(value)(*items)
        return tuple(items)
    if isinstance(value, set | frozenset):
        return type(value)(_redact_value(item, depth + 1, seen) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **_redact_value(fields, depth + 1, seen)}
    return value


def _redact_item(item: Any, depth: int, seen: frozenset[int]) -> Any:
    # Header lists: [("authorization", "Bearer x"), (b"cookie", b"...")]
    if isinstance(item, tuple | list) and len(item) == 2 and _is_sensitive_key(item[0]):
        pair: Callable[[Iterable[Any]], Any] = type(item)  # tuple or list (or a subclass)
        return pair((item[0], REDACTED))
    return _redact_value(item, depth, seen)


def redact(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """structlog processor: redact sensitive keys and mask secrets/PII in string values.

    Works recursively on dicts (any ``Mapping``), lists, tuples and sets, returns new
    containers and never mutates the objects passed by the caller. The rendered message
    (``event``) is masked like every other string.
    """
    out: EventDict = {}
    for key, value in event_dict.items():
        if key in _PASSED_THROUGH:
            out[key] = value
        elif _is_sensitive_key(key):
            out[key] = REDACTED
        elif type(value) is str:  # the common cases first, without the generic walk
            out[key] = _mask(value)
        elif type(value) in _SCALARS:
            out[key] = value
        else:
            out[key] = _redact_value(value, 0, frozenset())
    return out


_PASSED_THROUGH: Final = frozenset({"_record", "_from_structlog", "exc_info"})
_SCALARS: Final = frozenset({int, float, bool, type(None)})


# --- configuration --------------------------------------------------------------------------


_service: str = "unknown"


def _add_service(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    # Reads the module global so the structlog chain (and cached loggers) survive reconfiguration.
    event_dict.setdefault("service", _service)
    return event_dict


def _drop_color_message(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    # uvicorn passes a duplicate, ANSI-coloured copy of its message as an ``extra``.
    event_dict.pop("color_message", None)
    return event_dict


_LEADING_KEYS: Final = ("timestamp", "level", "service", "event", "logger")


def _leading_keys_first(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    ordered = {k: event_dict[k] for k in _LEADING_KEYS if k in event_dict}
    ordered.update(event_dict)
    return ordered


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "__structlog__"):
        return obj.__structlog__()
    if isinstance(obj, dt.datetime | dt.date | dt.time):
        return obj.isoformat()
    return mask_string(str(obj))


def _json_dumps(obj: Any, **kwargs: Any) -> str:
    kwargs["default"] = _json_default
    return json.dumps(obj, ensure_ascii=False, **kwargs)


# ``json.dumps(obj, ensure_ascii=False, default=_json_default)`` builds a JSONEncoder and its C
# encoder on every call (a third of a line's cost); this one is built once. Without the
# circular-reference check: a rendered line has passed ``redact``, which rebuilds every container
# with a depth cap, so it holds no cycle.
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_ENCODE_STRING = getattr(json.encoder, "c_encode_basestring", None)
_C_ENCODER: Callable[[Any, int], Iterable[str]] | None = (
    _MAKE_ENCODER(None, _json_default, _ENCODE_STRING, None, ": ", ", ", False, False, True)
    if _MAKE_ENCODER is not None and _ENCODE_STRING is not None
    else None
)


def _render_json(event_dict: Mapping[str, Any]) -> str:
    ordered = {k: event_dict[k] for k in _LEADING_KEYS if k in event_dict}
    ordered.update(event_dict)
    if _C_ENCODER is not None:
        return "".join(_C_ENCODER(ordered, 0))
    return _json_dumps(ordered)


_STAMPER: Final = structlog.processors.TimeStamper(fmt="iso", utc=True)

# The handler configure_logging() installed, when its lines are JSON (None otherwise).
_direct_handler: logging.StreamHandler[Any] | None = None


def _write_or_hand_over(logger: WrappedLogger, method_name: str, event_dict: EventDict) -> Any:
    """The last processor of structlog's chain: write the line, or hand it to stdlib logging.

    When our JSON handler is the only handler the record would reach (production: one root
    handler), the line is written to its stream at once, under its lock, exactly as the
    handler would have written it, without building a ``LogRecord`` and going through
    ``logging.Logger.handle``. Otherwise (pytest's capture handlers, a handler someone added,
    the pretty renderer) the record goes through stdlib logging as before.
    """
    handler = _direct_handler
    if handler is not None and _only_handler_is(logger, handler):
        _write(handler, event_dict)
        raise structlog.DropEvent
    return structlog.stdlib.ProcessorFormatter.wrap_for_formatter(logger, method_name, event_dict)


def _write(handler: logging.StreamHandler[Any], event_dict: EventDict) -> None:
    line = _render_json(event_dict) + "\n"
    handler.acquire()
    try:
        handler.stream.write(line)
        handler.stream.flush()
    except Exception:
        handler.handleError(logging.makeLogRecord({"msg": event_dict.get("event")}))
    finally:
        handler.release()


def info_line(logger: logging.Logger, event: str, fields: dict[str, Any]) -> bool:
    """Write the INFO line ``get_logger(logger.name).info(event, **fields)`` would write, without
    structlog's processor chain: the same keys in the same order, the same redaction. Only where
    that call would write directly (JSON, our handler the only one); otherwise nothing is written
    and False is returned, and the caller logs the usual way. For lines written on every request
    (the access line), where the chain's generic steps cost more than the line itself.
    """
    return _direct_line(logger, "info", event, dict(fields))


def _direct_line(logger: logging.Logger, level: str, event: Any, event_dict: EventDict) -> bool:
    """The chain's steps for a line without positional arguments, exception or stack (``level``
    as ``add_log_level`` names it), written at once; False where the chain must run."""
    handler = _direct_handler
    if handler is None or not _only_handler_is(logger, handler):
        return False
    event_dict["event"] = event
    event_dict = _merge_context(logger, level, event_dict)
    event_dict["logger"] = logger.name
    event_dict = redact(logger, level, event_dict)
    event_dict = _add_service(logger, level, event_dict)
    event_dict["level"] = level
    _write(handler, _STAMPER(logger, level, event_dict))
    return True


def _plain_or_chain(level: str, levelno: int) -> Callable[..., Any]:
    """A ``_BoundLogger`` level method: :meth:`_BoundLogger._plain`, else the stock method."""
    stock = getattr(structlog.stdlib.BoundLogger, level)

    def method(self: _BoundLogger, event: str | None = None, *args: Any, **kw: Any) -> Any:
        if self._plain(level, levelno, event, args, kw):
            return None
        return stock(self, event, *args, **kw)

    method.__name__ = method.__qualname__ = level
    return method


class _BoundLogger(structlog.stdlib.BoundLogger):
    """structlog's stdlib ``BoundLogger`` whose plain lines skip the processor chain.

    ``log.info("media.presigned", media_id=...)`` (no positional arguments, no ``exc_info`` or
    ``stack_info``) at an enabled level, where our JSON handler would write it directly, is
    written by :func:`_direct_line`: the same line as the chain's (a test holds them equal) for
    less than half its cost. Anything else goes through the chain as before.
    """

    def _plain(self, level: str, levelno: int, event: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> bool:
        if event is None or args or "exc_info" in kw or "stack_info" in kw:
            return False
        logger = self._logger
        if not logger.isEnabledFor(levelno):
            return True  # filter_by_level would drop it
        return _direct_line(logger, level, event, {**self._context, **kw})

    debug = _plain_or_chain("debug", logging.DEBUG)
    info = _plain_or_chain("info", logging.INFO)
    warning = _plain_or_chain("warning", logging.WARNING)
    error = _plain_or_chain("error", logging.ERROR)


def _bound_context() -> Iterable[tuple[str, Any]]:
    """What ``structlog.contextvars.get_contextvars()`` returns, read from structlog's own registry
    of its context variables instead of a copy of the whole context (every asyncio, OpenTelemetry
    and sniffio variable). A test holds the two equal."""
    for name, var in structlog.contextvars._CONTEXT_VARS.items():
        value = var.get()
        if value is not Ellipsis:
            yield name[_PREFIX_LEN:], value


_PREFIX_LEN: Final = len(structlog.contextvars.STRUCTLOG_KEY_PREFIX)


def _merge_context(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """``structlog.contextvars.merge_contextvars`` (the event's own keys win), reading the bound
    context like :func:`info_line`, so both write the same keys in the same order."""
    for key, value in _bound_context():
        event_dict.setdefault(key, value)
    return event_dict


def _only_handler_is(logger: Any, handler: logging.Handler) -> bool:
    node = logger if isinstance(logger, logging.Logger) else None
    while node is not None:
        if node.handlers:
            return node.parent is None and len(node.handlers) == 1 and node.handlers[0] is handler
        if not node.propagate:
            return False
        node = node.parent
    return False


class _Formatter(structlog.stdlib.ProcessorFormatter):
    """``ProcessorFormatter`` with a direct path for structlog's own JSON lines.

    A structlog line arrives already processed and redacted (the common tail ran in the caller);
    the stock formatter would still copy the record, copy the event dict and go through
    ``logging.Formatter.format``. Here it is ordered and serialised at once: the same output,
    a fraction of the cost (every request writes one). Foreign (stdlib) records and the pretty
    renderer take the stock path.
    """

    def __init__(self, *args: Any, direct_json: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._direct_json = direct_json

    def format(self, record: logging.LogRecord) -> str:
        msg = record.msg
        if self._direct_json and type(msg) is dict and getattr(record, "_logger", None) is not None:
            return _render_json(msg)
        return super().format(record)


def _is_tty(stream: IO[str] | io.TextIOBase) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def configure_logging(
    service: str,
    *,
    level: str = "INFO",
    fmt: str = "auto",
    stream: IO[str] | io.TextIOBase | None = None,
) -> None:
    """Configure structlog and stdlib logging for one process. Safe to call more than once.

    ``fmt`` is ``"json"``, ``"pretty"`` or ``"auto"`` (pretty on a TTY, JSON otherwise).
    ``stream`` defaults to ``sys.stdout`` as it is at call time.
    """
    global _service, _direct_handler
    if fmt not in _FORMATS:
        raise ValueError(f"unknown log format {fmt!r}; expected one of {sorted(_FORMATS)}")
    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        raise ValueError(f"unknown log level {level!r}")
    out = stream if stream is not None else sys.stdout
    pretty = fmt == "pretty" or (fmt == "auto" and _is_tty(out))

    renderer: Processor
    if pretty:
        renderer = structlog.dev.ConsoleRenderer(
            colors=_is_tty(out), exception_formatter=structlog.dev.plain_traceback
        )
    else:
        renderer = structlog.processors.JSONRenderer(serializer=_json_dumps)

    # Common tail: runs in the caller's thread for structlog loggers and for stdlib records,
    # so every handler (including test capture) only ever sees redacted data from structlog.
    # redact runs before the stamps this module adds itself (service, level, timestamp: nothing
    # to mask there) and after the exception is rendered (its text is masked like any string).
    tail: list[Processor] = [
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        redact,
        _add_service,
        structlog.stdlib.add_log_level,
        _STAMPER,
    ]
    formatter = _Formatter(
        direct_json=not pretty,
        foreign_pre_chain=[
            _merge_context,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.ExtraAdder(),
            _drop_color_message,
            *tail,
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            _leading_keys_first,
            renderer,
        ],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    setattr(handler, _HANDLER_MARK, True)

    root = logging.getLogger()
    for old in list(root.handlers):
        # Replace our previous handler and plain stream handlers (basicConfig); keep others
        # such as pytest's capture handlers.
        if getattr(old, _HANDLER_MARK, False) or type(old) is logging.StreamHandler:
            root.removeHandler(old)
            if getattr(old, _HANDLER_MARK, False):
                old.close()
    root.addHandler(handler)
    root.setLevel(numeric_level)
    _direct_handler = None if pretty else handler
    # No line shows the caller's file, thread or process (the JSON carries its own context), so
    # the stdlib need not look them up for every record: the "Optimization" settings of the
    # logging HOWTO (docs.python.org/3/howto/logging.html#optimization).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False

    for name in _ROUTED_LOGGERS:
        lg = logging.getLogger(name)
        for old in list(lg.handlers):
            lg.removeHandler(old)
        lg.propagate = True
        lg.setLevel(max(numeric_level, _QUIET_LOGGERS.get(name, logging.NOTSET)))

    _service = service
    # The structlog-side chain does not depend on the arguments (the renderer lives in the
    # handler), so loggers cached on first use stay valid when this function is called again.
    structlog.configure(
        processors=[
            _merge_context,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.PositionalArgumentsFormatter(),
            *tail,
            _write_or_hand_over,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=_BoundLogger,
        context_class=dict,
        cache_logger_on_first_use=True,
    )


def get_logger(name: str | None = None, **initial_values: Any) -> structlog.stdlib.BoundLogger:
    """Return a structlog logger (``name`` defaults to the calling module's name)."""
    if name is None:
        frame = sys._getframe(1)
        name = cast(str, frame.f_globals.get("__name__", "pf"))
    return structlog.stdlib.get_logger(name, **initial_values)
