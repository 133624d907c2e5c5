"""Start the real server (``fieldbook serve``, gunicorn) as a subprocess on a free local port.

Used by the browser tests and the fault-injection tests: they need a real process that can be
killed, restarted and reached over HTTP, not the Flask test client.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
FIELDBOOK = Path(sys.executable).with_name("fieldbook")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """One ``fieldbook serve`` process on 127.0.0.1; ``url`` is its base URL."""

    def __init__(self, database_url: str, port: int | None = None, workers: int = 1, env=None):
        self.database_url = database_url
        self.port = port or free_port()
        self.workers = workers
        self.env = {
            **os.environ,
            "FIELDBOOK_DATABASE_URL": database_url,
            "FIELDBOOK_SECRET_KEY": "live-server-test-secret",
            "FIELDBOOK_LOGIN_RATE_LIMIT": "1000 per minute",
            **(env or {}),
        }
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "LiveServer":
        args = [str(FIELDBOOK), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "server exited early: " + self.process.stderr.read().decode(errors="replace")
                )
            try:
                requests.get(self.url + "/api/v1/auth/me", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer on {self.url} within {timeout} s")

    def kill(self) -> None:
        """``kill -9`` the whole process group: no clean shutdown, as in a crash."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
