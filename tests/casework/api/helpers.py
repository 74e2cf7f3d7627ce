"""Tokens for the API tests: `issue(app, world, "canbo", "households:write")` returns the bearer headers."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from casework.api import tokens
from casework.extensions import db
from casework.models import ApiToken, User
from casework.models.base import utcnow
from tests.support.world import World


def issue(app: Flask, world: World, username: str, *scopes: str, days: int = 30) -> dict[str, str]:
    with app.app_context():
        user = db.session.get(User, world.users[username])
        _token, secret = tokens.create(user, name="test", scopes=list(scopes), days=days, created_by=user)
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def token_id(app: Flask, headers: dict[str, str]) -> int:
    with app.app_context():
        found = tokens.find(headers["Authorization"].removeprefix("Bearer "))
        assert found is not None
        return found.id


def expire(app: Flask, token: int) -> None:
    with app.app_context():
        db.session.get(ApiToken, token).expires_at = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
