"""Issued documents in the database or in the filesystem store (CASEWORK_DOCUMENTS_STORAGE), and
`flask documents move`: the bytes a household holds, their hash and their signatures stay the same
wherever the (encrypted) content is kept, through a move, a stopped move, a backup and a restore."""

from __future__ import annotations

import hashlib
import io
import re
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.documents import moving, storage
from casework.extensions import db
from casework.models import Document
from casework.models.signing import SignatureValidation
from tests.casework.cases.helpers import requests_logged
from tests.casework.signing.conftest import Pending
from tests.casework.signing.conftest import pending as pending  # the fixtures, for this module
from tests.casework.signing.conftest import today as today
from tests.casework.test_backup import _empty_database, _inventory
from tests.conftest import make_app
from tests.support.clock import Clock
from tests.support.world import World

ADDRESS = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})")


@pytest.fixture
def files(app: Flask, tmp_path: Path) -> Path:
    """The filesystem store, where new documents go."""
    app.config.update(DOCUMENTS_STORAGE="filesystem", DOCUMENTS_DIR=str(tmp_path / "documents"))
    return tmp_path / "documents"


def _places(app: Flask) -> list[tuple[bool, str | None]]:
    with app.app_context():
        rows = db.session.execute(select(Document.sealed_content, Document.storage_path).order_by(Document.id))
        return [(content is not None, path) for content, path in rows]


