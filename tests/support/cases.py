"""Put a case straight into any state of its procedure, with the rows that state implies.

`build_case("posted", world=world)` walks the procedure's definition from the case's creation to
the state asked for (the shortest way, or the triggers given in `via`) and writes, for each step,
what the step would have left behind: the request (Mẫu 01) and its event, a completed survey, the
village meeting and its vote, the posting, the complaint and its re-check, the report to the upper
level, the decision, and one `CaseEvent` per step. No document is rendered and no guard is
checked: the point is to reach a state fast, so that a page or a later step can be tested there.
The `create_case` fixture (tests/conftest.py) is this function inside the test's app.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from casework import crypto
from casework.extensions import db
from casework.models import (
    Case,
    CaseEvent,
    CaseRequest,
    CaseType,
    Complaint,
    Decision,
    Household,
    MeetingVote,
    Posting,
    Recheck,
    ReviewRun,
    RunKind,
    Survey,
    SurveyStatus,
    UpperReview,
    User,
    VillageMeeting,
)
from tests.support.world import World
from workflow.procedures import get_procedure

CAMPAIGN_YEAR = 2026
CAMPAIGN = (dt.date(2026, 9, 1), dt.date(2026, 12, 14))  # the periodic window of QĐ 24 (1/9-14/12)
ORIGIN_TRIGGER = {"request": "log_request", "existing_list": "list_existing"}


@dataclass
class CreatedCase:
    """Ids of the case and of the rows made on its way (None: the way did not pass that step)."""

    id: int
    run_id: int
    household_id: int
    state: str
    path: tuple[str, ...]
    rows: dict[str, int] = field(default_factory=dict)  # "request", "survey", "meeting", "posting", ...


def path_to(procedure_name: str, state: str, origin: str = "request") -> tuple[str, ...]:
    """The shortest sequence of triggers from the case's creation by `origin` to `state`."""
    procedure = get_procedure(procedure_name)
    start = procedure.creations[ORIGIN_TRIGGER[origin]]
    paths: dict[str, tuple[str, ...]] = {start: ()}
    todo = deque([start])
    while todo:
        here = todo.popleft()
        for spec in procedure.transitions:
            if here in spec.sources and spec.dest not in paths:
                paths[spec.dest] = (*paths[here], spec.trigger)
                todo.append(spec.dest)
    if state not in paths:
        raise ValueError(f"{procedure_name}: no way from {start} to {state!r}")
    return paths[state]


def _dest(procedure_name: str, state: str, trigger: str) -> str:
    for spec in get_procedure(procedure_name).transitions:
        if spec.trigger == trigger and state in spec.sources:
            return spec.dest
    raise ValueError(f"{procedure_name}: {trigger!r} is not a step from {state!r}")


def default_run(commune_id: int, case_type: CaseType) -> ReviewRun:
    """The commune's 2026 campaign (periodic review) or its October 2026 cycle (every other procedure),
    made on first use and shared by the cases created after."""
    periodic = case_type is CaseType.PERIODIC_REVIEW
    kind = RunKind.PERIODIC_CAMPAIGN if periodic else RunKind.MONTHLY_CYCLE
    found = db.session.execute(
        select(ReviewRun).where(
            ReviewRun.commune_id == commune_id, ReviewRun.kind == kind, ReviewRun.period_year == CAMPAIGN_YEAR
        )
    ).scalar_one_or_none()
    if found is not None:
        return found
    starts, ends = CAMPAIGN if periodic else (dt.date(2026, 10, 15), dt.date(2026, 10, 30))
    run = ReviewRun(
        commune_id=commune_id,
        kind=kind,
        period_year=CAMPAIGN_YEAR,
        period_month=None if periodic else 10,
        starts_on=starts,
        ends_on=ends,
        settings={},
    )
    db.session.add(run)
    db.session.flush()
    return run


