"""Error pages in Vietnamese, and JSON errors (with the field name) for API clients.

Every step the application refuses raises one family, `Refused(message, field, status)`: a view that
re-renders its form attaches the message with `refuse_into`; one that does not lets it reach the
handler here, which rolls the session back and answers with the page (or JSON) for its status.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from casework.extensions import db
from workflow.engine import TransitionNotAllowed

logger = logging.getLogger(__name__)

TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    403: _l("Bạn không có quyền thực hiện việc này"),
    404: _l("Không tìm thấy"),
    409: _l("Dữ liệu vừa được người khác thay đổi"),
    413: _l("Tệp quá lớn"),
    422: _l("Dữ liệu chưa hợp lệ"),
    429: _l("Thử lại sau"),
    500: _l("Lỗi hệ thống"),
}


class Refused(Exception):
    """A step the application will not take: the message says why, next to `field` (None: the page).

    422 by default (the input does not fit); 409 when the records have moved on; 403 for a role that
    may not take the step (`NotPermitted`).
    """

    status = 422

    def __init__(self, message: str, field: str | None = None, status: int | None = None, *, subject: str = "") -> None:
        super().__init__(f"{subject}: {message}" if subject else message)
        self.message = message
        self.field = field
        self.subject = subject  # whom it concerns (a household), for pages that name it apart from the reason
        if status is not None:
            self.status = status


@contextmanager
def as_conflict() -> Iterator[None]:
    """Work done once a signature is verified: whatever refuses it now refuses the signed file (409),
    since the records moved on after the document was drafted; a refused role stays a 403."""
    try:
        yield
    except Refused as refused:
        if refused.status == 403:
            raise
        raise Refused(refused.message, status=409) from refused
    except TransitionNotAllowed as refused:
        raise Refused(refused.reason, status=409) from refused


def refuse_into(form: Any, error: Refused) -> str | None:
    """Attach the message to the form field `error.field` names; return it when it belongs to the page.

    A refusal of the user's role (403) is not about the input: it goes on to the error handler.
    """
    if error.status == 403:
        raise error
    field = form._fields.get(error.field) if form is not None and error.field else None
    if field is None:
        return error.message
    field.errors = [*field.errors, error.message]
    return None


def _is_unique_violation(error: IntegrityError) -> bool:
    # psycopg: sqlstate 23505; sqlite3: "UNIQUE constraint failed: ..."
    return getattr(error.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(error.orig)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")


def _render(status: int, description: str | None, title: str | None = None):  # type: ignore[no-untyped-def]
    title = title or str(TITLES.get(status, _("Lỗi")))
    if _wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": description}}), status
    return render_template("pages/error.html", status=status, title=title, description=description), status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        description = (
            error.description if status in (409, 429) or error.description != type(error).description else None
        )
        return _render(status, description)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return _render(400, _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang và thử lại."))

    @app.errorhandler(Refused)
    def refused(error: Refused):  # type: ignore[no-untyped-def]
        db.session.rollback()  # nothing of the refused step is written
        return _render(error.status, error.message)

    @app.errorhandler(TransitionNotAllowed)
    def not_allowed(error: TransitionNotAllowed):  # type: ignore[no-untyped-def]
        db.session.rollback()  # nothing of the refused step is written
        return _render(409, error.reason, _("Chưa thực hiện được bước này"))

    @app.errorhandler(IntegrityError)
    def integrity(error: IntegrityError):  # type: ignore[no-untyped-def]
        """Two people writing the same thing at the same moment: the database's UNIQUE rule lets one win;
        the others get a 409. Any other broken rule is input the forms should have refused: a 422."""
        db.session.rollback()
        if _is_unique_violation(error):
            return _render(409, _("Việc này vừa được thực hiện (có thể ở một cửa sổ khác). Hãy tải lại trang."))
        logger.error("Input reached the database unchecked: %s", type(error.orig).__name__, exc_info=error)
        return _render(422, _("Dữ liệu chưa hợp lệ, chưa được lưu. Hãy kiểm tra lại các ô đã nhập."))

    @app.errorhandler(DataError)
    def data_error(error: DataError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        logger.error("Input reached the database unchecked: %s", type(error.orig).__name__, exc_info=error)
        return _render(400, _("Có giá trị vượt giới hạn cho phép, chưa được lưu. Hãy kiểm tra lại các ô đã nhập."))

    @app.errorhandler(StaleDataError)
    def stale(error: StaleDataError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return _render(409, _("Hồ sơ vừa được người khác thay đổi; thao tác của bạn chưa được lưu. Hãy tải lại trang."))
