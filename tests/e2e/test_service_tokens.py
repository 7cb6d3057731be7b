"""Service-to-service calls in the running stack: each internal route takes only the service
tokens of the callers it names (the stack's own key folders), never a user's token, and the
gateway never routes /internal/*."""

from __future__ import annotations

import uuid

import httpx
import pytest

from pf_common.service_auth import ServiceTokenSigner, ensure_service_keys

pytestmark = [pytest.mark.slow]

RELEASE = "/internal/v1/inventory/reservations:release"


def _service_token(stack, caller: str, audience: str) -> dict[str, str]:
    root = stack["data_dir"] / "keys" / "services"
    ring = ensure_service_keys(caller, root / caller, root / "jwks")  # the key the stack made
    return {"Authorization": f"Bearer {ServiceTokenSigner(caller, ring).token_for(audience)}"}


def test_catalogs_reservation_routes_take_only_orders_tokens(stack, gw, demo_login):
    catalog = f"http://127.0.0.1:{stack['services']['catalog']}"
    body = {"reservation_ids": [str(uuid.uuid4())]}

    as_orders = httpx.post(catalog + RELEASE, json=body, headers=_service_token(stack, "orders", "catalog"))
    as_media = httpx.post(catalog + RELEASE, json=body, headers=_service_token(stack, "media", "catalog"))
    aimed_at_media = httpx.post(
        catalog + RELEASE, json=body, headers=_service_token(stack, "orders", "media")
    )
    as_a_user = httpx.post(catalog + RELEASE, json=body, headers=demo_login("vendor1-owner"))
    anonymous = httpx.post(catalog + RELEASE, json=body)
    through_gateway = gw.post(RELEASE, json=body, headers=_service_token(stack, "orders", "catalog"))

    assert (as_orders.status_code, as_orders.json()) == (200, {"data": {"updated": 0}})
    assert as_media.status_code == 403
    assert [r.status_code for r in (aimed_at_media, as_a_user, anonymous)] == [401, 401, 401]
    assert through_gateway.status_code == 404 and "x-pf-service" not in through_gateway.headers
