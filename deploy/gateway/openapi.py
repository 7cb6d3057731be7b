"""The public API as ONE OpenAPI 3.1 document: every service's public routes, merged.

    .venv/bin/python deploy/gateway/openapi.py           # (re)write deploy/gateway/docs/openapi.json
    .venv/bin/python deploy/gateway/openapi.py --check   # exit 1 when the committed file is stale

Clients reach PackFinderz only through the gateway, so what they build against is this document;
the gateway serves the committed file at ``/openapi.json`` and ``/docs`` shows it whole (each
service's own document stays at ``/docs/openapi/<service>.json``). It is generated from the
services' FastAPI apps (their ``/openapi.json``, completed by ``pf_common.openapi``), never
written by hand:

* paths: each service's ``/api/*`` routes — ``/internal/*`` (service tokens, never routed by the
  gateway), health probes and metrics are left out; a path served by two services is an error;
* every operation is tagged with its service (one tag per service, described);
* components: the schemas, parameters and responses the kept paths reach; a name two services
  define differently — or that references such a name — becomes ``<Service><Name>`` in each
  (references and title rewritten), identical ones are shared; the bearer scheme is the one
  every service declares (it must be identical);
* info: the title and the conventions text of pf_common (envelope, errors, idempotency, tokens);
* links (:data:`LINKS`): the main create → read/update/delete flows, so a stateful fuzzer (and a
  reader) can follow an id from the answer that made it to the routes that take it; each link is
  checked when the document is built (source answer, target operation, path parameter, and the
  JSON pointer against the answer's schema).

The apps are built with default settings in a clean environment (no ``PF_*`` variable of the
caller leaks into the document) and a throw-away keys folder, so the output depends on the code
only. The JSON is written with sorted keys and a final newline: a diff is a contract change.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUTPUT = HERE / "docs" / "openapi.json"

SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
PUBLIC_PREFIX = "/api/"
BEARER = "bearerAuth"
TITLE = "PackFinderz API"
VERSION = "1.0.0"
SERVICE_TAGS = {
    "identity": "Accounts, sessions and tokens, stores and members, licenses (KYC), agents, notifications.",
    "media": "Uploads (signed URLs), processing and reads of images, videos and documents.",
    "catalog": "Vendors' products and inventory; buyers' browse, search, detail and wishlist.",
    "orders": "Cart quotes, checkout, vendor orders and their lifecycle, reviews.",
    "logistics": "Dispatch: agents' assignments, pickup, delivery and cash collection.",
    "finance": "Payouts, reconciliation, billing plans, cards, subscriptions, charges, Stripe webhooks.",
    "ads": "Vendors' CPM ads; serving, impressions and clicks.",
    "analytics": "Marketplace, vendor and admin analytics.",
}
COMPONENT_KINDS = ("schemas", "parameters", "responses", "headers", "requestBodies")

# (source method, source path, statuses) → [(link name, target method, target path, {parameter: pointer})]
# pointers read the answer's body: every success body is {"data": ...} (API.md §1.3)
_PRODUCT = {"product_id": "$response.body#/data/id"}
_ORDER = {"order_id": "$response.body#/data/vendor_orders/0/order_id"}
LINKS: dict[tuple[str, str, tuple[str, ...]], list[tuple[str, str, str, dict[str, str]]]] = {
    ("post", "/api/v1/vendor/products", ("201",)): [
        ("UpdateProduct", "patch", "/api/v1/vendor/products/{product_id}", _PRODUCT),
        ("DeleteProduct", "delete", "/api/v1/vendor/products/{product_id}", _PRODUCT),
        ("ReadProduct", "get", "/api/v1/products/{product_id}", _PRODUCT),
        ("SetInventory", "put", "/api/v1/inventory/{product_id}", _PRODUCT),
    ],
    ("post", "/api/v1/checkout", ("200", "201")): [
        ("ReadOrder", "get", "/api/v1/orders/{order_id}", _ORDER),
        ("CancelOrder", "post", "/api/v1/orders/{order_id}/cancel", _ORDER),
        (
            "ReadConfirmation",
            "get",
            "/api/v1/checkout/{identifier}/confirmation",
            {"identifier": "$response.body#/data/checkout_group_id"},
        ),
    ],
    ("post", "/api/v1/vendor/payment-methods/cc", ("201",)): [
        (
            name,
            method,
            "/api/v1/vendor/payment-methods/{payment_method_id}",
            {"payment_method_id": "$response.body#/data/id"},
        )
        for name, method in (("MakeDefault", "patch"), ("DeleteCard", "delete"))
    ],
    ("post", "/api/admin/v1/billing/plans", ("201",)): [
        (name, method, path, {"plan_id": "$response.body#/data/id"})
        for name, method, path in (
            ("UpdatePlan", "patch", "/api/admin/v1/billing/plans/{plan_id}"),
            ("HidePlan", "delete", "/api/admin/v1/billing/plans/{plan_id}"),
            ("ReadPlanAsVendor", "get", "/api/v1/vendor/billing/plans/{plan_id}"),
        )
    ],
    ("post", "/api/v1/licenses", ("201",)): [
        (
            "VerifyLicense",
            "post",
            "/api/admin/v1/licenses/{license_id}/verify",
            {"license_id": "$response.body#/data/id"},
        ),
        (
            "DeleteLicense",
            "delete",
            "/api/v1/licenses/{license_id}",
            {"license_id": "$response.body#/data/id"},
        ),
    ],
    ("post", "/api/v1/media/presign", ("200",)): [
        ("DeleteMedia", "delete", "/api/v1/media/{media_id}", {"media_id": "$response.body#/data/media_id"}),
    ],
}


class MergeError(Exception):
    """The services' documents cannot be merged into one contract (a duplicated path, a
    conflicting security scheme, a reference that resolves nowhere)."""


@contextlib.contextmanager
def _clean_environment() -> Iterator[None]:
    saved = dict(os.environ)
    try:
        for name in [n for n in os.environ if n.upper().startswith("PF_")]:
            del os.environ[name]
        with tempfile.TemporaryDirectory(prefix="pf-openapi-keys-") as keys:
            os.environ["PF_KEYS_DIR"] = keys
            os.environ["PF_LOG_LEVEL"] = "ERROR"
            yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def service_documents() -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document, as its app serves it."""
    docs: dict[str, dict[str, Any]] = {}
    with _clean_environment():
        for svc in SERVICES:
            app = importlib.import_module(f"pf_{svc}.app").create_app()
            docs[svc] = copy.deepcopy(app.openapi())
    return docs


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            k: (renames.get(v, v) if k == "$ref" and isinstance(v, str) else _rewrite_refs(v, renames))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


