"""The dashboard of a unit: rates, movements and deprivations from the report queries, cases by
state, overdue cases, and the reporting deadlines (procedure.md §10) with the days left.

Charts are horizontal bars drawn as inline SVG by the template from the plain values built here;
each chart has the same figures as a table beside it (no script, nothing from outside).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from casework import formatting, replica
from casework.models import Case, Household, Village
from casework.reports import kept, queries
from casework.reports.definitions import deadlines, form_for
from casework.reports.queries import Period
from casework.reports.tables import rate
from casework.reports.units import ReportUnit
from casework.vocabulary import state_label
from workflow.procedures import PROCEDURES

BAR_WIDTH = 300  # px of the longest bar


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    share: Fraction | None = None  # a rate, shown as a percentage
    width: int = 0

    @property
    def percent(self) -> str:
        return "" if self.share is None else formatting.percent(self.share)


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    unit_label: str = ""

    @property
    def height(self) -> int:
        return 26 * len(self.bars) + 6


@dataclass(frozen=True)
class DeadlineRow:
    label: str
    due: dt.date
    days_left: int
    bundle: str
    confidence: str

    def bundle_args(self) -> dict[str, object]:
        """The report the deadline asks for: last month's for a monthly one, the year's otherwise."""
        if self.bundle != "monthly":
            return {"bundle": self.bundle, "year": self.due.year}
        reported = self.due.replace(day=1) - dt.timedelta(days=1)
        return {"bundle": self.bundle, "year": reported.year, "month": reported.month}


@dataclass
class Dashboard:
    year: int | None
    rates: list[dict[str, object]] = field(default_factory=list)
    total: dict[str, object] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    movements: list[Bar] = field(default_factory=list)
    cases_by_state: list[Bar] = field(default_factory=list)
    overdue: int = 0
    open_cases: int = 0
    deadlines: list[DeadlineRow] = field(default_factory=list)


def _scaled(bars: list[Bar]) -> list[Bar]:
    """Bar widths in proportion to the largest value (rates by their share)."""
    if any(b.share is not None for b in bars):
        top = max((b.share or Fraction(0) for b in bars), default=Fraction(0))
        return [Bar(b.label, b.value, b.share, int(BAR_WIDTH * (b.share or 0) / top) if top else 0) for b in bars]
    top = max((b.value for b in bars), default=0)
    return [Bar(b.label, b.value, b.share, int(BAR_WIDTH * b.value / top) if top else 0) for b in bars]


RATE_MEASURES = ("resident.households", "poor.households", "near_poor.households")
MOVEMENT_MEASURES = {
    "poor.start.households": _l("Hộ nghèo đầu năm"),
    "poor.new.households": _l("Hộ nghèo phát sinh mới"),
    "poor.re_poor.households": _l("Hộ tái nghèo"),
    "poor.from_near_poor.households": _l("Từ cận nghèo thành nghèo"),
    "poor.to_near_poor.households": _l("Từ nghèo thành cận nghèo"),
    "poor.exited.households": _l("Hộ thoát nghèo"),
    "near_poor.start.households": _l("Hộ cận nghèo đầu năm"),
    "near_poor.new.households": _l("Hộ cận nghèo phát sinh mới"),
    "near_poor.exited.households": _l("Hộ thoát cận nghèo"),
}


def _rates(unit: ReportUnit, year: int) -> tuple[list[dict[str, object]], dict[str, object], list[Bar]]:
    measures = (*RATE_MEASURES, *MOVEMENT_MEASURES)
    by_row = queries.counts(unit, Period(year), measures)
    rows = []
    for report_row in unit.rows:
        counts = by_row[report_row.row_id]
        rows.append(_rate_row(report_row.name, counts))
    totals = {m: sum(c[m] for c in by_row.values()) for m in measures}
    movements = [Bar(str(label), totals[m]) for m, label in MOVEMENT_MEASURES.items()]
    return rows, _rate_row(str(_l("Tổng cộng")), totals), movements


def _rate_row(name: str, counts: dict[str, int]) -> dict[str, object]:
    households = counts["resident.households"]
    return {
        "name": name,
        "households": households,
        "poor": counts["poor.households"],
        "near_poor": counts["near_poor.households"],
        "poor_rate": rate(counts["poor.households"], households),
        "near_poor_rate": rate(counts["near_poor.households"], households),
    }


def _deprivations(unit: ReportUnit, year: int) -> list[Bar]:
    """Poor households deprived on each indicator, with the indicators and labels of Mẫu 7.4."""
    columns = [c for c in form_for("7.4", year).columns if c.measure and ".deprived." in c.measure]
    by_row = queries.counts(unit, Period(year), (*(c.measure or "" for c in columns), "poor.households"))
    poor = sum(c["poor.households"] for c in by_row.values())
    bars = []
    for column in columns:
        value = sum(counts[column.measure or ""] for counts in by_row.values())
        bars.append(Bar(column.label, value, rate(value, poor)))
    return bars


def _terminal_states() -> set[str]:
    terminal = set().union(*(p.terminal_states for p in PROCEDURES.values()))
    waiting = {state for p in PROCEDURES.values() for state in p.states if state not in p.terminal_states}
    return terminal - waiting


def _open_cases(in_unit: Select[Any], today: dt.date, row_key: Any) -> dict[int, dict[str, Any]]:
    """Per row (a commune, or the one village): the open cases by state and how many are overdue."""
    terminal = _terminal_states()
    base = select(row_key, Case.state, func.count(), func.count().filter(Case.deadline < today))
    base = base.join(Household, Household.id == Case.household_id).join(Village, Village.id == Household.village_id)
    query = base.where(Household.village_id.in_(in_unit), Case.state.not_in(terminal)).group_by(row_key, Case.state)
    rows: dict[int, dict[str, Any]] = {}
    for row_id, state, count, overdue in replica.session().execute(query).tuples():
        row = rows.setdefault(row_id, {"states": {}, "overdue": 0})
        row["states"][state] = int(count)
        row["overdue"] += int(overdue)
    return rows


def _cases(unit: ReportUnit, today: dt.date) -> tuple[list[Bar], int, int]:
    if unit.village_id is not None:
        in_village = select(Village.id).where(Village.id == unit.village_id)
        key = ("cases", unit.token, unit.village_id, today)
        rows = kept.kept(key, unit.commune_ids, lambda: _open_cases(in_village, today, Village.id))
    else:
        rows = kept.per_commune(
            ("cases", today),
            unit.commune_ids,
            lambda ids: _open_cases(select(Village.id).where(Village.commune_id.in_(ids)), today, Village.commune_id),
        )
    by_state: Counter[str] = Counter()
    for row in rows.values():
        by_state.update(row["states"])
    overdue = sum(row["overdue"] for row in rows.values())
    bars = [Bar(state_label(state), count) for state, count in sorted(by_state.items(), key=lambda r: -r[1])]
    return bars, sum(b.value for b in bars), overdue


def deadline_rows(today: dt.date) -> list[DeadlineRow]:
    rows = []
    for deadline in deadlines():
        due = deadline.next_due(today)
        rows.append(DeadlineRow(deadline.label, due, (due - today).days, deadline.bundle, deadline.confidence))
    return sorted(rows, key=lambda r: r.due)


def build(unit: ReportUnit, today: dt.date) -> Dashboard:
    year = queries.latest_status_year(unit)
    board = Dashboard(year=year, deadlines=deadline_rows(today))
    if year is not None:
        board.rates, board.total, movements = _rates(unit, year)
        board.movements = _scaled(movements)
        poor_rates = [Bar(str(r["name"]), int(r["poor"]), r["poor_rate"]) for r in board.rates]  # type: ignore[call-overload, arg-type]
        near_rates = [Bar(str(r["name"]), int(r["near_poor"]), r["near_poor_rate"]) for r in board.rates]  # type: ignore[call-overload, arg-type]
        board.charts = [
            Chart(str(_l("Tỷ lệ hộ nghèo")), _scaled(poor_rates)),
            Chart(str(_l("Tỷ lệ hộ cận nghèo")), _scaled(near_rates)),
            Chart(str(_l("Hộ nghèo thiếu hụt theo chỉ số")), _scaled(_deprivations(unit, year))),
        ]
    board.cases_by_state, board.open_cases, board.overdue = _cases(unit, today)
    board.cases_by_state = _scaled(board.cases_by_state)
    return board
