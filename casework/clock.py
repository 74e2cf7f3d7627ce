"""Today's date where the communes are (Asia/Ho_Chi_Minh), in one place so tests can set it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC); signatures and certificates are checked against it."""
    return dt.datetime.now(dt.UTC)
