"""Wiring shared by every page: blueprints, sign-in, language, template filters, headers."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from casework import formatting, permissions, vocabulary
from casework.auth.targets import safe_next
from casework.cycles import standards
from casework.documents import typography
from casework.documents.qr import qr_image_url
from casework.documents.views import kind_label
from casework.extensions import db, login_manager
from casework.models import User
from casework.permissions import Permission
from casework.surveys import outcome
from workflow.dates import format_date

bp = Blueprint("web", __name__)


@bp.get("/")
@login_required
def home():  # type: ignore[no-untyped-def]
    from casework.auth.service import recent_locks
    from casework.cases.queries import work_queue_size
    from casework.models import Role
    from casework.signing import service as signing

    return render_template(
        "pages/home.html",
        assignments=current_user.assignments,
        locked_accounts=recent_locks() if Role.ADMIN in current_user.roles else [],
        queue_size=work_queue_size(current_user),
        awaiting_signature=signing.waiting_for(current_user),
    )


@bp.post("/language/<code>")
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    return redirect(safe_next(request.form.get("next")))


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI and background jobs speak the default language
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if request.path.startswith("/api/"):  # API clients say their language; the session is not read
        return str(request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session names the user and the user's session version (User.get_id): a session from before
    the user's last sign-out or password change names an older version and signs nobody in."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 18:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


def _no_store(response: Response) -> Response:
    """Pages with personal data must not stay in a shared commune PC's cache."""
    # The API never reads the session (casework/api/core.py): it sets its own Cache-Control.
    if not request.path.startswith("/api/") and current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    )
    return response


def _may(permission: Permission, obj: object = None) -> bool:
    """Templates ask the permission door which links and buttons the signed-in user gets."""
    return current_user.is_authenticated and permissions.may(current_user, permission, obj)


def _may_fire(case: Any, trigger: str) -> bool:
    return current_user.is_authenticated and permissions.may_fire(current_user, case, trigger)


def _anonymous_server_header() -> None:
    """The development server (`make run`) says "Werkzeug/3.x Python/3.x" in every answer's Server header:
    name no software and no version. Production WSGI servers have their own setting for it."""
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = lambda self: "rasoat"  # type: ignore[method-assign]


def init_app(app: Flask) -> None:
    _anonymous_server_header()
    from casework.access.views import bp as access_bp
    from casework.approvals.views import bp as upper_bp
    from casework.auth.views import bp as auth_bp
    from casework.cases import labels
    from casework.cases.views import bp as cases_bp
    from casework.decisions.views import bp as decisions_bp
    from casework.documents.views import bp as verify_bp
    from casework.documents.views import downloads as documents_bp
    from casework.exchange.views import bp as exchange_bp
    from casework.field.views import bp as field_bp
    from casework.households.views import bp as households_bp
    from casework.meetings.views import bp as meetings_bp
    from casework.postings.views import bp as postings_bp
    from casework.reports.views import bp as reports_bp
    from casework.runs.views import bp as runs_bp
    from casework.signing.views import bp as signing_bp
    from casework.surveys.views import bp as surveys_bp
    from casework.units.settings_views import bp as province_settings_bp
    from casework.units.views import bp as units_bp
    from casework.workdays.views import bp as calendar_bp

    for blueprint in (
        bp,
        auth_bp,
        households_bp,
        surveys_bp,
        units_bp,
        verify_bp,
        documents_bp,
        cases_bp,
        decisions_bp,
        meetings_bp,
        runs_bp,
        postings_bp,
        upper_bp,
        calendar_bp,
        province_settings_bp,
        signing_bp,
        reports_bp,
        exchange_bp,
        access_bp,
        field_bp,
    ):
        app.register_blueprint(blueprint)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Hãy đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    app.after_request(_no_store)
    app.jinja_env.filters["vndate"] = format_date
    app.jinja_env.filters["money"] = formatting.money
    app.jinja_env.filters["number"] = formatting.number
    app.jinja_env.filters["localtime"] = labels.localtime
    app.jinja_env.filters.update(balanced=typography.balanced, qr_image_url=qr_image_url)
    app.jinja_env.globals.update(vocabulary.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(step_url=labels.step_url, kind_label=kind_label)
    app.jinja_env.globals.update(may=_may, may_fire=_may_fire, Permission=Permission, get_locale=get_locale)
    app.jinja_env.globals.update(standard_title=standards.title_of, campaign_standard=standards.campaign_title)
    app.jinja_env.globals.update(outcome.TEMPLATE_GLOBALS)
