"""Report figures against the hand-computed fixture of figures.py; totals are the sums of rows."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import ReviewRun, User
from casework.reports import tables
from casework.reports.dashboard import deadline_rows
from casework.reports.definitions import all_forms, form_for
from casework.reports.measures import UnknownMeasure, validate
from casework.reports.queries import Period
from casework.reports.units import resolve
from tests.casework.reports.figures import build_figures
from tests.support.world import World


@pytest.fixture
def report(app: Flask, world: World):  # type: ignore[no-untyped-def]
    with app.app_context():
        build_figures(world)
        user = db.session.get(User, world.users["canbo"])
        unit = resolve(user, f"commune:{world.ids['commune_a']}")

        def build(form_id: str, period: Period | None = None) -> tables.ReportTable:
            period = period or Period(2026)
            return tables.build(form_for(form_id, period.year), unit, period)

        yield build


def by_village(table: tables.ReportTable, key: str) -> list[object]:
    return [row[key] for row in table.rows] + [table.total[key]]


def test_results_7_1(report) -> None:  # type: ignore[no-untyped-def]
    table = report("7.1")
    assert [row["name"] for row in table.rows] == ["Thôn Lô Lô Chải", "Thôn Thèn Pả"]
    assert by_village(table, "households") == [3, 5, 8]
    assert by_village(table, "persons") == [6, 10, 16]
    assert by_village(table, "poor_households") == [2, 2, 4]
    assert by_village(table, "poor_persons") == [4, 6, 10]
    assert by_village(table, "poor_rate") == [Fraction(2, 3), Fraction(2, 5), Fraction(1, 2)]
    assert by_village(table, "near_poor_households") == [1, 1, 2]
    assert by_village(table, "near_poor_persons") == [2, 1, 3]
    assert table.total["near_poor_rate"] == Fraction(1, 4)
    assert by_village(table, "als_households") == [0, 0, 0]


def test_poor_movements_7_2(report) -> None:  # type: ignore[no-untyped-def]
    table = report("7.2")
    assert by_village(table, "start_households") == [2, 1, 3]  # H1, H3 | H6
    assert by_village(table, "start_persons") == [3, 2, 5]
    assert by_village(table, "decrease_to_near_poor_households") == [1, 0, 1]  # H3
    assert by_village(table, "decrease_exited_households") == [0, 1, 1]  # H6
    assert by_village(table, "increase_from_near_poor_households") == [0, 1, 1]  # H5
    assert by_village(table, "increase_re_poor_households") == [0, 1, 1]  # H8
    assert by_village(table, "increase_new_households") == [1, 0, 1]  # H2
    assert by_village(table, "end_households") == [2, 2, 4]
    assert by_village(table, "decrease_other_households") == [None, None, None]
    for row in [*table.rows, table.total]:
        decreases = row["decrease_to_near_poor_households"] + row["decrease_exited_households"]
        increases = (
            row["increase_from_near_poor_households"]
            + row["increase_re_poor_households"]
            + row["increase_new_households"]
        )
        assert row["end_households"] == row["start_households"] - decreases + increases


def test_near_poor_movements_7_3(report) -> None:  # type: ignore[no-untyped-def]
    table = report("7.3")
    assert by_village(table, "start_households") == [0, 2, 2]  # H4, H5
    assert by_village(table, "decrease_to_poor_households") == [0, 1, 1]  # H5
    assert by_village(table, "increase_from_poor_households") == [1, 0, 1]  # H3
    assert by_village(table, "increase_new_households") == [0, 0, 0]
    assert by_village(table, "end_households") == [1, 1, 2]


def test_deprivations_7_4_and_rates_7_5(report) -> None:  # type: ignore[no-untyped-def]
    counts = report("7.4")
    assert by_village(counts, "households") == [2, 2, 4]
    assert by_village(counts, "health_insurance") == [2, 0, 2]  # H1, H2
    assert by_village(counts, "nutrition") == [1, 1, 2]  # H2 | H5
    assert by_village(counts, "information_access") == [0, 0, 0]  # only in H1's superseded survey
    assert by_village(counts, "deprivations") == [6, 4, 10]
    assert by_village(counts, "no_survey") == [0, 1, 1]  # H8, imported
    rates = report("7.5")
    assert rates.total["health_insurance"] == Fraction(2, 4)
    assert rates.rows[1]["water_source"] == Fraction(1, 2)
    near = report("7.6")
    assert by_village(near, "housing_area") == [1, 0, 1]  # H3; H4 has no survey
    assert by_village(near, "no_survey") == [0, 1, 1]


def test_target_groups_ethnicity_children(report) -> None:  # type: ignore[no-untyped-def]
    groups = report("7.8")
    assert by_village(groups, "poor_minority") == [1, 1, 2]  # H2 | H5
    assert by_village(groups, "near_poor_minority") == [1, 0, 1]  # H3
    assert by_village(groups, "poor_female_head") == [1, 0, 1]  # H2 (TT 02/2022 version)
    assert groups.total["poor_merit"] is None
    ethnic = report("7.9")
    assert by_village(ethnic, "poor_kinh") == [1, 1, 2]  # H1 | H8
    assert by_village(ethnic, "poor_minority_persons") == [3, 4, 7]
    children = report("7.11")
    assert by_village(children, "poor_children") == [2, 2, 4]
    assert by_village(children, "poor_nutrition") == [2, 2, 4]
    assert by_village(children, "poor_school") == [2, 0, 2]
    assert by_village(children, "near_poor_children") == [0, 0, 0]


def test_campaign_counts_only_its_decisions(report) -> None:  # type: ignore[no-untyped-def]
    table = report("7.2", Period(2026, "campaign"))
    # H8's 2026 status was imported, not decided in the campaign: it stays not poor.
    assert by_village(table, "increase_re_poor_households") == [0, 0, 0]
    assert by_village(table, "end_households") == [2, 1, 3]


def test_a_campaign_whose_lists_are_for_the_following_year_counts_in_that_year(report) -> None:  # type: ignore[no-untyped-def]
    before = by_village(report("7.2", Period(2026, "campaign")), "end_households")
    # The same decisions made by the 2025 campaign of a province that names its lists for the following
    # year: they recorded 2026 statuses (cycles.settings.lists_year), and the 2026 lists count them.
    run = db.session.execute(select(ReviewRun)).scalar_one()
    run.period_year, run.starts_on = 2025, dt.date(2025, 9, 1)
    db.session.commit()
    table = report("7.2", Period(2026, "campaign"))
    assert by_village(table, "end_households") == before == [2, 1, 3]
    assert by_village(table, "decrease_to_near_poor_households") == [1, 0, 1]  # H3, decided by that campaign


def test_counts_add_up_in_every_form(report) -> None:  # type: ignore[no-untyped-def]
    for form_id in ("7.1", "7.2", "7.3", "7.4", "7.6", "7.8", "7.9", "7.10", "7.11"):
        table = report(form_id)
        for column in table.columns:
            if column.kind == "count":
                assert table.total[column.key] == sum(row[column.key] for row in table.rows), (form_id, column.key)


def test_replaced_form_chosen_by_year() -> None:
    assert form_for("7.8", 2021).source.startswith("TT 07/2021")
    assert form_for("7.8", 2026).source.startswith("TT 02/2022")
    assert "poor_female_head" not in {c.key for c in form_for("7.8", 2021).columns}
    assert form_for("7.1", 2026).source.startswith("TT 07/2021")


def test_every_form_column_names_a_known_measure() -> None:
    for versions in all_forms().values():
        for version in versions:
            for name in version.measures:
                validate(name)
    with pytest.raises(UnknownMeasure):
        validate("poor.deprived.nutrition.hectares")


def test_deadlines_count_down_to_the_next_due_date() -> None:
    rows = {row.bundle + row.label[:20]: row for row in deadline_rows(dt.date(2026, 11, 25))}
    official = next(r for r in rows.values() if "chính thức" in r.label)
    assert official.due == dt.date(2026, 12, 19)  # "before 20 December"
    assert official.days_left == 24
    monthly = next(r for r in rows.values() if r.bundle == "monthly")
    assert monthly.due == dt.date(2027, 2, 5)  # none from October to January
