"""Report figures kept between views (casework/reports/kept.py): equal to a fresh count, and invalidated by a
change of status in exactly the communes it touches."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event, select

from casework.extensions import db
from casework.models import Household, HouseholdStatus, Survey, SurveyStatus, User, Village
from casework.reports import kept, queries
from casework.reports.definitions import form_for
from casework.reports.queries import Period
from casework.reports.units import resolve
from tests.casework.reports.figures import build_figures
from tests.support.world import PASSWORD, World


def _statements(call) -> int:  # type: ignore[no-untyped-def]
    sent: list[str] = []

    def count(*args):  # type: ignore[no-untyped-def]
        sent.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(sent)


def _one_poor_household_becomes_near_poor(commune_id: int) -> None:
    status = db.session.execute(
        select(HouseholdStatus)
        .join(Household, Household.id == HouseholdStatus.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(Village.commune_id == commune_id, HouseholdStatus.year == 2026)
        .where(HouseholdStatus.household_class == "poor")
        .limit(1)
    ).scalar_one()
    status.household_class = "near_poor"
    db.session.commit()


def _spy_on_recounts(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[int]]:
    """The communes of each fresh count from now on."""
    recounted: list[frozenset[int]] = []
    fresh = queries.fresh_counts
    monkeypatch.setattr(
        queries,
        "fresh_counts",
        lambda unit, *args, **kwargs: recounted.append(unit.commune_ids) or fresh(unit, *args, **kwargs),
    )
    return recounted


def test_kept_figures_equal_a_fresh_count_and_move_only_with_their_commune(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        build_figures(world)
        db.session.commit()
        admin = db.session.get_one(User, world.users["admin"])
        province = resolve(admin, f"province:{world.ids['province']}")
        commune_b = resolve(admin, f"commune:{world.ids['commune_b']}")
        period, measures = Period(2026), form_for("7.1", 2026).measures
        first = queries.found_counts(province, period, measures)
        assert first == queries.fresh_counts(province, period, measures)
        queries.found_counts(commune_b, period, measures)
        a, b = world.ids["commune_a"], world.ids["commune_b"]
        before = dict(kept.stamp([a, b]))
        # A kept view sends one small query (the communes' counters), not the count.
        assert _statements(lambda: queries.found_counts(province, period, measures)) == 1

        _one_poor_household_becomes_near_poor(a)

        after = dict(kept.stamp([a, b]))
        assert after[a] == before[a] + 1 and after[b] == before[b], (before, after)
        recounted = _spy_on_recounts(monkeypatch)
        second = queries.found_counts(province, period, measures)
        monkeypatch.undo()
        assert recounted == [frozenset({a})]  # the province's other communes stay kept
        assert second != first
        assert second == queries.fresh_counts(province, period, measures)
        # Commune b's figures did not include the change: still kept, nothing recounted.
        assert _statements(lambda: queries.found_counts(commune_b, period, measures)) == 1


def test_a_new_household_moves_its_commune_on(app: Flask, world: World) -> None:
    with app.app_context():
        a, b = world.ids["commune_a"], world.ids["commune_b"]
        before = dict(kept.stamp([a, b]))
        build_figures(world)  # households, members, cases and surveys of commune a; one poor household of b
        db.session.commit()
        after = dict(kept.stamp([a, b]))
        assert after[a] > before[a] and after[b] > before[b]


def province_figures_viewed(app: Flask, world: World) -> dict[int, dict[str, int]]:
    """The province officer opens the province dashboard (its figures are kept); returns the kept Mẫu 7.1 counts."""
    client = app.test_client()
    client.post("/login", data={"username": "tinh", "password": PASSWORD})
    response = client.get(f"/dashboard?unit=province:{world.ids['province']}")
    assert response.status_code == 200
    with app.app_context():
        province = resolve(db.session.get_one(User, world.users["tinh"]), f"province:{world.ids['province']}")
        period, measures = Period(2026), form_for("7.1", 2026).measures
        found = queries.found_counts(province, period, measures)
        assert found == queries.fresh_counts(province, period, measures)  # kept figures equal a fresh count
        return found


def _a_survey_of_commune_a() -> Survey:
    return db.session.execute(
        select(Survey)
        .join(Household, Household.id == Survey.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(Survey.status == SurveyStatus.COMPLETED)
        .limit(1)
    ).scalar_one()


def test_a_survey_draft_moves_no_counter_but_a_completion_or_reopening_does(app: Flask, world: World) -> None:
    """Reports count completed surveys only: surveyors saving drafts all day leave the kept figures standing."""
    with app.app_context():
        build_figures(world)
        db.session.commit()
        a = world.ids["commune_a"]
        completed = _a_survey_of_commune_a()
        draft = Survey(
            household_id=completed.household_id,
            status=SurveyStatus.DRAFT,
            period=completed.period,
            reference_date=completed.reference_date,
            answers_ciphertext=completed.answers_ciphertext,
        )
        db.session.add(draft)
        db.session.commit()
        standing = dict(kept.stamp([a]))[a]
        draft.unverified = True  # the draft saved again
        db.session.commit()
        assert dict(kept.stamp([a]))[a] == standing

        draft.status = SurveyStatus.COMPLETED
        db.session.commit()
        assert dict(kept.stamp([a]))[a] == standing + 1
        draft.status = SurveyStatus.DRAFT  # reopened: it no longer counts
        db.session.commit()
        assert dict(kept.stamp([a]))[a] == standing + 2


def test_a_new_process_reads_the_province_counted_by_another(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the figures per commune are kept in the database for every web process: a process that
    starts (an empty cache) recounts nothing, and after a change recounts only the changed commune. Figures
    counted by other report code are not read. SQLite serves one process and keeps them in it alone."""
    shared = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    with app.app_context():
        build_figures(world)
        db.session.commit()
        admin = db.session.get_one(User, world.users["admin"])
        province = resolve(admin, f"province:{world.ids['province']}")
        period, measures = Period(2026), form_for("7.1", 2026).measures
        first = queries.found_counts(province, period, measures)
        a = world.ids["commune_a"]

        recounted = _spy_on_recounts(monkeypatch)
        kept.clear()  # another process, or this one restarted
        assert queries.found_counts(province, period, measures) == first
        assert recounted == ([] if shared else [province.commune_ids])

        _one_poor_household_becomes_near_poor(a)
        kept.clear()
        recounted.clear()
        changed = queries.found_counts(province, period, measures)
        assert changed != first
        assert recounted == ([frozenset({a})] if shared else [province.commune_ids])

        monkeypatch.setattr(kept, "CODE", "another-version")
        kept.clear()
        recounted.clear()
        assert queries.found_counts(province, period, measures) == changed
        assert recounted == [province.commune_ids]
        monkeypatch.undo()
        assert changed == queries.fresh_counts(province, period, measures)
