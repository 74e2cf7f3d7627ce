"""flask commands: units load, seed-demo, users create, signing demo-ca / register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from casework.extensions import db
from casework.models import Role, User

units_cli = AppGroup("units", help="Đơn vị hành chính / administrative units.")
users_cli = AppGroup("users", help="Tài khoản / user accounts.")


@units_cli.command("load")
def load_units_command() -> None:
    """Load or update the official unit list and the ethnic groups (idempotent)."""
    from casework.reference import clear_caches
    from casework.units.loader import load_units

    report = load_units()
    db.session.commit()
    clear_caches()
    click.echo(
        f"Units: {report.created} created, {report.updated} updated; "
        f"{report.successions} successions added; {report.ethnicities} ethnic groups added."
    )


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Họ và tên.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--unit", "unit_code", default=None, help="Mã đơn vị (tỉnh 2 số, huyện cũ 3 số, xã 5 số).")
@click.option("--village", "village_id", type=int, default=None, help="Mã thôn (cho trưởng thôn).")
@click.password_option()
def create_user_command(
    username: str, full_name: str, role: str, unit_code: str | None, village_id: int | None, password: str
) -> None:
    """Create a user with one role in one unit."""
    from casework.accounts.service import AccountError, assign_role, create_user
    from casework.models import AdminUnit, Village

    unit = None
    if unit_code:
        candidates = (
            db.session.execute(
                select(AdminUnit).where(AdminUnit.code == unit_code).order_by(AdminUnit.effective_to.is_not(None))
            )
            .scalars()
            .all()
        )
        if not candidates:
            raise click.BadParameter(f"không có đơn vị mã {unit_code}", param_hint="--unit")
        unit = candidates[0]
    village = db.session.get(Village, village_id) if village_id else None
    try:
        user = create_user(username, full_name, password)
        assign_role(user, Role(role), unit=unit, village=village)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Đã tạo {user.username} ({role}).")


@click.command("seed-demo")
@with_appcontext
@click.option("--households", default=300, show_default=True)
def seed_demo_command(households: int) -> None:
    """Demo commune, villages, ~300 synthetic households and one user per role (idempotent)."""
    from casework.demo import DEMO_PASSWORD, USERS, DemoError, seed_demo

    try:
        result = seed_demo(households)
    except DemoError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Demo: {result['commune']}; {result['households_created']} households created.")
    click.echo(f"Logins (password: {DEMO_PASSWORD}):")
    for spec in USERS:
        click.echo(f"  {spec.username:<12} {spec.role.value:<18} {spec.full_name}")


signing_cli = AppGroup("signing", help="Digital signatures: the demo CA and officials' certificates.")


audit_cli = AppGroup("audit", help="Nhật ký kiểm toán / the audit trail.")


@audit_cli.command("verify")
@click.option(
    "--anchors",
    "anchor_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Lines written by `flask audit anchor`: each anchored row must still be in its chain, unchanged.",
)
@with_appcontext
def verify_audit_command(anchor_file: Path | None) -> None:
    """Check the hash chains of the audit log and the case events; report the first broken link."""
    from casework.audit import Anchor, anchor_problem, verify_chains

    broken = False
    for table, found, count in verify_chains():
        if found is None:
            click.echo(f"{table}: intact ({count} rows) / nguyên vẹn ({count} dòng)")
        else:
            broken = True
            click.echo(f"{found} / chuỗi băm bị phá vỡ", err=True)
    lines = [line for line in anchor_file.read_text().splitlines() if line.strip()] if anchor_file else []
    try:
        anchored = [Anchor.parse(line) for line in lines]
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    for anchor in anchored:
        problem = anchor_problem(anchor)
        broken = broken or problem is not None
        if problem:
            click.echo(problem, err=True)
        else:
            click.echo(f"{anchor.table}: anchor {anchor.chain_seq} holds / mốc còn nguyên")
    if broken:
        raise SystemExit(1)


@audit_cli.command("anchor")
@with_appcontext
def anchor_audit_command() -> None:
    """Print each chain's head (table chain_seq row_hash): keep these lines where the database's administrators
    cannot rewrite them, and check later with `flask audit verify --anchors FILE`."""
    from casework.audit import anchors

    for anchor in anchors():
        click.echo(str(anchor))


@signing_cli.command("demo-ca")
@click.option("--passphrase", default=None, help="Passphrase of the CA key and the users' .p12 files.")
def demo_ca_command(passphrase: str | None) -> None:
    """Create the demo CA (once) and a certificate with a .p12 file for every official who signs."""
    from casework import clock
    from casework.demo import DEMO_PASSWORD
    from casework.signing import demo_ca
    from casework.signing.service import pki_dir

    phrase = passphrase or DEMO_PASSWORD
    ca = demo_ca.load_or_create(pki_dir(), phrase, clock.now())
    issued = demo_ca.issue_for_users(ca, phrase, clock.now())
    db.session.commit()
    click.echo(f"Demo CA: {pki_dir() / 'trust' / 'demo-root.pem'}")
    for user, path in issued:
        click.echo(f"  {user.username:<12} {path}")
    click.echo(f"Passphrase of the .p12 files: {phrase}")


@signing_cli.command("register")
@click.argument("username")
@click.argument("certificate", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def register_certificate_command(username: str, certificate: Path) -> None:
    """Register an official's signing certificate (.cer, .crt or .pem) so their signatures are accepted."""
    from casework import clock
    from casework.errors import Refused
    from casework.signing import service

    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"Không có tài khoản {username}.")
    try:
        registered = service.register_certificate(user, certificate.read_bytes(), None, clock.now())
    except Refused as refused:
        raise click.ClickException(refused.message) from None
    db.session.commit()
    click.echo(f"Đã đăng ký chứng thư số {registered.common_name} ({registered.fingerprint[:16]}…) cho {username}.")


