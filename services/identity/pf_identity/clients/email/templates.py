"""Email templates of the store notifications that also email (spec/DOMAIN.md §5.1, matrix).

``render_email(kind, context, app_base_url=settings.app_base_url)`` renders one kind to
``(subject, text, html)`` from ``pf_identity/templates/email/<kind>.txt`` and ``<kind>.html`` (Jinja2, strict
undefined; html autoescaped, so store names and reasons cannot inject markup) and a subject
line kept here. Every kind takes exactly the context keys listed in :data:`CONTEXT_KEYS`;
a missing, unexpected or ``None`` key (outside :data:`NULLABLE_KEYS`) raises
:class:`EmailContextError`, an unknown kind :class:`UnknownEmailKind` (a ``KeyError``).

The call-to-action link of each kind is ``app_base_url`` + :func:`link_path` (the same app
path the in-app notification row stores as ``link``). Values may be ``str``/``UUID``/``int``;
dates may be ``date``, ``datetime`` or ISO strings; amounts are integer US cents.

Kinds and their source events (the consumer maps event -> kind and builds the context):

==========================  =================================================================
license_verified            license_status_changed(verified)
license_rejected            license_status_changed(rejected); ``reason`` may be None
license_expiring_soon       license_expiring_soon
license_expired             license_expired
order_created               order_created (created_pending, not a retry), to the vendor
order_retried               order_retried, to the vendor
order_nudge                 order_pending_nudge (``pending_days``) or
                            notification_requested(order_nudge) (``pending_days`` None)
order_expired               order_expired, once per side: ``audience`` "buyer" or "vendor",
                            ``counterparty_name`` the other store's name
subscription_inactive       subscription_status_changed to subscription_active false
charge_failed               charge_recorded(status failed); ``failure_reason`` may be None
==========================  =================================================================

``store_name`` is always the recipient store's display name (DBA name, else company name).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

from .base import EmailMessage

__all__ = [
    "CONTEXT_KEYS",
    "EMAIL_KINDS",
    "LINK_PATHS",
    "NULLABLE_KEYS",
    "EmailContextError",
    "RenderedEmail",
    "UnknownEmailKind",
    "compose_email",
    "link_path",
    "render_email",
]

_LICENSE: Final = ("store_name", "store_id", "license_id", "license_number")

#: The exact context keys of each kind (its documentation; tests render every kind with them).
CONTEXT_KEYS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "license_verified": (*_LICENSE, "license_type"),
        "license_rejected": (*_LICENSE, "license_type", "reason"),
        "license_expiring_soon": (*_LICENSE, "expiration_date", "days_until_expiration"),
        "license_expired": (*_LICENSE, "expiration_date"),
        "order_created": (
            "store_name",
            "order_id",
            "order_number",
            "buyer_store_name",
            "item_count",
            "total_cents",
        ),
        "order_retried": ("store_name", "order_id", "buyer_store_name"),
        "order_nudge": ("store_name", "order_id", "buyer_store_name", "pending_days"),
        "order_expired": ("store_name", "order_id", "audience", "counterparty_name", "ttl_days"),
        "subscription_inactive": ("store_name", "status"),
        "charge_failed": ("store_name", "charge_id", "charge_type", "amount_cents", "failure_reason"),
    }
)
EMAIL_KINDS: Final = tuple(CONTEXT_KEYS)

#: Keys whose value may be ``None`` (the template then says so); every other key needs a value.
NULLABLE_KEYS: Final = frozenset({"reason", "pending_days", "failure_reason"})

#: Allowed values of enumerated keys.
_CHOICES: Final[Mapping[str, frozenset[str]]] = MappingProxyType({"audience": frozenset({"buyer", "vendor"})})

#: App path of each kind's link (``str.format`` fields are context keys, URL-quoted).
LINK_PATHS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "license_verified": "/stores/{store_id}/licenses/{license_id}",
        "license_rejected": "/stores/{store_id}/licenses/{license_id}",
        "license_expiring_soon": "/stores/{store_id}/licenses/{license_id}",
        "license_expired": "/stores/{store_id}/licenses/{license_id}",
        "order_created": "/orders/{order_id}",
        "order_retried": "/orders/{order_id}",
        "order_nudge": "/orders/{order_id}",
        "order_expired": "/orders/{order_id}",
        "subscription_inactive": "/vendor/billing",
        "charge_failed": "/vendor/billing",
    }
)

# Subject lines (Jinja, not escaped; whitespace collapsed to one line).
_SUBJECTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "license_verified": "Your license {{ license_number }} is verified",
        "license_rejected": "Your license {{ license_number }} was not approved",
        "license_expiring_soon": (
            "Your license {{ license_number }} expires in {{ days_until_expiration | plural('day') }}"
        ),
        "license_expired": "Your license {{ license_number }} has expired",
        "order_created": "New order #{{ order_number }} from {{ buyer_store_name }}",
        "order_retried": "{{ buyer_store_name }} re-submitted an expired order",
        "order_nudge": "Reminder: an order from {{ buyer_store_name }} is waiting for your decision",
        "order_expired": (
            "{% if audience == 'buyer' %}Your order to {{ counterparty_name }} has expired"
            "{% else %}An order from {{ counterparty_name }} has expired{% endif %}"
        ),
        "subscription_inactive": "Your PackFinderz subscription is no longer active",
        "charge_failed": "A payment of {{ amount_cents | money }} failed",
    }
)

# Names the renderer adds to every context; CONTEXT_KEYS may not use them.
RESERVED_NAMES: Final = frozenset({"subject", "link", "app_base_url", "kind"})


class UnknownEmailKind(KeyError):
    """No template for this kind."""


class EmailContextError(ValueError):
    """The context does not match :data:`CONTEXT_KEYS` (missing, unexpected or None keys)."""


class RenderedEmail(NamedTuple):
    subject: str
    text: str
    html: str


# --- filters ---------------------------------------------------------------------------------


def _money(cents: int) -> str:
    """Integer US cents -> ``$1,234.50`` (``-$3.00`` for negatives)."""
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text).date()


def _long_date(value: dt.date | dt.datetime | str) -> str:
    """``2026-03-02`` -> ``March 2, 2026`` (locale-independent)."""
    day = _as_date(value)
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _label(value: object) -> str:
    """An enum value as words: ``past_due`` -> ``past due``."""
    return str(value).replace("_", " ")


def _plural(count: int, noun: str) -> str:
    count = int(count)
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- environment -----------------------------------------------------------------------------


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pf_identity", "templates/email"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(money=_money, long_date=_long_date, label=_label, plural=_plural)
    return env


@functools.cache
def _subject_template(kind: str) -> Template:
    return _environment().from_string(_SUBJECTS[kind])


_BLANK_LINES_RE: Final = re.compile(r"\n{3,}")


def _check_context(kind: str, context: Mapping[str, Any]) -> dict[str, Any]:
    try:
        expected = CONTEXT_KEYS[kind]
    except KeyError:
        raise UnknownEmailKind(kind) from None
    given = set(context)
    missing = [k for k in expected if k not in given]
    unexpected = sorted(given - set(expected))
    empty = [k for k in expected if k in given and context[k] is None and k not in NULLABLE_KEYS]
    problems = []
    if missing:
        problems.append(f"missing {missing}")
    if unexpected:
        problems.append(f"unexpected {unexpected}")
    if empty:
        problems.append(f"None for {empty}")
    for key, allowed in _CHOICES.items():
        if key in given and context[key] not in allowed:
            problems.append(f"{key} must be one of {sorted(allowed)}")
    if problems:
        raise EmailContextError(f"context of email {kind!r}: {'; '.join(problems)}")
    return {k: context[k] for k in expected}


def link_path(kind: str, context: Mapping[str, Any]) -> str:
    """The app path a ``kind`` email links to, e.g. ``/orders/<order_id>``."""
    try:
        pattern = LINK_PATHS[kind]
    except KeyError:
        raise UnknownEmailKind(kind) from None
    fields = re.findall(r"{(\w+)}", pattern)
    try:
        return pattern.format(**{f: quote(str(context[f]), safe="") for f in fields})
    except KeyError as exc:
        raise EmailContextError(f"link of email {kind!r} needs {exc.args[0]!r}") from None


def render_email(kind: str, context: Mapping[str, Any], *, app_base_url: str) -> RenderedEmail:
    """``(subject, text, html)`` of one ``kind`` email; see the module docstring.

    ``app_base_url`` is ``settings.app_base_url`` (required, so that no production email
    links to the development default).
    """
    values = _check_context(kind, context)
    env = _environment()
    link = app_base_url.rstrip("/") + link_path(kind, values)
    subject = " ".join(_subject_template(kind).render(values).split())
    full = {**values, "subject": subject, "link": link, "app_base_url": app_base_url, "kind": kind}
    text = env.get_template(f"{kind}.txt").render(full)
    text = _BLANK_LINES_RE.sub("\n\n", text).strip() + "\n"
    html = env.get_template(f"{kind}.html").render(full)
    return RenderedEmail(subject, text, html)


def compose_email(
    kind: str,
    context: Mapping[str, Any],
    *,
    to: Iterable[str],
    idempotency_key: str,
    app_base_url: str,
) -> EmailMessage:
    """Render ``kind`` and wrap it in an :class:`EmailMessage` tagged with the kind."""
    rendered = render_email(kind, context, app_base_url=app_base_url)
    return EmailMessage(
        to=tuple(to),
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        idempotency_key=idempotency_key,
        tags=(kind,),
    )
