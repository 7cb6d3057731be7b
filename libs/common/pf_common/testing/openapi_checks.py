"""What every service's OpenAPI test checks (pf_common.openapi): one truthful document.

``assert_document_is_truthful(app, doc, idempotent=..., with_422=...)`` checks, for a real app:
no ``problems()``, a valid OpenAPI 3.1 document, exactly the expected idempotent routes each
declaring a required ``Idempotency-Key`` header (and no other route declaring one), the bearer
scheme on every authenticated operation and the service-token scheme on every internal one,
422 only where expected, the error envelope on every error response.
``assert_answers_are_documented(client, doc, cases)`` sends requests and checks each answer's
status and code are documented for its operation and its body is the envelope.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import jsonschema

from pf_common.guards import authenticates
from pf_common.idempotency import idempotency_ttl_of
from pf_common.openapi import (
    BEARER_SCHEME,
    ERROR_REF,
    SERVICE_SCHEME,
    documented_codes,
    error_schema,
    problems,
)
from pf_common.routes import api_routes, depends_on

__all__ = [
    "Case",
    "assert_answers_are_documented",
    "assert_document_is_truthful",
    "authenticated_operations",
    "idempotent_operations",
    "operations",
    "validate_openapi",
]

Operation = tuple[str, str]  # (METHOD, path template)
# (method, path, path template, headers, json body, status, code)
Case = tuple[str, str, str, dict[str, str], Any, int, str]


def validate_openapi(doc: dict[str, Any]) -> None:
    """openapi-spec-validator (a dev dependency: it also validates the merged public document)."""
    from openapi_spec_validator import validate

    validate(doc)


def operations(doc: dict[str, Any]) -> dict[Operation, dict[str, Any]]:
    return {(m.upper(), path): op for path, item in doc["paths"].items() for m, op in item.items()}


def idempotent_operations(app: Any) -> set[Operation]:
    return {
        (m, r.path_format)
        for r in api_routes(app.routes)
        if idempotency_ttl_of(r.dependant)
        for m in r.methods or ()
    }


def authenticated_operations(app: Any) -> set[Operation]:
    return {
        (m, r.path_format)
        for r in api_routes(app.routes)
        if depends_on(r.dependant, authenticates)
        for m in r.methods or ()
    }


def assert_document_is_truthful(
    app: Any,
    doc: dict[str, Any],
    *,
    idempotent: Collection[Operation],
    with_422: Collection[Operation] = (),
) -> None:
    assert problems(app, doc) == []
    validate_openapi(doc)
    assert "HTTPValidationError" not in doc.get("components", {}).get("schemas", {})
    ops = operations(doc)
    assert idempotent_operations(app) == set(idempotent)
    for key, op in ops.items():
        keys = [p for p in op.get("parameters", []) if p["name"] == "Idempotency-Key"]
        if key in idempotent:
            (header,) = keys
            assert (header["in"], header["required"], header["schema"]["maxLength"]) == (
                "header",
                True,
                255,
            ), key
        else:
            assert keys == [], key
    for key in authenticated_operations(app):
        assert ops[key]["security"] == [{BEARER_SCHEME: []}], key
    for key in (k for k in ops if k[1].startswith("/internal/")):
        assert ops[key]["security"] == [{SERVICE_SCHEME: []}], key
    assert {k for k, op in ops.items() if "422" in op["responses"]} == set(with_422)
    for key, op in ops.items():
        for status, resp in op["responses"].items():
            if int(status) >= 400:
                assert resp["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (key, status)


async def assert_answers_are_documented(client: Any, doc: dict[str, Any], cases: Iterable[Case]) -> None:
    for method, path, template, headers, body, status, code in cases:
        r = await client.request(method, path, headers=headers, json=body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (method, path, r.text)
        jsonschema.validate(r.json(), error_schema())
        assert code in documented_codes(doc, method, template).get(status, set()), (method, template, status)
