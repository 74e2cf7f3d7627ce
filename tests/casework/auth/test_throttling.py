"""Failed sign-ins slow down the one who fails, never lock out the person whose name was typed, and
lock a username only after many failures from many addresses, which administrators are told of."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEntry
from tests.support.clock import Clock
from tests.support.world import PASSWORD, World


def _from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


WRONG = "sai-mat-khau-roi"


def _try(client: FlaskClient, username: str, password: str = WRONG) -> tuple[int, str]:
    response = client.post("/login", data={"username": username, "password": password})
    return response.status_code, response.get_data(as_text=True)


def _last_failure(app: Flask) -> dt.datetime:
    """When the last failed sign-in was recorded: the test's clock moves on from there."""
    with app.app_context():
        return db.session.execute(
            select(AuditEntry.at).where(AuditEntry.action == "login_failed").order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()


def test_failures_from_one_address_grow_a_delay_there_but_do_not_lock_out_the_user(
    app: Flask, world: World, clock: Clock
) -> None:
    attacker = _from(app, "203.0.113.7")
    free = app.config["LOGIN_FREE_FAILURES"]
    for _ in range(free):
        assert _try(attacker, "canbo")[0] == 401
    clock.set_now(_last_failure(app))
    status, page = _try(attacker, "canbo", PASSWORD)  # even the right password waits now
    assert status == 429 and "Hãy chờ 2 giây rồi thử lại." in page
    # The real canbo, at the commune office, signs in at once.
    assert _try(_from(app, "198.51.100.20"), "canbo", PASSWORD)[0] == 302
    # The delay passes, another failure doubles it.
    clock.set_now(_last_failure(app) + dt.timedelta(seconds=2))
    assert _try(attacker, "canbo")[0] == 401
    clock.set_now(_last_failure(app) + dt.timedelta(seconds=1))
    status, page = _try(attacker, "canbo")
    assert status == 429 and "Hãy chờ 3 giây" in page
    clock.set_now(_last_failure(app) + dt.timedelta(seconds=4))
    assert _try(attacker, "canbo", PASSWORD)[0] == 302


def test_many_usernames_from_one_address_are_slowed_too(app: Flask, world: World, clock: Clock) -> None:
    app.config["LOGIN_ADDRESS_FREE_FAILURES"] = 6
    sprayer = _from(app, "203.0.113.8")
    for number in range(6):
        assert _try(sprayer, f"nguoi-{number}")[0] == 401
    assert _try(sprayer, "chutich", PASSWORD)[0] == 429
    assert _try(_from(app, "198.51.100.21"), "chutich", PASSWORD)[0] == 302


def test_many_failures_from_many_addresses_lock_the_username_and_administrators_are_told(
    app: Flask, world: World, clock: Clock
) -> None:
    app.config.update(LOGIN_LOCK_FAILURES=10, LOGIN_LOCK_ADDRESSES=5)
    for address in range(5):
        client = _from(app, f"203.0.113.{address + 10}")
        for _ in range(2):
            assert _try(client, "canbo")[0] == 401
    status, page = _try(_from(app, "198.51.100.22"), "canbo", PASSWORD)
    assert status == 429 and "tạm khóa" in page
    assert _try(_from(app, "198.51.100.22"), "chutich", PASSWORD)[0] == 302  # others are not locked
    with app.app_context():
        locks = db.session.execute(select(AuditEntry).where(AuditEntry.action == "login_locked")).scalars().all()
        assert [(lock.subject, lock.details["failures"], lock.details["addresses"]) for lock in locks] == [
            ("canbo", 10, 5)
        ]
    admin = _from(app, "198.51.100.23")
    assert _try(admin, "admin", PASSWORD)[0] == 302
    home = admin.get("/").get_data(as_text=True)
    assert "Tài khoản bị tạm khóa vì bị thử sai mật khẩu nhiều lần" in home and "canbo: 10 lần sai từ 5 địa chỉ" in home
    office = _from(app, "198.51.100.22")
    assert _try(office, "chutich", PASSWORD)[0] == 302
    assert "bị tạm khóa" not in office.get("/").get_data(as_text=True)  # only administrators are told
    # The lock ends by itself.
    clock.set_now(_last_failure(app) + dt.timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1))
    assert _try(_from(app, "198.51.100.24"), "canbo", PASSWORD)[0] == 302


def test_behind_a_proxy_each_client_is_throttled_by_its_own_address(app: Flask, world: World, scratch_dir) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_app

    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], scratch_dir, PROXY_HOPS=1)
    attacker, office = proxied.test_client(), proxied.test_client()
    for client, address in ((attacker, "203.0.113.30"), (office, "198.51.100.30")):
        client.environ_base.update(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)  # both via the proxy
    for _ in range(proxied.config["LOGIN_FREE_FAILURES"]):
        assert _try(attacker, "nguoi-la")[0] == 401
    proxied.config["LOGIN_ADDRESS_FREE_FAILURES"] = 3
    assert _try(attacker, "chutich", PASSWORD)[0] == 429  # the attacker's own address is slowed ...
    assert _try(office, "chutich", PASSWORD)[0] == 302  # ... not the office behind the same proxy
    with proxied.app_context():
        addresses = db.session.execute(select(AuditEntry.remote_addr).where(AuditEntry.action == "login")).scalars()
        assert list(addresses) == ["198.51.100.30"]
        db.session.remove()
        db.engine.dispose()
