"""Routes of the field app: its shell (page, manifest, service worker), rule sets, settings, downloads."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from casework.api import tokens
from casework.extensions import db
from casework.field import queries
from casework.field.rules import exported, index
from casework.field.strings import strings
from casework.permissions import Permission, may

bp = Blueprint("field", __name__, url_prefix="/field")

STATIC = Path(__file__).resolve().parent.parent / "static"
WORKER = STATIC / "field" / "worker.js"
SHELL = Path(__file__).resolve().parent.parent.parent / "templates" / "pages" / "field" / "app.html"


@bp.get("/")
def shell():  # type: ignore[no-untyped-def]
    """The app's one page; it holds no personal data, so the service worker may keep it."""
    urls = {
        "scope": url_for("field.shell"),
        "worker": url_for("field.service_worker"),
        "session": url_for("field.session"),
        "village": url_for("field.village", village_id=0),
        "rules": url_for("field.rule_set", rule_set_id="__id__"),
        "token": url_for("field.field_token"),
        "revoke": url_for("field.revoke_token"),
        "login": url_for("auth.login", next=url_for("field.shell")),
        "logout": url_for("auth.logout"),
    }
    return render_template("pages/field/app.html", strings=strings(), urls=urls)


@bp.get("/manifest.webmanifest")
def manifest():  # type: ignore[no-untyped-def]
    icons = [
        {"src": url_for("static", filename=f"field/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
        for n in (192, 512)
    ]
    icons.append(
        {
            "src": url_for("static", filename="field/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    body = {
        "name": _("Rà soát hộ nghèo, hộ cận nghèo"),
        "short_name": _("Rà soát"),
        "description": _("Khảo sát, họp dân và ghi ảnh tại thôn, kể cả khi không có sóng."),
        "lang": "vi",
        "start_url": url_for("field.shell"),
        "scope": url_for("field.shell"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#9b1c1c",
        "icons": icons,
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():  # type: ignore[no-untyped-def]
    """The service worker, with the list of every asset to keep and a version that changes with them."""
    assets = [url_for("field.shell"), url_for("field.manifest"), url_for("field.rule_sets")]
    assets += [url_for("field.rule_set", rule_set_id=rule_set_id) for rule_set_id in exported()]
    digest = hashlib.sha256(SHELL.read_bytes())
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            assets.append(url_for("static", filename=path.relative_to(STATIC).as_posix()))
            digest.update(path.read_bytes())
    for data in exported().values():
        digest.update(data["digest"].encode())
    header = f"const VERSION = {digest.hexdigest()[:16]!r};\nconst ASSETS = {assets!r};\n"
    response = Response(header + WORKER.read_text(encoding="utf-8"), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/rules.json")
def rule_sets():  # type: ignore[no-untyped-def]
    return jsonify([{**item, "url": url_for("field.rule_set", rule_set_id=item["id"])} for item in index()])


@bp.get("/rules/<rule_set_id>.json")
def rule_set(rule_set_id: str):  # type: ignore[no-untyped-def]
    data = exported().get(rule_set_id)
    if data is None:
        abort(404)
    response = jsonify(data)
    response.set_etag(data["digest"])
    return response.make_conditional(request)


@bp.get("/session.json")
@login_required
def session():  # type: ignore[no-untyped-def]
    """Who is signed in, whether the app serves them, the wipe setting, their villages, a sign-out token."""
    if not may(current_user, Permission.SURVEY_FILL):
        abort(403)
    return jsonify(
        {
            "name": current_user.full_name,
            "wipe_after_days": int(current_app.config["FIELD_WIPE_AFTER_DAYS"]),
            "villages": [
                {"id": village.id, "name": queries.village_label(village)}
                for village in queries.field_villages(current_user)
            ],
            "csrf_token": generate_csrf(),
        }
    )


@bp.get("/villages/<int:village_id>.json")
@login_required
def village(village_id: int):  # type: ignore[no-untyped-def]
    """A village's households and members, to take offline."""
    found = queries.visible_village(current_user, village_id)
    if found is None:
        abort(404)
    if not may(current_user, Permission.SURVEY_FILL, found):
        abort(403)
    response = jsonify(queries.snapshot(current_user, found))
    db.session.commit()  # the access log's entries
    return response


@bp.post("/token")
@login_required
def field_token():  # type: ignore[no-untyped-def]
    """A personal API token for this phone, living as long as its data may stay (the secret is shown once)."""
    if not may(current_user, Permission.SURVEY_FILL):
        abort(403)
    days = int(current_app.config["FIELD_WIPE_AFTER_DAYS"])
    _token, secret = tokens.create(
        current_user,
        name=_("Ứng dụng thực địa"),
        scopes=tokens.scopes_for(list(tokens.FEATURES), "write"),
        days=days,
        created_by=current_user,
    )
    db.session.commit()
    return jsonify({"token": secret, "days": days})


@bp.post("/token/revoke")
@login_required
def revoke_token():  # type: ignore[no-untyped-def]
    """Signing out of the app: the phone's token (sent as its bearer) stops working; another user's is left."""
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    found = tokens.find(secret.strip()) if scheme.lower() == "bearer" else None
    if found is None or found.user_id != current_user.id:
        abort(404)
    tokens.revoke(found, current_user)
    db.session.commit()
    return "", 204
