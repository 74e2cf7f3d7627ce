"""Creating users and giving them roles in units (CLI and demo; an admin page comes later)."""

from __future__ import annotations

from sqlalchemy import select

from casework import audit
from casework.auth.passwords import hash_password, password_problem
from casework.extensions import db
from casework.models import AdminUnit, Role, RoleAssignment, User, Village


class AccountError(ValueError):
    pass


def create_user(username: str, full_name: str, password: str, *, published_password: bool = False) -> User:
    """A new user; the password must meet the rule (`password_problem`), except the demo's, which the
    README publishes on purpose (`published_password`): a rule cannot protect a published password."""
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise AccountError("Tên đăng nhập phải có từ 1 đến 64 ký tự.")
    problem = None if published_password else password_problem(password, username, full_name)
    if problem:
        raise AccountError(problem)
    if db.session.execute(select(User.id).where(User.username == username)).first():
        raise AccountError(f"Tên đăng nhập {username} đã có.")
    user = User(username=username, full_name=full_name.strip(), password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()  # the id goes into the audit entry
    audit.record("user_create", user_id=None, subject=f"user:{user.id}", username=username)
    return user


def assign_role(
    user: User, role: Role, unit: AdminUnit | None = None, village: Village | None = None
) -> RoleAssignment:
    if role is Role.ADMIN and (unit or village):
        raise AccountError("Quản trị hệ thống không gắn với đơn vị.")
    if role is Role.VILLAGE_HEAD and village is None:
        raise AccountError("Trưởng thôn phải gắn với một thôn / tổ dân phố.")
    if role not in (Role.ADMIN, Role.VILLAGE_HEAD) and unit is None:
        raise AccountError("Vai trò này phải gắn với một đơn vị hành chính.")
    for existing in user.assignments:
        if (existing.role, existing.unit_id, existing.village_id) == (
            role,
            getattr(unit, "id", None),
            getattr(village, "id", None),
        ):
            return existing
    assignment = RoleAssignment(role=role, unit=unit, village=village)
    user.assignments.append(assignment)
    audit.record(
        "role_assign",
        user_id=None,
        subject=f"user:{user.id}",
        role=role.value,
        unit=getattr(unit, "code", None),
        village=getattr(village, "id", None),
    )
    return assignment
