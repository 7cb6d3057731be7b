"""The media figures (M1, M2, M3): the real media app and worker on their own migrated database.

The runner (``benchmarks.run``) starts the media app behind its own gateway and measures M1
(``POST /api/v1/media/presign``) in its HTTP rounds beside P2's GET, like I1. This module holds
what is specific to media:

* ``migrate`` / ``server_env``: ``pf_common.migrations.upgrade(services/media, url)`` on a
  database of its own (``pf_media``); the local blob store under the run's scratch directory,
  an HMAC signing key made for the run, URLs on the gateway; the processing settings written
  out (the ``ProcessingOptions`` defaults) so that nothing in the caller's environment changes
  what M3 compares;
* M2 (``upload_rounds``): a 2 MiB body PUT to fresh signed URLs (signed in the runner with
  ``LocalBlobStore.signed_upload``, the store's own code and key) through the gateway into the
  media process, one at a time, against writing the same bytes into files of the same
  directory tree (without and with ``fsync``); both in a child process of their own
  (``python -m benchmarks.mediabench m2 SPEC``, the load generator's stdout protocol);
* M3 (``ready_rounds``): the real worker (``python -m pf_media.worker``: outbox relay, bucket
  and processing consumers, scheduler) running; a ~2 MB JPEG presigned and PUT through the
  gateway, then its row polled in Postgres until ``ready``; one upload in flight. Against
  ``pf_media.clients.processing.process`` of the same bytes, in-process in the runner.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import http.client
import io
import json
import math
import os
import random
import resource
import secrets
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.identitybench import request
from benchmarks.procs import ROOT, BenchError, Child, Children, CpuGroup, CpuMeter, python_module
from benchmarks.stats import latency_summary, percentile, spread

SERVICE_DIR = ROOT / "services" / "media"
FACTORY = "pf_media.app:create_app"
WORKER = "pf_media.worker"
DATABASE = "pf_media"
PRESIGN_PATH = "/api/v1/media/presign"
IDEMPOTENCY_HEADER = "Idempotency-Key"

UPLOAD_BYTES = 2 * 1024 * 1024  # M2's body (random bytes)
UPLOAD_TYPE = "application/octet-stream"
UPLOAD_PREFIX = "bench-m2"  # M2's object keys: bench-m2/r<round>a<attempt>/<i>.bin (no media row)
WRITE_PREFIX = "bench-write"  # M2's baseline files: <blobs>/<bucket>/bench-write/r<round>a<attempt>-<mode>/
UPLOAD_WARMUP = 3
M3_WARMUP = 2  # uploads to ready before the first round (imports, connections, the first XREADGROUP)

JPEG_SIZE = (2400, 1600)
JPEG_QUALITY = 92
JPEG_NOISE = 0.24  # share of uniform noise blended over the gradients: about 2.0 MB at quality 92
JPEG_SEED = 2026
POLL_S = 0.002  # M3: the runner's poll of the media row
READY_TIMEOUT_S = 60.0


def presign_body(size_bytes: int, file_name: str = "bench.jpg") -> dict[str, Any]:
    """A product JPEG declared by ``size_bytes``: the presign M1 measures (the row and the signed
    URL only: M1 uploads nothing)."""
    return {
        "media_kind": "product",
        "mime_type": "image/jpeg",
        "file_name": file_name,
        "size_bytes": size_bytes,
    }


M1_BODY = json.dumps(presign_body(2_000_000))


def migrate(database_url: str) -> None:
    from pf_common.migrations import upgrade

    upgrade(SERVICE_DIR, database_url)


def bucket() -> str:
    from pf_media.settings import Settings

    return str(Settings.model_fields["bucket"].default)


def processing_env() -> dict[str, str]:
    """The ``ProcessingOptions`` defaults as the worker's ``PF_MEDIA_*`` (what M3's baseline uses)."""
    from pf_media.clients.processing import ProcessingOptions

    o = ProcessingOptions()
    return {
        "PF_MEDIA_IMAGE_MAX_WIDTH": str(o.image_max_width),
        "PF_MEDIA_IMAGE_MAX_HEIGHT": str(o.image_max_height),
        "PF_MEDIA_IMAGE_QUALITY": str(o.image_quality),
        "PF_MEDIA_THUMBNAIL_SIZE": str(o.thumbnail_size),
        "PF_MEDIA_MAX_IMAGE_PIXELS": str(o.max_image_pixels),
        "PF_MEDIA_VIDEO_PROCESSING": "true" if o.video_processing else "false",
    }


def server_env(
    base: dict[str, str], database_url: str, blobs_dir: Path, public_base_url: str
) -> dict[str, str]:
    from pf_media.settings import Settings

    return {
        **base,
        "PF_DATABASE_URL": database_url,
        "PF_MEDIA_BLOB_BACKEND": "local",
        "PF_MEDIA_BUCKET": bucket(),
        "PF_MEDIA_BLOBS_DIR": str(blobs_dir),
        "PF_MEDIA_BLOB_SIGNING_KEY": secrets.token_hex(32),  # 64 bytes, made for this run
        "PF_MEDIA_PUBLIC_BASE_URL": public_base_url,
        "PF_MEDIA_OCR_ENGINE": str(Settings.model_fields["ocr_engine"].default),
        **processing_env(),
    }


def settings_record(env: dict[str, str]) -> dict[str, str]:
    out = {k: v for k, v in env.items() if k.startswith("PF_MEDIA_") or k == "PF_LOG_FORMAT"}
    out["PF_MEDIA_BLOB_SIGNING_KEY"] = "<64 hex characters, generated for the run>"
    return out


@dataclass
class MediaSetup:
    server: Child
    gateway: Child
    port: int
    gw_port: int
    env: dict[str, str]
    database_url: str
    blobs_dir: Path
    tmp: Path

    @property
    def dsn(self) -> str:
        return self.database_url.replace("postgresql+psycopg://", "postgresql://")

    def blob_store(self) -> Any:
        """The local store the app builds, for signing only (its notifier is never called)."""
        from pf_media.clients.blobs.local import LocalBlobStore

        async def unused(_note: Any) -> None:
            raise AssertionError("the runner's store never writes")

        return LocalBlobStore(
            self.blobs_dir,
            bucket=self.env["PF_MEDIA_BUCKET"],
            signing_key=self.env["PF_MEDIA_BLOB_SIGNING_KEY"].encode(),
            public_base_url=self.env["PF_MEDIA_PUBLIC_BASE_URL"],
            notifier=unused,
        )


def presign(port: int, token: str, size_bytes: int, file_name: str = "bench.jpg") -> dict[str, Any]:
    """``POST /api/v1/media/presign`` with a fresh Idempotency-Key; the response's ``data``."""
    headers = {"Authorization": f"Bearer {token}", IDEMPOTENCY_HEADER: str(uuid.uuid4())}
    status, hdrs, raw = request(
        port, "POST", PRESIGN_PATH, body=presign_body(size_bytes, file_name), headers=headers
    )
    if status != 200:
        raise BenchError(f"presign answered {status}: {raw[:300]!r}")
    if hdrs.get("x-pf-service") != "media":
        raise BenchError(f"{PRESIGN_PATH} was not answered by media: {hdrs}")
    return dict(json.loads(raw)["data"])


