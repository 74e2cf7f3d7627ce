"""Real ids for every URL parameter of the app, one object in the signed-in users' commune ("own":
commune a, village a1) and one in a commune of another province ("other": commune d, village d1),
and a way to build a rule's URL with either. Used by the role × route matrix (tests/test_route_matrix.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import func, select, text
from werkzeug.routing import Rule

from casework import models
from casework.api import tokens
from casework.extensions import db
from casework.models import (
    AdminUnit,
    CalendarDay,
    Document,
    HouseholdPhoto,
    SigningCertificate,
    SigningRequest,
    UnitLevel,
    User,
)
from tests.support.cases import build_case
from tests.support.world import World, add_household

OWN, OTHER = "own", "other"
CALENDAR_DAY = "2026-10-20"


@dataclass(frozen=True)
class Objects:
    """URL parameter name -> value, for the own and the other commune."""

    own: dict[str, object]
    other: dict[str, object]

    def url(self, rule: Rule, side: str) -> str:
        values = self.own if side == OWN else self.other
        aliases = ALIASES.get(rule.rule, {})

        def value(match: re.Match[str]) -> str:
            name = aliases.get(match.group(1), match.group(1))
            if name not in values:
                raise KeyError(f"no test value for <{name}> of {rule.rule}: add one to tests/support/routes.py")
            return str(values[name])

        return PLACEHOLDER.sub(value, rule.rule)


# The same parameter name standing for different rows.
ALIASES = {"/exchange/imports/<int:job_id>": {"job_id": "import_job_id"}}
PLACEHOLDER = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def _document(case_id: int, commune_id: int, code: str) -> int:
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    document = Document(
        kind="upper_approval",
        case_id=case_id,
        commune_id=commune_id,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        verification_code=code,
        issued_on=dt.date(2026, 10, 20),
    )
    db.session.add(document)
    db.session.flush()
    return document.id


def _jobs(run_id: int, commune_id: int) -> tuple[int, int]:
    """A review-list job of the run and a household-import job of the commune: (list job id, import job id)."""
    from casework.exchange import tasks

    jobs = [
        models.Job(kind="review_list", run_id=run_id, commune_id=commune_id),
        models.Job(kind=tasks.KIND, commune_id=commune_id, params={"filename": "ho.xlsx"}),
    ]
    db.session.add_all(jobs)
    db.session.flush()
    return jobs[0].id, jobs[1].id


def _side(world: World, village: str, commune_key: str, signer: tuple[str, int], code: str) -> dict[str, object]:
    """One commune's objects. Its campaign also holds a request waiting to be listed and a case whose
    posting is over, so that the run-wide steps (list the requests, prepare the decision) have work."""
    commune_id = world.ids[commune_key]
    posted = build_case("posted", world=world, household=village)
    upper = build_case("upper_review", world=world, household=add_household(world, village, "Hộ thứ hai"))
    build_case("requested", world=world, household=add_household(world, village, "Hộ thứ ba"))
    build_case("posting_closed", world=world, household=add_household(world, village, "Hộ thứ tư"))
    document_id = _document(posted.id, commune_id, code)
    signing = SigningRequest(
        purpose="upper_approval",
        document_id=document_id,
        commune_id=commune_id,
        signer_roles=[signer[0]],
        signer_unit_id=signer[1],
        payload={},
        created_by_id=world.users["chutich"] if commune_key == "commune_a" else None,
    )
    db.session.add(signing)
    list_job, import_job = _jobs(posted.run_id, commune_id)
    photo = HouseholdPhoto(household_id=posted.household_id, sha256="0" * 64, size_bytes=4, media_type="image/jpeg")
    photo.content = b"\xff\xd8\xff\xd9"
    db.session.add(photo)
    db.session.flush()
    values = {
        "case_id": posted.id,
        "household_id": posted.household_id,
        "document_id": document_id,
        "run_id": posted.run_id,
        "job_id": list_job,  # /exchange/imports/<job_id> is overridden below
        "meeting_id": posted.rows["meeting"],
        "posting_id": posted.rows["posting"],
        "survey_id": posted.rows["survey"],
        "photo_id": photo.id,
        "review_id": upper.rows["upper_review"],
        "request_id": signing.id,
        "village_id": world.ids[f"village_{village}"],
        "commune_id": commune_id,
        "reference": code,
        "import_job_id": import_job,
    }
    db.session.commit()
    return values


def build_objects(world: World) -> Objects:
    """Both sides' objects, committed; values that are the same on both sides are added to each."""
    other_province = db.session.execute(
        select(AdminUnit.id).where(AdminUnit.level == UnitLevel.PROVINCE, AdminUnit.code == "01")
    ).scalar_one()
    # Own: the approval letter waits for huyen (the legacy district's approver), chutich asked for it.
    own = _side(world, "a1", "commune_a", ("upper_reviewer", world.ids["district"]), "OWNDOC000001")
    own["province_id"] = world.ids["province"]
    other = _side(world, "d1", "commune_d", ("commune_chairman", world.ids["commune_d"]), "OTHDOC000001")
    other["province_id"] = other_province
    chairman = db.session.execute(select(User).where(User.username == "chutich")).scalar_one()
    certificate = db.session.execute(
        select(SigningCertificate.id).where(SigningCertificate.user_id == chairman.id).limit(1)
    ).scalar_one()
    # An administrator's correction of the calendar, for the route that removes one.
    db.session.add(CalendarDay(day=dt.date.fromisoformat(CALENDAR_DAY), kind="holiday", name="Nghỉ bù"))
    service = User(username="dich-vu", full_name="Cơ sở dữ liệu tỉnh", password_hash="!", service_account=True)
    db.session.add(service)
    db.session.flush()
    token, _secret = tokens.create(service, name="matrix", scopes=["households:read"], days=30, created_by=service)
    db.session.commit()
    shared = {"certificate_id": certificate, "day": CALENDAR_DAY, "code": "en", "token": "x" * 43}
    shared["rule_set_id"] = "vn_2022_2025"
    shared["token_id"] = token.id
    shared["filename"] = "app.css"
    return Objects({**own, **shared}, {**other, **shared})


def row_counts() -> dict[str, int]:
    """Rows of every table: a refused request must leave them all as they were."""
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.execute(select(func.count()).select_from(table)).scalar_one()
    db.session.rollback()
    return counts


def case_versions() -> dict[int, tuple[str, int]]:
    """State and version of every case: a refused step must not move or touch one."""
    rows = db.session.execute(text("SELECT id, state, version_id FROM cases")).all()
    db.session.rollback()
    return {row[0]: (row[1], row[2]) for row in rows}
