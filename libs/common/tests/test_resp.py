"""pf_common.resp: the lean Redis client, against the real Redis server of the test worker."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from pf_common.embedded import free_port
from pf_common.resp import (
    LeanRedis,
    ReplyError,
    Script,
    close_lean_redis,
    dedicated_lean_redis,
    lean_redis,
    pipeline,
)


@pytest.fixture
async def lean(redis: Redis) -> LeanRedis:
    client = lean_redis(redis)
    assert client is not None
    yield client
    await close_lean_redis(redis)


async def test_replies_of_every_type_read_as_redis_py_reads_them(lean, redis):
    value = b"line one\r\nline two\x00" + bytes(range(256))
    assert await lean.call("SET", "k", value) == b"OK"
    assert await lean.call("GET", "k") == await redis.get("k") == value
    assert await lean.call("GET", "missing") is None
    assert await lean.call("INCR", "n") == 1 and await lean.call("INCRBY", "n", 41) == 42
    await redis.rpush("list", "a", "b", "c")
    assert await lean.call("LRANGE", "list", 0, -1) == [b"a", b"b", b"c"]
    assert await lean.call("LRANGE", "nolist", 0, -1) == []
    assert await lean.call("SET", "k", "v", "NX") is None  # a null reply, not an error
    assert await lean.call("PING") == b"PONG"


async def test_a_reply_larger_than_one_read_is_reassembled(lean, redis):
    big = bytes(range(256)) * 8192  # 2 MiB: many socket reads
    await redis.set("big", big)
    replies = await asyncio.gather(*(lean.call("GET", "big") for _ in range(3)), lean.call("PING"))
    assert replies == [big, big, big, b"PONG"]


async def test_an_error_reply_raises_and_the_connection_stays_in_step(lean, redis):
    await redis.set("text", "not a number")
    with pytest.raises(ReplyError, match="not an integer") as caught:
        await lean.call("INCR", "text")
    assert isinstance(caught.value, ResponseError)  # redis-py's type: callers handle both alike
    with pytest.raises(ReplyError, match="unknown command"):
        await lean.call("NOSUCHCOMMAND")
    assert await lean.call("GET", "text") == b"not a number"


async def test_concurrent_callers_each_get_their_own_reply(lean):
    await asyncio.gather(*(lean.call("SET", f"key:{i}", f"value:{i}") for i in range(300)))
    values = await asyncio.gather(*(lean.call("GET", f"key:{i}") for i in range(300)))
    assert values == [f"value:{i}".encode() for i in range(300)]
    counts = await asyncio.gather(*(lean.call("INCR", "shared") for _ in range(300)))
    assert sorted(counts) == list(range(1, 301))


class _CountingTransport:
    """The connection's transport, counting its writes."""

    def __init__(self, transport):
        self.transport = transport
        self.writes: list[bytes] = []

    def write(self, data):
        self.writes.append(bytes(data))
        self.transport.write(data)

    def __getattr__(self, name):
        return getattr(self.transport, name)


async def test_commands_sent_in_one_pass_of_the_event_loop_go_out_in_one_write(lean):
    assert await lean.call("PING") == b"PONG"  # connected
    proto = lean._proto
    counting = proto.transport = _CountingTransport(proto.transport)

    replies = await asyncio.gather(
        *(lean.call("SET", f"batch:{i}", i) for i in range(20)),
        lean.call_many([("GET", "batch:0"), ("INCR", "batch:n")]),
    )

    assert replies[:20] == [b"OK"] * 20 and replies[20] == [b"0", 1]
    assert len(counting.writes) == 1  # 21 callers, one write: one read and one reply write in Redis
    assert counting.writes[0].count(b"*3\r\n$3\r\nSET\r\n") == 20
    # a caller alone is not held back: its command goes out at the end of the same pass
    assert await lean.call("GET", "batch:19") == b"19"
    assert len(counting.writes) == 2


