"""Configuration per province, campaign or cycle: defaults, stored JSON, validation and warnings."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from workflow.procedures import PROCEDURES
from workflow.procedures.settings import PROCEDURE_NAMES, ProcedureSettings, SettingsError

D = dt.date


def test_settings_know_every_procedure() -> None:
    assert set(PROCEDURE_NAMES) == set(PROCEDURES)


def test_settings_defaults_follow_the_spec() -> None:
    s = ProcedureSettings()
    assert s.upper_review_level is None  # by the campaign's start date
    assert s.list_year == "campaign"
    assert s.periodic_window(2026) == (D(2026, 9, 1), D(2026, 12, 14))
    assert (s.regular_cycle_day, s.regular_deadline_days, s.regular_deadline_unit) == (15, 15, "calendar")
    assert [s.posting_days(p) for p in ("periodic_review", "regular_review", "exit_request")] == [3, 3, 3]
    assert s.posting_days("average_living_standard") == 5
    assert (s.recheck_working_days, s.meeting_consent_ratio) == (3, 0.5)
    assert (s.meeting_vote_mode, s.phieu_a_routing, s.signature_block) == (
        "per_household",
        "requesters_only",
        "chairman",
    )
    assert s.count_first_day is False
    assert s.rule_set is None


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ProcedureSettings().upper_review_level = "none"  # type: ignore[misc]


def test_settings_from_stored_json_round_trip() -> None:
    stored = {"upper_review_level": "province", "posting_working_days": {"regular_review": 4}}
    settings = ProcedureSettings.from_mapping(stored)
    assert settings.upper_review_level == "province"
    assert settings.posting_days("regular_review") == 4
    assert settings.posting_days("average_living_standard") == 5  # untouched
    assert ProcedureSettings.from_mapping(settings.to_mapping()) == settings


def test_campaign_settings_layer_over_province_settings() -> None:
    province = ProcedureSettings.from_mapping({"upper_review_level": "province", "recheck_working_days": 5})
    campaign = ProcedureSettings.from_mapping({"periodic_window_end": "11-30"}, base=province)
    assert (campaign.upper_review_level, campaign.recheck_working_days) == ("province", 5)
    assert campaign.periodic_window(2026)[1] == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"upper_review_level": "commune"}, "upper_review_level"),
        ({"regular_deadline_unit": "weeks"}, "regular_deadline_unit"),
        ({"meeting_consent_ratio": 0}, "meeting_consent_ratio"),
        ({"meeting_consent_ratio": 1.5}, "meeting_consent_ratio"),
        ({"periodic_window_start": "9-1"}, "periodic_window_start"),
        ({"periodic_window_end": "02-30"}, "periodic_window_end"),
        ({"periodic_window_start": "12-20"}, "periodic_window_start"),  # after the end
        ({"posting_working_days": {"regular_review": 0}}, "posting_working_days.regular_review"),
        ({"posting_working_days": {"other": 3}}, "posting_working_days"),
        ({"posting_working_days": 3}, "posting_working_days"),
        ({"regular_cycle_day": 31}, "regular_cycle_day"),
        ({"recheck_working_days": True}, "recheck_working_days"),
        ({"phieu_a_routing": "none"}, "phieu_a_routing"),
        ({"count_first_day": "yes"}, "count_first_day"),
        ({"posting_days": 3}, "posting_days"),  # unknown key
    ],
)
def test_bad_settings_are_refused_naming_the_key(data: dict[str, object], key: str) -> None:
    with pytest.raises(SettingsError, match=key):
        ProcedureSettings.from_mapping(data)


@pytest.mark.parametrize(
    ("level", "start", "warns"),
    [
        ("district", D(2025, 6, 30), False),
        ("district", D(2025, 7, 1), True),
        ("district", D(2026, 9, 1), True),
        ("province", D(2026, 9, 1), False),
        ("none", D(2026, 9, 1), False),
    ],
)
def test_warning_for_a_district_after_the_two_tier_reform(level: str, start: dt.date, warns: bool) -> None:
    warning = ProcedureSettings(upper_review_level=level).upper_review_warning(start)
    assert (warning is not None) is warns
    if warning:
        assert "cấp huyện" in warning


@pytest.mark.parametrize(
    ("start", "level"),
    [
        (D(2024, 9, 1), "district"),
        (D(2025, 6, 30), "district"),
        (D(2025, 7, 1), "province"),
        (D(2026, 9, 1), "province"),
    ],
)
def test_the_upper_level_defaults_by_the_campaign_start(start: dt.date, level: str) -> None:
    assert ProcedureSettings().for_campaign(start).upper_review_level == level
    assert ProcedureSettings().upper_review_warning(start) is None  # the default never sends to a gone district


def test_a_chosen_upper_level_is_kept_whatever_the_date() -> None:
    for level in ("district", "province", "none"):
        assert ProcedureSettings(upper_review_level=level).for_campaign(D(2026, 9, 1)).upper_review_level == level


def test_the_lists_year_is_the_campaign_year_unless_the_province_names_the_following() -> None:
    assert ProcedureSettings().lists_year(2026) == 2026
    assert ProcedureSettings.from_mapping({"list_year": "following"}).lists_year(2026) == 2027
    with pytest.raises(SettingsError, match="list_year"):
        ProcedureSettings.from_mapping({"list_year": "next"})


def test_warning_for_a_window_wider_than_the_law() -> None:
    assert ProcedureSettings().window_warning() is None
    assert ProcedureSettings(periodic_window_start="10-01", periodic_window_end="11-05").window_warning() is None
    assert ProcedureSettings(periodic_window_end="12-20").window_warning() is not None
