"""The facts of one attempted transition, as the service hands them to the engine and the guards read them.

`Facts` names every fact a guard may read (all optional); `GuardContext` reads them back typed, so a
fact of the wrong type fails loudly as a `FactError` (a programming error in the caller) instead of
letting a guard decide on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from workflow.calendar import WorkingCalendar, national_calendar
from workflow.procedures.settings import ProcedureSettings


class Facts(TypedDict, total=False):
    """What the service tells the engine about one attempted transition (all optional).

    `today`, `settings` and `calendar` are the context: `today` is required by the guards that
    look at dates; `settings` defaults to `ProcedureSettings()` and `calendar` to the national one.
    `documents` holds the kinds of the step documents on file for the step being taken
    (`workflow.procedures.STEP_DOCUMENTS`), typically those issued since the case entered its state.
    """

    today: dt.date
    settings: ProcedureSettings
    calendar: WorkingCalendar
    campaign_year: int
    origin: str
    phieu_a_result: str
    phieu_a_configured: bool  # False: the standard applied has no Phiếu A criteria, so no screen
    survey_complete: bool
    rule_set_id: str
    provisional_class: str
    agree_count: int
    disagree_count: int
    abstain_count: int
    attendee_count: int
    posting_start: dt.date
    posting_end: dt.date
    open_complaints: int
    complaint_received_on: dt.date
    recheck_started_on: dt.date
    recheck_finished_on: dt.date  # judged against the deadline (today when not given)
    late_reason: str
    unsettled_cases: int
    upper_reply_outcome: str
    signature: str  # "verified" (a digital signature checked by the system) or "paper" (a scanned original)
    refusal_reasons: str | Sequence[str]
    documents: Collection[str]


FACT_NAMES: frozenset[str] = frozenset(Facts.__optional_keys__)


class FactError(TypeError):
    """A fact of the wrong type, or a missing context fact: a programming error in the caller."""


@dataclass(frozen=True, slots=True)
class GuardContext:
    """One attempted transition as the guards see it."""

    procedure: str
    trigger: str
    facts: Mapping[str, object]
    origin: str | None = None
    document: str | None = None  # kind of the step document this trigger needs, if any
    document_label: str = ""

    def _typed(self, name: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = self.facts.get(name)
        if value is None:
            return None
        if isinstance(value, bool) and kind is int:
            raise FactError(f"fact {name!r} must be {what}, got a bool")
        if not isinstance(value, kind) or (kind is dt.date and isinstance(value, dt.datetime)):
            raise FactError(f"fact {name!r} must be {what}, got {type(value).__name__}")
        return value

    def day(self, name: str) -> dt.date | None:
        value: dt.date | None = self._typed(name, dt.date, "a datetime.date")
        return value

    def count(self, name: str) -> int | None:
        value: int | None = self._typed(name, int, "an int")
        return value

    def text(self, name: str) -> str:
        value: str | None = self._typed(name, str, "a str")
        return (value or "").strip()

    def flag(self, name: str) -> bool | None:
        value: bool | None = self._typed(name, bool, "a bool")
        return value

    @property
    def today(self) -> dt.date:
        value = self.day("today")
        if value is None:
            raise FactError(f"guard of {self.trigger!r} needs the fact 'today'")
        return value

    @property
    def settings(self) -> ProcedureSettings:
        value: ProcedureSettings | None = self._typed("settings", ProcedureSettings, "ProcedureSettings")
        return value or ProcedureSettings()

    @property
    def calendar(self) -> WorkingCalendar:
        value: WorkingCalendar | None = self._typed("calendar", WorkingCalendar, "a WorkingCalendar")
        return value or national_calendar()
