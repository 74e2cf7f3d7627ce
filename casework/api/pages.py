"""Token pages: each user's own tokens (Account → API access tokens), and the administrator's page
for service accounts. A new token's secret is shown once, on the answer to the form, never again."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from casework.api import tokens
from casework.api.forms import ServiceTokenForm, TokenForm
from casework.extensions import db
from casework.households.forms import as_choices
from casework.models import ApiToken, User
from casework.models.base import utcnow
from casework.permissions import Permission, may

pages = Blueprint("api_tokens", __name__)


def _service_accounts() -> list[User]:
    return list(
        db.session.execute(select(User).where(User.service_account.is_(True)).order_by(User.username)).scalars()
    )


def _page(form: TokenForm, secret: str | None, listed: list[ApiToken], *, admin: bool) -> str:
    return render_template(
        "pages/api/tokens.html",
        form=form,
        secret=secret,
        tokens=listed,
        admin=admin,
        now=utcnow(),
        features=tokens.FEATURES,
    )


def _issue(form: TokenForm, owner: User) -> str:
    _token, secret = tokens.create(
        owner,
        name=form.name.data,
        scopes=tokens.scopes_for(form.features.data, form.access.data),
        days=form.days.data,
        created_by=current_user,
    )
    db.session.commit()
    return secret


@pages.route("/account/tokens", methods=["GET", "POST"])
@login_required
def own():  # type: ignore[no-untyped-def]
    if current_user.service_account:
        abort(403)
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        secret = _issue(form, current_user)
        form = TokenForm(formdata=None)
    status = 422 if request.method == "POST" and secret is None else 200
    return _page(form, secret, tokens.tokens_of(current_user), admin=False), status


def _administer() -> None:
    if not may(current_user, Permission.USER_MANAGE):
        abort(403)


@pages.route("/admin/api-tokens", methods=["GET", "POST"])
@login_required
def service():  # type: ignore[no-untyped-def]
    _administer()
    accounts = _service_accounts()
    form = ServiceTokenForm()
    form.account.choices = as_choices([(a.id, f"{a.username} – {a.full_name}") for a in accounts])
    secret = None
    if form.validate_on_submit():
        secret = _issue(form, db.session.get(User, form.account.data))
        form = ServiceTokenForm(formdata=None)
        form.account.choices = as_choices([(a.id, f"{a.username} – {a.full_name}") for a in accounts])
    listed = [t for account in accounts for t in tokens.tokens_of(account)]
    status = 422 if request.method == "POST" and secret is None else 200
    return _page(form, secret, listed, admin=True), status


@pages.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):  # type: ignore[no-untyped-def]
    """Its owner revokes a token; the administrator revokes a service account's."""
    token = db.session.get(ApiToken, token_id) or abort(404)
    mine = token.user_id == current_user.id
    if not (mine or (token.user.service_account and may(current_user, Permission.USER_MANAGE))):
        abort(404)
    tokens.revoke(token, current_user)
    db.session.commit()
    flash(_("Đã thu hồi mã truy cập “%(name)s”.", name=token.name), "success")
    return redirect(url_for("api_tokens.own" if mine else "api_tokens.service"))
