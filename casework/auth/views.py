from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from casework.auth import service
from casework.auth.forms import LoginForm, PasswordChangeForm
from casework.auth.targets import safe_next
from casework.errors import Refused, refuse_into
from casework.extensions import db

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = service.authenticate(form.username.data, form.password.data, request.remote_addr)
        db.session.commit()  # failed attempts are kept too: they drive the throttling
        if result.user is not None:
            session.clear()
            session.permanent = True
            login_user(result.user)
            return redirect(safe_next(request.args.get("next")))
        status = 429 if result.locked_minutes or result.wait_seconds else 401
        if result.locked_minutes:
            form.password.errors.append(
                _(
                    "Tài khoản này bị tạm khóa vì bị thử sai mật khẩu nhiều lần từ nhiều nơi. Hãy thử lại sau "
                    "%(n)d phút hoặc báo quản trị hệ thống.",
                    n=result.locked_minutes,
                )
            )
        elif result.wait_seconds:
            form.password.errors.append(
                _("Đăng nhập sai nhiều lần. Hãy chờ %(n)d giây rồi thử lại.", n=result.wait_seconds)
            )
        else:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    elif request.method == "POST":
        status = 422
    return render_template("pages/auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    service.sign_out(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất (trên mọi thiết bị)."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.new_password.data)
        except Refused as refused:
            db.session.rollback()
            refuse_into(form, refused)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # this browser stays signed in, with the new version
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
            return redirect(url_for("web.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("pages/auth/password.html", form=form), status