def check_presign(gw_port: int, token: str) -> None:
    """The route answers through the gateway with a token, and refuses without one or without a key."""
    data = presign(gw_port, token, 2_000_000)
    if not data.get("signed_put_url") or not data.get("media_id"):
        raise BenchError(f"presign answered {data}")
    status, _, raw = request(gw_port, "POST", PRESIGN_PATH, body=presign_body(2_000_000))
    if status != 401:
        raise BenchError(f"presign answered {status} without a token: authentication is not enforced")
    status, _, raw = request(
        gw_port,
        "POST",
        PRESIGN_PATH,
        body=presign_body(2_000_000),
        headers={"Authorization": f"Bearer {token}"},
    )
    if status != 400:
        raise BenchError(f"presign answered {status} without an Idempotency-Key: {raw[:200]!r}")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def make_jpeg() -> bytes:
    """M3's upload: 2400x1600, three gradients with uniform noise blended in, JPEG quality 92 (~2 MB).

    Deterministic (seeded), Pillow only."""
    from PIL import Image

    w, h = JPEG_SIZE
    g = Image.linear_gradient("L")
    grad = Image.merge("RGB", (g.rotate(90).resize((w, h)), g.resize((w, h)), g.rotate(45).resize((w, h))))
    noise = Image.frombytes("RGB", (w, h), random.Random(JPEG_SEED).randbytes(w * h * 3))
    buf = io.BytesIO()
    Image.blend(grad, noise, JPEG_NOISE).save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()


