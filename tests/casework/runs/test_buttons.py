"""The run page shows a batch step's button to the users the permission door lets take it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.casework.decisions.test_decisions import closed_cases
from tests.support.world import World


def _page(app: Flask, username: str, run_id: int) -> str:
    client: FlaskClient = app.test_client()
    assert client.post("/login", data={"username": username, "password": "mat-khau-thu-nghiem"}).status_code == 302
    return client.get(f"/runs/{run_id}").get_data(as_text=True)


def test_each_batch_step_shows_for_the_role_that_takes_it(app: Flask, world: World) -> None:
    run_id, _ids = closed_cases(app, world, {"a1": "poor"})  # a monthly cycle: prepared by staff, no upper level
    prepare, decide, whole_list = f"/runs/{run_id}/prepare", f"/runs/{run_id}/decision", f"/runs/{run_id}/lists/review"
    staff = _page(app, "canbo", run_id)
    assert prepare in staff and whole_list in staff
    chairman = _page(app, "chutich", run_id)
    assert prepare not in chairman and whole_list in chairman
    supervisor = _page(app, "mttq", run_id)
    assert prepare not in supervisor and whole_list not in supervisor

    client = app.test_client()
    client.post("/login", data={"username": "canbo", "password": "mat-khau-thu-nghiem"})
    assert client.post(prepare).status_code == 302
    assert decide not in _page(app, "canbo", run_id)
    assert decide in _page(app, "chutich", run_id)
