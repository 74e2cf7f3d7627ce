"""The API blueprint: bearer tokens only (the session cookie is never read), scopes, one commit per call.

`@endpoint(feature, write=...)` wraps every view: before it runs, the token's scope for the feature
is checked (403); a write's Idempotency-Key answer is replayed or kept; the view's result (a pydantic
model, or (model, status, headers)) becomes the JSON answer, committed once with everything the view
wrote and the call's audit entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, get_type_hints

from flask import Blueprint, Response, current_app, g, request
from flask_babel import gettext as _
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from casework import audit
from casework.api import idempotency, tokens
from casework.api.errors import ApiError, fail
from casework.api.errors import register as register_error_handlers
from casework.extensions import db
from casework.field.entries import offline_entry
from casework.models import ApiToken, User
from casework.models.base import utcnow

logger = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
register_error_handlers(bp)

View = Callable[..., Any]


def token() -> ApiToken:
    return g.api_token  # type: ignore[no-any-return]


def user() -> User:
    """The token's user: the one the permission door and the scope are asked about."""
    return g.api_token.user  # type: ignore[no-any-return]


def _scope_of(view: View | None) -> tuple[str, bool] | None:
    return getattr(view, "api_scope", None)


@bp.before_request
def authenticate() -> None:
    """Bearer token or 401; then the view's scope (403) before its input is read."""
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    found = tokens.find(secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        message = _("Thiếu mã truy cập, hoặc mã đã hết hạn hay đã bị thu hồi.")
        raise ApiError(401, [(None, message)], {"WWW-Authenticate": 'Bearer realm="api"'})
    g.api_token = found
    scope = _scope_of(current_app.view_functions.get(request.endpoint or ""))
    if scope is not None and not tokens.allows(found, scope[0], write=scope[1]):
        writes = _("Mã truy cập này không được ghi vào phần này.")
        raise fail(403, writes if scope[1] else _("Mã truy cập này không được đọc phần này."))


@bp.after_request
def log_call(response: Response) -> Response:
    """Every authenticated call goes into the audit log with the token's id."""
    response.headers["Cache-Control"] = "no-store"
    found: ApiToken | None = g.get("api_token")
    if found is None:
        return response
    try:
        found.last_used_at = utcnow()
        audit.record(
            "api_call",
            user_id=found.user_id,
            subject=f"api_token:{found.id}",
            method=request.method,
            path=request.path[:200],
            status=response.status_code,
            **offline_entry(request.headers),  # a change typed offline on the field app's phone
        )
        db.session.commit()
    except Exception:  # the answer is already decided; losing its log line must not turn it into a 500
        db.session.rollback()
        logger.exception("could not log an API call")
    return response


def as_response(result: Any) -> Response:
    """A view's result as the JSON answer: a model, or (model, status) or (model, status, headers)."""
    if isinstance(result, Response):  # a file (a document's PDF), answered as is
        return result
    body, status, headers = result, 200, {}
    if isinstance(result, tuple):
        body, status, *rest = result
        headers = rest[0] if rest else {}
    text = body.model_dump_json() if isinstance(body, BaseModel) else idempotency.dumps(body) if body else ""
    response = Response(text, status=status, mimetype="application/json" if text else None)
    response.headers.update(headers)
    return response


def endpoint(feature: str, *, write: bool = False) -> Callable[[View], View]:
    """The one wrapper of API views (see the module docstring); `feature` is a key of tokens.FEATURES."""
    assert feature in tokens.FEATURES, feature

    def decorate(view: View) -> View:
        hints = get_type_hints(view)

        @wraps(view)
        def run(*args: Any, **kwargs: Any) -> Response:
            key = idempotency.key() if write else None
            if key is not None:
                idempotency.serialize(key)
                kept = idempotency.replay(key)
                if kept is not None:
                    return kept
            if "json" in hints and kwargs.get("json") is None:  # a form or text body: SpecTree read nothing
                raise fail(415, _("Nội dung gửi lên phải là JSON (Content-Type: application/json)."))
            response = as_response(view(*args, **kwargs))
            if key is not None and response.status_code < 300:
                idempotency.keep(key, response)
            try:
                db.session.commit()
            except IntegrityError as error:
                if key is None:
                    raise
                db.session.rollback()  # the same key was answered meanwhile: give that answer, write nothing
                kept = idempotency.replay(key)
                if kept is None:
                    busy = _("Yêu cầu cùng Idempotency-Key đang được xử lý; hãy gửi lại sau.")
                    raise fail(409, busy, idempotency.HEADER) from error
                return kept
            return response

        # Resolved here, in the view's module: SpecTree reads the hints off this wrapper (core's globals).
        run.__annotations__ = hints
        run.api_scope = (feature, write)  # type: ignore[attr-defined]
        return run

    return decorate


def expected_version(sent: int | None) -> int:
    """The version the client read: its If-Match (the ETag it got) or the body's `version`; 428 with neither."""
    match = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if match.isdigit() and len(match) < 12:
        return int(match)
    if sent is not None:
        return sent
    raise fail(428, _("Hãy gửi phiên bản đã đọc (If-Match hoặc version) để không ghi đè thay đổi của người khác."))
