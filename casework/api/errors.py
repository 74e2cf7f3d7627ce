"""Errors as JSON: {"errors": [{"field": ..., "message": ...}]}, in Vietnamese (English with Accept-Language: en).

Every refusal inside the API becomes this shape: a `Refused` from a service (its field and status), the
permission door's 403, a stale version (409), request validation (422, with the path of the field in
the body, e.g. "members.0.full_name") and any HTTP error. Nothing of a refused request is written.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from casework.errors import TITLES, Refused
from casework.extensions import db
from workflow.engine import TransitionNotAllowed

logger = logging.getLogger(__name__)

# Pydantic's error types, in the user's language; the limit it names fills %(n)s.
VALIDATION_MESSAGES = {
    "missing": _l("Không được để trống."),
    "string_too_long": _l("Tối đa %(n)s ký tự."),
    "string_too_short": _l("Ít nhất %(n)s ký tự."),
    "too_long": _l("Tối đa %(n)s phần tử."),
    "too_short": _l("Ít nhất %(n)s phần tử."),
    "int_parsing": _l("Phải là một số nguyên."),
    "int_type": _l("Phải là một số nguyên."),
    "int_from_float": _l("Phải là một số nguyên."),
    "greater_than_equal": _l("Phải lớn hơn hoặc bằng %(n)s."),
    "less_than_equal": _l("Phải nhỏ hơn hoặc bằng %(n)s."),
    "greater_than": _l("Phải lớn hơn %(n)s."),
    "less_than": _l("Phải nhỏ hơn %(n)s."),
    "string_type": _l("Phải là một chuỗi ký tự."),
    "bool_parsing": _l("Phải là true hoặc false."),
    "bool_type": _l("Phải là true hoặc false."),
    "literal_error": _l("Giá trị không hợp lệ; chọn một trong: %(n)s."),
    "enum": _l("Giá trị không hợp lệ; chọn một trong: %(n)s."),
    "extra_forbidden": _l("Trường này không có trong mô tả của API."),
    "model_type": _l("Phải là một đối tượng JSON."),
    "model_attributes_type": _l("Phải là một đối tượng JSON."),
    "dict_type": _l("Phải là một đối tượng JSON."),
    "list_type": _l("Phải là một danh sách."),
    "json_invalid": _l("Nội dung không phải JSON hợp lệ."),
    "string_pattern_mismatch": _l("Không đúng định dạng."),
}
LIMIT_KEYS = ("max_length", "min_length", "ge", "le", "gt", "lt", "expected")


class ApiError(Exception):
    """An answer other than success, with the fields it concerns."""

    def __init__(self, status: int, errors: Iterable[tuple[str | None, str]], headers: dict[str, str] | None = None):
        super().__init__(status)
        self.status = status
        self.errors = list(errors)
        self.headers = headers or {}


def fail(status: int, message: str, field: str | None = None) -> ApiError:
    return ApiError(status, [(field, message)])


def error_response(status: int, errors: Iterable[tuple[str | None, Any]], headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    body = {"errors": [{"field": field, "message": str(message)} for field, message in errors]}
    response: Response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def from_validation(details: list[dict[str, Any]]) -> ApiError:
    """Pydantic's errors as field paths with messages in the user's language."""
    errors = []
    for detail in details:
        location = [str(part) for part in detail.get("loc", ())]
        field = ".".join(location) or None
        template = VALIDATION_MESSAGES.get(detail.get("type", ""))
        context = detail.get("ctx") or {}
        limit = next((context[key] for key in LIMIT_KEYS if key in context), "")
        message = str(template) % {"n": limit} if template is not None else _("Giá trị không hợp lệ.")
        errors.append((field, message))
    return ApiError(422, errors or [(None, _("Dữ liệu chưa hợp lệ."))])


def register(bp: Blueprint) -> None:
    @bp.errorhandler(ApiError)
    def api_error(error: ApiError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return error_response(error.status, error.errors, error.headers)

    @bp.errorhandler(Refused)
    def refused(error: Refused):  # type: ignore[no-untyped-def]
        db.session.rollback()  # nothing of the refused step is written
        return error_response(error.status, [(error.field, error.message)])

    @bp.errorhandler(TransitionNotAllowed)
    def not_allowed(error: TransitionNotAllowed):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return error_response(409, [("trigger", error.reason)])

    @bp.errorhandler(StaleDataError)
    def stale(error: StaleDataError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return error_response(409, [(None, _("Bản ghi vừa được người khác thay đổi; hãy đọc lại rồi gửi lại."))])

    @bp.errorhandler(IntegrityError)
    def integrity(error: IntegrityError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        logger.warning("API write refused by the database: %s", type(error.orig).__name__)
        return error_response(409, [(None, _("Việc này vừa được thực hiện hoặc trùng với dữ liệu đã có."))])

    @bp.errorhandler(DataError)
    def data_error(error: DataError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return error_response(422, [(None, _("Có giá trị vượt giới hạn cho phép, chưa được lưu."))])

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return http_error_response(error)


def http_error_response(error: HTTPException):  # type: ignore[no-untyped-def]
    """Any HTTP error under /api/ (also an unknown path or method, handled app-wide) in the API's shape."""
    status = error.code or 500
    described = error.description if error.description != type(error).description else None
    if status == 405:
        described = _("Địa chỉ này không nhận phương thức %(method)s.", method=request.method)
    if status == 429:  # Flask-Limiter's description is the limit in English ("600 per 1 minute")
        described = _("Mã truy cập này đã gọi quá số lần cho phép; hãy thử lại sau số giây trong Retry-After.")
    message = described or str(TITLES.get(status, _("Lỗi")))
    headers = dict(error.get_headers()) if status in (405, 429) else {}
    headers.pop("Content-Type", None)
    return error_response(status, [(None, message)], headers)
