"""Documents: permission-checked downloads, and the public page a QR code leads to.

The public page says what the document is, its number and date, the issuing unit, and whether
an uploaded copy matches the stored one; nothing more personal than the document makes public.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from casework.access import service as access
from casework.documents import queries, service
from casework.documents.kinds import kind_label
from casework.extensions import db
from casework.signing import service as signing

bp = Blueprint("verify", __name__)
downloads = Blueprint("documents", __name__, url_prefix="/documents")


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
