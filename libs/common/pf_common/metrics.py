"""Prometheus metrics: HTTP request count/latency, and the text exposition at ``/metrics``."""

from __future__ import annotations

from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

from pf_common.routing import APIRouter

HTTP_REQUESTS = Counter("pf_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram(
    "pf_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0, 2.0, 5.0),
)
AUTH_FAILURES = Counter("pf_auth_failures_total", "Rejected tokens", ["service", "reason"])
RATE_LIMITED = Counter("pf_rate_limited_total", "Requests refused by a rate limit", ["service", "policy"])

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
