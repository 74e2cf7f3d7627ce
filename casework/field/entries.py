"""What the server keeps about a change typed offline on a phone: that it was, when it was typed there
(the phone's clock, sent as X-Entered-At) and when it arrived. The API's call log records them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from casework import clock

# A phone's clock may run a little fast; more than this ahead of the server is not a real entry time.
CLOCK_SKEW = dt.timedelta(minutes=10)


def offline_entry(headers: Mapping[str, str]) -> dict[str, Any]:
    """The audit details of an offline entry; nothing for a change made online. A missing, unreadable or
    future entry time is recorded as unknown (None), never trusted."""
    if headers.get("X-Entered-Offline") != "1":
        return {}
    arrived = clock.now()
    entered = _entered_at(headers.get("X-Entered-At", ""), arrived)
    return {
        "entered_offline": True,
        "entered_at": None if entered is None else entered.isoformat(timespec="seconds"),
        "arrived_at": arrived.isoformat(timespec="seconds"),
    }


def _entered_at(text: str, arrived: dt.datetime) -> dt.datetime | None:
    if not text or len(text) > 40:
        return None
    try:
        entered = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if entered.tzinfo is None or entered - CLOCK_SKEW > arrived:
        return None
    return entered


def entry_day(headers: Mapping[str, str]) -> dt.date | None:
    """The day (where the communes are) an offline entry was typed on the phone: the "today" its step's date
    is checked against, as the web checks a step typed that day. None for an online or unknown entry."""
    if headers.get("X-Entered-Offline") != "1":
        return None
    entered = _entered_at(headers.get("X-Entered-At", ""), clock.now())
    return None if entered is None else entered.astimezone(clock.VIETNAM).date()
