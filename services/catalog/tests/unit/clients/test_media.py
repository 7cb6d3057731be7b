"""``pf_catalog.clients.media``: media's read-URL endpoint degrades to "no URLs" instead of failing."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from pf_catalog.clients.media import READ_URLS_PATH, HttpMediaClient


def client_for(handler) -> HttpMediaClient:
    return HttpMediaClient("http://media.test/", transport=httpx.MockTransport(handler))


async def test_read_urls_asks_once_per_distinct_id_and_maps_the_answer():
    ids = [uuid.uuid4(), uuid.uuid4()]
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("POST", READ_URLS_PATH)
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"data": {"urls": {str(ids[0]): "https://signed/0"}}})

    media = client_for(handler)
    assert await media.read_urls([ids[0], ids[1], ids[0]]) == {ids[0]: "https://signed/0"}
    assert seen == [{"media_ids": [str(ids[0]), str(ids[1])]}]
    assert await media.read_urls([]) == {}
    assert len(seen) == 1
    await media.aclose()


@pytest.mark.parametrize(
    "answer",
    [
        lambda r: httpx.Response(500, json={"error": {}}),
        lambda r: httpx.Response(200, json={"data": {}}),
        lambda r: httpx.Response(200, json={"data": {"urls": {"not-a-uuid": "x"}}}),
        lambda r: httpx.Response(200, content=b"not json"),
        lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused", request=r)),
    ],
    ids=["5xx", "no urls", "bad id", "not json", "refused"],
)
async def test_any_failure_is_no_urls_and_a_warning(answer, captured_logs):
    media = client_for(answer)

    assert await media.read_urls([uuid.uuid4()]) == {}
    assert [e["event"] for e in captured_logs if e["log_level"] == "warning"] == [
        "media.read_urls_unavailable"
    ]
    await media.aclose()


async def test_every_call_carries_the_token_of_the_provider():
    tokens = iter(["t1", "t2"])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"data": {"urls": {}}})

    media = HttpMediaClient(
        "http://media.test/", transport=httpx.MockTransport(handler), token_provider=lambda: next(tokens)
    )
    await media.read_urls([uuid.uuid4()])
    await media.read_urls([uuid.uuid4()])
    await media.aclose()

    assert seen == ["Bearer t1", "Bearer t2"]  # asked per request: a refreshed token is picked up
