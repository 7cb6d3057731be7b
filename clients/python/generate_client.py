"""The typed Python client of the public API (``packfinderz_client``), generated from the merged document.

    .venv/bin/python clients/python/generate_client.py           # rewrite clients/python/packfinderz_client
    .venv/bin/python clients/python/generate_client.py --check   # exit 1 when the committed client is stale

``make client`` regenerates deploy/gateway/docs/openapi.json (deploy/gateway/openapi.py) and then runs
this. The generator is openapi-python-client with ``openapi-python-client.yaml`` beside this file
(names, version, and post hooks that run ruff in isolation, so the output is the same in any folder).
It always generates into a fresh temporary folder and then replaces the committed package whole, so a
model or route that left the document leaves the client too.

A warning of the generator (a route or schema it skipped) is an error here: nothing is written, and
the warning is printed. The generator's input is the merged document with one adaptation
(``generator_input``): the generator names a model after its schema's ``title``, so component
schemas that share a title (two services' ``PaymentIntentView``, renamed ``FinancePaymentIntentView``
and ``OrdersPaymentIntentView`` by the merge, keep ``"title": "PaymentIntentView"``) would be
duplicate models and be dropped with every response that uses them; those take their component name
as title. Once the merge renames titles as well, the adaptation changes nothing.

The committed package is the generated ``packfinderz_client/`` (with ``py.typed``); this folder's
pyproject.toml is written by hand (a workspace member built like the services), and its dependencies
must be the ones the generator asks for (``stale`` checks them).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCUMENT = ROOT / "deploy" / "gateway" / "docs" / "openapi.json"
CONFIG = HERE / "openapi-python-client.yaml"
PACKAGE = "packfinderz_client"
COMMITTED = HERE / PACKAGE
PYPROJECT = HERE / "pyproject.toml"
IGNORED_DIRS = frozenset({"__pycache__"})  # byte code of an import, never committed


class GenerationError(Exception):
    """The generator failed or warned (it skipped a route, a response or a schema)."""


def generator_input(document: dict[str, Any]) -> dict[str, Any]:
    """The merged document as the generator reads it: component schemas whose ``title`` another
    component schema shares are titled with their component name (module docstring)."""
    doc = copy.deepcopy(document)
    schemas = doc.get("components", {}).get("schemas", {})
    titles = Counter(s.get("title") for s in schemas.values() if isinstance(s, dict) and s.get("title"))
    for name, schema in schemas.items():
        if isinstance(schema, dict) and titles.get(schema.get("title"), 0) > 1:
            schema["title"] = name
    return doc


def generate(dest: Path, document: Path = DOCUMENT) -> dict[str, Any]:
    """Generate the client from ``document`` into ``dest`` (which must not exist): the package
    folder. Returns the generated project's ``[project]`` table (its dependencies)."""
    with tempfile.TemporaryDirectory(prefix="pf-client-") as tmp:
        source = Path(tmp) / "openapi.json"
        source.write_text(json.dumps(generator_input(json.loads(document.read_text())), indent=2))
        project = Path(tmp) / "project"
        bin_dir = Path(sys.executable).parent  # the post hooks' ruff: the one of this environment
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(source),
                "--config",
                str(CONFIG),
                "--meta",
                "uv",
                "--output-path",
                str(project),
                "--fail-on-warning",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            check=False,
        )
        if done.returncode != 0:
            raise GenerationError((done.stdout + done.stderr).strip())
        shutil.copytree(project / PACKAGE, dest, ignore=shutil.ignore_patterns(*IGNORED_DIRS))
        meta: dict[str, Any] = tomllib.loads((project / "pyproject.toml").read_text())["project"]
        return meta


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative POSIX path → bytes), byte code left out."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not IGNORED_DIRS.intersection(p.relative_to(folder).parts)
    }


def stale(generated: Path, meta: dict[str, Any], committed: Path = COMMITTED) -> list[str]:
    """How the committed client differs from a fresh one: files added, missing or changed, and
    dependencies of pyproject.toml other than the generator's."""
    fresh, have = tree(generated), tree(committed) if committed.is_dir() else {}
    problems = [f"missing: {path}" for path in sorted(fresh.keys() - have.keys())]
    problems += [f"not generated: {path}" for path in sorted(have.keys() - fresh.keys())]
    problems += [
        f"changed: {path}" for path in sorted(fresh.keys() & have.keys()) if fresh[path] != have[path]
    ]
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    if sorted(declared) != sorted(meta["dependencies"]):
        problems.append(
            f"{PYPROJECT.relative_to(ROOT)}: dependencies {sorted(declared)}, "
            f"the generator asks for {sorted(meta['dependencies'])}"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed client is stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pf-client-out-") as out:
        generated = Path(out) / PACKAGE
        try:
            meta = generate(generated)
        except GenerationError as exc:
            sys.stderr.write(f"client: openapi-python-client did not generate cleanly:\n{exc}\n")
            return 2
        problems = stale(generated, meta)
        if args.check:
            if problems:
                sys.stderr.write(
                    f"out of date: {COMMITTED.relative_to(ROOT)}\n  "
                    + "\n  ".join(problems)
                    + "\nrun: make client\n"
                )
                return 1
            return 0
        shutil.rmtree(COMMITTED, ignore_errors=True)
        shutil.copytree(generated, COMMITTED)
        leftover = [p for p in problems if p.startswith(str(PYPROJECT.relative_to(ROOT)))]
        sys.stdout.write(f"wrote {COMMITTED.relative_to(ROOT)} ({len(tree(COMMITTED))} files)\n")
        for line in leftover:
            sys.stderr.write(f"client: {line}\n")
        return 1 if leftover else 0


if __name__ == "__main__":
    sys.exit(main())
