"""A throwaway PostgreSQL cluster from the machine's own binaries, on a unix socket.

initdb refuses to run as root, so as root the cluster runs as the `postgres` system user.
If the cluster cannot start, this raises: the suite fails loudly rather than skipping.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin"):
        found = sorted(glob.glob(pattern))
        if found and Path(found[-1], "initdb").exists():
            return Path(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable("initdb not found: install PostgreSQL (Debian: apt-get install postgresql)")


@dataclass
class Cluster:
    root: Path
    bin_dir: Path
    as_user: list[str]
    port: int = 5432

    @property
    def socket_dir(self) -> Path:
        return self.root

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, str(self.bin_dir / tool), *args], capture_output=True, text=True, check=False
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


SMALL_MACHINE_FILE = Path(__file__).resolve().parents[2] / "deploy" / "postgresql-small.conf"
PLANNER_SETTINGS = ("max_parallel_workers_per_gather", "jit")


def small_machine_settings(*, planner_only: bool = True) -> dict[str, str]:
    """The settings of deploy/postgresql-small.conf (the README's, for benchmarks to run with): the planner's
    alone, or all of them (memory too) for a cluster started with them."""
    found = {}
    for line in SMALL_MACHINE_FILE.read_text().splitlines():
        name, _, value = line.split("#", 1)[0].partition("=")
        if name.strip() and (name.strip() in PLANNER_SETTINGS or not planner_only):
            found[name.strip()] = value.strip()
    return found


def start_cluster(settings: dict[str, str] | None = None) -> Cluster:
    """A fresh cluster; `settings` are passed to the server (`-c name=value`), e.g. small_machine_settings()."""
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="casework-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(root=root, bin_dir=bin_dir, as_user=as_user)
    init = cluster.run("initdb", "-D", str(root / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
    if init.returncode:
        raise PostgresUnavailable(f"initdb failed:\n{init.stdout}\n{init.stderr}")
    # No TCP, and no durability: the cluster lives as long as the test run.
    options = (
        f"-k {root} -c listen_addresses='' -p {cluster.port}"
        " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        + "".join(f" -c {name}={value}" for name, value in (settings or {}).items())
    )
    started = cluster.run(
        "pg_ctl", "-D", str(root / "data"), "-o", options, "-l", str(root / "server.log"), "-w", "start"
    )
    if started.returncode:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        raise PostgresUnavailable(f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}\n{log}")
    return cluster


def create_database(cluster: Cluster, name: str) -> str:
    made = cluster.run("createdb", "-h", str(cluster.socket_dir), "-p", str(cluster.port), "-U", "postgres", name)
    if made.returncode:
        raise PostgresUnavailable(f"createdb {name} failed: {made.stderr}")
    return cluster.url(name)
