"""The phone's classifier (casework/static/field/classify.js) agrees with the Python engine.

Thousands of generated households per national rule set (2016-2020, 2022-2025, 2027-2030) are
classified by `workflow.standards.classify` and, in one page.evaluate, by classify.js in Debian's
chromium, from the rule set as the field app downloads it. Any difference fails with the household.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.support.generated_households import generate
from workflow.standards import HouseholdClass, InvalidAnswer, classify, household_from_dict, load_rule_set
from workflow.standards.export import rule_set_to_json
from workflow.standards.results import Classification

pytestmark = pytest.mark.browser

CLASSIFY_JS = Path(__file__).resolve().parents[2] / "casework" / "static" / "field" / "classify.js"
PER_RULE_SET = 1500  # 4,500 households in all

# Arguments and results cross as one JSON string each: Playwright's own serialisation of
# thousands of nested objects takes seconds, the classification itself a tenth of one.
COMPARE_JS = """(payload) => { const [ruleSet, cases] = JSON.parse(payload); return JSON.stringify(cases.map((item) => {
  try {
    const result = window.fieldClassify.classify(item.household, ruleSet, item.previous, item.formerly_poor);
    return {
      class: result.class, basis: result.basis, band_index: result.band_index,
      indicators: result.indicators.map((i) => [i.id, i.deprived, i.members, i.reason]),
      deprivation_count: result.deprivation_count, score_b1: result.score_b1,
      score_b1_source: result.score_b1_source, score_b2: result.score_b2,
      phieu_a_result: result.phieu_a_result, phieu_a_matched: result.phieu_a_matched,
      actual_income: result.actual_income, income_per_capita: result.income_per_capita,
      low_income_worker: result.low_income_worker, movement: result.movement,
      income_for_information: result.income_for_information,
      reasons: result.reasons, unverified: result.unverified,
    };
  } catch (error) {
    return { refused: error instanceof window.fieldClassify.InvalidAnswer ? "invalid_answer" : "error" };
  }
})); }"""


def python_view(item: dict[str, Any], rule_set: Any) -> dict[str, Any]:
    try:
        household = household_from_dict(item["household"])
        previous = None if item["previous"] is None else HouseholdClass(item["previous"])
        result: Classification = classify(household, rule_set, previous, formerly_poor=item["formerly_poor"])
    except InvalidAnswer:
        return {"refused": "invalid_answer"}
    except ValueError:
        return {"refused": "error"}
    stored = result.to_dict()
    return {
        "class": result.household_class.value,
        "basis": result.basis.value,
        "band_index": result.band_index,
        "indicators": [[i["id"], i["deprived"], i["members"], i["reason"]] for i in stored["indicators"]],
        "deprivation_count": result.deprivation_count,
        "score_b1": result.score_b1,
        "score_b1_source": stored["score_b1_source"],
        "score_b2": result.score_b2,
        "phieu_a_result": stored["phieu_a_result"],
        "phieu_a_matched": list(result.phieu_a_matched),
        "actual_income": None if result.actual_income is None else list(result.actual_income),
        "income_per_capita": result.income_per_capita,
        "low_income_worker": result.low_income_worker,
        "movement": stored["movement"],
        "income_for_information": result.income_for_information,
        "reasons": list(result.reasons),
        "unverified": list(result.unverified),
    }


@pytest.mark.parametrize("year", [2018, 2024, 2028])
def test_javascript_and_python_classify_every_generated_household_alike(browser: Browser, year: int) -> None:
    rule_set = load_rule_set(year)
    exported = rule_set_to_json(rule_set)
    cases = generate(rule_set, PER_RULE_SET, seed=year)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content("<!doctype html><title>classify</title>")
        source = CLASSIFY_JS.read_text(encoding="utf-8")
        page.add_script_tag(content=f"{source}\nwindow.fieldClassify = {{ classify, InvalidAnswer }};", type="module")
        page.wait_for_function("window.fieldClassify !== undefined")
        from_js = json.loads(page.evaluate(COMPARE_JS, json.dumps([exported, cases])))
    finally:
        context.close()

    classes: list[str] = []
    for item, js in zip(cases, from_js, strict=True):
        expected = python_view(item, rule_set)
        assert js == expected, f"JS and Python differ for {json.dumps(item, ensure_ascii=False)}"
        classes.append(expected.get("class", "refused"))
    # The generator reaches the outcomes that matter, and mostly yields households the engine reads.
    assert {"poor", "near_poor", "not_poor", "undetermined"} <= set(classes)
    assert classes.count("refused") < PER_RULE_SET * 0.2
