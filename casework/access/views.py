"""The administrator's page: who looked at which household's records, searched by person or by household."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from casework.access import queries
from casework.access.service import DOCUMENT_DOWNLOAD, HOUSEHOLD_VIEW, PERSONAL_ID_REVEAL, PHOTO_VIEW, SURVEY_VIEW
from casework.permissions import Permission, may

bp = Blueprint("access", __name__, url_prefix="/admin/access")

ACTION_LABELS = {
    HOUSEHOLD_VIEW: _l("Xem trang hộ gia đình"),
    SURVEY_VIEW: _l("Xem phiếu khảo sát"),
    DOCUMENT_DOWNLOAD: _l("Tải văn bản"),
    PERSONAL_ID_REVEAL: _l("Xem số định danh cá nhân đầy đủ"),
    PHOTO_VIEW: _l("Xem ảnh nhà ở"),
}
SEARCH_BY = {"user": _l("Người truy cập"), "household": _l("Hộ gia đình (họ tên chủ hộ hoặc thành viên)")}
MAX_QUERY = 100


def _search() -> tuple[str, str, str | None]:
    """The search asked for, and what is wrong with it (shown next to the field), if anything."""
    by = request.args.get("by", "user")
    text = request.args.get("q", "").strip()
    if by not in SEARCH_BY:
        return "user", text, str(_l("Chọn tìm theo người truy cập hoặc theo hộ gia đình."))
    if len(text) > MAX_QUERY:
        return by, text[:MAX_QUERY], str(_l("Tối đa %(n)d ký tự.", n=MAX_QUERY))
    if "\x00" in text:
        return by, "", str(_l("Nội dung tìm kiếm có ký tự không hợp lệ."))
    return by, text, None


@bp.get("")
@login_required
def index():  # type: ignore[no-untyped-def]
    if not may(current_user, Permission.AUDIT_VIEW):
        abort(403)
    by, text, error = _search()
    page_number = max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))
    page = None
    if text and error is None:
        scope = queries.audit_scope(current_user)
        if by == "user":
            page = queries.accesses(scope, user_ids=queries.matching_users(text), page=page_number)
        else:
            page = queries.accesses(scope, household_ids=queries.matching_households(scope, text), page=page_number)
    return render_template(
        "pages/access/index.html",
        by=by,
        query=text,
        error=error,
        page=page,
        rows=queries.described(list(page.items)) if page else [],
        search_by=SEARCH_BY,
        action_labels=ACTION_LABELS,
    ), (422 if error else 200)
