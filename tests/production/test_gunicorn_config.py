"""deploy/gunicorn.conf.py reads its settings from the environment and logs no personal data."""

from __future__ import annotations

import runpy

import pytest

from tests.production.stack import ROOT

CONFIG = str(ROOT / "deploy" / "gunicorn.conf.py")


def test_the_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_BIND", "unix:/run/casework/web.sock")
    monkeypatch.setenv("CASEWORK_WEB_WORKERS", "3")
    monkeypatch.setenv("CASEWORK_WEB_TIMEOUT", "90")
    settings = runpy.run_path(CONFIG)
    assert settings["bind"] == ["unix:/run/casework/web.sock"]
    assert (settings["workers"], settings["timeout"], settings["worker_class"]) == (3, 90, "sync")
    assert settings["preload_app"] is False  # each worker opens its own database pool


def test_the_access_log_names_nobody() -> None:
    line = runpy.run_path(CONFIG)["access_log_format"]
    # %(h)s client address, %(q)s / %(r)s query string, %(f)s referrer, %(a)s user agent, %(u)s user
    for atom in ("%(h)s", "%(q)s", "%(r)s", "%(f)s", "%(a)s", "%(u)s", "%({"):
        assert atom not in line
    assert "%(U)s" in line and "%(s)s" in line
