"""`flask users service-account NAME --name ... --role ... --unit ...`: an account for a programme that
calls the API (its tokens are issued by an administrator on /admin/api-tokens; nobody knows its password)."""

from __future__ import annotations

import secrets

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, Role


@click.command("service-account")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Tên chương trình / hệ thống gọi API.")
@click.option("--role", type=click.Choice([r.value for r in Role if r is not Role.ADMIN]), required=True)
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị (tỉnh 2 số, xã 5 số).")
@with_appcontext
def service_account_command(username: str, full_name: str, role: str, unit_code: str) -> None:
    """Create a service account with one role in one unit."""
    from casework.accounts.service import AccountError, assign_role, create_user

    unit = db.session.execute(
        select(AdminUnit).where(AdminUnit.code == unit_code).order_by(AdminUnit.effective_to.is_not(None)).limit(1)
    ).scalar_one_or_none()
    if unit is None:
        raise click.BadParameter(f"không có đơn vị mã {unit_code}", param_hint="--unit")
    try:
        user = create_user(username, full_name, secrets.token_urlsafe(48))
        assign_role(user, Role(role), unit=unit)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    user.service_account = True
    db.session.commit()
    click.echo(f"Đã tạo tài khoản dịch vụ {user.username} ({role}); cấp mã truy cập ở /admin/api-tokens.")
