"""Small statistics helpers shared by the load generator and the report (stdlib only)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0..100) of an already sorted sequence."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_summary(values_s: Sequence[float]) -> dict[str, Any]:
    """p50/p90/p99/p99.9/max/mean in milliseconds of latencies given in seconds."""
    vals = sorted(values_s)
    if not vals:
        return {"count": 0}

    def ms(v: float | None) -> float | None:
        return None if v is None else round(v * 1000, 3)

    return {
        "count": len(vals),
        "p50_ms": ms(percentile(vals, 50)),
        "p90_ms": ms(percentile(vals, 90)),
        "p99_ms": ms(percentile(vals, 99)),
        "p999_ms": ms(percentile(vals, 99.9)),
        "max_ms": ms(vals[-1]),
        "mean_ms": ms(statistics.fmean(vals)),
    }


def spread(values: Sequence[float | None]) -> dict[str, Any]:
    """Median of the rounds, min, max and the relative spread ``(max - min) / median``."""
    vals = [v for v in values if v is not None]
    if not vals:
        return {"median": None, "min": None, "max": None, "spread_pct": None, "values": list(values)}
    med = statistics.median(vals)
    return {
        "median": round(med, 4),
        "min": round(min(vals), 4),
        "max": round(max(vals), 4),
        "spread_pct": round((max(vals) - min(vals)) / med * 100, 1) if med else None,
        "values": [None if v is None else round(v, 4) for v in values],
    }