def _cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _mark(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _remove_bench_objects(blobs_dir: Path, bucket_name: str) -> None:
    """M2's objects, their sidecars and the baseline's files (written behind the store's back:
    bench data, no media rows)."""
    for d in (
        blobs_dir / bucket_name / UPLOAD_PREFIX,
        blobs_dir / ".meta" / bucket_name / UPLOAD_PREFIX,
        blobs_dir / bucket_name / WRITE_PREFIX,
    ):
        shutil.rmtree(d, ignore_errors=True)


# =========================================================================== M2


def m2_child(spec: dict[str, Any]) -> dict[str, Any]:
    """One M2 window: ``upload`` (PUTs through the gateway, one at a time, one keep-alive
    connection) or ``write`` / ``write_fsync`` (the same bytes into new files, one at a time)."""
    body = Path(spec["body_file"]).read_bytes()
    mode = spec["mode"]
    status: collections.Counter[int] = collections.Counter()
    lat: list[float] = []
    if mode == "upload":
        conn = http.client.HTTPConnection("127.0.0.1", spec["port"], timeout=60)
        headers = {"Content-Type": spec["content_type"]}

        def one(target: str) -> int:
            conn.request("PUT", target, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            return resp.status

        warm, items = spec["warmup_paths"], spec["paths"]
    else:
        directory = Path(spec["dir"])
        directory.mkdir(parents=True, exist_ok=True)
        sync = mode == "write_fsync"

        def one(target: str) -> int:
            with open(directory / target, "wb") as fh:
                fh.write(body)
                if sync:
                    fh.flush()
                    os.fsync(fh.fileno())
            return 200

        warm = [f"warm-{i}.bin" for i in range(UPLOAD_WARMUP)]
        items = [f"{i}.bin" for i in range(spec["count"])]
    for target in warm:
        one(target)
    _mark("MEASURE_START")
    cpu0, t0 = _cpu_s(), time.perf_counter()
    for target in items:
        s = time.perf_counter()
        status[one(target)] += 1
        lat.append(time.perf_counter() - s)
    t1, cpu1 = time.perf_counter(), _cpu_s()
    _mark("MEASURE_END")
    if mode == "write":  # flushed outside the window: no dirty data left to disturb the next ones
        for target in items:
            with open(directory / target, "rb+") as fh:
                os.fsync(fh.fileno())
    window = t1 - t0
    ok = status.get(200, 0)
    return {
        "tool": "benchmarks.mediabench m2",
        "mode": mode,
        "count": len(items),
        "body_bytes": len(body),
        "window_s": round(window, 3),
        "mb_per_s": round(ok * len(body) / window / 1e6, 2) if window else None,
        "requests": len(items),
        "errors": len(items) - ok,
        "status": {str(k): v for k, v in sorted(status.items())},
        "latency": latency_summary(lat),
        "client_cpu_s": round(cpu1 - cpu0, 3),
        "client_cores": round((cpu1 - cpu0) / window, 3) if window else None,
    }


RunMarked = Callable[[Children, str, list[str], list[CpuGroup], dict[str, Any], str], dict[str, Any]]


def upload_rounds(
    children: Children,
    setup: MediaSetup,
    cfg: dict[str, Any],
    run_marked: RunMarked,
    server_cpu: list[CpuGroup],
    say: Callable[[str], None],
    warnings: list[str],
) -> list[dict[str, Any]]:
    """M2: per round, the baselines (write, write + fsync) then the uploads (B, B', T)."""
    body_file = setup.tmp / "m2-body.bin"
    body_file.write_bytes(random.Random(JPEG_SEED).randbytes(UPLOAD_BYTES))
    runs: list[dict[str, Any]] = []
    try:
        for r in range(cfg["rounds"]):
            entry = {
                mode: _m2_window(
                    children, setup, cfg, run_marked, server_cpu, say, warnings, body_file, mode, r
                )
                for mode in ("write", "write_fsync", "upload")
            }
            runs.append(entry)
            w, f, u = entry["write"], entry["write_fsync"], entry["upload"]
            say(
                f"M2 round {r + 1}/{cfg['rounds']}  write {w['mb_per_s']:,.0f} MB/s, write+fsync "
                f"{f['mb_per_s']:,.0f} MB/s, PUT through the gateway {u['mb_per_s']:,.0f} MB/s "
                f"(p50 {u['latency']['p50_ms']:.1f} ms per 2 MiB upload)"
            )
    finally:
        # Removed only now, never between windows: on ext4 a 2 MiB write into a new file right
        # after files were deleted is several times cheaper (0.5 against 5-7 ms on the machine of
        # the results), so whichever window followed a delete would be favoured.
        _remove_bench_objects(setup.blobs_dir, setup.env["PF_MEDIA_BUCKET"])
    return runs


async def _sign_uploads(setup: MediaSetup, keys: list[str]) -> list[str]:
    """Signed PUT URLs (path and query) from the store's own ``signed_upload``, the app's key."""
    store = setup.blob_store()
    out = []
    for key in keys:
        up = await store.signed_upload(key, content_type=UPLOAD_TYPE, size_bytes=UPLOAD_BYTES, expires_s=3600)
        out.append(path_of(up.url))
    return out


def _m2_window(
    children: Children,
    setup: MediaSetup,
    cfg: dict[str, Any],
    run_marked: RunMarked,
    server_cpu: list[CpuGroup],
    say: Callable[[str], None],
    warnings: list[str],
    body_file: Path,
    mode: str,
    r: int,
) -> dict[str, Any]:
    """One M2 window (measured again, at most ``retries`` times, when other processes were busy)."""
    n = cfg["upload_count"]
    limit_cfg = {"warmup": 5, "duration": 2 + n * 0.5}  # the watchdog only
    discarded = []
    for attempt in range(cfg["retries"] + 1):
        tag = f"r{r}a{attempt}"
        if mode == "upload":
            keys = [f"{UPLOAD_PREFIX}/{tag}/warm-{i}.bin" for i in range(UPLOAD_WARMUP)]
            keys += [f"{UPLOAD_PREFIX}/{tag}/{i}.bin" for i in range(n)]
            paths = asyncio.run(_sign_uploads(setup, keys))
            spec: dict[str, Any] = {
                "mode": mode,
                "port": setup.gw_port,
                "content_type": UPLOAD_TYPE,
                "warmup_paths": paths[:UPLOAD_WARMUP],
                "paths": paths[UPLOAD_WARMUP:],
            }
            groups = [CpuGroup("uploader", 0), *server_cpu]
        else:
            spec = {
                "mode": mode,
                "dir": str(setup.blobs_dir / setup.env["PF_MEDIA_BUCKET"] / WRITE_PREFIX / f"{tag}-{mode}"),
                "count": n,
            }
            groups = [CpuGroup("writer", 0)]
        spec["body_file"] = str(body_file)
        spec_file = setup.tmp / f"m2-{tag}-{mode}.json"
        spec_file.write_text(json.dumps(spec))
        args = python_module("benchmarks.mediabench", "m2", str(spec_file))
        res = run_marked(children, f"m2-{mode}", args, groups, limit_cfg, f"M2 {mode}")
        other = res["server_cpu"].get("unaccounted_cores") or 0.0
        if other <= cfg["max_other_cores"] or attempt == cfg["retries"]:
            if other > cfg["max_other_cores"]:
                warnings.append(f"M2 {mode}: other processes took {other:.2f} cores")
            break
        discarded.append({"mb_per_s": res["mb_per_s"], "other_processes_cores": other})
        say(f"  M2 {mode} disturbed by other processes ({other:.2f} cores): again")
        time.sleep(1.0)
    res["discarded_attempts"] = discarded
    if res["errors"]:
        msg = f"M2 {mode}: {res['errors']} errors of {res['requests']}, status {res['status']}"
        warnings.append(msg)
        say(f"WARNING {msg}")
    return res


# =========================================================================== M3


def _wait_worker(worker: Child, setup: MediaSetup, timeout_s: float = 60.0) -> None:
    """Until the worker's consumer groups exist and its relay listens for wake-ups."""
    import redis as redis_sync

    from pf_common.relay import wake_channel
    from pf_media.consumers import CONSUMERS

    specs = [c.subscription("media") for c in CONSUMERS]
    wanted = {(s.topic, s.name) for s in specs if s.name in ("media.bucket_events", "media.process_media")}
    if len(wanted) != 2:
        raise BenchError(f"media's consumers are not the expected ones: {[s.name for s in specs]}")
    client = redis_sync.Redis.from_url(setup.env["PF_REDIS_URL"])
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if not worker.alive():
                raise BenchError(f"{worker.name} exited:\n{worker.log_tail()}")
            found = set()
            for topic, name in wanted:
                with contextlib.suppress(Exception):
                    groups = client.xinfo_groups(topic)
                    names = {
                        g["name"].decode() if isinstance(g["name"], bytes) else g["name"] for g in groups
                    }
                    if name in names:
                        found.add((topic, name))
            subs = dict(client.pubsub_numsub(wake_channel("media")))
            if found == wanted and any(v >= 1 for v in subs.values()):
                return
            if time.monotonic() > deadline:
                raise BenchError(
                    f"the media worker is not ready (groups {found} of {wanted}):\n{worker.log_tail()}"
                )
            time.sleep(0.2)
    finally:
        client.close()


_ROW = (
    "SELECT status, extract(epoch FROM uploaded_at), extract(epoch FROM processing_started_at), "
    "extract(epoch FROM ready_at), failure_reason FROM media.media WHERE id = %s"
)


@dataclass
class _Uploader:
    setup: MediaSetup
    token: str
    jpeg: bytes
    db: Any
    conn: http.client.HTTPConnection

    def one(self) -> dict[str, Any]:
        """Presign + PUT through the gateway; then poll the row until ``ready``."""
        data = presign(self.setup.gw_port, self.token, len(self.jpeg), "bench-m3.jpg")
        media_id = data["media_id"]
        self.conn.request(
            "PUT", path_of(data["signed_put_url"]), body=self.jpeg, headers={"Content-Type": "image/jpeg"}
        )
        resp = self.conn.getresponse()
        raw = resp.read()
        t_wall, t0 = time.time(), time.perf_counter()  # the object is finalized: the clock starts
        if resp.status != 200:
            raise BenchError(f"the PUT of {media_id} answered {resp.status}: {raw[:300]!r}")
        polls = 0
        while True:
            row = self.db.execute(_ROW, (media_id,)).fetchone()
            polls += 1
            if row is None:
                raise BenchError(f"media row {media_id} is missing")
            if row[0] == "ready":
                seen = time.perf_counter()
                break
            if row[0] not in ("pending", "uploaded", "processing"):
                raise BenchError(f"media {media_id} went {row[0]}: {row[4]}")
            if time.perf_counter() - t0 > READY_TIMEOUT_S:
                raise BenchError(f"media {media_id} still {row[0]} after {READY_TIMEOUT_S:.0f}s")
            time.sleep(POLL_S)
        uploaded, started, ready = (float(x) for x in row[1:4])
        return {
            "media_id": media_id,
            "ready_s": seen - t0,  # the figure: PUT response -> status ready seen by the poll
            "ready_row_s": ready - t_wall,  # the worker's ready_at (before its commit), no poll delay
            "put_to_uploaded_s": uploaded - t_wall,  # bucket consumer: finalize notification -> uploaded
            "uploaded_to_processing_s": started - uploaded,  # commit, relay, media_uploaded consumer
            "processing_s": ready - started,  # blob read + process() + derivative writes
            "ready_to_seen_s": (seen - t0) - (ready - t_wall),  # the commit and the poll's delay
            "polls": polls,
        }


def _process_once(jpeg: bytes) -> tuple[float, float, str]:
    """M3's baseline: the worker's processing call on the same bytes (wall and CPU seconds)."""
    from pf_media.clients.processing import NoOcr, ProcessingOptions, process

    c0, t0 = time.process_time(), time.perf_counter()
    out = process(jpeg, kind="product", mime_type="image/jpeg", ocr=NoOcr(), options=ProcessingOptions())
    return time.perf_counter() - t0, time.process_time() - c0, out.status


def _ms(values: list[float]) -> dict[str, Any]:
    return latency_summary(values)


def ready_rounds(
    children: Children,
    setup: MediaSetup,
    cfg: dict[str, Any],
    token: Callable[[], str],
    cpu_groups: list[CpuGroup],
    say: Callable[[str], None],
) -> dict[str, Any]:
    """M3: the worker started; per round the in-process processing (B) then the uploads (T)."""
    import psycopg

    per_round = max(1, math.ceil(cfg["ready_uploads"] / cfg["rounds"]))
    jpeg = make_jpeg()
    worker = children.spawn("media-worker", python_module(WORKER, "run"), env=setup.env)
    try:
        _wait_worker(worker, setup)
        groups = [
            CpuGroup("runner", os.getpid()),
            CpuGroup("worker", worker.pid),
            *cpu_groups,
        ]
        with (
            psycopg.connect(setup.dsn, autocommit=True) as db,
            contextlib.closing(http.client.HTTPConnection("127.0.0.1", setup.gw_port, timeout=60)) as conn,
        ):
            up = _Uploader(setup, token(), jpeg, db, conn)
            _, _, status = _process_once(jpeg)  # imports, first decode
            if status != "ready":
                raise BenchError(f"process() of the bench JPEG gave {status}")
            warm = [up.one() for _ in range(M3_WARMUP)]
            say(
                f"M3 media worker up; {len(jpeg):,}-byte JPEG, warm-up uploads ready in "
                + ", ".join(f"{w['ready_s'] * 1000:.0f}" for w in warm)
                + " ms"
            )
            runs = []
            for r in range(cfg["rounds"]):
                up.token = token()  # a fresh token each round (they last 15 minutes)
                base = [_process_once(jpeg) for _ in range(per_round)]
                meter = CpuMeter(groups)
                meter.start()
                samples = [up.one() for _ in range(per_round)]
                cpu = meter.stop()
                n = len(samples)
                cpu_ms = {
                    k: round(v["cpu_s"] / n * 1000, 1) for k, v in cpu.items() if isinstance(v, dict) and n
                }
                res: dict[str, Any] = {
                    "processing": _ms([b[0] for b in base]),
                    "processing_cpu": _ms([b[1] for b in base]),
                    "ready": _ms([s["ready_s"] for s in samples]),
                    "ready_row": _ms([s["ready_row_s"] for s in samples]),
                    "stages": {
                        k: _ms([s[k] for s in samples])
                        for k in (
                            "put_to_uploaded_s",
                            "uploaded_to_processing_s",
                            "processing_s",
                            "ready_to_seen_s",
                        )
                    },
                    "cpu": cpu,
                    "cpu_ms_per_upload": cpu_ms,
                    "samples": [
                        {k: (round(v, 5) if isinstance(v, float) else v) for k, v in s.items()}
                        for s in samples
                    ],
                    "processing_samples_s": [round(b[0], 5) for b in base],
                }
                runs.append(res)
                say(
                    f"M3 round {r + 1}/{cfg['rounds']}  process() p50 {res['processing']['p50_ms']:.0f} ms   "
                    f"PUT -> ready p50 {res['ready']['p50_ms']:.0f} ms p99 {res['ready']['p99_ms']:.0f} ms "
                    f"({n} uploads, one in flight)"
                )
    finally:
        children.stop(worker)
    return {
        "jpeg": {
            "bytes": len(jpeg),
            "width": JPEG_SIZE[0],
            "height": JPEG_SIZE[1],
            "quality": JPEG_QUALITY,
            "content": f"three gradients with {JPEG_NOISE:.0%} uniform noise blended in (seed {JPEG_SEED})",
        },
        "uploads_per_round": per_round,
        "poll_interval_ms": POLL_S * 1000,
        "warmup": warm,
        "worker": [*python_module(WORKER, "run")[1:]],
        "runs": runs,
    }


# =========================================================================== figures


def figures(upload_runs: list[dict[str, Any]], ready: dict[str, Any] | None) -> dict[str, Any]:
    figs: dict[str, Any] = {}
    if upload_runs:
        w = [r["write"]["mb_per_s"] for r in upload_runs]
        f = [r["write_fsync"]["mb_per_s"] for r in upload_runs]
        u = [r["upload"]["mb_per_s"] for r in upload_runs]

        def cores(name: str) -> dict[str, Any]:
            return spread([(r["upload"]["server_cpu"].get(name) or {}).get("cores") for r in upload_runs])

        def ms_per_upload(name: str) -> dict[str, Any]:
            return spread(
                [
                    (r["upload"]["server_cpu"].get(name) or {}).get("cpu_s", 0) / r["upload"]["count"] * 1000
                    for r in upload_runs
                ]
            )

        figs["M2"] = {
            "what": f"local-adapter upload: PUT of a {UPLOAD_BYTES // 2**20} MiB body to a fresh signed URL "
            "through the gateway into the media process, one at a time, in MB/s (10^6 bytes); baseline: "
            "writing the same bytes into a new file of the same directory tree, one at a time, no fsync "
            "(and, as a second reference, with fsync: the store fsyncs the object and its sidecar)",
            "baseline": {
                "name": "write",
                "mb_per_s": spread(w),
                "write_fsync_mb_per_s": spread(f),
                "write_p50_ms": spread([r["write"]["latency"]["p50_ms"] for r in upload_runs]),
                "write_fsync_p50_ms": spread([r["write_fsync"]["latency"]["p50_ms"] for r in upload_runs]),
            },
            "target": {
                "name": "PUT",
                "mb_per_s": spread(u),
                "p50_ms": spread([r["upload"]["latency"]["p50_ms"] for r in upload_runs]),
                "p99_ms": spread([r["upload"]["latency"]["p99_ms"] for r in upload_runs]),
                "uploads_per_round": upload_runs[0]["upload"]["count"],
                **{f"{n}_cores": cores(n) for n in ("uploader", "caddy", "server", "redis")},
                **{
                    f"{n}_cpu_ms_per_upload": ms_per_upload(n)
                    for n in ("uploader", "caddy", "server", "redis")
                },
                "other_processes_cores": spread(
                    [r["upload"]["server_cpu"].get("unaccounted_cores") for r in upload_runs]
                ),
            },
            "ratio": spread([t / b if b and t is not None else None for b, t in zip(w, u, strict=True)]),
            "ratio_vs_write_fsync": spread(
                [t / b if b and t is not None else None for b, t in zip(f, u, strict=True)]
            ),
            "goal": None,
            "met": None,
            "note": "no target",
        }
    if ready and ready.get("runs"):
        runs = ready["runs"]
        p50b = [r["processing"]["p50_ms"] for r in runs]
        p50t = [r["ready"]["p50_ms"] for r in runs]
        p99b = [r["processing"]["p99_ms"] for r in runs]
        p99t = [r["ready"]["p99_ms"] for r in runs]
        all_t = sorted(s["ready_s"] for r in runs for s in r["samples"])
        all_b = sorted(x for r in runs for x in r["processing_samples_s"])

        def stage(name: str) -> dict[str, Any]:
            return latency_summary([s[name] for r in runs for s in r["samples"]])

        cpu_names = sorted({k for r in runs for k in r["cpu_ms_per_upload"]})
        figs["M3"] = {
            "what": f"finalize -> ready latency of a {ready['jpeg']['bytes']:,}-byte "
            f"{ready['jpeg']['width']}x{ready['jpeg']['height']} JPEG (product): from the PUT's response "
            "(object written, bucket notification published) until the media row reads 'ready' "
            f"(polled every {ready['poll_interval_ms']:.0f} ms), one upload in flight, the real worker "
            "(relay + bucket consumer + processing consumer); baseline: process() of the same bytes "
            "in-process (NoOcr, ProcessingOptions()); ratio = p50 ready / p50 process",
            "baseline": {
                "name": "process",
                "p50_ms": spread(p50b),
                "p99_ms": spread(p99b),
                "pooled": latency_summary(all_b),
                "cpu_ms_p50": spread([r["processing_cpu"]["p50_ms"] for r in runs]),
            },
            "target": {
                "name": "ready",
                "p50_ms": spread(p50t),
                "p99_ms": spread(p99t),
                "pooled": latency_summary(all_t),
                "row_ready_at_p50_ms": spread([r["ready_row"]["p50_ms"] for r in runs]),
                "stages_pooled": {
                    k: stage(k)
                    for k in (
                        "put_to_uploaded_s",
                        "uploaded_to_processing_s",
                        "processing_s",
                        "ready_to_seen_s",
                    )
                },
                "cpu_ms_per_upload": {
                    k: spread([r["cpu_ms_per_upload"].get(k) for r in runs]) for k in cpu_names
                },
            },
            "ratio": spread(
                [t / b if b and t is not None else None for b, t in zip(p50b, p50t, strict=True)]
            ),
            "p99_ratio": spread(
                [t / b if b and t is not None else None for b, t in zip(p99b, p99t, strict=True)]
            ),
            "samples": len(all_t),
            "pooled_p99_note": f"p99 of {len(all_t)} samples is the nearest-rank value "
            f"#{max(1, math.ceil(0.99 * len(all_t)))} (the maximum below 100 samples)",
            # both lists are non-empty (the condition below): percentile() returns floats
            "pooled_ratio_p50": round(percentile(all_t, 50) / percentile(all_b, 50), 4)  # type: ignore[operator]
            if all_t and all_b
            else None,
            "goal": None,
            "met": None,
            "note": "no target",
        }
    return figs


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "m2":
        raise SystemExit("usage: python -m benchmarks.mediabench m2 SPEC_FILE")
    _mark("RESULT " + json.dumps(m2_child(json.loads(Path(sys.argv[2]).read_text()))))
