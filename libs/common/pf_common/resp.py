"""A lean Redis client for the request path: one connection, commands pipelined, replies in order.

redis-py's asyncio client costs ~180 us of CPU per command on the bench machine (a pool checkout
under a condition and a timeout, retry and observability wrappers, its parser); a command written
straight to the socket and its reply read back in order costs ~45 us (``make bench``'s
breakdown, ``lean_redis_call_us``). An idempotent write makes two Redis calls (the claim and the
stored response), so that difference is a tenth of a presign.

:class:`LeanRedis` is deliberately small: RESP2 over TCP, one connection per event loop, the
commands of every caller sent during one pass of the event loop written together at its end (no
pool: Redis runs commands one at a time anyway; one write here and one read and one reply write in
Redis for all of them: an idempotent write's Redis CPU 66 -> 39 us under M1's load) and replies
handed back in the order the commands were sent. It is built from a redis-py client
(:func:`lean_redis`), so it talks to exactly the server, database and credentials the runtime's
client does; anything it cannot do as simply (TLS, a unix socket) gets ``None`` and the caller
keeps to redis-py.

Failure model, in redis-py's exception types so that callers handle both clients alike: a reply
that is an error raises :class:`ReplyError` (a ``redis.exceptions.ResponseError``; the connection
stays up); a lost connection, a refused connect or a command unanswered after ``timeout_s`` raise
``redis.exceptions.ConnectionError``/``TimeoutError`` to every caller waiting on that connection,
which is then dropped: the next command connects again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import weakref
from collections import deque
from collections.abc import Sequence
from typing import Any, Final

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

__all__ = [
    "LeanRedis",
    "ReplyError",
    "Script",
    "close_lean_redis",
    "command",
    "dedicated_lean_redis",
    "lean_redis",
    "pipeline",
    "run_script",
]

_CRLF: Final = b"\r\n"


class ReplyError(ResponseError):
    """Redis answered the command with an error (``-ERR ...``, ``-NOSCRIPT ...``)."""


class _Incomplete(Exception):
    """The buffer ends inside a reply: wait for more bytes."""


def _parse(buf: bytearray | bytes, pos: int) -> tuple[Any, int]:
    """The RESP2 reply starting at ``pos`` and the position after it (``_Incomplete`` if cut)."""
    end = buf.find(_CRLF, pos)
    if end < 0:
        raise _Incomplete
    kind, line = buf[pos], bytes(buf[pos + 1 : end])
    pos = end + 2
    if kind == 0x24:  # $ bulk string
        size = int(line)
        if size < 0:
            return None, pos
        if len(buf) < pos + size + 2:
            raise _Incomplete
        return bytes(buf[pos : pos + size]), pos + size + 2
    if kind == 0x2A:  # * array
        count = int(line)
        if count < 0:
            return None, pos
        items = []
        for _ in range(count):
            item, pos = _parse(buf, pos)
            items.append(item)
        return items, pos
    if kind == 0x3A:  # : integer
        return int(line), pos
    if kind == 0x2B:  # + simple string
        return line, pos
    if kind == 0x2D:  # - error
        return ReplyError(line.decode("utf-8", "replace")), pos
    raise RedisConnectionError(f"unexpected RESP type byte {kind!r}")


def _encode(args: tuple[Any, ...]) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, str):
            data = arg.encode()
        elif isinstance(arg, int | float) and not isinstance(arg, bool):
            data = repr(arg).encode()
        else:
            raise TypeError(f"a Redis argument is bytes, str, int or float, not {type(arg).__name__}")
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class _Protocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiting: deque[asyncio.Future[Any]] = deque()
        self.buffer = bytearray()
        self.lost: BaseException | None = None
        self.outgoing: list[bytes] | None = None  # commands written at the end of this loop pass

    def queue(self, data: bytes) -> None:
        """Write ``data`` with every other command sent during this pass of the event loop: one
        write (one syscall here, one read and one reply write in Redis) for all of them."""
        if self.outgoing is None:
            self.outgoing = [data]
            asyncio.get_running_loop().call_soon(self.flush)
        else:
            self.outgoing.append(data)

    def flush(self) -> None:
        outgoing, self.outgoing = self.outgoing, None
        if outgoing and self.lost is None and self.transport is not None:
            self.transport.write(outgoing[0] if len(outgoing) == 1 else b"".join(outgoing))

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buf = self.buffer
        buf += data
        pos = 0
        try:
            while pos < len(buf):
                reply, pos = _parse(buf, pos)
                waiter = self.waiting.popleft()  # a reply with no caller: the stream is broken
                if not waiter.done():  # a caller that timed out or was cancelled: dropped
                    waiter.set_result(reply)
        except _Incomplete:
            pass
        except (IndexError, ValueError, RedisConnectionError) as exc:
            self.fail(RedisConnectionError(f"Redis reply stream broken: {exc!r}"))
            return
        del buf[:pos]

    def connection_lost(self, exc: Exception | None) -> None:
        reason = f"Redis connection lost: {exc!r}" if exc else "Redis connection closed"
        self.fail(RedisConnectionError(reason))

    def fail(self, exc: BaseException) -> None:
        self.lost = exc
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():
                waiter.set_exception(exc)
        if self.transport is not None:
            self.transport.abort()


class LeanRedis:
    """``await r.call("GET", key)``: one command, its reply (bytes, int, list, None)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        db: int = 0,
        username: str | None = None,
        password: str | None = None,
        timeout_s: float = 5.0,
        connect_timeout_s: float = 5.0,
    ) -> None:
        self.host, self.port, self.db = host, port, db
        self._auth = (username, password)
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self._proto: _Protocol | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connecting: asyncio.Future[_Protocol] | None = None

    async def _connection(self) -> _Protocol:
        loop = asyncio.get_running_loop()
        proto = self._proto
        if proto is not None and proto.lost is None and self._loop is loop:
            return proto
        if self._loop is not loop:  # another event loop (tests): nothing of the old one is usable
            self._drop()
            self._loop = loop
        if self._connecting is None:
            self._connecting = loop.create_future()
            try:
                proto = await self._connect(loop)
            except BaseException as exc:
                self._connecting.set_exception(exc)
                self._connecting.exception()  # retrieved: no "never retrieved" warning
                self._connecting = None
                raise
            self._proto = proto
            self._connecting.set_result(proto)
            self._connecting = None
            return proto
        return await asyncio.shield(self._connecting)

    async def _connect(self, loop: asyncio.AbstractEventLoop) -> _Protocol:
        try:
            async with asyncio.timeout(self.connect_timeout_s):
                _, proto = await loop.create_connection(_Protocol, self.host, self.port)
                username, password = self._auth
                setup: list[tuple[Any, ...]] = []
                if password is not None:
                    setup.append(("AUTH", username, password) if username else ("AUTH", password))
                if self.db:
                    setup.append(("SELECT", self.db))
                for args in setup:
                    reply = await self._send(proto, _encode(args))
                    if isinstance(reply, ReplyError):
                        proto.fail(RedisConnectionError(f"Redis {args[0]} refused: {reply}"))
                        raise RedisConnectionError(f"Redis {args[0]} refused: {reply}")
        except TimeoutError as exc:
            raise RedisTimeoutError(f"Redis connect to {self.host}:{self.port} timed out") from exc
        except OSError as exc:
            raise RedisConnectionError(f"Redis connect to {self.host}:{self.port} failed: {exc}") from exc
        return proto

    def _send(self, proto: _Protocol, command: bytes) -> asyncio.Future[Any]:
        waiter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        assert proto.transport is not None
        proto.waiting.append(waiter)
        proto.queue(command)
        return waiter

    async def call(self, *args: Any, timeout_s: float | None = None) -> Any:
        """Send one command; its reply. ``ReplyError`` when Redis answers with an error.

        ``timeout_s`` replaces the client's for this command: a blocking one (``XREADGROUP ...
        BLOCK``) waits its block time plus the usual margin before the connection is given up."""
        command = _encode(args)
        proto = await self._connection()
        waiter = self._send(proto, command)
        wait_s = self.timeout_s if timeout_s is None else timeout_s
        timer = asyncio.get_running_loop().call_later(wait_s, self._timed_out, proto, waiter, wait_s)
        try:
            reply = await waiter
        finally:
            timer.cancel()
        if isinstance(reply, ReplyError):
            raise reply
        return reply

    async def call_many(self, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
        """Send ``commands`` in one write (a pipeline, not a transaction); their replies in order,
        an error reply as a :class:`ReplyError` in its place (redis-py's
        ``execute(raise_on_error=False)``). A lost connection or a timeout raises, as ``call``."""
        data = b"".join(_encode(args) for args in commands)
        proto = await self._connection()
        loop = asyncio.get_running_loop()
        waiters: list[asyncio.Future[Any]] = [loop.create_future() for _ in commands]
        assert proto.transport is not None
        proto.waiting.extend(waiters)
        proto.queue(data)
        timer = loop.call_later(self.timeout_s, self._timed_out, proto, waiters[-1], self.timeout_s)
        try:
            return [await waiter for waiter in waiters]
        except BaseException:
            for waiter in waiters:  # their replies are nobody's now; a failure is seen once
                if not waiter.done():
                    waiter.cancel()
                elif not waiter.cancelled():
                    waiter.exception()
            raise
        finally:
            timer.cancel()

    def _timed_out(self, proto: _Protocol, waiter: asyncio.Future[Any], wait_s: float) -> None:
        if not waiter.done():  # an unanswered command: the connection is not trusted any more
            proto.fail(RedisTimeoutError(f"Redis did not answer within {wait_s} s"))

    async def evalsha(self, script: Script, keys: list[str], args: list[Any]) -> Any:
        """Run ``script`` by its hash; sent whole once when the server does not know it (NOSCRIPT)."""
        try:
            return await self.call("EVALSHA", script.sha, len(keys), *keys, *args)
        except ReplyError as exc:
            if not str(exc).startswith("NOSCRIPT"):
                raise
        return await self.call("EVAL", script.source, len(keys), *keys, *args)

    def _drop(self) -> None:
        proto, self._proto = self._proto, None
        if proto is not None and proto.lost is None:
            with contextlib.suppress(RuntimeError):  # its event loop is closed: nothing to release
                proto.fail(RedisConnectionError("Redis client closed"))

    async def aclose(self) -> None:
        self._drop()


class Script:
    """A Lua script sent by hash (``EVALSHA``), like redis-py's ``register_script``."""

    __slots__ = ("sha", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()  # noqa: S324 - Redis names scripts so


_CLIENTS: Final[weakref.WeakKeyDictionary[Any, LeanRedis | None]] = weakref.WeakKeyDictionary()


def lean_redis(client: Any) -> LeanRedis | None:
    """The :class:`LeanRedis` of a redis-py asyncio client (same server, database, credentials and
    timeout), made once per client; None when its connections are not plain TCP (TLS, a unix
    socket), which redis-py keeps serving."""
    if client in _CLIENTS:
        return _CLIENTS[client]
    lean = dedicated_lean_redis(client)
    _CLIENTS[client] = lean
    return lean


def dedicated_lean_redis(client: Any) -> LeanRedis | None:
    """A new :class:`LeanRedis` of a redis-py client's server (as :func:`lean_redis`), whose one
    connection is its caller's alone: for a command that blocks (``XREADGROUP ... BLOCK``), which
    on the shared client would hold up every command sent after it. The caller closes it."""
    pool = getattr(client, "connection_pool", None)
    kwargs = getattr(pool, "connection_kwargs", None)
    connection_class = getattr(pool, "connection_class", None)
    plain_tcp = getattr(connection_class, "__name__", "") == "Connection" and "path" not in (kwargs or {})
    if kwargs is None or not plain_tcp:
        return None
    return LeanRedis(
        str(kwargs.get("host", "localhost")),
        int(kwargs.get("port", 6379)),
        db=int(kwargs.get("db", 0) or 0),
        username=kwargs.get("username"),
        password=kwargs.get("password"),
        timeout_s=float(kwargs.get("socket_timeout") or 5.0),
        connect_timeout_s=float(kwargs.get("socket_connect_timeout") or 5.0),
    )


async def close_lean_redis(client: Any) -> None:
    """Close the :class:`LeanRedis` made for ``client`` (the runtime's shutdown)."""
    lean = _CLIENTS.pop(client, None)
    if lean is not None:
        await lean.aclose()


async def command(client: Any, *args: Any) -> Any:
    """One command on a redis-py client's server: through its :class:`LeanRedis`, or through
    redis-py itself when it has none (TLS, a unix socket)."""
    lean = lean_redis(client)
    return await (lean.call(*args) if lean is not None else client.execute_command(*args))


async def pipeline(client: Any, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Several commands in one round trip on a redis-py client's server: their replies in order, an
    error reply as an exception in its place (``ReplyError``; redis-py's own ``ResponseError`` when
    the client has no lean one)."""
    lean = lean_redis(client)
    if lean is not None:
        return await lean.call_many(commands)
    pipe = client.pipeline(transaction=False)
    for args in commands:
        pipe.execute_command(*args)
    return list(await pipe.execute(raise_on_error=False))


async def run_script(client: Any, script: Script, keys: list[str], args: list[Any]) -> Any:
    """``script`` by its hash on a redis-py client's server (the source once, on NOSCRIPT), like
    :func:`command` through its lean client when it has one."""
    lean = lean_redis(client)
    if lean is not None:
        return await lean.evalsha(script, keys, args)
    try:
        return await client.evalsha(script.sha, len(keys), *keys, *args)
    except NoScriptError:
        return await client.eval(script.source, len(keys), *keys, *args)