def _split_ref(ref: str) -> tuple[str, str]:
    parts = ref.split("/")
    if len(parts) != 4 or parts[:2] != ["#", "components"] or parts[2] not in COMPONENT_KINDS:
        raise MergeError(f"unsupported reference {ref!r}")
    return parts[2], parts[3]


def _reachable(doc: dict[str, Any], roots: Any) -> set[tuple[str, str]]:
    """The components (kind, name) that ``roots`` reach, transitively."""
    components = doc.get("components", {})
    seen: set[tuple[str, str]] = set()
    todo = list(_refs(roots))
    while todo:
        key = _split_ref(todo.pop())
        if key in seen:
            continue
        kind, name = key
        if name not in components.get(kind, {}):
            raise MergeError(f"reference #/components/{kind}/{name} resolves nowhere")
        seen.add(key)
        todo.extend(_refs(components[kind][name]))
    return seen


def _public_paths(svc: str, doc: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for path, item in doc.get("paths", {}).items():
        if not path.startswith(PUBLIC_PREFIX):
            continue
        operations = {}
        for method, op in item.items():
            op = dict(op)
            op["tags"] = [svc]
            for requirement in op.get("security", []):
                unknown = set(requirement) - {BEARER}
                if unknown:
                    raise MergeError(
                        f"{svc} {method.upper()} {path}: a public route asks for {sorted(unknown)}"
                    )
            operations[method] = op
        kept[path] = operations
    return kept


def _operation_ref(method: str, path: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _resolve(doc: dict[str, Any], schema: Any) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        kind, name = _split_ref(schema["$ref"])
        schema = doc["components"][kind][name]
    return schema


def _pointer_fits(doc: dict[str, Any], schema: Any, pointer: list[str]) -> bool:
    """Whether a JSON pointer into a body can address something the body's schema describes."""
    schema = _resolve(doc, schema)
    if not pointer:
        return True
    if not isinstance(schema, dict):
        return False
    options = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if options:
        return any(_pointer_fits(doc, option, pointer) for option in options)
    token, rest = pointer[0], pointer[1:]
    if token.isdigit() and isinstance(schema.get("items"), dict):
        return _pointer_fits(doc, schema["items"], rest)
    if token in schema.get("properties", {}):
        return _pointer_fits(doc, schema["properties"][token], rest)
    if isinstance(schema.get("additionalProperties"), dict):
        return _pointer_fits(doc, schema["additionalProperties"], rest)
    return False


def add_links(doc: dict[str, Any], table: dict[tuple[str, str, tuple[str, ...]], Any]) -> None:
    """Attach the links of ``table`` (:data:`LINKS`) to their source answers, checking every part."""
    paths = doc["paths"]
    for (method, path, statuses), links in table.items():
        source = paths.get(path, {}).get(method)
        if source is None:
            raise MergeError(f"link source {method.upper()} {path} is not in the document")
        answered = [code for code in statuses if code in source["responses"]]
        if not answered:
            raise MergeError(f"link source {method.upper()} {path} answers none of {statuses}")
        for name, t_method, t_path, parameters in links:
            target = paths.get(t_path, {}).get(t_method)
            if target is None:
                raise MergeError(f"link {name}: target {t_method.upper()} {t_path} is not in the document")
            path_params = {p["name"] for p in target.get("parameters", []) if p.get("in") == "path"}
            if set(parameters) != path_params:
                raise MergeError(f"link {name}: parameters {sorted(parameters)} ≠ {sorted(path_params)}")
            for code in answered:
                body = source["responses"][code].get("content", {}).get("application/json", {}).get("schema")
                for expression in parameters.values():
                    pointer = expression.removeprefix("$response.body#/").split("/")
                    if not _pointer_fits(doc, body, pointer):
                        raise MergeError(
                            f"link {name}: {expression} is not in {method.upper()} {path} {code}"
                        )
                source["responses"][code].setdefault("links", {})[name] = {
                    "operationRef": _operation_ref(t_method, t_path),
                    "parameters": dict(parameters),
                    "description": f"{t_method.upper()} {t_path} with the id this answer returned",
                }


def merge(
    docs: dict[str, dict[str, Any]], *, links: dict[tuple[str, str, tuple[str, ...]], Any] | None = None
) -> dict[str, Any]:
    """One document of every service's public routes (module docstring), with ``links``
    (default :data:`LINKS`)."""
    paths: dict[str, Any] = {}
    owner: dict[str, str] = {}
    kept_paths: dict[str, dict[str, Any]] = {}
    for svc, doc in docs.items():
        mine = _public_paths(svc, doc)
        for path in mine:
            if path in owner:
                raise MergeError(f"{path} is served by both {owner[path]} and {svc}")
            owner[path] = svc
        kept_paths[svc] = mine

    # which component each service's kept paths reach, and the name each gets in the merge
    reached = {svc: _reachable(docs[svc], kept_paths[svc]) for svc in docs}
    bodies: dict[tuple[str, str], dict[str, str]] = {}
    for svc, keys in reached.items():
        for kind, name in keys:
            body = json.dumps(docs[svc]["components"][kind][name], sort_keys=True)
            bodies.setdefault((kind, name), {})[svc] = body
    conflicting = {key for key, by_svc in bodies.items() if len(set(by_svc.values())) > 1}
    # a shared component that references a renamed one differs after the rewrite: rename it too
    changed = True
    while changed:
        changed = False
        for key, by_svc in bodies.items():
            if key in conflicting or len(by_svc) < 2:
                continue
            if any(
                _split_ref(ref) in conflicting
                for svc in by_svc
                for ref in _refs(docs[svc]["components"][key[0]][key[1]])
            ):
                conflicting.add(key)
                changed = True

    components: dict[str, dict[str, Any]] = {}
    for svc, keys in reached.items():
        renames = {
            f"#/components/{kind}/{name}": f"#/components/{kind}/{svc.capitalize()}{name}"
            for kind, name in keys
            if (kind, name) in conflicting
        }
        for kind, name in sorted(keys):
            merged_name = f"{svc.capitalize()}{name}" if (kind, name) in conflicting else name
            value = _rewrite_refs(docs[svc]["components"][kind][name], renames)
            if merged_name != name and isinstance(value, dict) and "title" in value:
                value = {**value, "title": merged_name}  # generated clients name classes by title
            components.setdefault(kind, {})[merged_name] = value
        for path, item in kept_paths[svc].items():
            paths[path] = _rewrite_refs(item, renames)

    schemes = {
        json.dumps(d.get("components", {}).get("securitySchemes", {}).get(BEARER), sort_keys=True)
        for d in docs.values()
    }
    if len(schemes) != 1:
        raise MergeError(f"the services declare {BEARER} differently")
    bearer = next(iter(docs.values()))["components"]["securitySchemes"][BEARER]
    components["securitySchemes"] = {BEARER: bearer}

    first = next(iter(docs.values()))
    description = first.get("info", {}).get("description", "")
    merged = {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": VERSION,
            "description": (
                "The public API of PackFinderz, reached only through the gateway: one document for "
                "every service (a tag per service). Generated from the services by "
                "`deploy/gateway/openapi.py`; each service's own document is at "
                "`/docs/openapi/<service>.json`.\n\n" + description
            ),
        },
        "tags": [{"name": svc, "description": SERVICE_TAGS[svc]} for svc in docs if kept_paths[svc]],
        "paths": dict(sorted(paths.items())),
        "components": {kind: dict(sorted(values.items())) for kind, values in sorted(components.items())},
    }
    add_links(merged, LINKS if links is None else links)
    return merged


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def build() -> str:
    return render(merge(service_documents()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed document is stale")
    args = parser.parse_args(argv)
    try:
        text = build()
    except MergeError as exc:
        sys.stderr.write(f"openapi: cannot merge: {exc}\n")
        return 2
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            sys.stderr.write(
                f"out of date: {OUTPUT.relative_to(ROOT)}\nrun: .venv/bin/python deploy/gateway/openapi.py\n"
            )
            return 1
        return 0
    OUTPUT.write_text(text)
    sys.stdout.write(f"wrote {OUTPUT.relative_to(ROOT)} ({len(json.loads(text)['paths'])} paths)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