async def test_a_pipeline_gets_every_reply_in_order_with_an_error_in_its_place(lean, redis):
    await redis.set("text", "not a number")
    replies = await lean.call_many([("SET", "a", "1"), ("INCR", "text"), ("INCR", "a"), ("GET", "a")])
    assert replies[0] == b"OK" and replies[2:] == [2, b"2"]
    assert isinstance(replies[1], ReplyError) and "not an integer" in str(replies[1])
    # a caller alongside gets its own reply, not one of the pipeline's
    both = await asyncio.gather(lean.call_many([("GET", "a"), ("PING",)]), lean.call("GET", "text"))
    assert both == [[b"2", b"PONG"], b"not a number"]


async def test_the_pipeline_helper_answers_alike_through_redis_py(pf_servers, redis):
    plain = Redis(unix_socket_path="/tmp/nowhere.sock")  # no lean client for it: redis-py serves it
    assert lean_redis(plain) is None
    via_redis_py = Redis.from_url(pf_servers.redis_url)
    lean_redis(via_redis_py)
    from pf_common import resp

    resp._CLIENTS[via_redis_py] = None  # as if it could not be served plainly
    try:
        await redis.set("text", "not a number")
        for client in (redis, via_redis_py):
            replies = await pipeline(client, [("SET", "p", "1"), ("INCR", "text"), ("INCR", "p")])
            assert replies[0] in (b"OK", True) and replies[2] == 2
            assert isinstance(replies[1], ResponseError)
    finally:
        await via_redis_py.aclose()
        await close_lean_redis(redis)


async def test_a_pipeline_on_a_killed_connection_fails_and_the_next_one_reconnects(lean, redis):
    own_id = await lean.call("CLIENT", "ID")
    waiting = asyncio.create_task(lean.call_many([("BLPOP", "nothing", "5"), ("PING",)]))
    await asyncio.sleep(0.05)
    await redis.execute_command("CLIENT", "KILL", "ID", own_id)
    with pytest.raises(RedisConnectionError):
        await waiting
    assert await lean.call_many([("PING",)]) == [b"PONG"]


async def test_a_cancelled_caller_does_not_shift_the_replies_of_the_others(lean):
    # given a caller waiting on a blocking command, cancelled before its reply comes
    blocked = asyncio.create_task(lean.call("BLPOP", "nothing", "0.2"))
    await asyncio.sleep(0.02)
    blocked.cancel()
    # when others call meanwhile
    set_reply = await lean.call("SET", "after", "1")
    # then each reads its own reply (the cancelled one's null is dropped, not handed on)
    assert (set_reply, await lean.call("GET", "after")) == (b"OK", b"1")
    with pytest.raises(asyncio.CancelledError):
        await blocked


async def test_an_unanswered_command_times_out_and_the_next_one_reconnects(pf_servers):
    host, port = _host_port(pf_servers.redis_url)
    lean = LeanRedis(host, port, timeout_s=0.2)
    with pytest.raises(RedisTimeoutError):
        await lean.call("BLPOP", "nothing", "2")
    assert await lean.call("PING") == b"PONG"
    await lean.aclose()


async def test_a_command_may_wait_longer_than_the_client_timeout_when_it_says_so(pf_servers):
    host, port = _host_port(pf_servers.redis_url)
    lean = LeanRedis(host, port, timeout_s=0.2)
    try:
        assert await lean.call("BLPOP", "nothing", "0.5", timeout_s=0.5 + 1.0) is None  # blocked, then nil
        with pytest.raises(RedisTimeoutError, match=r"within 0\.3 s"):
            await lean.call("BLPOP", "nothing", "2", timeout_s=0.3)
        assert await lean.call("PING") == b"PONG"
    finally:
        await lean.aclose()


