"""Signing pages: the official sees the document and signs it in the app, or hands it to their own signing tool.

The signing agent of a government CA token (VGCA Sign Service and similar) calls the server itself, without
the browser's cookie: it authenticates with a short-lived token in the URL, bound to one document.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from casework import clock, permissions
from casework.errors import Refused
from casework.extensions import csrf, db
from casework.models import User
from casework.models.signing import SigningCertificate, SigningRequest
from casework.permissions import Permission, may
from casework.signing import agent, in_app, links, service

bp = Blueprint("signing", __name__, url_prefix="/signing")
Page = BaseResponse | tuple[str, int] | str


def _request(request_id: int) -> SigningRequest:
    found = db.session.get(SigningRequest, request_id)
    if found is None:
        abort(404)
    if not (
        permissions.may_sign(current_user, found)
        or permissions.may_countersign(current_user, found)
        or found.created_by_id == current_user.id
    ):
        abort(404)
    return found


def _page(signing: SigningRequest, status: int = 200, **extra: object) -> tuple[str, int]:
    return render_template(
        "pages/signing/sign.html",
        signing=signing,
        may_sign=permissions.may_sign(current_user, signing),
        may_countersign=permissions.may_countersign(current_user, signing),
        token_configured=in_app.token_configured(),
        certificates=service.certificates_of(current_user),
        route_labels=service.ROUTE_LABELS,
        validation=service.validation_of(signing.signed_document) if signing.signed_document else None,
        back_links=links.back_links(signing),
        **extra,
    ), status


def _done(signing: SigningRequest) -> BaseResponse:
    """The signer lands on the signed document, its verification result and the links back to its case or
    campaign; what follows the signature (a job for many certificates) is under way."""
    db.session.commit()
    service.follow_up(signing)
    flash(_("Đã ký số và kiểm tra chữ ký: hợp lệ. Bước tiếp theo đã được thực hiện."), "success")
    return redirect(url_for("signing.page", request_id=signing.id))


def _refused(signing: SigningRequest, error: Refused) -> tuple[str, int]:
    """Nothing of the attempt is kept: the page says what to fix, next to the field it concerns.

    A role that may not take the step the signature completes (403) goes on to the error handler.
    """
    if error.status == 403:
        raise error
    db.session.rollback()
    if isinstance(error, service.SignatureRejected):
        return _page(signing, error.status, report=error.report, field=error.field)
    return _page(signing, error.status, field_error={error.field: error.message})


@bp.get("/<int:request_id>")
@login_required
def page(request_id: int) -> Page:
    return _page(_request(request_id))


@bp.get("/<int:request_id>/document.pdf")
@login_required
def document(request_id: int) -> Response:
    signing = _request(request_id)
    current = signing.signed_document or signing.document  # the agency signs the signed copy
    content = current.content
    assert content is not None
    return Response(
        content,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{signing.document.kind}-{signing.id}.pdf"',
            # Shown in the signing page's preview frame, and only there.
            "X-Frame-Options": "SAMEORIGIN",
            "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'",
        },
    )


def _signer_required(request_id: int) -> SigningRequest:
    """The official while the document waits; afterwards the records clerk adding the agency's signature."""
    signing = _request(request_id)
    if signing.status == "pending" and permissions.may_sign(current_user, signing):
        return signing
    if permissions.may_countersign(current_user, signing):
        return signing
    abort(409 if signing.status != "pending" else 403)


@bp.post("/<int:request_id>/pkcs12")
@login_required
def with_pkcs12(request_id: int) -> Page:
    signing = _signer_required(request_id)
    upload = request.files.get("certificate_file")
    try:
        in_app.sign_with_pkcs12(
            signing, upload.read() if upload else b"", request.form.get("passphrase", ""), current_user, clock.now()
        )
    except Refused as error:
        return _refused(signing, error)
    return _done(signing)


@bp.post("/<int:request_id>/pkcs11")
@login_required
def with_token(request_id: int) -> Page:
    signing = _signer_required(request_id)
    if not in_app.token_configured():
        abort(404)
    try:
        in_app.sign_with_token(signing, request.form.get("pin", ""), current_user, clock.now())
    except Refused as error:
        return _refused(signing, error)
    return _done(signing)


@bp.post("/<int:request_id>/upload")
@login_required
def upload(request_id: int) -> Page:
    signing = _signer_required(request_id)
    file = request.files.get("signed_file")
    if file is None or not file.filename:
        return _page(signing, 422, field_error={"signed_file": _("Chọn tệp PDF đã ký số để tải lên.")})
    finish = service.countersign if signing.status == "signed" else service.complete
    try:
        finish(signing, file.read(), "upload", current_user, clock.now())
    except Refused as error:
        return _refused(signing, error)
    return _done(signing)


