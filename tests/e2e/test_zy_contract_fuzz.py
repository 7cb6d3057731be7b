"""The contract, fuzzed clean (issue #19): schemathesis with every check over the merged OpenAPI
document the gateway serves (``/openapi.json``), every request sent through the gateway with a
real access token and a fresh ``Idempotency-Key``; any finding — not only a 5xx — fails.

Each operation gets what schemathesis's pytest integration gives it (its explicit examples, the
coverage phase: boundaries, each constraint broken once, a missing required header, methods the
path does not serve; then a bounded, derandomized fuzzing phase), checked by every check
schemathesis has (``--checks all``). The operations run one after the other in this one test
(the document comes from the running gateway, so it cannot parametrize at collection time) and
every finding is reported together, by operation.

The token is chosen per operation: the demo admin for ``/api/admin/*``, a demo agent for
``/api/v1/agent/*``, the demo vendor owner for ``/api/v1/vendor/*``, the demo buyer owner for
everything else (public routes are sent it too: they ignore it).

Named ``test_zy_`` to run after the other journeys (it mutates the demo stores: their profile,
members, cards, subscriptions, wishlists) and before ``test_zz_stop.py``, which needs only that
the stack stops cleanly and that nothing was dead-lettered: the events the run causes are the
ordinary events of accepted requests.
"""

from __future__ import annotations

import http.cookiejar
import os
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.errors import Flaky
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.python._constants.orchestrator import make_constants_value_source

from pf_common.pagination import encode_cursor
from pf_common.pagination_http import CURSOR_FORMAT
from pf_common.schemas import RULES_KEY

pytestmark = [pytest.mark.slow]

IDEMPOTENCY_HEADER = "Idempotency-Key"
SEED = 19
# bounded in make test: with the coverage phase's deterministic cases the run stays within
# ~1-2 minutes; `make fuzz` raises it (PF_FUZZ_EXAMPLES) and adds the stateful run (PF_FUZZ_STATEFUL)
EXAMPLES = int(os.environ.get("PF_FUZZ_EXAMPLES", "8"))
STATEFUL = os.environ.get("PF_FUZZ_STATEFUL") == "1"
STATEFUL_SUITES = 3
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# What cannot be fuzzed meaningfully through the gateway with the run's own tokens (each is
# covered by its service's tests and the journeys; none is left out for a finding).
EXCLUDED = {
    # ends the session whose access token every later request of the run rides on
    ("POST", "/api/v1/auth/logout"): "revokes the run's own session",
}

ACCOUNTS = ("admin", "agent1", "vendor1-owner", "buyer1-owner")


def account_for(path: str) -> str:
    if path.startswith("/api/admin/"):
        return "admin"
    if path.startswith("/api/v1/agent/"):
        return "agent1"
    if path.startswith("/api/v1/vendor/"):
        return "vendor1-owner"
    return "buyer1-owner"


# The statuses two checks accept, beyond schemathesis's defaults, with the reason (API.md §1.4):
CONFIG = {
    "seed": SEED,
    "checks": {
        # 422 here is STATE_CONFLICT: valid data that the current state refuses (a paused
        # subscription paused again, a browse state that is not the buyer's), like 409 — never
        # a validation failure (that is 400). The route must document 422 (status conformance).
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
        },
        # 413 is how every body route refuses a body over the limit (documented on each): a
        # rejection like 400 when a broken array or string makes the body that large.
        "negative_data_rejection": {
            "expected-statuses": [
                *("400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"),
                "5xx",
            ]
        },
    },
}


def _cursor() -> Any:
    """A cursor as the server issues them (``pf-cursor``: base64 of ``<RFC 3339>|<uuid>``), or ""."""
    from hypothesis import strategies as st

    stamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
    issued = st.builds(lambda at, ident: encode_cursor(at.replace(tzinfo=UTC), ident), stamps, st.uuids())
    return st.one_of(st.just(""), issued)


schemathesis.openapi.format(CURSOR_FORMAT, _cursor())


# Catalog's product lists: a cursor is issued for one sort (``newest``'s is the plain
# ``<RFC 3339>|<uuid>`` one). OpenAPI cannot tie one query parameter to another, so a valid
# request carries the generated cursor only with that sort; elsewhere it asks for the first page.
SORTED_LISTS = ("/api/v1/products", "/api/v1/stores/{store_id}/products", "/api/v1/vendor/products")


def cursor_for_its_sort(case: Any) -> None:
    query = case.query
    meta = case.meta
    if case.operation.path not in SORTED_LISTS or not query or not query.get("cursor"):
        return
    if meta is not None and any(info.mode == GenerationMode.NEGATIVE for info in meta.components.values()):
        return
    sort = query.get("sort")
    if sort != "newest" and (sort is not None or query.get("q")):
        query["cursor"] = ""


