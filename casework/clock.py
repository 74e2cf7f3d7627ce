"""Today's date where the communes are (Asia/Ho_Chi_Minh), in one place so tests can set it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()