def _stored(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _kept(app: Flask, world: World, count: int = 3) -> None:
    """Files kept as issued (cheap: no rendering), for the tests of moving them around."""
    from casework.documents.service import store_upload

    with app.app_context():
        for number in range(count):
            store_upload("uploaded_letter", b"%PDF-1.7 th\xc6\xb0 " + bytes([number]) * 40, actor=None)
        db.session.commit()


def _move(app: Flask, to: str) -> str:
    done = app.test_cli_runner().invoke(args=["documents", "move", "--to", to])
    assert done.exit_code == 0, done.output
    return done.output


def test_documents_on_the_filesystem_are_sealed_files_and_move_both_ways(  # type: ignore[no-untyped-def]
    app: Flask, files: Path, world: World, client: FlaskClient, clock: Clock
) -> None:
    requests_logged(app, client, world, clock)
    issued = _inventory(app)
    with app.app_context():
        first = db.session.scalars(select(Document).order_by(Document.id)).first()
        for document in db.session.scalars(select(Document)):
            assert document.sealed_content is None
            shard_a, shard_b, name = ADDRESS.fullmatch(document.storage_path).groups()
            assert name.startswith(shard_a + shard_b)
            path = files / document.storage_path
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            sealed = path.read_bytes()
            assert hashlib.sha256(sealed).hexdigest() == name and b"%PDF" not in sealed  # encrypted at rest
    download = client.get(f"/documents/{first.id}.pdf")
    assert download.status_code == 200 and hashlib.sha256(download.data).hexdigest() == first.sha256

    app.config["DOCUMENTS_STORAGE"] = "database"
    assert f"Đã chuyển {len(issued['documents'])} văn bản vào cơ sở dữ liệu" in _move(app, "database")
    assert {place for place in _places(app)} == {(True, None)} and _stored(files) == []
    assert _inventory(app)["documents"] == issued["documents"]

    output = _move(app, "filesystem")
    assert f"Đã chuyển {len(issued['documents'])} văn bản vào thư mục" in output
    assert "văn bản mới sẽ lưu ở đó" in output  # the setting still says database
    assert all(not in_database and path for in_database, path in _places(app))
    assert len(_stored(files)) == len(issued["documents"])
    assert "Đã chuyển 0 văn bản" in _move(app, "filesystem")  # nothing left to move
    assert _inventory(app)["documents"] == issued["documents"]

    with app.app_context():
        (files / db.session.get_one(Document, first.id).storage_path).unlink()
    lost = client.get(f"/documents/{first.id}.pdf")
    assert lost.status_code == 503 and "Không đọc hoặc ghi được tệp văn bản trên máy chủ" in lost.get_data(as_text=True)


def test_a_store_that_cannot_be_written_refuses_with_nothing_written(app: Flask, world: World, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    app.config.update(DOCUMENTS_STORAGE="filesystem", DOCUMENTS_DIR=str(tmp_path / "not-a-folder"))
    with app.app_context(), pytest.raises(storage.StorageError, match="Không ghi được tệp văn bản"):
        _kept(app, world, count=1)
    assert _places(app) == []


def test_a_move_stopped_half_way_carries_on_when_run_again(  # type: ignore[no-untyped-def]
    app: Flask, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kept(app, world)
    issued = _inventory(app)
    app.config["DOCUMENTS_DIR"] = str(tmp_path / "documents")
    write, calls = storage.write, []

    def disk_full_at_the_second(sealed: bytes, root: Path | None = None) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return write(sealed, root)

    monkeypatch.setattr(storage, "write", disk_full_at_the_second)
    with app.app_context(), pytest.raises(OSError):
        moving.move("filesystem", batch=1)
    assert [in_database for in_database, _path in _places(app)].count(False) == 1  # the first batch stayed moved
    monkeypatch.setattr(storage, "write", write)
    with app.app_context():
        assert moving.move("filesystem", batch=1) == len(issued["documents"]) - 1
    assert _inventory(app)["documents"] == issued["documents"]


def test_a_changed_file_is_refused_and_its_batch_stays_where_it_was(app: Flask, files: Path, world: World) -> None:
    _kept(app, world)
    before = _places(app)
    victim = _stored(files)[0]
    victim.write_bytes(victim.read_bytes()[:-1] + bytes([victim.read_bytes()[-1] ^ 1]))
    refused = app.test_cli_runner().invoke(args=["documents", "move", "--to", "database"])
    assert refused.exit_code != 0 and "đã bị thay đổi (mã băm không khớp)" in refused.output
    assert _places(app) == before and victim.exists()


def test_a_backup_carries_the_files_and_a_restore_puts_them_back(  # type: ignore[no-untyped-def]
    app: Flask, files: Path, world: World, tmp_path: Path, request
) -> None:
    _kept(app, world)
    before = _inventory(app)
    out = tmp_path / "sao-luu.bak"
    made = app.test_cli_runner().invoke(args=["backup", str(out)])
    assert made.exit_code == 0 and f"Đã chép {len(before['documents'])} tệp văn bản" in made.output, made.output
    assert len(_stored(moving.files_beside(out))) == len(before["documents"])

    restored = make_app(
        _empty_database(app, request, tmp_path),
        tmp_path / "restored-instance",
        DOCUMENTS_STORAGE="filesystem",
        DOCUMENTS_DIR=str(tmp_path / "restored-documents"),
    )
    done = restored.test_cli_runner().invoke(args=["restore", str(out)])
    assert done.exit_code == 0, done.output
    try:
        assert _inventory(restored) == before  # read from the restored server's own folder
    finally:
        with restored.app_context():
            db.engine.dispose()


@pytest.fixture
def pending_on_files(world: World, app: Flask, files: Path, request: pytest.FixtureRequest) -> Pending:
    # `world` named here: the test database is copied with it before `pending` (asked by name) needs it.
    return request.getfixturevalue("pending")  # the letter waiting for signature, issued into the files


def test_signatures_are_verified_from_the_files_and_after_moving_them(pending_on_files: Pending) -> None:
    pending = pending_on_files
    assert pending.sign_in_app(pending.pki.p12("huyen")).status_code == 302
    with pending.app.app_context():
        validation = db.session.execute(select(SignatureValidation)).scalar_one()
        signed = db.session.get_one(Document, validation.document_id)
        assert validation.valid and signed.storage_path and signed.sealed_content is None
        content = signed.content
        code = db.session.get_one(Document, signed.context["signed_from"]).verification_code
    _move(pending.app, "database")
    public = pending.app.test_client().post(
        f"/v/{code}", data={"copy": (io.BytesIO(content), "a.pdf")}, content_type="multipart/form-data"
    )
    page = public.get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page and "TRÙNG KHỚP" in page


def test_prune_removes_only_old_files_no_document_names(app: Flask, files: Path, world: World) -> None:
    """A step refused after its document was written leaves a file no row names: `flask documents prune`
    removes it (and a cut-off write's temporary) once old enough, never a document's file or a fresh one."""
    import os
    import time

    _kept(app, world, count=2)
    named = _stored(files)
    with app.app_context():
        orphan = files / storage.write(b"sealed bytes of a rolled-back step")
        fresh_orphan = files / storage.write(b"sealed bytes of a transaction still running")
    temporary = orphan.with_name(f".{orphan.name}.4242.tmp")
    temporary.write_bytes(b"half")
    old = time.time() - 2 * 24 * 3600
    for path in [*named, orphan, temporary]:
        os.utime(path, (old, old))

    runner = app.test_cli_runner()
    looked = runner.invoke(args=["documents", "prune", "--dry-run"])
    assert looked.exit_code == 0, looked.output
    assert "Sẽ xoá 2 tệp" in looked.output and orphan.exists() and temporary.exists()

    done = runner.invoke(args=["documents", "prune"])
    assert done.exit_code == 0, done.output
    assert "Đã xoá 2 tệp không thuộc văn bản nào" in done.output
    assert not orphan.exists() and not temporary.exists()
    assert fresh_orphan.exists()  # younger than a day: its transaction may still be running
    assert all(path.exists() for path in named)
    with app.app_context():
        for document in db.session.scalars(select(Document)):
            assert document.content  # every issued document still reads back