def load_contract(gateway: str) -> Any:
    """The merged document as the gateway serves it, every request aimed at the gateway."""
    config = schemathesis.Config.from_dict(CONFIG)
    schema = schemathesis.openapi.from_url(f"{gateway}/openapi.json", config=config)
    schema.config.update(base_url=gateway)
    for method, path in EXCLUDED:
        schema = schema.exclude(method=method, path=path)
    return schema


def fresh_key(case: Any) -> None:
    """A generated (valid) key becomes a fresh UUID; a key the case breaks or drops on purpose
    stays as generated (those cases check that a bad or missing key is refused)."""
    if case.headers is None or IDEMPOTENCY_HEADER not in case.headers:
        return
    if not _negative(case, ParameterLocation.HEADER):
        case.headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())


# Rules between a body's fields that JSON Schema cannot state are listed by the document itself,
# under `x-pf-rules` on the body's schema (pf_common.schemas: unique_by, compare, date_window;
# a rule binds only when its fields are in the body, and they are always optional). A valid
# request honours them, so a positive body that breaks one loses the optional field the rule
# names — the one way to honour every rule without inventing values.


def body_rules(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``"METHOD /path"`` → the rules its JSON body's schema lists (``[]`` when none)."""
    components = document.get("components", {}).get("schemas", {})
    found: dict[str, list[dict[str, Any]]] = {}
    for path, item in document["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref", "")
            target = components.get(ref.rsplit("/", 1)[-1], {}) if ref else body
            found[f"{method.upper()} {path}"] = list(target.get(RULES_KEY, []))
    return found


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _same(value: Any) -> str:
    """One key for values JSON Schema counts equal (``1`` and ``1.0``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _holds(rule: dict[str, Any], body: dict[str, Any], today: date) -> bool:
    kind, field = rule["kind"], rule.get("field")
    if kind == "unique_by":
        items = body.get(rule["array"])
        if not isinstance(items, list):
            return True
        keys = [_same(item.get(rule["key"])) for item in items if isinstance(item, dict)]
        return len(keys) == len(set(keys))
    value = body.get(field)
    if value is None:
        return True
    if kind == "compare":
        other = body.get(rule["other"])
        if other is None or ("unless" in rule and value == rule["unless"]):
            return True
        left, right = (_as_date(value), _as_date(other)) if isinstance(value, str) else (value, other)
        if left is None or right is None:
            return True  # not a date: the schema's own check, not this rule's
        return bool(left > right) if rule["op"] == ">" else bool(left >= right)
    if kind == "date_window":
        day = _as_date(value)
        if day is None:
            return True
        low = today + timedelta(days=rule["min_days"]) if "min_days" in rule else date.min
        high = today + timedelta(days=rule["max_days"]) if "max_days" in rule else date.max
        return low <= day <= high
    raise AssertionError(f"a rule kind the fuzz does not know: {rule}")


def honour_rules(case: Any, rules: list[dict[str, Any]]) -> None:
    """A positive body that breaks one of its documented rules drops the field the rule names
    (for ``unique_by``: the later items with a repeated key)."""
    body = case.body
    if not rules or not isinstance(body, dict) or _negative(case, ParameterLocation.BODY):
        return
    today = datetime.now(UTC).date()
    for rule in rules:
        if _holds(rule, body, today):
            continue
        if rule["kind"] == "unique_by":
            seen: set[str] = set()
            kept = []
            for item in body[rule["array"]]:
                key = _same(item.get(rule["key"])) if isinstance(item, dict) else repr(item)
                if key not in seen:
                    seen.add(key)
                    kept.append(item)
            body[rule["array"]] = kept
        else:
            del body[rule["field"]]


def _negative(case: Any, location: Any) -> bool:
    meta = case.meta
    return meta is not None and any(
        where == location and info.mode == GenerationMode.NEGATIVE for where, info in meta.components.items()
    )


def plain_session() -> requests.Session:
    """One kept-alive HTTP session for the whole run. Without one, schemathesis makes a
    ``requests.Session`` per call: a new TCP connection through the gateway each time, and the
    proxy settings read again from the environment at every request (a walk over ``os.environ``:
    ~10 % of the run's CPU). No proxies from the environment (the gateway is local) and no cookies
    kept between calls (each call carries its own token, as the run intends)."""
    session = requests.Session()
    session.trust_env = False
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return session


def _sender(
    headers: dict[str, str], checks: list[Any], rules: list[dict[str, Any]], session: requests.Session
) -> Callable[[Any], None]:
    @SETTINGS
    def call(case: Any) -> None:
        fresh_key(case)
        cursor_for_its_sort(case)
        honour_rules(case, rules)
        # no token when the case drops or breaks the Authorization header on purpose
        negated = case.operation.schema.is_security_param_negated(case)
        case.call_and_validate(session=session, headers={} if negated else headers, checks=checks)

    return call


def fuzz(
    schema: Any, auth_for: Callable[[str], dict[str, str]], rules: dict[str, list[dict[str, Any]]]
) -> dict[str, str]:
    """Every operation of ``schema`` fuzzed with every check: ``{"METHOD /path": finding}``."""
    load_all_checks()
    checks = CHECKS.get_all()
    feedback = FeedbackSources(constants_value_source=make_constants_value_source(schema))
    findings: dict[str, str] = {}
    session = plain_session()
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            findings[str(result.err())[:200]] = "the document has an invalid operation"
            continue
        operation = result.ok()
        test = build_operation_test(
            config=schema.config,
            operation=operation,
            test_func=_sender(
                auth_for(operation.path),
                checks,
                rules[f"{operation.method.upper()} {operation.path}"],
                session,
            ),
            given_kwargs={},
            feedback=feedback,
        )
        try:
            test()
        except (Exception, BaseExceptionGroup) as exc:  # every operation runs; findings reported together
            findings[f"{operation.method.upper()} {operation.path}"] = str(exc)
    session.close()
    return findings


def test_every_operation_keeps_its_contract_under_fuzzing(gw: httpx.Client, demo_login: Any) -> None:
    served = gw.get("/openapi.json")
    assert served.status_code == 200, served.text
    schema = load_contract(str(gw.base_url).rstrip("/"))
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert len(operations) >= 90  # the whole public API, minus EXCLUDED
    tokens = {account: demo_login(account) for account in ACCOUNTS}

    started = time.monotonic()
    findings = fuzz(schema, lambda path: tokens[account_for(path)], body_rules(served.json()))
    elapsed = time.monotonic() - started

    report = "\n\n".join(f"=== {op}\n{text[:3000]}" for op, text in sorted(findings.items()))
    assert findings == {}, f"{len(findings)} operations with findings ({elapsed:.0f}s):\n{report}"


@pytest.mark.skipif(not STATEFUL, reason="the long stateful run is `make fuzz` (PF_FUZZ_STATEFUL=1)")
def test_the_linked_flows_keep_their_contract_under_stateful_fuzzing(
    gw: httpx.Client, demo_login: Any
) -> None:
    """schemathesis's state machine over the document's links (create → read/update/delete):
    each step sends the id an earlier answer returned, with the same tokens and fresh keys, and
    every check runs on every answer."""
    schema = load_contract(str(gw.base_url).rstrip("/"))
    rules = body_rules(gw.get("/openapi.json").json())
    tokens = {account: demo_login(account) for account in ACCOUNTS}
    load_all_checks()
    checks = CHECKS.get_all()
    session = plain_session()

    class LinkedFlows(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            fresh_key(case)
            cursor_for_its_sort(case)
            honour_rules(case, rules[f"{case.operation.method.upper()} {case.operation.path}"])

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            negated = case.operation.schema.is_security_param_negated(case)
            return {
                "session": session,
                "headers": {} if negated else tokens[account_for(case.operation.path)],
            }

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # collected, not raised: the steps a state machine can take depend on the API's
            # answers, so hypothesis cannot replay a failing run ("Flaky"); the finding itself
            # is what the test reports
            try:
                case.validate_response(response, checks=checks, transport_kwargs=kwargs)
            except (Exception, BaseExceptionGroup) as exc:
                findings.setdefault(f"{case.operation.method.upper()} {case.operation.path}", str(exc))

    findings: dict[str, str] = {}
    # Which rules a state machine may take depends on what the API answered earlier (its bundles),
    # so Hypothesis can meet a prefix that behaves differently the second time and stops the suite
    # with Flaky: schemathesis's own runner treats that as the end of a suite, not a failure, and
    # starts another; so does this, over a few seeds. Findings are collected as the steps run.
    completed = 0
    for suite in range(STATEFUL_SUITES):
        try:
            hypothesis.seed(SEED + suite)(LinkedFlows).run(
                settings=settings(
                    max_examples=EXAMPLES,
                    stateful_step_count=6,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
            )
            completed += 1
        except Flaky:
            continue
    print(f"linked flows: {completed} of {STATEFUL_SUITES} suites ran to the end")
    report = "\n\n".join(f"=== {op}\n{text[:3000]}" for op, text in sorted(findings.items()))
    assert findings == {}, f"{len(findings)} operations with findings in linked flows:\n{report}"
