"""The JSON API at /api/v1, over the same services, scoping and permission door as the web pages.

One pattern per resource: a module `casework/api/<resource>.py` with its pydantic models and views,
imported in `init_app` below; its feature named in `tokens.FEATURES` (what a token's scope may grant).
A view reads like a web view (load → 404 → permission → 403 → validate → one service call) and returns
a model; it never commits:

    @bp.get("/households/<int:household_id>")
    @spec.validate(resp=answers(HouseholdOut), tags=[TAG])
    @endpoint("households")                      # scope households:read, commit, audit entry
    def get_household(household_id: int) -> HouseholdOut:
        household = queries.get_household(user(), household_id) or abort(404)
        return HouseholdOut.of(household)

    @bp.post("/households")
    @spec.validate(json=HouseholdIn, resp=answers(HouseholdOut, status=201, write=True), tags=[TAG])
    @endpoint("households", write=True)          # scope households:write, Idempotency-Key, one commit
    def create_household(json: HouseholdIn): ...

- `core.user()` is the token's user: ask the door (`permissions.may(...)`) and the queries with it.
- Refuse with `errors.fail(status, message, field)` or let a service's `Refused` through: both become
  {"errors": [{"field", "message"}]}; validation errors of the models come out the same way (422).
- Lists page with `paging.page(statement, order, key, cursor=..., limit=...)` (opaque cursors).
- Versioned rows answer with an ETag and take If-Match or a `version` field (`core.expected_version`):
  stale → 409, neither sent → 428.
- A case's step over the API is the feature's own service, registered with `@step("trigger")` in
  `casework/api/steps.py` (or the feature's API module); POST /cases/{id}/transitions finds it there.
- Tests: `tests/casework/api/helpers.issue(app, world, "canbo", "households:write")` gives bearer headers.
- Every operation is in the OpenAPI description (`spec.validate`), so the Schemathesis run
  (tests/casework/api/test_schemathesis.py) covers a new resource without further work.
"""

from __future__ import annotations

import copy

from flask import Blueprint, Flask, Response, jsonify, render_template

docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")
DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"


@docs.get("/openapi.json")
def description() -> Response:
    """The OpenAPI 3.1 description, generated from the views' models."""
    from casework.api.spec import spec, with_file_answers

    return jsonify(with_file_answers(copy.deepcopy(spec.spec)))


@docs.get("/docs")
def documentation() -> Response:
    """Swagger UI, from files in casework/static/vendor (no CDN), reading /api/v1/openapi.json."""
    response = Response(render_template("pages/api/docs.html"))
    response.headers["Content-Security-Policy"] = DOCS_POLICY  # Swagger UI sets inline styles
    return response


def init_app(app: Flask) -> None:
    from casework.api import (  # noqa: F401 -- the resources register their views
        cases,
        documents,
        households,
        limits,
        meetings,
        photos,
        postings,
        recognised,
        reports,
        requests,
        runs,
        surveys,
    )
    from casework.api.cli import service_account_command
    from casework.api.core import bp
    from casework.api.pages import pages
    from casework.cli import users_cli
    from casework.extensions import csrf

    csrf.exempt(bp)  # no session is read here: a bearer token authorises, so there is no CSRF to forge
    limits.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(docs)
    app.register_blueprint(pages)
    users_cli.add_command(service_account_command)  # flask users service-account ...