class _Walk:
    """The rows one step leaves behind; one method per trigger that leaves more than its event."""

    def __init__(self, case: Case, day: dt.date, actor: User | None, household_class: str) -> None:
        self.case, self.day, self.actor, self.household_class = case, day, actor, household_class
        self.rows: dict[str, int] = {}

    def _keep(self, name: str, row: db.Model) -> None:
        db.session.add(row)
        db.session.flush()
        self.rows[name] = row.id

    def log_request(self) -> dict[str, object]:
        head = self.case.household.head
        request = CaseRequest(
            case=self.case,
            form="mau_04" if self.case.case_type is CaseType.EXIT_REQUEST else "mau_01",
            request_kind="exit" if self.case.case_type is CaseType.EXIT_REQUEST else "poverty_review",
            applicant_member_id=head.id,
            reason="Hoàn cảnh khó khăn",
            channel="in_person",
            signed_place="",
            signed_on=self.day,
            received_on=self.day,
            received_by_id=self.actor.id if self.actor else None,
            receipt_number=f"TEST-{self.case.id}",
            promised_on=self.case.run.ends_on,
            notice_version="test",
        )
        self._keep("request", request)
        return {"channel": "in_person", "receipt_number": request.receipt_number}

    def complete_survey(self) -> dict[str, object]:
        survey = Survey(
            household_id=self.case.household_id,
            case_id=self.case.id,
            status=SurveyStatus.COMPLETED,
            period=dt.date(self.case.run.period_year, 1, 1),
            reference_date=self.day,
            answers_ciphertext=crypto.encrypt_json({}),
            household_class=self.household_class,
            deprived_indicators=[],
            surveyor_id=self.actor.id if self.actor else None,
        )
        self._keep("survey", survey)
        self.case.provisional_class = self.household_class
        return {"survey_id": survey.id, "household_class": self.household_class}

    resurvey = complete_survey  # the new survey, the earlier one kept

    def _meeting(self, passed: bool) -> dict[str, object]:
        meeting = VillageMeeting(
            run_id=self.case.run_id,
            village_id=self.case.household.village_id,
            held_on=self.day,
            attendee_count=30,
            chair_name="Thào Seo Sính",
            secretary_name="Lò Thị Mai",
        )
        meeting.votes.append(
            MeetingVote(case_id=self.case.id, agree_count=20 if passed else 3, attendee_count=30, passed=passed)
        )
        self._keep("meeting", meeting)
        return {"agree_count": 20 if passed else 3, "attendee_count": 30}

    def pass_meeting(self) -> dict[str, object]:
        return self._meeting(passed=True)

    def fail_meeting(self) -> dict[str, object]:
        return self._meeting(passed=False)

    def post(self) -> dict[str, object]:
        posting = Posting(
            run_id=self.case.run_id,
            village_id=self.case.household.village_id,
            places="Nhà văn hóa thôn",
            starts_on=self.day,
            ends_on=self.day + dt.timedelta(days=9),
        )
        posting.cases.append(self.case)
        self._keep("posting", posting)
        return {"posting_id": posting.id, "posting_end": posting.ends_on.isoformat()}

    def file_complaint(self) -> dict[str, object]:
        complaint = Complaint(
            posting_id=self.rows["posting"],
            case_id=self.case.id,
            received_on=self.day,
            channel="in_person",
            kind="exclusion",
            content="Hộ khiếu nại kết quả",
        )
        self._keep("complaint", complaint)
        return {"complaint_id": complaint.id}

    def finish_recheck(self) -> dict[str, object]:
        complaint = db.session.get_one(Complaint, self.rows["complaint"])
        complaint.status = "resolved"
        recheck = Recheck(
            complaint_id=complaint.id,
            started_on=self.day,
            finished_on=self.day,
            team="Tổ phúc tra",
            conclusion="upheld",
        )
        self._keep("recheck", recheck)
        return {"recheck_id": recheck.id, "posting_end": (self.day + dt.timedelta(days=9)).isoformat()}

    def close_posting(self) -> dict[str, object]:
        db.session.get_one(Posting, self.rows["posting"]).closed_on = self.day
        return {}

    def send_upper(self) -> dict[str, object]:
        self._keep("upper_review", UpperReview(run_id=self.case.run_id, level="district", sent_on=self.day))
        return {"upper_review_id": self.rows["upper_review"]}

    def record_upper_reply(self) -> dict[str, object]:
        review = db.session.get_one(UpperReview, self.rows["upper_review"])
        review.replied_on, review.outcome = self.day, "agreed"
        return {"outcome": "agreed"}

    def recognise(self) -> dict[str, object]:
        decision = Decision(run_id=self.case.run_id, number="1/QĐ-UBND", issued_on=self.day, signer_name="Chủ tịch")
        self._keep("decision", decision)
        self.case.final_class = self.household_class
        return {"decision_id": decision.id}

    def refuse(self) -> dict[str, object]:
        self.case.refusal_reasons = "Không đủ điều kiện theo chuẩn nghèo"
        return {"refusal_reasons": self.case.refusal_reasons}


def build_case(
    state: str,
    *,
    world: World,
    household: int | str = "a1",
    run: ReviewRun | int | None = None,
    case_type: CaseType | str = CaseType.PERIODIC_REVIEW,
    origin: str = "request",
    via: Sequence[str] | None = None,
    household_class: str = "poor",
    actor: str | None = "canbo",
) -> CreatedCase:
    """A case of `household` (a village key of the world, or an id) in `state`; committed."""
    case_type = CaseType(case_type)
    household_id = world.households[household] if isinstance(household, str) else household
    home = db.session.get_one(Household, household_id)
    if isinstance(run, int):
        run = db.session.get_one(ReviewRun, run)
    run = run or default_run(home.village.commune_id, case_type)
    path = tuple(via) if via is not None else path_to(case_type.value, state, origin)
    user = db.session.get(User, world.users[actor]) if actor else None
    subject = home.head.id if case_type is CaseType.LOW_INCOME_WORKER else None
    creation = ORIGIN_TRIGGER[origin]
    case = Case(
        case_type=case_type,
        run=run,
        household=home,
        origin=origin,
        subject_member_id=subject,
        state=get_procedure(case_type.value).creations[creation],
        deadline=run.ends_on if run.period_month else None,
    )
    db.session.add(case)
    db.session.flush()  # the rows below name the case
    walk = _Walk(case, run.starts_on, user, household_class)
    _step(walk, creation, None, case.state)
    for number, trigger in enumerate(path, start=1):
        walk.day = run.starts_on + dt.timedelta(days=number)
        source = case.state
        case.state = _dest(case_type.value, source, trigger)
        _step(walk, trigger, source, case.state)
    if case.state != state:
        raise ValueError(f"the way {path} leads to {case.state}, not {state}")
    db.session.commit()
    return CreatedCase(case.id, run.id, household_id, case.state, path, dict(walk.rows))


def _step(walk: _Walk, trigger: str, source: str | None, dest: str) -> None:
    make: Callable[[], dict[str, object]] | None = getattr(walk, trigger, None) if not trigger.startswith("_") else None
    facts = make() if make else {}
    role = walk.actor.assignments[0].role.value if walk.actor else None
    db.session.add(
        CaseEvent(
            case_id=walk.case.id,
            actor_user_id=walk.actor.id if walk.actor else None,
            actor_role=role,
            trigger=trigger,
            from_state=source,
            to_state=dest,
            facts={**facts, "document_ids": []},
            effective_on=walk.day,
        )
    )
