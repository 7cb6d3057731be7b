"""The one-table summary at the top of ``benchmarks/README.md``: the latest value of every figure.

``python -m benchmarks.summary`` rewrites the block between the two markers from the result files
in ``benchmarks/results/`` (a full run's file and the parts run on their own, ``--only``): each
figure comes from the newest file that measured it (quick runs are smoke runs and A/B runs of two
commits, ``-ab`` in the name, compare code rather than report it: neither counts).
``make bench`` calls it after writing its results, so the table always says which file (date and
run) each value comes from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
START = "<!-- summary:start (benchmarks/summary.py writes this block) -->"
END = "<!-- summary:end -->"
ORDER = (
    "P1", "P2", "P3", "P4", "P3ref", "P4L", "I1", "I2", "M1", "M2", "M3", "C0", "C1", "C2", "O1", "O2",
    "O3", "O4", "P11", "P13", "P14",
)  # fmt: skip


def _value(figure: dict[str, Any]) -> tuple[str, str]:
    """(value as median [min-max], its spread) of a figure, whatever its kind: a ratio, P13's
    multiple of the raw p99, or a plain ``value`` in ``unit`` (O3's commits, O4's milliseconds)."""
    for key, unit in (("ratio", ""), ("p99_vs_raw", "× raw p99"), ("value", str(figure.get("unit") or ""))):
        stat = figure.get(key)
        if isinstance(stat, dict) and stat.get("median") is not None:
            text = f"{stat['median']:.3g}{unit} [{stat['min']:.3g}–{stat['max']:.3g}]"
            spread = f"{stat['spread_pct']:.0f} %" if stat.get("spread_pct") is not None else "—"
            return text, spread
    if figure.get("wall_s") is not None:
        return f"{figure['products_per_s']:.0f} products/s", "—"
    return "—", "—"


def _latest(results: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """figure -> (file name, figure) from the newest non-quick file that has it."""
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    files = sorted(
        (p for p in results.glob("*.json") if "-quick" not in p.name and "-ab" not in p.name),
        key=lambda p: (p.name[:10], p.stat().st_mtime),
    )
    for path in files:
        try:
            doc = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if doc.get("error"):
            continue
        for name, figure in (doc.get("figures") or {}).items():
            latest[name] = (path.name, figure)
    return latest


def render(results: Path = RESULTS) -> str:
    latest = _latest(results)
    lines = [
        "| figure | what | goal | value: median [min–max] | spread | met | from |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in [*ORDER, *sorted(set(latest) - set(ORDER))]:
        if name not in latest:
            continue
        source, figure = latest[name]
        value, spread = _value(figure)
        met = {True: "yes", False: "**no**", None: "—"}[figure.get("met")]
        what = str(figure.get("what", "")).replace("|", "/")
        if len(what) > 90:
            what = what[:87] + "…"
        lines.append(
            f"| {name} | {what} | {figure.get('goal') or '—'} | {value} | {spread} | {met} | `{source}` |"
        )
    return "\n".join(lines)


def update(readme: Path = README, results: Path = RESULTS) -> bool:
    """Rewrite the summary block of ``readme``; True when it changed."""
    text = readme.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: summary markers missing ({START!r} ... {END!r})")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{render(results)}\n{END}{tail}"
    if new == text:
        return False
    readme.write_text(new)
    return True


if __name__ == "__main__":
    changed = update()
    print(f"benchmarks/README.md summary {'updated' if changed else 'unchanged'}")
    sys.exit(0)
