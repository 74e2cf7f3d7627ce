"""A throwaway Redis server from Debian's `redis-server`, on a free local port with a temporary folder.

Nothing is persisted (no RDB snapshot, no append-only file): the server lives as long as the tests.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class RedisUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def binary() -> str | None:
    return shutil.which("redis-server") or next(
        (path for path in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(path).exists()), None
    )


@dataclass
class RedisServer:
    process: subprocess.Popen[bytes]
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis() -> RedisServer:
    server = binary()
    if server is None:
        raise RedisUnavailable("redis-server not found: install it (Debian: apt-get install redis-server)")
    root = Path(tempfile.mkdtemp(prefix="casework-redis-"))
    port = free_port()
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(root), "--save", "",
               "--appendonly", "no", "--daemonize", "no", "--logfile", str(root / "redis.log")]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = RedisServer(process, root, port)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _answers(port):
            return started
        if process.poll() is not None:
            break
        time.sleep(0.1)
    log = (root / "redis.log").read_text() if (root / "redis.log").exists() else ""
    started.stop()
    raise RedisUnavailable(f"redis-server did not start on port {port}:\n{log}")