@bp.post("/<int:request_id>/cancel")
@login_required
def cancel(request_id: int) -> BaseResponse:
    signing = _request(request_id)
    try:
        service.cancel(signing, current_user)
    except Refused:
        abort(409)
    db.session.commit()
    flash(_("Đã hủy văn bản chờ ký."), "info")
    return redirect(url_for("web.home"))


@bp.post("/<int:request_id>/handoff")
@login_required
def handoff(request_id: int) -> BaseResponse:
    """The arguments a desktop signing agent takes (documents.md §5.3 b): where to fetch and where to post."""
    signing = _signer_required(request_id)
    token = agent.start_handoff(signing, current_user, clock.now())
    db.session.commit()
    return jsonify(
        FileName=url_for("signing.agent_download", token=token, _external=True),
        FileUploadHandler=url_for("signing.agent_upload", token=token, _external=True),
        SessionId="",
        JWTToken="",
        MetaData=[{"Key": "request", "Value": str(signing.id)}],
        expires_minutes=int(current_app.config["SIGNING_HANDOFF_MINUTES"]),
    )


@bp.get("/agent/<token>/document.pdf")
def agent_download(token: str) -> Response:
    signing = agent.by_handoff_token(token, clock.now())
    content = agent.handoff_download(signing, clock.now()) if signing else None
    if signing is None or content is None:
        db.session.rollback()
        abort(404)
    db.session.commit()
    return Response(content, mimetype="application/pdf")


@bp.post("/agent/<token>/upload")
@csrf.exempt  # the agent posts from outside the browser; the single-use token is its credential
def agent_upload(token: str) -> tuple[Response, int]:
    signing = agent.by_handoff_token(token, clock.now())
    if signing is None:
        return jsonify(Status=1, Message=_("Liên kết ký đã hết hạn hoặc không hợp lệ.")), 404
    file = request.files.get("file") or next(iter(request.files.values()), None)
    data = file.read() if file else request.get_data()
    try:
        signed = service.complete(signing, data, "handoff", agent.handoff_actor(signing), clock.now())
    except service.SignatureRejected as rejected:
        db.session.rollback()
        return jsonify(Status=1, Message="; ".join(rejected.report.failures()), field="file"), 422
    except Refused as refused:
        if refused.status == 403:
            raise  # the error handler's 403, as for any step
        db.session.rollback()
        return jsonify(Status=1, Message=refused.message, field="file"), refused.status
    db.session.commit()
    follow = service.follow_up(signing)
    return jsonify(
        Status=0,
        Message=_("Đã nhận văn bản đã ký; chữ ký hợp lệ."),
        FileName=f"{signed.kind}-{signed.id}.pdf",
        FileServer=url_for("documents.download", document_id=signed.id, _external=True),
        DocumentNumber=signed.document_number or "",
        DocumentDate=signed.issued_on.strftime("%d/%m/%Y") if signed.issued_on else "",
        next=follow or "",
    ), 200


# ---- officials' certificates ------------------------------------------------------------------


@bp.route("/certificates", methods=["GET", "POST"])
@login_required
def certificates() -> Page:
    """Administrators register the certificate each official signs with; officials see their own."""
    manage = may(current_user, Permission.USER_MANAGE)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not manage:
            abort(403)
        user = db.session.get(User, request.form.get("user_id", type=int) or 0)
        upload = request.files.get("certificate")
        if user is None:
            errors["user_id"] = _("Chọn cán bộ.")
        elif upload is None or not upload.filename:
            errors["certificate"] = _("Chọn tệp chứng thư số (.cer, .crt hoặc .pem).")
        else:
            try:
                service.register_certificate(user, upload.read(), current_user, clock.now())
            except Refused as refused:
                db.session.rollback()
                errors["certificate"] = refused.message
            else:
                db.session.commit()
                flash(_("Đã đăng ký chứng thư số cho %(name)s.", name=user.full_name), "success")
                return redirect(url_for("signing.certificates"))
        status = 422
    people = service.officials() if manage else [current_user]
    return render_template(
        "pages/signing/certificates.html",
        people=people,
        registered={person.id: service.certificates_of(person) for person in people},
        manage=manage,
        errors=errors,
    ), status


@bp.post("/certificates/<int:certificate_id>/withdraw")
@login_required
def withdraw(certificate_id: int) -> BaseResponse:
    if not may(current_user, Permission.USER_MANAGE):
        abort(403)
    registered = db.session.get(SigningCertificate, certificate_id)
    if registered is None:
        abort(404)
    service.withdraw_certificate(registered, current_user, clock.now())
    db.session.commit()
    flash(_("Đã thu hồi đăng ký chứng thư số."), "info")
    return redirect(url_for("signing.certificates"))
