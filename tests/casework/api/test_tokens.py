"""Token pages and the token's life: made on the profile page (secret shown once), used, revoked;
service accounts' tokens by the administrator; every call in the audit log; the per-token rate limit."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import ApiToken, RateCounter, User
from tests.casework.api.helpers import issue
from tests.support.world import World

SECRET = re.compile(r"rasoat_[A-Za-z0-9_-]{40,}")


def _make(client: FlaskClient, url: str, **fields: object) -> str:
    data = {"name": "Ứng dụng thu thập", "features": ["households"], "access": "read", "days": "30", **fields}
    page = client.post(url, data=data)
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    found = SECRET.findall(page.get_data(as_text=True))
    assert found, "the new secret is shown on the answer"
    return found[0]


def test_profile_token_shown_once_used_and_revoked(app: Flask, client: FlaskClient, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as("canbo")
    secret = _make(client, "/account/tokens")
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in listing and secret[:13] in listing and "Ứng dụng thu thập" in listing
    with app.app_context():
        stored = db.session.execute(select(ApiToken)).scalar_one()
        assert secret not in (stored.secret_sha256, stored.hint) and stored.scopes == ["households:read"]
        token_id = stored.id
    client.post("/logout")
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/households", headers=bearer).status_code == 200
    assert client.get("/api/v1/cases", headers=bearer).status_code == 403  # not among its features
    login_as("truongthon")  # someone else's token is not found
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    client.post("/logout")
    login_as("canbo")
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/households", headers=bearer).status_code == 401
    assert "Đã thu hồi" in client.get("/account/tokens").get_data(as_text=True)


def test_token_form_refuses_by_field(app: Flask, client: FlaskClient, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as("canbo")
    page = client.post("/account/tokens", data={"name": "", "access": "write", "days": "9999"})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Không được để trống." in text and "Chọn ít nhất một phần." in text and "Từ 1 đến 366 ngày." in text
    with app.app_context():
        assert db.session.execute(select(ApiToken)).first() is None


def test_service_account_tokens(app: Flask, client: FlaskClient, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "service-account",
            "bhyt-tinh",
            "--name",
            "Bảo hiểm y tế tỉnh",
            "--role",
            "province_viewer",
            "--unit",
            "08",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        account = db.session.execute(select(User).where(User.username == "bhyt-tinh")).scalar_one()
        assert account.service_account
        account_id = account.id
    login_as("canbo")
    assert client.get("/admin/api-tokens").status_code == 403
    client.post("/logout")
    login_as("admin")
    secret = _make(client, "/admin/api-tokens", account=str(account_id))
    households = client.get("/api/v1/households", headers={"Authorization": f"Bearer {secret}"})
    assert households.status_code == 200 and households.json["items"]  # the province's households


def test_rate_limit_per_token(app: Flask, client: FlaskClient, world: World) -> None:
    app.config["API_RATE_LIMIT"] = "2 per minute"
    first, second = issue(app, world, "canbo", "households:read"), issue(app, world, "canbo", "households:read")
    answers = [client.get("/api/v1/households", headers=first).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    limited = client.get("/api/v1/households", headers=first)
    assert "thử lại sau" in limited.json["errors"][0]["message"] and "Retry-After" in limited.headers
    assert client.get("/api/v1/households", headers=second).status_code == 200  # another token counts apart
    with app.app_context():  # counted in the database, which every web process shares
        assert sorted(db.session.execute(select(RateCounter.count)).scalars()) == [1, 4]
