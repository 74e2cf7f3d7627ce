"""Where an issued document's bytes live: in the database (the default) or in a folder of files.

Either way what is stored is the sealed (encrypted) content, never the PDF a household holds:
`Document.content` seals and unseals (casework/crypto.py) and calls this module to keep the sealed
bytes. In the filesystem store a file is named by the SHA-256 of its own (sealed) bytes, in sharded
folders `ab/cd/abcd…` (256 × 256 folders keep each one small at millions of documents); the row keeps
that path, the SHA-256 of the plaintext and the metadata. A file is written once, atomically, and
never changed; reading it checks its bytes against its name.

`CASEWORK_DOCUMENTS_STORAGE` (database | filesystem) chooses where new documents go;
`CASEWORK_DOCUMENTS_DIR` is the folder (default <instance>/documents). Documents already stored stay
where they are until `flask documents move --to …` (casework/documents/moving.py) moves them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path

from flask import current_app

DATABASE, FILESYSTEM = "database", "filesystem"
PLACES = (DATABASE, FILESYSTEM)
_ADDRESS = re.compile(r"^([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})$")


class StorageError(RuntimeError):
    """A stored file missing or not matching its name; the message says which, in Vietnamese."""


def place() -> str:
    return str(current_app.config.get("DOCUMENTS_STORAGE") or DATABASE)


def folder() -> Path:
    configured = current_app.config.get("DOCUMENTS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "documents"


def address(sealed: bytes) -> str:
    digest = hashlib.sha256(sealed).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}"


def _path(root: Path, relative: str) -> Path:
    found = _ADDRESS.match(relative)
    if found is None or not found.group(3).startswith(found.group(1) + found.group(2)):
        raise StorageError(f"Đường dẫn văn bản không hợp lệ: {relative!r}.")
    return root / relative


def write(sealed: bytes, root: Path | None = None) -> str:
    """Keep `sealed` in the store (once: an identical file already there is kept); its relative path."""
    relative = address(sealed)
    path = _path(root or folder(), relative)
    if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == path.name:
        return relative
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)  # atomic: a reader sees the whole file or none
    except OSError as error:
        raise StorageError(f"Không ghi được tệp văn bản vào {path.parent}: {error.strerror}.") from error
    finally:
        with contextlib.suppress(OSError):  # nothing to clean where the folder itself could not be made
            temporary.unlink(missing_ok=True)
    return relative


def read(relative: str, root: Path | None = None) -> bytes:
    path = _path(root or folder(), relative)
    try:
        data = path.read_bytes()
    except FileNotFoundError as missing:
        raise StorageError(f"Không tìm thấy tệp văn bản {relative} trong {path.parent.parent.parent}.") from missing
    if hashlib.sha256(data).hexdigest() != path.name:
        raise StorageError(f"Tệp văn bản {relative} đã bị thay đổi (mã băm không khớp).")
    return data


def remove(relative: str) -> None:
    _path(folder(), relative).unlink(missing_ok=True)


def copy_files(relatives: list[str], source: Path, target: Path) -> int:
    """Copy the named files from one store to another (a backup, a restore), each checked; how many."""
    for relative in relatives:
        write(read(relative, source), target)
    return len(relatives)
