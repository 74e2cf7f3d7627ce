"""Rule-set files are checked when loaded: a hand-editing slip fails with its file and key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workflow.standards import RuleSet, RuleSetError
from workflow.standards.parsing import parse_phieu_a, parse_rule_set, parse_score_table
from workflow.standards.reader import Reader

RULESETS = Path(__file__).resolve().parents[3] / "workflow" / "standards" / "rulesets"
NATIONAL = (RULESETS / "vn_2022_2025.toml").read_text(encoding="utf-8")
SCORES = (RULESETS / "b1_scores_2022_illustrative.toml").read_text(encoding="utf-8")
ONE_BAND = '{ up_to = "poverty", min_deprivations = 3, result = "poor" },'
CRITERIA = (RULESETS / "phieu_a_2022_illustrative.toml").read_text(encoding="utf-8")


def parse_national(text: str) -> RuleSet:
    return parse_rule_set(Reader(tomllib.loads(text), "test.toml"), None, None)


def test_shipped_file_parses_unchanged() -> None:
    rule_set = parse_national(NATIONAL)
    assert rule_set.id == "vn_2022_2025"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # Only confirmed items may claim to be verified.
        (
            'tag = "S"\nverified = false\nsource = "third-party',
            'tag = "S"\nverified = true\nsource = "third-party',
            "verified",
        ),
        (
            'tag = "C"\nverified = true\nsource = "NĐ 07/2021 Điều 3"',
            'tag = "X"\nverified = true\nsource = "x"',
            "confidence tag",
        ),
        (ONE_BAND, ONE_BAND.replace("poverty", "povrety"), "names no line"),
        ('min_deprivations = 3, result = "poor" }', 'min_deprivations = 3, result = "not_poor" }', "poor or near_poor"),
        ('evaluator = "water_source"', 'evaluator = "water_sauce"', "unknown evaluator"),
        ("number = 12", "number = 11", "unique"),
        ("rural = 1_500_000", 'rural = "1.500.000"', "integer"),
        ("applies_to = 2026-12-31", "applies_to = 2021-12-31", "before"),
        ('value = "07-01"', 'value = "02-30"', "MM-DD"),
        ("value = 10", "value = 0", "positive"),
        (
            '{ code = "tap", label = "Nước máy", safe = true },',
            '{ code = "tap", label = "Nước máy", safe = true },\n  { code = "tap", label = "again" },',
            "duplicate",
        ),
        ('min_level = "lower_secondary"', 'min_level = "kindergarten"', "unknown education level"),
        ('{ from_age = 3, to_age = 6, levels = ["preschool"] },', "", "cover every age"),
        ("format = 1", "format = 2", "format"),
    ],
)
def test_malformed_rule_set_is_refused(old: str, new: str, message: str) -> None:
    assert old in NATIONAL
    with pytest.raises(RuleSetError, match=message) as raised:
        parse_national(NATIONAL.replace(old, new, 1))
    assert str(raised.value).startswith("test.toml")


def test_illustrative_score_table_parses_with_one_column_per_region() -> None:
    table = parse_score_table(Reader(tomllib.loads(SCORES), "scores.toml"))
    assert set(table.points) == {"NT1", "NT2", "NT3", "NT4", "NT5", "NT6", "urban"}
    assert table.illustrative is True
    assert table.provenance.verified is False


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("points = [75, 80, 70, 65, 75, 70, 80]", "points = [75, 80]", "one value per column"),
        ('urban_column = "urban"', 'urban_column = "city"', "urban_column"),
        ("verified = false", "verified = true", "verified"),
    ],
)
def test_malformed_score_table_is_refused(old: str, new: str, message: str) -> None:
    with pytest.raises(RuleSetError, match=message):
        parse_score_table(Reader(tomllib.loads(SCORES.replace(old, new, 1)), "scores.toml"))


def test_phieu_a_stop_rule_needs_at_least_one_tick() -> None:
    text = CRITERIA.replace("min_ticked = 1", "min_ticked = 0")
    with pytest.raises(RuleSetError, match="min_ticked"):
        parse_phieu_a(Reader(tomllib.loads(text), "criteria.toml"))
