"""Every label shown to people for a code: states, steps, roles, classes, case types, periods.

One wording per code. The dictionaries hold the Vietnamese source text, marked with `N_` so that
Babel extracts it: documents and official exports print it as it is, whatever language the reader
chose, and the `*_label` functions translate it for pages. State, step, document and role names
belong to the procedures and live in workflow/procedures/vocabulary.py; they are re-exported here
so that casework has one place to look.
"""

from __future__ import annotations

from flask_babel import gettext

from workflow.i18n import N_
from workflow.procedures.vocabulary import DOCUMENT_LABELS, ROLE_LABELS, STATE_LABELS, TRIGGER_LABELS

# The timeline's events are the procedures' steps (the re-survey after a failed meeting or the upper
# level's request included: it is the step `resurvey`, from "Cần khảo sát lại" back to surveyed).
EVENT_LABELS: dict[str, str] = dict(TRIGGER_LABELS)

# Classes as the official lists name them (documents print these words; snapshots hold them).
CLASS_LABELS: dict[str, str] = {
    "poor": N_("Hộ nghèo"),
    "near_poor": N_("Hộ cận nghèo"),
    "exited_poor": N_("Hộ thoát nghèo"),
    "exited_near_poor": N_("Hộ thoát cận nghèo"),
    "new_poor": N_("Hộ nghèo mới phát sinh"),
    "new_near_poor": N_("Hộ cận nghèo mới phát sinh"),
    "not_poor": N_("Hộ không nghèo"),
    "average_living_standard": N_("Hộ có mức sống trung bình"),
    "undetermined": N_("Chưa xác định"),
}
# A survey that ends undetermined tells the surveyor what to do next.
# What it waits for depends on the survey's path: casework/surveys/outcome.py says it where the survey is at hand.
SURVEY_CLASS_HINTS: dict[str, str] = {"undetermined": N_("Chưa xác định được")}

CASE_TYPE_LABELS: dict[str, str] = {
    "periodic_review": N_("Rà soát định kỳ hằng năm"),
    "regular_review": N_("Rà soát thường xuyên (Mẫu số 01)"),
    "exit_request": N_("Đề nghị công nhận thoát nghèo, thoát cận nghèo (Mẫu số 04)"),
    "average_living_standard": N_("Xác định hộ có mức sống trung bình"),
    "low_income_worker": N_("Xác định người lao động có thu nhập thấp"),
}

# Who attends a village meeting, by the categories QĐ 24 Điều 4 khoản 3 names (procedure.md §13.1),
# in the order the minutes list them. The meeting form asks a number for each; the total is the attendance.
ATTENDANCE_LABELS: dict[str, str] = {
    "steering": N_("Thành viên Ban Chỉ đạo rà soát cấp xã"),
    "poverty_officer": N_("Công chức phụ trách công tác giảm nghèo cấp xã"),
    "village_head": N_("Trưởng thôn (tổ trưởng tổ dân phố)"),
    "party_cell": N_("Đại diện chi bộ"),
    "mass_organisations": N_("Đại diện các tổ chức đoàn thể"),
    "surveyors": N_("Rà soát viên"),
    "reviewed_households": N_("Đại diện các hộ gia đình được rà soát"),
    "other_households": N_("Đại diện các hộ gia đình khác"),
}

# A run is one campaign or one month's cycle of a commune; a period is what a report covers.
RUN_LABELS: dict[str, str] = {
    "monthly": N_("Đợt rà soát thường xuyên tháng %(m)02d/%(y)d"),
    "campaign": N_("Rà soát định kỳ năm %(y)d"),
}
PERIOD_LABELS: dict[str, str] = {
    "monthly": N_("Rà soát thường xuyên tháng %(m)02d năm %(y)d"),
    "campaign": N_("Rà soát định kỳ năm %(y)d"),
    "year": N_("Năm %(y)d"),
}


def _code(value: object) -> str:
    """Enums (Role, CaseType) and plain strings alike."""
    return str(getattr(value, "value", value) or "")


def _translated(labels: dict[str, str], value: object) -> str:
    code = _code(value)
    return gettext(labels[code]) if code in labels else code


def state_label(state: object) -> str:
    return _translated(STATE_LABELS, state)


def step_label(trigger: object) -> str:
    """A trigger, or an event of the timeline."""
    return _translated(EVENT_LABELS, trigger)


def document_label(kind: object) -> str:
    return _translated(DOCUMENT_LABELS, kind)


def role_label(role: object) -> str:
    return _translated(ROLE_LABELS, role)


def class_label(value: object) -> str:
    """The class on a page; empty for none (a case not surveyed yet)."""
    return _translated(CLASS_LABELS, value)


def survey_class_label(value: object) -> str:
    """The class a survey arrived at, with what to do next when it could not decide."""
    code = _code(value)
    return gettext(SURVEY_CLASS_HINTS[code]) if code in SURVEY_CLASS_HINTS else class_label(code)


def case_type_label(value: object) -> str:
    return _translated(CASE_TYPE_LABELS, value)


def run_label(run: object) -> str:
    """'Rà soát định kỳ năm 2026' or 'Đợt rà soát thường xuyên tháng 05/2026' for a ReviewRun."""
    month, year = getattr(run, "period_month", None), getattr(run, "period_year", 0)
    text = RUN_LABELS["monthly" if month else "campaign"]
    return gettext(text, m=month or 0, y=year)


def period_label(kind: str, year: int, month: int | None = None, *, translate: bool = True) -> str:
    """What a report covers; `translate=False` for the PDF and the workbook, which stay Vietnamese."""
    text = PERIOD_LABELS[kind]
    if translate:
        text = gettext(text)
    return text % {"m": month or 0, "y": year}


def run_period_phrase(run: object, *, pad_month: bool, year: int | None = None) -> str:
    """'năm 2026' / 'tháng 5 năm 2026' inside a document's sentence (never translated).

    The posting notice prints the month as 5, the decision and the minutes as 05: each keeps
    what it prints today until the domain says which is right. `year`: the year a campaign's lists are
    for (`casework.cycles.settings.lists_year`), when it is not the run's.
    """
    month, year = getattr(run, "period_month", None), year or getattr(run, "period_year", 0)
    if month:
        return f"tháng {month:02d} năm {year}" if pad_month else f"tháng {month} năm {year}"
    return f"năm {year}"


# What every template may call (casework/web.py registers them).
TEMPLATE_GLOBALS = {
    "state_label": state_label,
    "step_label": step_label,
    "document_label": document_label,
    "role_label": role_label,
    "class_label": class_label,
    "survey_class_label": survey_class_label,
    "case_type_label": case_type_label,
    "run_label": run_label,
    "period_label": period_label,
}
