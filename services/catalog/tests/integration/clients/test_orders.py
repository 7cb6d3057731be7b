"""``HttpOrdersClient`` against the contract in its docstring (``httpx.MockTransport`` plays orders):
what counts as an answer, and what means "orders cannot tell now"."""

from __future__ import annotations

import json

import httpx
import pytest

from pf_catalog.clients.orders import LINE_ITEMS_EXISTS_PATH, HttpOrdersClient, OrdersUnavailable
from pf_common.embedded import free_port
from pf_common.ids import uuid7


def client_answering(handler) -> HttpOrdersClient:
    return HttpOrdersClient("http://orders.test/", transport=httpx.MockTransport(handler))


async def test_it_asks_for_the_ids_and_returns_those_that_exist():
    a, b, c = uuid7(), uuid7(), uuid7()
    seen: list[httpx.Request] = []

    def orders(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        # orders also lists an id nobody asked about: it is ignored
        return httpx.Response(200, json={"data": {"existing": [str(a), str(c), str(uuid7())]}})

    client = client_answering(orders)
    try:
        assert await client.existing_line_items([a, b, c, a]) == {a, c}
    finally:
        await client.aclose()
    assert len(seen) == 1
    assert (seen[0].method, seen[0].url.path) == ("POST", LINE_ITEMS_EXISTS_PATH)
    assert json.loads(seen[0].content) == {"ids": [str(a), str(b), str(c)]}


async def test_no_ids_no_call():
    client = client_answering(lambda r: pytest.fail("called"))
    assert await client.existing_line_items([]) == set()
    await client.aclose()


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(503, json={"error": {"code": "DEPENDENCY_ERROR"}}),
        httpx.Response(500),
        httpx.Response(404, json={"error": {"code": "NOT_FOUND"}}),  # not deployed yet
        httpx.Response(200, json={"data": {}}),
        httpx.Response(200, json={"data": {"existing": ["not-a-uuid"]}}),
        httpx.Response(200, content=b"<html>gateway</html>"),
    ],
    ids=["503", "500", "404", "no existing", "bad id", "not json"],
)
async def test_anything_but_a_clear_answer_is_unavailable(response):
    client = client_answering(lambda r: response)
    with pytest.raises(OrdersUnavailable):
        await client.existing_line_items([uuid7()])
    await client.aclose()


async def test_a_closed_port_is_unavailable():
    client = HttpOrdersClient(f"http://127.0.0.1:{free_port()}", timeout_s=0.5)
    with pytest.raises(OrdersUnavailable):
        await client.existing_line_items([uuid7()])
    await client.aclose()


async def test_a_timeout_is_unavailable():
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = client_answering(slow)
    with pytest.raises(OrdersUnavailable):
        await client.existing_line_items([uuid7()])
    await client.aclose()


async def test_each_call_carries_catalogs_service_token_for_orders(settings):
    from pf_common.service_auth import ServiceAuth, ServiceTokenVerifier, service_key_paths

    auth = ServiceAuth.from_settings(settings)  # catalog's keys in the test keys folder
    seen: list[str] = []

    def orders(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"data": {"existing": []}})

    client = HttpOrdersClient(
        "http://orders.test/",
        transport=httpx.MockTransport(orders),
        token_provider=auth.token_provider("orders"),
    )
    try:
        await client.existing_line_items([uuid7()])
        await client.existing_line_items([uuid7()])
    finally:
        await client.aclose()

    assert len(seen) == 2 and seen[0] == seen[1]  # one token, reused
    scheme, token = seen[0].split(" ")
    orders_side = ServiceTokenVerifier("orders", service_key_paths(settings)[1])
    assert scheme == "Bearer" and (await orders_side.verify(token)).service == "catalog"