documents_cli = AppGroup("documents", help="Văn bản / issued documents: the gallery of every kind, their storage.")


@documents_cli.command("move")
@click.option("--to", "to", type=click.Choice(["filesystem", "database"]), required=True)
@with_appcontext
def documents_move_command(to: str) -> None:
    """Move issued documents' (encrypted) bytes to the filesystem store or into the database; resumable."""
    from casework.documents import moving, storage

    try:
        moved = moving.move(to, progress=lambda done: click.echo(f"… {done}"))
    except (moving.MoveError, storage.StorageError) as error:
        raise click.ClickException(str(error)) from None
    where = f"thư mục {storage.folder()}" if to == "filesystem" else "cơ sở dữ liệu"
    click.echo(f"Đã chuyển {moved} văn bản vào {where}; các văn bản còn lại đã ở đó từ trước.")
    if to != storage.place():
        click.echo(f"Lưu ý: CASEWORK_DOCUMENTS_STORAGE vẫn là {storage.place()}: văn bản mới sẽ lưu ở đó.")


@documents_cli.command("prune")
@click.option("--older-than-hours", type=click.IntRange(min=1), default=24, show_default=True)
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@with_appcontext
def documents_prune_command(older_than_hours: int, dry_run: bool) -> None:
    """Remove files of the filesystem store that no document names (a step refused or a job failed after
    writing them), older than the given hours so that no running transaction loses its file."""
    from casework.documents import moving, storage

    found = moving.prune(dt.timedelta(hours=older_than_hours), dry_run=dry_run)
    for relative in found.removed:
        click.echo(relative)
    verb = "Sẽ xoá" if dry_run else "Đã xoá"
    click.echo(
        f"{verb} {len(found.removed)} tệp không thuộc văn bản nào; {found.checked} tệp trong {storage.folder()}."
    )


@documents_cli.command("gallery")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--households", default=30, show_default=True, help="Households of the demo commune to seed.")
def documents_gallery_command(out_dir: Path, households: int) -> None:
    """Walk a fresh campaign on a throwaway database; write every issued document as PDF and PNG, with index.html."""
    import logging
    import tempfile

    from casework.documents.gallery.setup import GalleryError
    from casework.documents.gallery.walk import run_walk
    from casework.documents.gallery.write import pdftoppm, write_gallery

    try:
        pdftoppm()  # say so before a minute of walking
        logging.getLogger("alembic").setLevel(logging.WARNING)
        with tempfile.TemporaryDirectory(prefix="casework-gallery-") as workdir:
            walked = run_walk(None, Path(workdir), households)
        index = write_gallery(walked.documents, out_dir)
    except GalleryError as error:
        raise click.ClickException(str(error)) from None
    kinds = sorted(walked.kinds())
    click.echo(f"{len(walked.documents)} documents of {len(kinds)} kinds: {', '.join(kinds)}")
    click.echo(f"Open {index.resolve()}")


def init_app(app: Flask) -> None:
    from casework.field.cli import field_cli

    app.cli.add_command(field_cli)
    app.cli.add_command(documents_cli)
    app.cli.add_command(signing_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(units_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(keys_cli)
    app.cli.add_command(restore_command)
    app.cli.add_command(seed_demo_command)


jobs_cli = AppGroup("jobs", help="Việc chạy nền / background jobs.")


@jobs_cli.command("expire")
@with_appcontext
def expire_jobs() -> None:
    """Mark failed every running job whose worker stopped renewing its lease (run it from cron, or at start)."""
    from casework.jobs import lease

    expired = lease.expire_lapsed()
    db.session.commit()
    if expired:
        click.echo(f"{len(expired)} việc bị dừng giữa chừng đã được đánh dấu thất bại, có thể chạy lại.")
    else:
        click.echo("Không có việc nào bị treo.")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Copy the whole database (documents included) to OUT, readable by its owner only."""
    from flask import current_app

    from casework import backup
    from casework.documents import moving, storage

    try:
        backup.backup(db.engine, out, current_app.config["PG_BIN_DIR"])
        files = moving.back_up_files(out)
    except (backup.BackupError, storage.StorageError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Đã sao lưu cơ sở dữ liệu vào {out} ({out.stat().st_size:,} byte).".replace(",", "."))
    if files:
        click.echo(f"Đã chép {files} tệp văn bản vào {moving.files_beside(out)}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(source: Path) -> None:
    """Restore a backup made by `flask backup` into the configured database, which must be empty."""
    from flask import current_app

    from casework import backup
    from casework.documents import moving, storage

    try:
        backup.restore(db.engine, source, current_app.config["PG_BIN_DIR"])
        files = moving.restore_files(source)
    except (backup.BackupError, storage.StorageError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Đã khôi phục {source} vào cơ sở dữ liệu.")
    if files:
        click.echo(f"Đã chép {files} tệp văn bản vào {storage.folder()}.")


keys_cli = AppGroup("keys", help="Khóa mã hóa dữ liệu cá nhân / encryption keys.")


@keys_cli.command("rotate")
@with_appcontext
def rotate_keys() -> None:
    """Re-encrypt every secret under the first key of CASEWORK_PID_ENCRYPTION_KEYS (then drop the old keys)."""
    from casework.keys import rotate_all

    counts = rotate_all()
    db.session.commit()
    for table, count in counts.items():
        click.echo(f"{table}: {count}")
    click.echo("Đã mã hóa lại bằng khóa đầu tiên; có thể bỏ các khóa cũ khỏi cấu hình.")
