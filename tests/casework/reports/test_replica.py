"""CASEWORK_REPORTS_DATABASE_URL: the reports, the dashboard and the exports read from the replica's
engine (the bind "reports"), never from the main one; without it they read the main database."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event

from casework import replica
from casework.extensions import db
from tests.casework.reports.test_pages import _query
from tests.casework.reports.test_pages import figures as figures  # the fixture, for this module
from tests.conftest import make_app
from tests.support.world import PASSWORD, World


def test_reports_and_the_dashboard_read_from_the_replica(app: Flask, figures: World, tmp_path: Path) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    replicated = make_app(url, tmp_path, REPORTS_DATABASE_URL=url)  # the same data through a second engine
    seen: dict[str, list[str]] = {"reports": [], "main": []}
    with replicated.app_context():
        engines = {"reports": db.engines["reports"], "main": db.engine}
    assert engines["reports"] is not engines["main"]
    for name, engine in engines.items():
        event.listen(engine, "before_cursor_execute", lambda *args, name=name: seen[name].append(args[2]))
    try:
        client = replicated.test_client()
        assert client.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 302
        report = client.get(_query(figures))
        assert report.status_code == 200 and "Tổng hợp kết quả rà soát hộ nghèo" in report.get_data(as_text=True)
        counted = [statement for statement in seen["reports"] if "facts" in statement]
        assert counted and not [statement for statement in seen["main"] if "facts" in statement]
        seen["reports"].clear()
        assert client.get("/dashboard").status_code == 200
        assert any(_counts_cases(statement) for statement in seen["reports"])
        assert not any(_counts_cases(statement) for statement in seen["main"])
    finally:
        with replicated.app_context():
            for engine in engines.values():
                engine.dispose()


def _counts_cases(statement: str) -> bool:
    """The dashboard's count of open cases by state."""
    return "GROUP BY" in statement and "cases.state" in statement.split("GROUP BY", 1)[1]


def test_without_a_replica_the_reports_read_the_main_database(app: Flask) -> None:
    with app.app_context():
        assert not replica.configured() and replica.session() is db.session
