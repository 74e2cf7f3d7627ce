"""Back up the whole database to one file and restore it into an empty database.

SQLite is copied with its online backup API (a consistent copy while the app runs); PostgreSQL with
pg_dump's custom format and pg_restore (the machine's own client, `PG_BIN_DIR` or the PATH). Issued
documents live in the database, so a backup holds every PDF as issued: a restore gives back the same
bytes, the same SHA-256 and verification codes. The keys (PID_ENCRYPTION_KEYS, SECRET_KEY) are not in
the backup: keep them apart, without them the encrypted columns cannot be read.

A backup holds personal data: it is written with mode 600.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, Engine, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why, in Vietnamese."""


def backup(engine: Engine, out: Path, pg_bin_dir: str = "") -> None:
    if out.exists():
        raise BackupError(f"Tệp {out} đã có: chọn tên khác (không ghi đè bản sao lưu cũ).")
    out.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if engine.dialect.name == "sqlite":
            _copy_sqlite(_sqlite_path(engine.url), out)
        else:
            _pg_tool(pg_bin_dir, "pg_dump", engine.url, "--format=custom", "--no-owner", "--file", str(out))
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def restore(engine: Engine, source: Path, pg_bin_dir: str = "") -> None:
    if not source.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {source}.")
    if inspect(engine).get_table_names():
        raise BackupError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào một cơ sở dữ liệu trống.")
    head = source.read_bytes()[:16]
    if engine.dialect.name == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError("Tệp này không phải bản sao lưu SQLite của hệ thống.")
        engine.dispose()
        target = _sqlite_path(engine.url)
        _copy_sqlite(source, target)
        target.chmod(0o600)
    else:
        if not head.startswith(PG_MAGIC):
            raise BackupError("Tệp này không phải bản sao lưu PostgreSQL (pg_dump, định dạng custom) của hệ thống.")
        _pg_tool(pg_bin_dir, "pg_restore", engine.url, "--no-owner", "--no-privileges", "--exit-on-error", str(source))


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return Path(url.database)


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()


def _pg_bin(pg_bin_dir: str, tool: str) -> str:
    """The client named by PG_BIN_DIR, else the newest installed (it must not be older than the server)."""
    candidates = (
        [Path(pg_bin_dir)] if pg_bin_dir else [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"))[::-1]]
    )
    for folder in candidates:
        if (folder / tool).exists():
            return str(folder / tool)
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"Không tìm thấy {tool}: cài gói postgresql-client hoặc đặt CASEWORK_PG_BIN_DIR.")
    return found


def _pg_tool(pg_bin_dir: str, tool: str, url: URL, *args: str) -> None:
    """Run pg_dump / pg_restore; the password goes by the environment, never on the command line."""
    target = make_url(url).set(drivername="postgresql", password=None)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [_pg_bin(pg_bin_dir, tool), "--dbname", target.render_as_string(hide_password=False), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603 (our own arguments)
    if done.returncode:
        raise BackupError(f"{tool} thất bại: {done.stderr.strip()[-800:]}")
