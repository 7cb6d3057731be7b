"""The typed Python client (clients/python/packfinderz_client) is what openapi-python-client makes of the
committed merged document (deploy/gateway/docs/openapi.json), with clients/python's configuration:
generated into a temporary folder and compared file by file with the committed tree, without a
warning of the generator (a skipped route, response or schema), and with the dependencies it asks
for declared in clients/python/pyproject.toml. ``make client`` regenerates both; the merged
document's own freshness is tests/deploy/test_gateway_openapi.py's."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "clients" / "python" / "generate_client.py"


@pytest.fixture(scope="module")
def gen(script_loader: Callable[[Path, str], ModuleType]) -> ModuleType:
    return script_loader(GENERATOR, "pf_generate_client")


@pytest.fixture(scope="module")
def fresh(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """(the freshly generated package folder, the generated project's [project] table)."""
    dest = tmp_path_factory.mktemp("client") / gen.PACKAGE
    try:
        meta = gen.generate(dest)
    except gen.GenerationError as exc:
        pytest.fail(f"openapi-python-client did not generate cleanly from the merged document:\n{exc}")
    return dest, meta


def test_the_committed_client_is_what_the_generator_makes_of_the_merged_document(gen, fresh):
    generated, meta = fresh
    problems = gen.stale(generated, meta)
    assert problems == [], "\n".join(["the committed client is stale:", *problems, "run: make client"])


def test_the_client_has_a_typed_function_for_every_operation_of_the_document(gen, fresh):
    generated, _ = fresh
    document = json.loads(gen.DOCUMENT.read_text())
    operations = sum(
        1
        for item in document["paths"].values()
        for method in item
        if method in {"get", "put", "post", "delete", "patch"}
    )
    modules = [p for p in (generated / "api").rglob("*.py") if p.name != "__init__.py"]
    assert len(modules) == operations
    assert (generated / "py.typed").is_file()


def test_a_changed_missing_or_extra_file_makes_the_client_stale(gen, fresh, tmp_path):
    generated, meta = fresh
    committed = tmp_path / gen.PACKAGE
    shutil.copytree(generated, committed)
    (committed / "client.py").write_text("# edited by hand\n")
    (committed / "types.py").unlink()
    (committed / "models" / "gone_model.py").write_text("")
    assert gen.stale(generated, meta, committed) == [
        "missing: types.py",
        "not generated: models/gone_model.py",
        "changed: client.py",
    ]
    assert gen.stale(generated, {**meta, "dependencies": ["httpx"]}, generated) == [
        f"clients/python/pyproject.toml: dependencies {sorted(meta['dependencies'])}, "
        "the generator asks for ['httpx']"
    ]


def test_schemas_sharing_a_title_are_named_after_their_component_for_the_generator(gen):
    document = {
        "components": {
            "schemas": {
                "OrdersPaymentIntentView": {"title": "PaymentIntentView", "type": "object"},
                "FinancePaymentIntentView": {"title": "PaymentIntentView", "type": "object"},
                "DataEnvelope_CartView_": {"title": "DataEnvelope[CartView]", "type": "object"},
            }
        }
    }
    adapted = gen.generator_input(document)
    assert {name: s["title"] for name, s in adapted["components"]["schemas"].items()} == {
        "OrdersPaymentIntentView": "OrdersPaymentIntentView",
        "FinancePaymentIntentView": "FinancePaymentIntentView",
        "DataEnvelope_CartView_": "DataEnvelope[CartView]",
    }
    assert document["components"]["schemas"]["OrdersPaymentIntentView"]["title"] == "PaymentIntentView"
