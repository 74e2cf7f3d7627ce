"""Campaigns and cycles over the API: the runs the user reaches, one with its cases counted by state and
village; another commune's run is 404, a token without the scope 403, a bad filter 422."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.casework.api.helpers import issue
from tests.support.world import World


def test_runs(app: Flask, client: FlaskClient, world: World, create_case) -> None:  # type: ignore[no-untyped-def]
    mine = create_case("requested")
    create_case("surveyed", household="a2")
    theirs = create_case("requested", household="d1")
    headers = issue(app, world, "canbo", "runs:read")

    listed = client.get("/api/v1/runs?kind=periodic_campaign&year=2026", headers=headers)
    assert listed.status_code == 200, listed.json
    assert [r["id"] for r in listed.json["items"]] == [mine.run_id]
    run = listed.json["items"][0]
    assert run["label"] == "Rà soát định kỳ năm 2026" and run["commune_id"] == world.ids["commune_a"]

    read = client.get(f"/api/v1/runs/{mine.run_id}", headers=headers)
    assert read.status_code == 200 and read.json["cases"] == 2
    assert {s["state"]: s["cases"] for s in read.json["states"]} == {"requested": 1, "surveyed": 1}
    assert all(s["state_label"] and s["state_label"] != s["state"] for s in read.json["states"])
    assert [v["village_name"] for v in read.json["villages"]] == ["Thôn Lô Lô Chải", "Thôn Thèn Pả"]

    assert client.get(f"/api/v1/runs/{theirs.run_id}", headers=headers).status_code == 404
    assert client.get("/api/v1/runs?year=1", headers=headers).json["errors"][0]["field"] == "year"
    assert client.get("/api/v1/runs", headers=issue(app, world, "canbo", "cases:read")).status_code == 403
    assert client.get("/api/v1/runs?kind=monthly_cycle", headers=headers).json["items"] == []
