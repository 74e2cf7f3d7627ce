from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from casework import audit
from casework.auth import service
from casework.auth.forms import LoginForm, PasswordChangeForm
from casework.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect after sign-in is a phishing tool."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = service.authenticate(form.username.data, form.password.data, request.remote_addr)
        db.session.commit()  # failed attempts are kept too: they drive the lock-out
        if result.user is not None:
            session.clear()
            session.permanent = True
            login_user(result.user)
            return redirect(_safe_next(request.args.get("next")))
        status = 429 if result.locked_minutes else 401
        if result.locked_minutes:
            form.password.errors.append(
                _("Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(n)d phút.", n=result.locked_minutes)
            )
        else:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    elif request.method == "POST":
        status = 422
    return render_template("pages/auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    audit.record("logout", user_id=current_user.id, subject=current_user.username)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if service.change_password(current_user, form.current_password.data, form.new_password.data):
            db.session.commit()
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("web.home"))
        form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
    status = 422 if request.method == "POST" else 200
    return render_template("pages/auth/password.html", form=form), status
