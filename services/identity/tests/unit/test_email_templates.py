"""The email templates: every kind renders with exactly its documented context keys."""

import datetime as dt
import re
import uuid
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta

import pf_identity
from pf_identity.clients.email import (
    CONTEXT_KEYS,
    EMAIL_KINDS,
    EmailContextError,
    EmailMessage,
    UnknownEmailKind,
    compose_email,
    link_path,
    render_email,
)
from pf_identity.clients.email.templates import (
    _SUBJECTS,
    LINK_PATHS,
    NULLABLE_KEYS,
    RESERVED_NAMES,
    _environment,
)

BASE = "https://app.packfinderz.test"
STORE_ID = uuid.UUID("0192f0a0-0000-7000-8000-000000000001")
LICENSE_ID = uuid.UUID("0192f0a0-0000-7000-8000-000000000002")
ORDER_ID = uuid.UUID("0192f0a0-0000-7000-8000-000000000003")
TEMPLATE_DIR = Path(pf_identity.__file__).parent / "templates" / "email"

LICENSE = {
    "store_name": "Green Valley Farms",
    "store_id": STORE_ID,
    "license_id": LICENSE_ID,
    "license_number": "GAAA-1234",
}
CONTEXTS = {
    "license_verified": {**LICENSE, "license_type": "grower"},
    "license_rejected": {**LICENSE, "license_type": "dispensary", "reason": "The document is blurry"},
    "license_expiring_soon": {
        **LICENSE,
        "expiration_date": dt.date(2026, 3, 16),
        "days_until_expiration": 14,
    },
    "license_expired": {**LICENSE, "expiration_date": "2026-03-02"},
    "order_created": {
        "store_name": "Vendor Co",
        "order_id": ORDER_ID,
        "order_number": 10042,
        "buyer_store_name": "Corner Dispensary",
        "item_count": 3,
        "total_cents": 123_450,
    },
    "order_retried": {
        "store_name": "Vendor Co",
        "order_id": ORDER_ID,
        "buyer_store_name": "Corner Dispensary",
    },
    "order_nudge": {
        "store_name": "Vendor Co",
        "order_id": ORDER_ID,
        "buyer_store_name": "Corner Dispensary",
        "pending_days": 5,
    },
    "order_expired": {
        "store_name": "Corner Dispensary",
        "order_id": ORDER_ID,
        "audience": "buyer",
        "counterparty_name": "Vendor Co",
        "ttl_days": 10,
    },
    "subscription_inactive": {"store_name": "Vendor Co", "status": "past_due"},
    "charge_failed": {
        "store_name": "Vendor Co",
        "charge_id": "ch_01",
        "charge_type": "ad_spend",
        "amount_cents": 2_500,
        "failure_reason": "card_declined",
    },
}


def test_the_kinds_are_those_the_notification_matrix_emails():
    assert EMAIL_KINDS == (
        "license_verified",
        "license_rejected",
        "license_expiring_soon",
        "license_expired",
        "order_created",
        "order_retried",
        "order_nudge",
        "order_expired",
        "subscription_inactive",
        "charge_failed",
    )
    assert set(CONTEXTS) == set(EMAIL_KINDS) == set(LINK_PATHS) == set(_SUBJECTS)


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_every_kind_renders_with_exactly_its_context_keys(kind):
    context = CONTEXTS[kind]
    assert tuple(context) == CONTEXT_KEYS[kind]

    subject, text, html = render_email(kind, context, app_base_url=BASE)

    assert subject and "\n" not in subject and "{" not in subject
    assert text.startswith(f"Hello {context['store_name']},\n")
    assert text.endswith("replies are not read.\n")
    assert "\n\n\n" not in text
    assert html.startswith("<!DOCTYPE html>")
    assert f"<title>{jinja2.utils.markupsafe.escape(subject)}</title>" in html
    link = BASE + link_path(kind, context)
    assert f": {link}\n" in text
    assert f'href="{link}"' in html
    # No Jinja syntax or Python reprs leaked into the output.
    for body in (text, html):
        assert "{{" not in body and "{%" not in body and "None" not in body and "UUID(" not in body


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_every_documented_key_is_used_and_no_undocumented_one(kind):
    env = _environment()
    used: set[str] = set()
    for name in (f"{kind}.txt", f"{kind}.html", "_layout.txt", "_layout.html"):
        used |= meta.find_undeclared_variables(env.parse((TEMPLATE_DIR / name).read_text()))
    used |= meta.find_undeclared_variables(env.parse(_SUBJECTS[kind]))
    path_fields = set(re.findall(r"{(\w+)}", LINK_PATHS[kind]))

    assert (used - RESERVED_NAMES) | path_fields == set(CONTEXT_KEYS[kind])
    assert not RESERVED_NAMES & set(CONTEXT_KEYS[kind])


@pytest.mark.parametrize(("kind", "key"), [(k, key) for k in EMAIL_KINDS for key in CONTEXT_KEYS[k]])
def test_a_missing_key_fails(kind, key):
    context = {k: v for k, v in CONTEXTS[kind].items() if k != key}

    with pytest.raises(EmailContextError, match=f"missing \\['{key}'\\]"):
        render_email(kind, context, app_base_url=BASE)


@pytest.mark.parametrize(
    ("kind", "key"),
    [(k, key) for k in EMAIL_KINDS for key in CONTEXT_KEYS[k] if key not in NULLABLE_KEYS],
)
def test_none_is_refused_for_a_required_key(kind, key):
    with pytest.raises(EmailContextError, match=f"None for \\['{key}'\\]"):
        render_email(kind, {**CONTEXTS[kind], key: None}, app_base_url=BASE)


def test_an_unexpected_key_fails():
    with pytest.raises(EmailContextError, match=r"unexpected \['reasn'\]"):
        render_email("license_verified", {**CONTEXTS["license_verified"], "reasn": "x"}, app_base_url=BASE)


