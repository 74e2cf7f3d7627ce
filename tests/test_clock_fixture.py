"""The `clock` fixture moves the application's today and now, and only when a test asks it to."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import clock as app_clock
from tests.support.clock import Clock


def test_the_clock_is_real_until_set(clock: Clock) -> None:
    assert clock.today == app_clock.today() == dt.datetime.now(app_clock.VIETNAM).date()


def test_set_and_advance_move_today_for_the_application(clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 5))
    assert app_clock.today() == dt.date(2026, 10, 5)
    assert clock.advance(3) == app_clock.today() == dt.date(2026, 10, 8)


def test_set_now_moves_the_moment(clock: Clock) -> None:
    moment = dt.datetime(2026, 10, 5, 1, 30, tzinfo=dt.UTC)
    clock.set_now(moment)
    assert app_clock.now() == moment
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set_now(dt.datetime(2026, 10, 5, 1, 30))  # naive: the mistake under test


def test_set_refuses_a_datetime(clock: Clock) -> None:
    with pytest.raises(TypeError):
        clock.set(dt.datetime(2026, 10, 5, tzinfo=dt.UTC))
