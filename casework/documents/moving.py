"""`flask documents move --to filesystem|database`, `flask documents prune`, and the documents' files in a backup.

A move goes through the documents by id, a batch at a time, and commits each batch: stopped half
way (Ctrl+C, a full disk), it is run again and carries on; run twice, the second run finds nothing to
move. Every document's bytes are checked before its row changes: the sealed bytes are decrypted and
their SHA-256 must equal the one recorded when it was issued. Rows are changed with Core updates,
like a key rotation: the ORM refuses every change to an issued document, and its content (what was
issued and signed) does not change here, only where its sealed bytes are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Row, select, update

from casework import crypto
from casework.documents import storage
from casework.extensions import db
from casework.models import Document
from casework.models.documents import CONTENT

BATCH = 100
documents = Document.__table__


class MoveError(RuntimeError):
    """A document whose bytes do not match their recorded hash: nothing of its batch is changed."""


def _checked(row: Row, sealed: bytes) -> bytes:
    plain = crypto.unseal(crypto.unwrap(row.wrapped_key), sealed, CONTENT)
    if hashlib.sha256(plain).hexdigest() != row.sha256:
        raise MoveError(f"Văn bản {row.id}: nội dung không khớp mã băm SHA-256 đã ghi khi ban hành; không chuyển.")
    return sealed


def _pending(to: str):  # type: ignore[no-untyped-def]
    if to == storage.FILESYSTEM:
        return documents.c.content.is_not(None)
    return documents.c.content.is_(None) & documents.c.storage_path.is_not(None)


def move(to: str, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Move every document not yet in `to` there; how many were moved. Commits each batch."""
    if to not in storage.PLACES:
        raise ValueError(to)
    moved, last = 0, 0
    c = documents.c
    columns = (c.id, c.content, c.storage_path, c.wrapped_key, c.sha256)
    while True:
        query = select(*columns).where(_pending(to), documents.c.id > last).order_by(documents.c.id).limit(batch)
        rows = db.session.execute(query).all()
        if not rows:
            return moved
        leaving: list[str] = []
        for row in rows:
            if to == storage.FILESYSTEM:
                relative = storage.write(_checked(row, row.content))
                storage.read(relative)  # written whole: read back against its name
                values = {"storage_path": relative, "content": None}
            else:
                values = {"content": _checked(row, storage.read(row.storage_path)), "storage_path": None}
                leaving.append(row.storage_path)
            db.session.execute(update(documents).where(documents.c.id == row.id).values(**values))
        db.session.commit()
        for relative in leaving:  # only once the rows hold the bytes again
            storage.remove(relative)
        moved, last = moved + len(rows), rows[-1].id
        if progress:
            progress(moved)


def stored_files() -> list[str]:
    return list(db.session.scalars(select(documents.c.storage_path).where(documents.c.storage_path.is_not(None))))


def files_beside(backup_file: Path) -> Path:
    """The folder next to a backup file that holds the documents kept on the filesystem."""
    return backup_file.with_name(backup_file.name + ".documents")


def back_up_files(backup_file: Path) -> int:
    """Copy the filesystem store's documents beside the database backup (none: no folder)."""
    relatives = stored_files()
    return storage.copy_files(relatives, storage.folder(), files_beside(backup_file)) if relatives else 0


def restore_files(backup_file: Path) -> int:
    """After a restore: put the documents kept beside the backup back in this server's store."""
    relatives = stored_files()
    return storage.copy_files(relatives, files_beside(backup_file), storage.folder()) if relatives else 0


@dataclass
class Pruned:
    checked: int = 0  # files in the store
    removed: list[str] = field(default_factory=list)  # the files no document names (and stray temporaries)


def prune(older_than: dt.timedelta, *, dry_run: bool = False, batch: int = BATCH) -> Pruned:
    """Remove the store's files that no document names: those written by a transaction that was then rolled
    back (a refused step, a failed job), and temporaries of a write that was cut off. Only files older than
    `older_than` are touched, so a transaction still running keeps the file it has just written."""
    cutoff = time.time() - older_than.total_seconds()
    found = Pruned()
    waiting: list[tuple[str, Path]] = []
    for path in _old_files(storage.folder(), cutoff):
        if path.name.startswith("."):  # a temporary left by a write that was cut off
            found.removed.append(str(path.relative_to(storage.folder())))
            if not dry_run:
                path.unlink(missing_ok=True)
            continue
        found.checked += 1
        waiting.append((path.relative_to(storage.folder()).as_posix(), path))
        if len(waiting) >= batch:
            _drop_unnamed(waiting, found, dry_run)
            waiting = []
    _drop_unnamed(waiting, found, dry_run)
    return found


def _old_files(root: Path, cutoff: float) -> Iterator[Path]:
    if not root.is_dir():
        return
    for first in sorted(root.iterdir()):
        for second in sorted(first.iterdir()) if first.is_dir() else ():
            for path in sorted(second.iterdir()) if second.is_dir() else ():
                if path.is_file() and path.stat().st_mtime < cutoff:
                    yield path


def _drop_unnamed(waiting: list[tuple[str, Path]], found: Pruned, dry_run: bool) -> None:
    if not waiting:
        return
    relatives = [relative for relative, _path in waiting]
    named = set(db.session.scalars(select(documents.c.storage_path).where(documents.c.storage_path.in_(relatives))))
    for relative, path in waiting:
        if relative not in named:
            found.removed.append(relative)
            if not dry_run:
                path.unlink(missing_ok=True)