async def test_a_dedicated_client_blocks_on_its_own_connection(pf_servers, redis, lean):
    dedicated = dedicated_lean_redis(redis)
    assert dedicated is not None and dedicated is not lean and dedicated is not dedicated_lean_redis(redis)
    assert (dedicated.host, dedicated.port, dedicated.db) == (lean.host, lean.port, lean.db)
    try:
        blocked = asyncio.create_task(dedicated.call("BLPOP", "queue", "5", timeout_s=6))
        await asyncio.sleep(0.05)
        assert await asyncio.wait_for(lean.call("RPUSH", "queue", "item"), 1) == 1  # not behind the BLPOP
        assert await asyncio.wait_for(blocked, 1) == [b"queue", b"item"]
        assert await dedicated.call("CLIENT", "ID") != await lean.call("CLIENT", "ID")
    finally:
        await dedicated.aclose()
    assert dedicated_lean_redis(Redis(unix_socket_path="/tmp/nowhere.sock")) is None


async def test_a_killed_connection_fails_its_callers_and_the_next_command_reconnects(lean, redis):
    own_id = await lean.call("CLIENT", "ID")
    waiting = asyncio.create_task(lean.call("BLPOP", "nothing", "5"))
    await asyncio.sleep(0.05)
    await redis.execute_command("CLIENT", "KILL", "ID", own_id)
    with pytest.raises(RedisConnectionError):
        await waiting
    assert await lean.call("CLIENT", "ID") != own_id


async def test_a_server_that_is_not_there_is_a_connection_error():
    lean = LeanRedis("127.0.0.1", free_port(), connect_timeout_s=1)
    with pytest.raises(RedisConnectionError):
        await lean.call("PING")
    with pytest.raises(RedisConnectionError):  # and again: a failed connect is not remembered as a connection
        await lean.call("PING")


async def test_it_talks_to_the_database_and_credentials_of_its_redis_py_client(pf_servers, redis):
    other_db = Redis.from_url(pf_servers.redis_url.rsplit("/", 1)[0] + "/5")
    try:
        lean = lean_redis(other_db)
        assert lean is not None and lean.db == 5
        await lean.call("SET", "where", "db5")
        assert (await other_db.get("where"), await redis.get("where")) == (b"db5", None)
        await other_db.delete("where")
    finally:
        await close_lean_redis(other_db)
        await other_db.aclose()
    # a password the server does not expect: the connect is refused, as a connection error
    host, port = _host_port(pf_servers.redis_url)
    with pytest.raises(RedisConnectionError, match="AUTH refused"):
        await LeanRedis(host, port, password="wrong").call("PING")


async def test_scripts_run_by_hash_and_are_sent_again_after_a_script_flush(lean, redis):
    script = Script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
    await redis.script_flush()
    assert await lean.evalsha(script, ["counter"], [2]) == 2  # NOSCRIPT: sent whole once
    assert await redis.script_exists(script.sha) == [True]
    assert await lean.evalsha(script, ["counter"], [3]) == 5
    await redis.set("text", "x")
    with pytest.raises(ReplyError, match="not an integer"):  # an error inside is the script's error
        await lean.evalsha(Script("return redis.call('INCR', KEYS[1])"), ["text"], [])


def test_clients_it_cannot_serve_plainly_keep_to_redis_py():
    assert lean_redis(Redis(unix_socket_path="/tmp/nowhere.sock")) is None
    assert lean_redis(Redis(host="127.0.0.1", ssl=True)) is None
    plain = Redis(host="127.0.0.1", port=6390, db=2, password="p", socket_timeout=3)
    lean = lean_redis(plain)
    assert lean is not None and (lean.port, lean.db, lean.timeout_s) == (6390, 2, 3.0)
    assert lean_redis(plain) is lean  # one per client


def test_one_client_serves_one_event_loop_after_another(pf_servers):
    host, port = _host_port(pf_servers.redis_url)
    lean = LeanRedis(host, port)
    assert asyncio.run(lean.call("PING")) == b"PONG"
    assert asyncio.run(lean.call("PING")) == b"PONG"  # a new loop: a new connection


def test_arguments_are_bytes_str_or_numbers():
    with pytest.raises(TypeError):
        asyncio.run(LeanRedis("127.0.0.1", free_port()).call("SET", "k", None))


def _host_port(url: str) -> tuple[str, int]:
    hostport = url.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    host, port = hostport.rsplit(":", 1)
    return host, int(port)
