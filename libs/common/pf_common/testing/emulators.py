"""Optional emulators for adapter tests: found on the machine, or skipped visibly.

The Pub/Sub emulator is used when ``PUBSUB_EMULATOR_HOST`` points at one, else
started from the Google Cloud SDK when it is installed (``cloud-pubsub-emulator``
needs Java). Without either the tests that need it are skipped with a reason.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from pf_common.embedded import free_port, port_in_use

SKIP_REASON = "PUBSUB_EMULATOR_HOST not set and no Pub/Sub emulator installed: Pub/Sub contract suite skipped"

_SDK_CANDIDATES = (
    Path("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator"),
    Path("/usr/share/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator"),
)


def find_pubsub_emulator() -> Path | None:
    gcloud = shutil.which("gcloud")
    candidates = list(_SDK_CANDIDATES)
    if gcloud:
        sdk = Path(gcloud).resolve().parent.parent
        candidates.insert(0, sdk / "platform" / "pubsub-emulator" / "bin" / "cloud-pubsub-emulator")
    if shutil.which("java") is None:
        return None
    return next((c for c in candidates if c.exists()), None)


class PubSubEmulator:
    """A ``cloud-pubsub-emulator`` process on 127.0.0.1 (killed with its process group)."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary
        self.port = free_port()
        self.data_dir = Path(tempfile.mkdtemp(prefix="pf-pubsub-"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60.0) -> PubSubEmulator:
        log = open(self.data_dir / "emulator.log", "ab")  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                [str(self.binary), "--host=127.0.0.1", f"--port={self.port}", f"--dir={self.data_dir}"],
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"Pub/Sub emulator exited: {(self.data_dir / 'emulator.log').read_text()[-2000:]}"
                )
            if port_in_use(self.port):
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("Pub/Sub emulator did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(self.data_dir, ignore_errors=True)
