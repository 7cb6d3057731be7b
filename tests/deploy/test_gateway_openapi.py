"""The public API as one OpenAPI document (deploy/gateway/openapi.py → deploy/gateway/docs/openapi.json,
served by the gateway at /openapi.json): committed up to date, valid OpenAPI 3.1, every public route
of every service once, tagged with its service, the bearer scheme and the error envelope, the
Idempotency-Key where the service requires it, and nothing internal. The merge's own rules
(duplicates refused, conflicting component names renamed) are tested on small documents."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openapi_spec_validator import validate

from pf_common.schemas import RULES_KEY

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "deploy" / "gateway" / "openapi.py"
DOCUMENT = ROOT / "deploy" / "gateway" / "docs" / "openapi.json"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def gen(gateway_generator: ModuleType) -> ModuleType:
    return gateway_generator


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return json.loads(DOCUMENT.read_text())


@pytest.fixture(scope="module")
def service_docs(gen: ModuleType) -> dict[str, dict[str, Any]]:
    return gen.service_documents()


def _ops(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (m.upper(), path): op
        for path, item in document["paths"].items()
        for m, op in item.items()
        if m in METHODS
    }


def test_the_committed_document_is_what_the_services_generate():
    # a clean process: the generator builds every app with default settings
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_document_is_valid_openapi_3_1(doc):
    assert doc["openapi"] == "3.1.0"
    validate(doc)


def test_every_public_route_of_every_service_is_there_once_and_nothing_internal(doc, service_docs):
    ops = _ops(doc)
    expected: dict[tuple[str, str], str] = {}
    for svc, sdoc in service_docs.items():
        for key in _ops(sdoc):
            if key[1].startswith("/api/"):
                assert key not in expected, f"{key} served by {expected.get(key)} and {svc}"
                expected[key] = svc
    assert {k: op["tags"] for k, op in ops.items()} == {k: [svc] for k, svc in expected.items()}
    assert not [p for p in doc["paths"] if not p.startswith("/api/")]
    assert {t["name"] for t in doc["tags"]} == set(expected.values())


def test_operations_keep_their_contract_headers_security_and_errors(doc, service_docs):
    merged = _ops(doc)
    for sdoc in service_docs.values():
        for key, op in _ops(sdoc).items():
            if not key[1].startswith("/api/"):
                continue
            mine = merged[key]
            assert mine.get("security") == op.get("security"), key
            assert set(mine["responses"]) == set(op["responses"]), key
            headers = {
                p["name"]: p.get("required", False) for p in op.get("parameters", []) if p["in"] == "header"
            }
            assert {
                p["name"]: p.get("required", False) for p in mine.get("parameters", []) if p["in"] == "header"
            } == headers
    assert set(doc["components"]["securitySchemes"]) == {"bearerAuth"}
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "ErrorResponse" in doc["components"]["schemas"]
    idempotent = [
        k for k, op in merged.items() if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    ]
    assert ("POST", "/api/v1/checkout") in idempotent and (
        "POST",
        "/api/v1/vendor/subscriptions",
    ) in idempotent


def test_every_reference_resolves(doc):
    def refs(node: Any):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for v in node.values():
                yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    for ref in set(refs(doc)):
        _, _, kind, name = ref.split("/")
        assert name in doc["components"][kind], ref


def _service_doc(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    bearer = {"type": "http", "scheme": "bearer"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "description": "conventions"},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"bearerAuth": bearer}},
    }


def _get(ref: str) -> dict[str, Any]:
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}
    return {"get": {"responses": {"200": ok}}}


def test_a_path_two_services_serve_is_refused(gen):
    a = _service_doc({"/api/v1/x": _get("#/components/schemas/X")}, {"X": {"type": "object"}})
    with pytest.raises(gen.MergeError, match="served by both"):
        gen.merge({"identity": a, "media": a}, links={})


def test_same_named_components_are_shared_when_equal_and_renamed_when_not(gen):
    a = _service_doc(
        {
            "/api/v1/a": _get("#/components/schemas/View"),
            "/internal/v1/a": _get("#/components/schemas/Hidden"),
        },
        {
            "View": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Same"}}},
            "Same": {"type": "string"},
            "Hidden": {"type": "integer"},
        },
    )
    b = _service_doc(
        {"/api/v1/b": _get("#/components/schemas/View")},
        {
            "View": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Same"}}},
            "Same": {"type": "string"},
        },
    )
    merged = gen.merge({"orders": a, "logistics": b}, links={})
    schemas = merged["components"]["schemas"]

    assert set(schemas) == {"OrdersView", "LogisticsView", "Same"}  # Hidden: only internal routes reach it
    ok = merged["paths"]["/api/v1/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/OrdersView"}
    assert schemas["LogisticsView"]["properties"]["b"] == {"$ref": "#/components/schemas/Same"}
    assert "/internal/v1/a" not in merged["paths"]
    validate(merged)


def test_a_reference_that_resolves_nowhere_is_refused(gen):
    a = _service_doc({"/api/v1/a": _get("#/components/schemas/Missing")}, {})
    with pytest.raises(gen.MergeError, match="resolves nowhere"):
        gen.merge({"orders": a}, links={})


def test_a_shared_name_that_references_a_renamed_component_is_renamed_too(gen):
    def service(field: str) -> dict[str, Any]:
        return _service_doc(
            {f"/api/v1/{field}": _get("#/components/schemas/Detail")},
            {
                "Detail": {
                    "title": "Detail",
                    "type": "object",
                    "properties": {"x": {"$ref": "#/components/schemas/View"}},
                },
                "View": {"title": "View", "type": "object", "properties": {field: {"type": "string"}}},
            },
        )

    merged = gen.merge({"orders": service("a"), "logistics": service("b")}, links={})
    schemas = merged["components"]["schemas"]

    # Detail's bodies are equal before the rewrite, different after: each service keeps its own
    assert set(schemas) == {"OrdersDetail", "LogisticsDetail", "OrdersView", "LogisticsView"}
    assert schemas["OrdersDetail"]["properties"]["x"] == {"$ref": "#/components/schemas/OrdersView"}
    assert schemas["LogisticsDetail"]["properties"]["x"] == {"$ref": "#/components/schemas/LogisticsView"}
    assert schemas["OrdersView"]["title"] == "OrdersView"  # generated clients name classes by title


def test_the_main_create_flows_link_to_the_routes_that_take_their_ids(doc):
    def target(ref: str) -> tuple[str, str]:
        path, method = ref.removeprefix("#/paths/").rsplit("/", 1)
        return method.upper(), path.replace("~1", "/").replace("~0", "~")

    links = {
        (m.upper(), path, code, name): link
        for path, item in doc["paths"].items()
        for m, op in item.items()
        for code, answer in op["responses"].items()
        for name, link in answer.get("links", {}).items()
    }
    ops = _ops(doc)
    for (*_source, name), link in links.items():
        t_method, t_path = target(link["operationRef"])
        assert (t_method, t_path) in ops, name
        params = {p["name"] for p in ops[(t_method, t_path)].get("parameters", []) if p["in"] == "path"}
        assert set(link["parameters"]) == params, name
    made = {(m, p, name) for m, p, _, name in links}
    assert ("POST", "/api/v1/checkout", "ReadOrder") in made
    assert ("POST", "/api/v1/vendor/products", "ReadProduct") in made
    assert ("POST", "/api/v1/vendor/payment-methods/cc", "MakeDefault") in made
    order = links[("POST", "/api/v1/checkout", "201", "ReadOrder")]
    assert order["parameters"] == {"order_id": "$response.body#/data/vendor_orders/0/order_id"}


def test_a_link_whose_pointer_the_answer_cannot_hold_is_refused(gen, monkeypatch):
    a = _service_doc(
        {
            "/api/v1/things": {"post": _get("#/components/schemas/Thing")["get"]},
            "/api/v1/things/{thing_id}": {
                "get": {
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        {
            "Thing": {
                "type": "object",
                "properties": {"data": {"type": "object", "properties": {"id": {"type": "string"}}}},
            }
        },
    )
    good = {
        ("post", "/api/v1/things", ("200",)): [
            ("Read", "get", "/api/v1/things/{thing_id}", {"thing_id": "$response.body#/data/id"})
        ]
    }
    monkeypatch.setattr(gen, "LINKS", good)
    merged = gen.merge({"catalog": a})
    assert merged["paths"]["/api/v1/things"]["post"]["responses"]["200"]["links"]["Read"]["operationRef"] == (
        "#/paths/~1api~1v1~1things~1{thing_id}/get"
    )
    validate(merged)
    for bad in (
        {
            ("post", "/api/v1/things", ("200",)): [
                ("Read", "get", "/api/v1/things/{thing_id}", {"thing_id": "$response.body#/data/uuid"})
            ]
        },
        {
            ("post", "/api/v1/things", ("200",)): [
                ("Read", "get", "/api/v1/things/{thing_id}", {"id": "$response.body#/data/id"})
            ]
        },
        {
            ("post", "/api/v1/things", ("200",)): [
                ("Read", "get", "/api/v1/nowhere/{thing_id}", {"thing_id": "$response.body#/data/id"})
            ]
        },
    ):
        monkeypatch.setattr(gen, "LINKS", bad)
        with pytest.raises(gen.MergeError, match="link Read"):
            gen.merge({"catalog": a})


RULE_FIELDS = {"unique_by": ("array",), "compare": ("field", "other"), "date_window": ("field",)}


def test_every_rule_between_fields_names_optional_properties_of_its_body(doc):
    """``x-pf-rules`` (pf_common.schemas) is what clients and the contract fuzz read for what
    JSON Schema cannot state: each rule is of a known kind and names properties the body has; a
    compared or windowed field may be left out (leaving it out satisfies the rule, which is how
    the fuzz honours it; ``unique_by`` is honoured by dropping the repeated items)."""
    schemas = doc["components"]["schemas"]
    ruled = {name: s[RULES_KEY] for name, s in schemas.items() if RULES_KEY in s}

    assert {"ProductIn", "ProductPatchIn", "LicenseIn", "QuoteIn"} <= set(ruled)
    for name, rules in ruled.items():
        properties, required = schemas[name]["properties"], set(schemas[name].get("required", []))
        for rule in rules:
            assert rule["kind"] in RULE_FIELDS, (name, rule)
            for key in RULE_FIELDS[rule["kind"]]:
                assert rule[key] in properties, (name, rule)
            if rule["kind"] != "unique_by":
                assert rule["field"] not in required, (name, rule)


def _strings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "string":
            yield node
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []):
                yield from _strings(option)
        if isinstance(node.get("items"), dict):
            yield from _strings(node["items"])
        for prop in node.get("properties", {}).values():
            yield from _strings(prop)


def test_a_body_string_with_a_minimum_length_refuses_white_space_only(doc):
    """Request bodies judge lengths as sent and then trim (pf_common.schemas.Strict), refusing a
    blank value where there is a minimum: the schema must refuse it too, by its pattern."""
    bodies = [s for s in doc["components"]["schemas"].values() if s.get("additionalProperties") is False]
    checked = 0
    for body in bodies:
        for string in _strings(body):
            if string.get("minLength", 0) > 0 and "enum" not in string and "const" not in string:
                pattern = string.get("pattern")
                assert pattern is not None, string
                blank = " " * max(string["minLength"], 1)
                assert re.search(pattern, blank) is None, string
                checked += 1
    assert checked > 50
