"""Configuration of the review procedures per province, campaign or cycle (procedure.md §14.7).

Numbers the official texts do not confirm (posting and re-check durations, the regular-review
deadline and its unit, the upper review level, Phiếu A routing...) live here as settings with
the documented defaults, never as constants in the guards. Stored as JSON by the application
(`to_mapping` / `from_mapping`), layered province -> campaign or cycle.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from workflow.calendar import WorkingCalendar, calendar_period_end, period_end
from workflow.dates import format_date

PROCEDURE_NAMES = (
    "periodic_review",
    "regular_review",
    "exit_request",
    "average_living_standard",
    "low_income_worker",
)
# 1/9-14/12 is confirmed (QĐ 24/2021 Điều 3); provinces may narrow it, so it is a setting too.
LEGAL_PERIODIC_WINDOW = ("09-01", "12-14")
# Two-tier local government, no district organ from this day (Luật 72/2025/QH15) [C].
NO_DISTRICT_FROM = dt.date(2025, 7, 1)

UPPER_REVIEW_LEVELS = {"district": "cấp huyện", "province": "cấp tỉnh", "none": "không xin ý kiến cấp trên"}
LIST_YEARS = ("campaign", "following")
DEADLINE_UNITS = {"calendar": "ngày", "working": "ngày làm việc"}
MEETING_VOTE_MODES = ("per_household", "whole_list")
PHIEU_A_ROUTINGS = ("requesters_only", "all")
SIGNATURE_BLOCKS = ("chairman", "kt_chairman", "tm_committee")

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_DEFAULT_POSTING_DAYS = MappingProxyType(
    {
        "periodic_review": 3,  # [M]
        "regular_review": 3,  # [M]
        "exit_request": 3,  # [M]
        "average_living_standard": 5,  # [C] per the QĐ 406 summary
        "low_income_worker": 5,  # [L] "similar to" the average-living-standard procedure (§9)
    }
)


def default_upper_review_level(campaign_start: dt.date) -> str:
    """The district for a campaign opened before the two-tier reform, the province from then on."""
    return "district" if campaign_start < NO_DISTRICT_FROM else "province"


class SettingsError(ValueError):
    """A configuration value that cannot be used; the message (Vietnamese) names the key."""


def _month_day(key: str, value: object) -> tuple[int, int]:
    match = _MONTH_DAY.match(value) if isinstance(value, str) else None
    if match is None:
        raise SettingsError(f"{key}: phải viết dạng MM-DD, ví dụ 09-01.")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2000, month, day)  # a leap year, so 02-29 is accepted
    except ValueError:
        raise SettingsError(f"{key}: ngày {value} không tồn tại.") from None
    return month, day


def _positive_int(key: str, value: object, upper: int = 366) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= upper:
        raise SettingsError(f"{key}: phải là số nguyên từ 1 đến {upper}.")


def _choice(key: str, value: object, choices: Collection[str]) -> None:
    if value not in choices:
        raise SettingsError(f"{key}: phải là một trong {', '.join(choices)}.")


_SYMBOL_PART = re.compile(r"^[A-ZĐ0-9.]{0,10}$")


def _register_keys(settings: ProcedureSettings) -> None:
    if not isinstance(settings.register_by_type, bool):
        raise SettingsError("register_by_type: phải là true hoặc false.")
    unit = settings.letter_drafting_unit
    if not isinstance(unit, str) or not _SYMBOL_PART.match(unit):
        raise SettingsError("letter_drafting_unit: viết hoa, không dấu cách, tối đa 10 ký tự, ví dụ VP.")
    receipt = settings.receipt_symbol
    if not isinstance(receipt, str) or not re.match(r"^[A-ZĐ0-9.\-]{1,20}$", receipt):
        raise SettingsError("receipt_symbol: viết hoa, không dấu cách, ví dụ TNHS.")
    head = settings.steering_head
    if not isinstance(head, str) or len(head) > 100:
        raise SettingsError("steering_head: họ và tên, tối đa 100 ký tự.")


@dataclass(frozen=True)
class ProcedureSettings:
    """Configuration of one province, campaign or monthly cycle (procedure.md §14.7), with its defaults.

    `count_first_day` and `roll_deadline_to_working_day` are this module's counting conventions
    (see `workflow.calendar`): by default a period starts the day after its first event and a
    calendar-day deadline falling on a rest day moves to the next working day.
    `meeting_vote_mode` does not change the consent rule: in `whole_list` mode the service passes
    the list's single vote as every case's counts.
    """

    upper_review_level: str | None = None  # None: by the campaign's start (default_upper_review_level)
    upper_review_recipient: str = ""
    periodic_window_start: str = LEGAL_PERIODIC_WINDOW[0]
    periodic_window_end: str = LEGAL_PERIODIC_WINDOW[1]
    regular_cycle_day: int = 15
    regular_deadline_days: int = 15
    regular_deadline_unit: str = "calendar"
    posting_working_days: Mapping[str, int] = field(default_factory=lambda: _DEFAULT_POSTING_DAYS)
    recheck_working_days: int = 3
    meeting_consent_ratio: float = 0.5
    meeting_vote_mode: str = "per_household"
    phieu_a_routing: str = "requesters_only"
    rule_set: str | None = None  # None: the rule set of the run's period
    local_standard: str | None = None  # a province's local standard (its rule-set id), beside the national one
    signature_block: str = "chairman"
    holiday_calendar: str = "national"
    count_first_day: bool = False
    roll_deadline_to_working_day: bool = True
    # A step dated earlier than today by more than this many working days is entered after the
    # fact ("nhập bù") and needs a written reason; a posting may not start earlier than that.
    late_entry_grace_days: int = 0
    list_year: str = "campaign"  # the year a campaign's lists are named for: its own or the following
    # The commune's register of outgoing documents (documents.md §4): one series per document type
    # ("TB-UBND", "QĐ-UBND"...) or one series for all [M: each agency decides].
    register_by_type: bool = True
    # The drafting unit a letter's symbol carries ("VP" gives "07/UBND-VP"); empty: "07/UBND".
    letter_drafting_unit: str = ""
    # The intake receipt's symbol in the register ("05/TNHS") [M: the one-stop office's usage].
    receipt_symbol: str = "TNHS"
    # Who heads the commune's review steering committee (usually the chairman) and signs its lists
    # "TM. BAN CHỈ ĐẠO / TRƯỞNG BAN"; empty: the lists leave the name to be written by hand.
    steering_head: str = ""

    def __post_init__(self) -> None:
        if self.upper_review_level is not None:
            _choice("upper_review_level", self.upper_review_level, UPPER_REVIEW_LEVELS)
        _choice("list_year", self.list_year, LIST_YEARS)
        _choice("regular_deadline_unit", self.regular_deadline_unit, DEADLINE_UNITS)
        _choice("meeting_vote_mode", self.meeting_vote_mode, MEETING_VOTE_MODES)
        _choice("phieu_a_routing", self.phieu_a_routing, PHIEU_A_ROUTINGS)
        _choice("signature_block", self.signature_block, SIGNATURE_BLOCKS)
        start = _month_day("periodic_window_start", self.periodic_window_start)
        end = _month_day("periodic_window_end", self.periodic_window_end)
        if start > end:
            raise SettingsError("periodic_window_start: phải trước periodic_window_end (trong cùng một năm).")
        _positive_int("regular_cycle_day", self.regular_cycle_day, 28)
        _positive_int("regular_deadline_days", self.regular_deadline_days, 90)
        _positive_int("recheck_working_days", self.recheck_working_days, 60)
        grace = self.late_entry_grace_days
        if isinstance(grace, bool) or not isinstance(grace, int) or not 0 <= grace <= 30:
            raise SettingsError("late_entry_grace_days: phải là số nguyên từ 0 đến 30.")
        ratio = self.meeting_consent_ratio
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 < ratio <= 1:
            raise SettingsError("meeting_consent_ratio: phải là tỉ lệ lớn hơn 0 và không quá 1, ví dụ 0.5.")
        if not isinstance(self.posting_working_days, Mapping):
            raise SettingsError("posting_working_days: phải là bảng số ngày làm việc theo từng quy trình.")
        days = {**_DEFAULT_POSTING_DAYS, **self.posting_working_days}
        for name, value in days.items():
            _choice("posting_working_days", name, PROCEDURE_NAMES)
            _positive_int(f"posting_working_days.{name}", value, 60)
        object.__setattr__(self, "posting_working_days", MappingProxyType(days))
        for key in ("upper_review_recipient", "holiday_calendar"):
            if not isinstance(getattr(self, key), str):
                raise SettingsError(f"{key}: phải là chuỗi ký tự.")
        if self.rule_set is not None and not (isinstance(self.rule_set, str) and self.rule_set):
            raise SettingsError("rule_set: phải là mã bộ tiêu chí, hoặc bỏ trống để dùng bộ theo năm.")
        if self.local_standard is not None and not (isinstance(self.local_standard, str) and self.local_standard):
            raise SettingsError("local_standard: phải là mã chuẩn nghèo của tỉnh, hoặc bỏ trống.")
        _register_keys(self)
        for key in ("count_first_day", "roll_deadline_to_working_day"):
            if not isinstance(getattr(self, key), bool):
                raise SettingsError(f"{key}: phải là true hoặc false.")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], base: ProcedureSettings | None = None) -> ProcedureSettings:
        """Settings from stored JSON, over `base` (the defaults when None); unknown keys are refused.

        `posting_working_days` may give only some procedures; the others keep their value.
        """
        base = base or cls()
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SettingsError(f"Khóa cấu hình không hợp lệ: {', '.join(unknown)}.")
        values: dict[str, Any] = dict(data)
        if "posting_working_days" in values:
            posting = values["posting_working_days"]
            if not isinstance(posting, Mapping):
                raise SettingsError("posting_working_days: phải là bảng số ngày làm việc theo từng quy trình.")
            values["posting_working_days"] = {**base.posting_working_days, **posting}
        return dataclasses.replace(base, **values)

    def to_mapping(self) -> dict[str, object]:
        """Plain JSON-ready values: `from_mapping(s.to_mapping()) == s`."""
        values: dict[str, object] = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["posting_working_days"] = dict(self.posting_working_days)
        return values

    # ---- derived values -------------------------------------------------------------------------

    @property
    def letter_symbol(self) -> str:
        """A letter's (công văn) symbol: 'UBND-VP' with a drafting unit, 'UBND' without."""
        return f"UBND-{self.letter_drafting_unit}" if self.letter_drafting_unit else "UBND"

    def periodic_window(self, year: int) -> tuple[dt.date, dt.date]:
        start = _month_day("periodic_window_start", self.periodic_window_start)
        end = _month_day("periodic_window_end", self.periodic_window_end)
        return dt.date(year, *start), dt.date(year, *end)

    def posting_days(self, procedure: str) -> int:
        return self.posting_working_days[procedure]

    def posting_end(self, procedure: str, start: dt.date, calendar: WorkingCalendar) -> dt.date:
        """Last day of a posting that starts on `start` (the earliest it may end)."""
        return period_end(calendar, start, self.posting_days(procedure), first_day_counts=self.count_first_day)

    def recheck_deadline(self, started_on: dt.date, calendar: WorkingCalendar) -> dt.date:
        """Last day for a re-check begun (complaint accepted) on `started_on`."""
        return period_end(calendar, started_on, self.recheck_working_days, first_day_counts=self.count_first_day)

    def regular_cycle_start(self, year: int, month: int) -> dt.date:
        return dt.date(year, month, self.regular_cycle_day)

    def regular_deadline(self, cycle_start: dt.date, calendar: WorkingCalendar) -> dt.date:
        """Decision deadline of a regular cycle (or any monthly procedure) that started on `cycle_start`."""
        if self.regular_deadline_unit == "working":
            return period_end(calendar, cycle_start, self.regular_deadline_days, first_day_counts=self.count_first_day)
        return calendar_period_end(
            calendar,
            cycle_start,
            self.regular_deadline_days,
            first_day_counts=self.count_first_day,
            roll_forward=self.roll_deadline_to_working_day,
        )

    def for_campaign(self, campaign_start: dt.date) -> ProcedureSettings:
        """These settings with the upper review level of a campaign starting on `campaign_start`:
        the configured one, else the default by that date."""
        if self.upper_review_level is not None:
            return self
        return dataclasses.replace(self, upper_review_level=default_upper_review_level(campaign_start))

    def lists_year(self, period_year: int) -> int:
        """The year a campaign of `period_year` names its lists for (the campaign's year by default)."""
        return period_year + 1 if self.list_year == "following" else period_year

    def upper_review_warning(self, campaign_start: dt.date) -> str | None:
        """A warning for a campaign that sends its results to a district that no longer exists."""
        level = self.for_campaign(campaign_start).upper_review_level
        if level == "district" and campaign_start >= NO_DISTRICT_FROM:
            return (
                f"Đợt rà soát bắt đầu ngày {format_date(campaign_start)}: từ 01/07/2025 không còn cấp huyện "
                "(chính quyền địa phương hai cấp). Hãy chọn xin ý kiến cấp tỉnh, hoặc bỏ bước xin ý kiến cấp trên."
            )
        return None

    def window_warning(self) -> str | None:
        """A warning when the configured periodic window is wider than the legal 01/09-14/12."""
        legal_start, legal_end = (_month_day("", v) for v in LEGAL_PERIODIC_WINDOW)
        start = _month_day("periodic_window_start", self.periodic_window_start)
        end = _month_day("periodic_window_end", self.periodic_window_end)
        if start < legal_start or end > legal_end:
            return "Thời gian rà soát định kỳ đã cấu hình rộng hơn khung 01/09 - 14/12 của Quyết định 24/2021/QĐ-TTg."
        return None
