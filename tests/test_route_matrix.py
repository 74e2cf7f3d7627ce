"""Every route of the URL map × every kind of user × an object of their own commune and of another.

The table below says, for each rule and method, who may use it on an object of commune a (village
a1). The test derives what everyone should get: those users an answer (200, a redirect, or a form
error), a user of commune a who may not a refusal (403, or 404 where the user's role reaches no
object of that kind), anyone outside commune a a 404, an anonymous visitor the sign-in page. A
refused POST must write nothing: every table keeps its row count and every case its state and
version. A route missing from the table (or an entry for a route that is gone) fails the test.

The whole matrix runs on SQLite; PostgreSQL runs it for a sample of users, to bound the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.support.clock import Clock
from tests.support.routes import OTHER, OWN, Objects, build_objects, case_versions, row_counts
from tests.support.world import PASSWORD, World

ANONYMOUS = "anonymous"
EVERYONE = frozenset({"admin", "tinh", "huyen", "chutich", "canbo", "rasoat", "truongthon", "mttq", "canbo_b"})
IN_SCOPE = EVERYONE - {"canbo_b"}  # canbo_b works in commune b: commune a's objects are out of reach
NOBODY: frozenset[str] = frozenset()
USERS = [ANONYMOUS, *sorted(EVERYONE)]
POSTGRESQL_SAMPLE = [ANONYMOUS, "canbo", "canbo_b", "mttq", "truongthon"]

ANSWERED = frozenset({200, 302, 400, 409, 422})  # done, or a form / state error shown to someone who may act
REFUSED = frozenset({403, 404})
OUT_OF_SCOPE = frozenset({404})

PUBLIC, SIGNED_IN, SCOPED = "public", "signed_in", "scoped"


@dataclass(frozen=True)
class Access:
    who: frozenset[str]  # users who may use the route on commune a's objects
    kind: str = SCOPED  # SCOPED: the URL names an object; SIGNED_IN: no object; PUBLIC: no sign-in
    public: frozenset[int] = frozenset()  # PUBLIC routes: what every visitor gets


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


def signed_in(who: frozenset[str]) -> Access:
    return Access(who, SIGNED_IN)


def public(*statuses: int) -> Access:
    return Access(EVERYONE, PUBLIC, frozenset(statuses))


COMMUNE_OFFICE = _s("admin", "tinh", "huyen", "chutich", "canbo", "mttq")  # who reads a campaign's papers
REPORTERS = _s("admin", "tinh", "huyen", "chutich", "canbo", "canbo_b")  # Permission.REPORT_VIEW
EDITORS = _s("admin", "canbo", "truongthon")  # Permission.HOUSEHOLD_EDIT in commune a
SURVEYORS = _s("admin", "canbo", "rasoat", "truongthon")  # Permission.SURVEY_FILL
ADMIN = _s("admin")

ROUTES: dict[tuple[str, str], Access] = {
    ("GET", "/"): signed_in(EVERYONE),
    ("GET", "/account/password"): signed_in(EVERYONE),
    ("GET", "/admin/access"): signed_in(_s("admin", "chutich")),
    ("POST", "/account/password"): signed_in(EVERYONE),
    ("GET", "/account/tokens"): signed_in(EVERYONE),
    ("POST", "/account/tokens"): signed_in(EVERYONE),
    # A service account's token (tests/support/routes.py): the administrator revokes it, nobody else finds it.
    ("POST", "/account/tokens/<int:token_id>/revoke"): signed_in(ADMIN),
    ("GET", "/admin/api-tokens"): signed_in(ADMIN),
    ("POST", "/admin/api-tokens"): signed_in(ADMIN),
    ("GET", "/api/v1/docs"): public(200),
    ("GET", "/api/v1/openapi.json"): public(200),
    ("GET", "/calendar/"): signed_in(ADMIN),
    ("POST", "/calendar/"): signed_in(ADMIN),
    ("POST", "/calendar/<day>/delete"): signed_in(ADMIN),
    ("GET", "/cases/<int:case_id>"): Access(IN_SCOPE),
    ("GET", "/cases/<int:case_id>/recheck"): Access(_s("canbo")),
    ("POST", "/cases/<int:case_id>/recheck"): Access(_s("canbo")),
    ("GET", "/cases/<int:case_id>/refuse"): Access(_s("chutich")),
    ("POST", "/cases/<int:case_id>/refuse"): Access(_s("chutich")),
    ("GET", "/cases/<int:case_id>/withdraw"): Access(_s("canbo")),
    ("POST", "/cases/<int:case_id>/withdraw"): Access(_s("canbo")),
    ("GET", "/cases/queue"): signed_in(EVERYONE),
    ("GET", "/dashboard"): signed_in(REPORTERS),
    ("GET", "/documents/<int:document_id>.pdf"): Access(IN_SCOPE),
    ("GET", "/exchange/"): signed_in(EVERYONE),
    ("GET", "/exchange/export/households"): signed_in(EVERYONE),
    ("POST", "/exchange/export/households"): signed_in(EVERYONE),
    # Without ?commune= the national list has no commune to export: 404 for those who may, 403 for the rest.
    ("GET", "/exchange/export/national"): signed_in(NOBODY),
    ("POST", "/exchange/export/national"): signed_in(NOBODY),
    ("GET", "/exchange/export/queue"): signed_in(EVERYONE),
    ("POST", "/exchange/export/queue"): signed_in(EVERYONE),
    # No recognised list in the world yet: 404 for everyone.
    ("GET", "/exchange/export/recognised"): signed_in(NOBODY),
    ("POST", "/exchange/export/recognised"): signed_in(NOBODY),
    ("GET", "/exchange/export/runs/<int:run_id>"): Access(COMMUNE_OFFICE | {"rasoat"}),
    ("POST", "/exchange/export/runs/<int:run_id>"): Access(COMMUNE_OFFICE | {"rasoat"}),
    ("GET", "/exchange/import"): signed_in(EDITORS | {"canbo_b"}),
    ("POST", "/exchange/import"): signed_in(EDITORS | {"canbo_b"}),
    ("GET", "/exchange/import/template"): signed_in(EDITORS | {"canbo_b"}),
    ("GET", "/exchange/imports/<int:job_id>"): Access(_s("admin", "canbo")),
    ("POST", "/exchange/imports/<int:job_id>/retry"): Access(NOBODY),
    ("GET", "/households/"): signed_in(EVERYONE),
    ("GET", "/households/new"): signed_in(EDITORS | {"canbo_b"}),
    ("POST", "/households/new"): signed_in(EDITORS | {"canbo_b"}),
    ("GET", "/households/<int:household_id>"): Access(IN_SCOPE),
    ("GET", "/households/<int:household_id>/edit"): Access(EDITORS),
    ("POST", "/households/<int:household_id>/edit"): Access(EDITORS),
    ("GET", "/households/<int:household_id>/requests/new"): Access(_s("canbo", "truongthon")),
    ("POST", "/households/<int:household_id>/requests/new"): Access(_s("canbo", "truongthon")),
    ("POST", "/households/<int:household_id>/reveal"): Access(_s("admin", "chutich", "canbo")),
    ("GET", "/households/<int:household_id>/photos/<int:photo_id>"): Access(
        _s("admin", "chutich", "canbo", "rasoat", "truongthon")  # Permission.SURVEY_VIEW, as a survey
    ),
    # The field app: its shell and the rule sets hold no personal data; the rest is for those who survey.
    ("GET", "/field/"): public(200),
    ("GET", "/field/manifest.webmanifest"): public(200),
    ("GET", "/field/sw.js"): public(200),
    ("GET", "/field/rules.json"): public(200),
    ("GET", "/field/rules/<rule_set_id>.json"): public(200),
    ("GET", "/field/session.json"): signed_in(SURVEYORS | {"canbo_b"}),
    ("POST", "/field/token"): signed_in(SURVEYORS | {"canbo_b"}),
    # Without the phone's own bearer token there is nothing to revoke (404): tests/casework/field revokes one.
    ("POST", "/field/token/revoke"): signed_in(NOBODY),
    ("GET", "/field/villages/<int:village_id>.json"): Access(SURVEYORS),
    ("GET", "/households/<int:household_id>/surveys/new"): Access(SURVEYORS),
    ("POST", "/households/<int:household_id>/surveys/new"): Access(SURVEYORS),
    ("POST", "/households/<int:household_id>/surveys/preview"): Access(SURVEYORS),
    ("GET", "/jobs/<int:job_id>"): Access(COMMUNE_OFFICE | {"rasoat"}),
    # Only who asked for a job runs it again (the matrix's jobs were asked for by nobody).
    ("POST", "/jobs/<int:job_id>/retry"): Access(NOBODY),
    ("POST", "/language/<code>"): public(302),
    ("GET", "/login"): public(200, 302),
    ("POST", "/login"): public(302, 422),
    ("POST", "/logout"): signed_in(EVERYONE),
    ("GET", "/meetings/<int:meeting_id>"): Access(IN_SCOPE),
    ("GET", "/postings/<int:posting_id>"): Access(IN_SCOPE),
    ("POST", "/postings/<int:posting_id>/close"): Access(_s("canbo")),
    ("POST", "/postings/<int:posting_id>/complaints"): Access(_s("canbo")),
    ("GET", "/reports/"): signed_in(REPORTERS),
    ("GET", "/reports/bundle"): signed_in(REPORTERS),
    ("GET", "/reports/view"): signed_in(REPORTERS),
    ("GET", "/runs"): signed_in(EVERYONE),
    # A campaign is opened for a whole commune: by its staff (or an administrator), not a village head.
    ("GET", "/runs/new"): signed_in(_s("admin", "canbo", "canbo_b")),
    ("POST", "/runs/new"): signed_in(_s("admin", "canbo", "canbo_b")),
    ("GET", "/runs/<int:run_id>"): Access(IN_SCOPE),
    ("GET", "/runs/<int:run_id>/lists/standard"): Access(IN_SCOPE),
    # No certificate waits for a signature in the world: refused for all, nothing written.
    ("POST", "/runs/<int:run_id>/certificates/sign"): Access(NOBODY),
    ("GET", "/runs/<int:run_id>/decision"): Access(_s("chutich")),
    ("POST", "/runs/<int:run_id>/decision"): Access(_s("chutich")),
    ("POST", "/runs/<int:run_id>/list-requests"): Access(_s("canbo")),
    # The whole list is issued as a document by a job: the commune's officials (Permission.RUN_LIST_ISSUE),
    # never a read-only role.
    ("POST", "/runs/<int:run_id>/lists/review"): Access(_s("admin", "chutich", "canbo")),
    ("GET", "/runs/<int:run_id>/postings/new"): Access(_s("canbo")),
    ("POST", "/runs/<int:run_id>/postings/new"): Access(_s("canbo")),
    ("POST", "/runs/<int:run_id>/prepare"): Access(_s("canbo")),
    ("GET", "/runs/<int:run_id>/upper"): Access(_s("huyen", "chutich", "canbo")),
    ("POST", "/runs/<int:run_id>/upper-level"): Access(_s("admin", "chutich", "canbo")),
    ("GET", "/runs/<int:run_id>/standard"): Access(_s("admin", "chutich", "canbo")),
    ("POST", "/runs/<int:run_id>/standard"): Access(_s("admin", "chutich", "canbo")),
    ("POST", "/runs/<int:run_id>/upper"): Access(_s("chutich")),
    ("GET", "/runs/<int:run_id>/villages/<int:village_id>/meeting"): Access(_s("truongthon")),
    ("POST", "/runs/<int:run_id>/villages/<int:village_id>/meeting"): Access(_s("truongthon")),
    # The approval letter waits for huyen's signature; chutich asked for it and may follow it.
    ("GET", "/signing/<int:request_id>"): Access(_s("huyen", "chutich")),
    ("GET", "/signing/<int:request_id>/document.pdf"): Access(_s("huyen", "chutich")),
    ("POST", "/signing/<int:request_id>/cancel"): Access(_s("huyen", "chutich")),
    ("POST", "/signing/<int:request_id>/handoff"): Access(_s("huyen")),
    # No PKCS#11 token is configured in the tests: the token route is absent (404) for everyone.
    ("POST", "/signing/<int:request_id>/pkcs11"): Access(NOBODY),
    ("POST", "/signing/<int:request_id>/pkcs12"): Access(_s("huyen")),
    ("POST", "/signing/<int:request_id>/upload"): Access(_s("huyen")),
    # The desktop agent's links carry their own single-use token: a made-up token finds nothing.
    ("GET", "/signing/agent/<token>/document.pdf"): public(404),
    ("POST", "/signing/agent/<token>/upload"): public(404),
    ("GET", "/signing/certificates"): signed_in(EVERYONE),
    ("POST", "/signing/certificates"): signed_in(ADMIN),
    ("POST", "/signing/certificates/<int:certificate_id>/withdraw"): signed_in(ADMIN),
    ("GET", "/static/<path:filename>"): public(200),
    ("GET", "/surveys/<int:survey_id>"): Access(_s("admin", "chutich", "canbo", "rasoat", "truongthon")),
    ("GET", "/surveys/<int:survey_id>/edit"): Access(SURVEYORS),
    ("POST", "/surveys/<int:survey_id>/edit"): Access(SURVEYORS),
    ("GET", "/units/communes"): signed_in(_s("admin", "canbo", "canbo_b")),
    ("GET", "/units/communes/<int:commune_id>/villages"): Access(_s("admin", "canbo")),
    ("POST", "/units/communes/<int:commune_id>/villages"): Access(_s("admin", "canbo")),
    ("GET", "/units/communes/<int:commune_id>/documents"): Access(_s("admin", "canbo")),
    ("POST", "/units/communes/<int:commune_id>/documents"): Access(_s("admin", "canbo")),
    ("GET", "/units/provinces/<int:province_id>/settings"): signed_in(ADMIN),
    ("POST", "/units/provinces/<int:province_id>/settings"): signed_in(ADMIN),
    ("POST", "/units/villages/<int:village_id>/close"): Access(_s("admin", "canbo")),
    ("GET", "/upper"): signed_in(_s("huyen", "canbo", "canbo_b")),
    ("GET", "/upper/<int:review_id>"): Access(_s("huyen")),
    ("POST", "/upper/<int:review_id>"): Access(_s("huyen")),
    ("GET", "/upper/<int:review_id>/reply"): Access(_s("canbo")),
    ("POST", "/upper/<int:review_id>/reply"): Access(_s("canbo")),
    ("GET", "/v/<reference>"): public(200),
    ("POST", "/v/<reference>"): public(422),
}

# Steps that change what later requests of the same user see run last, in this order.
LAST = ["/signing/<int:request_id>/cancel", "/units/villages/<int:village_id>/close", "/logout"]


def _methods(rule: Rule) -> list[str]:
    """The JSON API (/api/) answers bearer tokens, never a session: tests/casework/api checks it (its public
    description and documentation page are in ROUTES)."""
    if rule.rule.startswith("/api/") and rule.endpoint.startswith("api."):
        return []
    return sorted(m for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))


def _cells(app: Flask) -> list[tuple[str, Rule]]:
    """(method, rule) in the order the matrix walks them: GETs, then POSTs, the LAST ones at the end."""

    def order(cell: tuple[str, Rule]) -> tuple[int, bool, str]:
        method, rule = cell
        return (LAST.index(rule.rule) if rule.rule in LAST else -1, method == "POST", rule.rule)

    return sorted(((m, r) for r in app.url_map.iter_rules() for m in _methods(r)), key=order)


def expected(method: str, rule: str, user: str, side: str) -> frozenset[int] | str:
    """The statuses `user` may get; "login" for the redirect to the sign-in page."""
    access = ROUTES[(method, rule)]
    if access.kind == PUBLIC:
        return access.public
    if user == ANONYMOUS:
        return "login"
    if access.kind == SCOPED and user != "admin" and (side == OTHER or user not in IN_SCOPE):
        return OUT_OF_SCOPE
    # A role the step is not theirs is refused before its input is read (403, never a 422).
    return ANSWERED if user in access.who else REFUSED


def test_every_route_has_an_entry(app: Flask) -> None:
    served = {(method, rule.rule) for rule in app.url_map.iter_rules() for method in _methods(rule)}
    assert sorted(served - set(ROUTES)) == [], "add these routes to ROUTES"
    assert sorted(set(ROUTES) - served) == [], "these routes are gone: remove them from ROUTES"


def _sign_in(app: Flask, user: str) -> FlaskClient:
    client = app.test_client()
    if user != ANONYMOUS:
        response = client.post("/login", data={"username": user, "password": PASSWORD})
        assert response.status_code == 302, user
    return client


def _request(client: FlaskClient, method: str, url: str) -> tuple[int, str]:
    response = client.open(url, method=method, data={})
    response.close()  # a static file is streamed: close it, or the file handle leaks
    return response.status_code, response.headers.get("Location", "")


def _walk(app: Flask, objects: Objects, user: str) -> list[str]:
    """Every cell of the user's row of the matrix; the mismatches, described."""
    client, problems = _sign_in(app, user), []
    for method, rule in _cells(app):
        scoped = rule.arguments and ROUTES[(method, rule.rule)].kind == SCOPED
        for side in (OWN, OTHER) if scoped else (OWN,):
            url = objects.url(rule, side)
            want = expected(method, rule.rule, user, side)
            watch = (
                method == "POST" and want != ANSWERED and rule.rule not in ("/login", "/logout")
            )  # sign-ins are audited
            if watch:
                with app.app_context():
                    before = (row_counts(), case_versions())
            status, location = _request(client, method, url)
            ok = status == 302 and "/login" in location if want == "login" else status in want
            if not ok:
                problems.append(f"{method} {rule.rule} ({side}) as {user}: {status}, expected {want}")
            if watch:
                with app.app_context():
                    if (row_counts(), case_versions()) != before:
                        problems.append(f"{method} {rule.rule} ({side}) as {user}: refused, but wrote")
            if rule.rule == "/logout" and user != ANONYMOUS:
                client = _sign_in(app, user)
    return problems


MATRIX = [pytest.param("sqlite", user, id=f"sqlite-{user}") for user in USERS] + [
    pytest.param("postgresql", user, id=f"postgresql-{user}") for user in POSTGRESQL_SAMPLE
]


@pytest.mark.parametrize(("backend", "user"), MATRIX, indirect=["backend"])
def test_route_matrix(app: Flask, world: World, clock: Clock, user: str) -> None:
    clock.set(dt.date(2026, 10, 20))  # inside the world's 2026 campaign
    with app.app_context():
        objects = build_objects(world)
    problems = _walk(app, objects, user)
    assert problems == [], "\n".join(problems)
