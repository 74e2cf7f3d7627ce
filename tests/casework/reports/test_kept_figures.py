"""Report figures kept between views (casework/reports/kept.py): equal to a fresh count, and invalidated by a
change of status in exactly the communes it touches."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event, select

from casework.extensions import db
from casework.models import Household, HouseholdStatus, User, Village
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

        status = db.session.execute(
            select(HouseholdStatus)
            .join(Household, Household.id == HouseholdStatus.household_id)
            .join(Village, Village.id == Household.village_id)
            .where(Village.commune_id == a, HouseholdStatus.year == 2026, HouseholdStatus.household_class == "poor")
            .limit(1)
        ).scalar_one()
        status.household_class = "near_poor"
        db.session.commit()

        after = dict(kept.stamp([a, b]))
        assert after[a] == before[a] + 1 and after[b] == before[b], (before, after)
        recounted: list[frozenset[int]] = []
        fresh = queries.fresh_counts
        monkeypatch.setattr(
            queries,
            "fresh_counts",
            lambda unit, *args, **kwargs: recounted.append(unit.commune_ids) or fresh(unit, *args, **kwargs),
        )
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
