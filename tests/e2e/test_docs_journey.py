"""What a person does from /docs: read identity's document through the gateway, register with
the headers it says are required, take the token from the response header it documents, and
call a write route with the security scheme it names (Swagger's Authorize)."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _required_headers(op: dict) -> set[str]:
    return {p["name"] for p in op.get("parameters", []) if p["in"] == "header" and p.get("required")}


def test_the_docs_say_enough_to_register_authorize_and_write(gw, register_body):
    doc = gw.get("/docs/openapi/identity.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["type"] == "http" and schemes["bearerAuth"]["scheme"] == "bearer"

    register = doc["paths"]["/api/v1/auth/register"]["post"]
    assert not register.get("security")  # public
    assert _required_headers(register) == {"Idempotency-Key"}
    token_header = next(
        name for name in register["responses"]["201"].get("headers", {}) if name.lower() == "x-pf-token"
    )
    write = doc["paths"]["/api/v1/stores/me"]["put"]
    assert write["security"] == [{"bearerAuth": []}]
    assert {"400", "401", "403", "404", "503"} <= set(write["responses"])
    assert "422" not in write["responses"]

    # Try it out: register (a fresh key, as the parameter's description asks) ...
    email = f"docs-{uuid.uuid4().hex[:8]}@example.com"
    body = register_body(email, "Swagger-Journey-2026", "Docs Buyer", "buyer")
    r = gw.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    # ... paste the documented header's token into Authorize, and write
    auth = {"Authorization": f"Bearer {r.headers[token_header]}"}
    r = gw.put("/api/v1/stores/me", json={"description": "Edited from the docs"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["data"]["description"] == "Edited from the docs"
    # a documented error answers with the documented envelope
    missing = gw.post("/api/v1/auth/register", json=body)
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json()["error"]["details"]


def test_the_gateway_serves_the_whole_api_as_one_document_and_routes_each_path_to_its_service(gw):
    """/openapi.json is the committed merged document (deploy/gateway/openapi.py), /docs offers
    it first, and every path it lists reaches the service its tag names (x-pf-service), not the
    gateway's 404 or another service."""
    committed = json.loads((ROOT / "deploy" / "gateway" / "docs" / "openapi.json").read_text())
    r = gw.get("/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), r.text[:200]
    assert r.json() == committed
    page = gw.get("/docs")
    assert page.status_code == 200 and '"/openapi.json"' in page.text

    wrong = []
    for path, item in committed["paths"].items():
        method, op = next(iter(item.items()))
        concrete = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        answer = gw.request(method.upper(), concrete)  # no token, no body: each service refuses its own way
        if answer.headers.get("x-pf-service") != op["tags"][0]:
            wrong.append(
                (method.upper(), path, op["tags"][0], answer.status_code, answer.headers.get("x-pf-service"))
            )
    assert wrong == []
