"""Dates typed into the forms are checked against today where the communes are, not the server's clock."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from casework.decisions.forms import DecisionForm
from tests.support.clock import Clock


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_today_in_vietnam_is_not_the_future_even_before_7_am(app: Flask, clock: Clock) -> None:
    # 00:30 on the 26th in Hà Nội is still the 25th in UTC, where servers keep their clocks.
    vietnam_today = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    clock.set(vietnam_today)
    with app.test_request_context(method="POST", data={"number": "30", "symbol": "QĐ-UBND",
                                                        "issued_on": vietnam_today.strftime("%d/%m/%Y")}):  # fmt: skip
        form = DecisionForm()
        assert form.validate(), form.errors
    tomorrow = vietnam_today + dt.timedelta(days=1)
    with app.test_request_context(method="POST", data={"number": "30", "symbol": "QĐ-UBND",
                                                        "issued_on": tomorrow.strftime("%d/%m/%Y")}):  # fmt: skip
        form = DecisionForm()
        assert not form.validate() and form.errors["issued_on"] == ["Ngày không được ở tương lai."]
