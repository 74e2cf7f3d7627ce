"""The user-creation command, as an administrator would run it."""

from __future__ import annotations

from flask import Flask

from tests.support.world import World


def test_users_create_gives_a_role_in_a_unit_and_the_user_can_sign_in(app: Flask, world: World) -> None:
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=["users", "create", "CanBo2", "--name", "Lù Thị Dợ", "--role", "commune_staff", "--unit", "00733"],
        input="mat-khau-rat-dai\nmat-khau-rat-dai\n",
    )
    assert created.exit_code == 0, created.output
    client = app.test_client()
    assert client.post("/login", data={"username": "canbo2", "password": "mat-khau-rat-dai"}).status_code == 302
    page = client.get("/households/").get_data(as_text=True)
    assert "Sùng Mí Chứ" in page and "Giàng Seo Páo" not in page  # Xã Sà Phìn only


def test_users_create_explains_what_is_wrong(app: Flask, world: World) -> None:
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "x", "--name", "X", "--role", "admin"], input="ngan\nngan\n")
    assert short.exit_code != 0 and "ít nhất 12 ký tự" in short.output
    taken = runner.invoke(
        args=["users", "create", "canbo", "--name", "X", "--role", "commune_staff", "--unit", "00715"],
        input="mat-khau-rat-dai\nmat-khau-rat-dai\n",
    )
    assert taken.exit_code != 0 and "đã có" in taken.output
    unknown = runner.invoke(
        args=["users", "create", "moi", "--name", "X", "--role", "commune_staff", "--unit", "99999"],
        input="mat-khau-rat-dai\nmat-khau-rat-dai\n",
    )
    assert unknown.exit_code != 0 and "99999" in unknown.output