def test_an_unknown_kind_is_a_key_error():
    with pytest.raises(UnknownEmailKind) as raised:
        render_email("password_reset", {}, app_base_url=BASE)

    assert isinstance(raised.value, KeyError)
    with pytest.raises(KeyError):
        link_path("password_reset", {})


def test_html_escapes_user_text_and_text_keeps_it_verbatim():
    reason = '<script>alert("x")</script> & <b>bold</b>'
    context = {**CONTEXTS["license_rejected"], "reason": reason, "store_name": "Tom & Jerry's <Shop>"}

    _, text, html = render_email("license_rejected", context, app_base_url=BASE)

    assert "<script>" not in html and "<b>bold</b>" not in html and "<Shop>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "Hello Tom &amp; Jerry&#39;s &lt;Shop&gt;," in html
    assert f"Reason given by our compliance team: {reason}\n" in text
    assert "Hello Tom & Jerry's <Shop>,\n" in text


def test_rejection_without_a_reason_says_so():
    _, text, html = render_email(
        "license_rejected", {**CONTEXTS["license_rejected"], "reason": None}, app_base_url=BASE
    )

    assert "did not give a reason" in text
    assert "did not give a reason" in html


def test_subject_is_one_line_even_when_a_name_has_newlines():
    context = {**CONTEXTS["order_created"], "buyer_store_name": "Evil\r\nBcc: victim@example.com"}

    subject, _, _ = render_email("order_created", context, app_base_url=BASE)

    assert subject == "New order #10042 from Evil Bcc: victim@example.com"


def test_values_are_formatted():
    _, text, _ = render_email("order_created", CONTEXTS["order_created"], app_base_url=BASE)
    assert "Corner Dispensary placed order #10042 with you: 3 items, $1,234.50 in total." in text

    subject, text, _ = render_email(
        "license_expiring_soon", CONTEXTS["license_expiring_soon"], app_base_url=BASE
    )
    assert subject == "Your license GAAA-1234 expires in 14 days"
    assert "expires on March 16, 2026, in 14 days." in text

    _, text, _ = render_email(
        "license_expired",
        {**CONTEXTS["license_expired"], "expiration_date": dt.datetime(2026, 1, 5, 23, 0, tzinfo=dt.UTC)},
        app_base_url=BASE,
    )
    assert "expired on January 5, 2026." in text

    subject, text, _ = render_email("charge_failed", CONTEXTS["charge_failed"], app_base_url=BASE)
    assert subject == "A payment of $25.00 failed"
    assert "A payment of $25.00 (ad spend) to PackFinderz failed." in text
    assert "Reason reported by the payment provider: card_declined" in text

    _, text, _ = render_email("subscription_inactive", CONTEXTS["subscription_inactive"], app_base_url=BASE)
    assert "(status: past due)" in text


def test_optional_values_may_be_none():
    _, text, _ = render_email(
        "order_nudge", {**CONTEXTS["order_nudge"], "pending_days": None}, app_base_url=BASE
    )
    assert "Corner Dispensary sent you a reminder about their order." in text

    _, text, _ = render_email(
        "order_nudge", {**CONTEXTS["order_nudge"], "pending_days": 1}, app_base_url=BASE
    )
    assert "waiting for your decision for 1 day." in text

    _, text, _ = render_email(
        "charge_failed", {**CONTEXTS["charge_failed"], "failure_reason": None}, app_base_url=BASE
    )
    assert "Reason reported" not in text


def test_order_expired_speaks_to_each_side():
    buyer_subject, buyer_text, _ = render_email("order_expired", CONTEXTS["order_expired"], app_base_url=BASE)
    vendor_subject, vendor_text, _ = render_email(
        "order_expired",
        {**CONTEXTS["order_expired"], "audience": "vendor", "counterparty_name": "Corner Dispensary"},
        app_base_url=BASE,
    )

    assert buyer_subject == "Your order to Vendor Co has expired"
    assert "You can retry the order" in buyer_text
    assert vendor_subject == "An order from Corner Dispensary has expired"
    assert "released back to your inventory" in vendor_text
    with pytest.raises(EmailContextError, match="audience must be one of"):
        render_email("order_expired", {**CONTEXTS["order_expired"], "audience": "admin"}, app_base_url=BASE)


def test_links_are_absolute_quoted_app_paths():
    assert link_path("license_rejected", CONTEXTS["license_rejected"]) == (
        f"/stores/{STORE_ID}/licenses/{LICENSE_ID}"
    )
    assert link_path("order_created", {"order_id": "a/b?c"}) == "/orders/a%2Fb%3Fc"
    _, text, _ = render_email("charge_failed", CONTEXTS["charge_failed"], app_base_url=BASE + "/")
    assert "Manage billing: https://app.packfinderz.test/vendor/billing\n" in text


def test_app_base_url_is_required():
    with pytest.raises(TypeError):
        render_email("license_verified", CONTEXTS["license_verified"])  # type: ignore[call-arg]


def test_compose_email_wraps_the_rendering_in_a_message_tagged_with_the_kind():
    message = compose_email(
        "license_verified",
        CONTEXTS["license_verified"],
        to=["Owner@Example.com", "store@example.com", "owner@example.com"],
        idempotency_key="identity.email_license_status:evt-1",
        app_base_url=BASE,
    )

    assert isinstance(message, EmailMessage)
    assert message.to == ("owner@example.com", "store@example.com")
    assert message.subject == "Your license GAAA-1234 is verified"
    assert message.tags == ("license_verified",)
    assert (message.subject, message.text, message.html) == tuple(
        render_email("license_verified", CONTEXTS["license_verified"], app_base_url=BASE)
    )
