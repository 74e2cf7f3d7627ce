"""Documents: permission-checked downloads, and the public page a QR code leads to.

The public page says what the document is, its number and date, the issuing unit, and whether
an uploaded copy matches the stored one; nothing more personal than the document makes public.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from casework.access import service as access
from casework.documents import queries, service
from casework.extensions import db
from casework.signing import service as signing

bp = Blueprint("verify", __name__)
downloads = Blueprint("documents", __name__, url_prefix="/documents")

KIND_LABELS: dict[str, object] = {
    "request_form": _l("Giấy đề nghị (Mẫu số 01)"),
    "exit_request_form": _l("Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo (Mẫu số 04)"),
    "request_receipt": _l("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "review_list": _l("Danh sách hộ cần rà soát"),
    "survey_record": _l("Phiếu kết quả rà soát hộ gia đình"),
    "meeting_minutes": _l("Biên bản họp dân"),
    "posting_notice": _l("Thông báo niêm yết công khai"),
    "complaint_record": _l("Biên bản tiếp nhận khiếu nại"),
    "recheck_record": _l("Biên bản phúc tra"),
    "upper_report": _l("Báo cáo xin ý kiến cấp trên"),
    "upper_reply": _l("Văn bản trả lời của cấp trên"),
    "upper_approval": _l("Văn bản phê duyệt của cấp trên"),
    "recognition_decision": _l("Quyết định công nhận (Mẫu số 02)"),
    "certificate": _l("Giấy chứng nhận hộ nghèo, hộ cận nghèo (Mẫu số 03)"),
    "refusal_letter": _l("Văn bản trả lời không công nhận"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.route("/v/<reference>", methods=["GET", "POST"])
def document(reference: str):  # type: ignore[no-untyped-def]
    found = service.by_reference(reference)
    if found is None:
        return render_template("pages/verify.html", document=None, reference=reference), 404
    match = None
    # The signed copy of a generated document, or the document itself where it was issued signed (a certificate).
    signed = signing.signed_version(found) or (found if signing.validation_of(found) else None)
    if request.method == "POST":
        upload = request.files.get("copy")
        if upload is None or not upload.filename:
            return render_template(
                "pages/verify.html", document=found, reference=reference, missing_file=True, kind_label=kind_label
            ), 422
        uploaded = upload.read()
        match = service.matches(found, uploaded) or (signed is not None and service.matches(signed, uploaded))
    header = found.context.get("header") or found.context.get("agency") or {}
    agency = header.get("name_lines") or []
    response = Response(
        render_template(
            "pages/verify.html",
            document=found,
            reference=reference,
            match=match,
            agency=" ".join(agency),
            kind_label=kind_label,
            validation=signing.validation_of(signed) if signed else None,
            route_labels=signing.ROUTE_LABELS,
        )
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@downloads.get("/<int:document_id>.pdf")
@login_required
def download(document_id: int):  # type: ignore[no-untyped-def]
    found = queries.get_document(current_user, document_id)
    if found is None:
        abort(404)
    access.document_downloaded(current_user, found)
    db.session.commit()
    return Response(
        found.content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{found.kind}-{found.id}.pdf"'},
    )
