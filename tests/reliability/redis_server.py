"""A private, throw-away redis-server for the failure drills.

The drills stop and restart their broker; they must never touch the shared Redis of
REDIS_URL (other tests use it), so each drill starts its own server on a free port,
with persistence off, and kills it with SIGKILL as a crash would.
"""

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis

READY_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """`redis-server --port <free port> --save "" --appendonly no`, started and killed on demand."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not on PATH: the broker drills start their own (apt-get install redis).")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=2)

    def start(self) -> None:
        """Start (or restart, on the same port) and wait until it answers PING."""
        assert not self.running, "the drill's redis-server is already running"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.log = (self.directory / "redis.log").open("ab")
        # No snapshot, no append-only file: a restart comes back empty, as after a lost disk.
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), *options],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited with {self.process.returncode}: {self.log_text()}")
            try:
                if self.client().ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.port} within {READY_SECONDS} s: {self.log_text()}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would: no clean shutdown, nothing saved."""
        if self.process is not None and self.running:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        if self.process is not None:
            self.log.close()

    def log_text(self) -> str:
        self.log.flush()
        return (self.directory / "redis.log").read_text(errors="replace")[-2000:]
