"""Schemathesis (MIT) drives every operation of the API from the API's own OpenAPI description, as a
writing token of commune a's officer: no answer is a 5xx, and every answer matches the description.

New resources are covered as soon as they are in the description. Bounded: a few examples per
operation (SCHEMATHESIS_EXAMPLES), no shrinking, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from casework.api import tokens
from casework.extensions import db
from casework.models import AuditEntry
from tests.casework.api.helpers import issue
from tests.support.world import World

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_api_keeps_its_description(app: Flask, world: World) -> None:
    app.config["API_RATE_LIMIT"] = "100000 per minute"  # the limit has its own test
    headers = issue(app, world, "canbo", *tokens.scopes_for(list(tokens.FEATURES), "write"))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def keeps_its_description(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_its_description()
    with app.app_context():  # every operation was called, with the token, more than once
        calls = db.session.execute(select(AuditEntry.details).where(AuditEntry.action == "api_call")).scalars().all()
        assert len({(c["method"], c["path"].split("/")[3]) for c in calls}) >= 4 and len(calls) > 2 * len(operations)
