"""A rule set as plain JSON, for the field app's classifier (casework/static/field/classify.js).

The export carries what the engine reads after loading (lines, bands resolved per area, code lists
with their flags, indicator parameters, the score table and Phiếu A criteria) and the provenance
marks the result's "unverified" list needs, so the phone classifies with the same data as the
server. `version` names the files it came from; `digest` changes whenever any exported value does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from workflow.standards.rule_set import AreaAmounts, GateRule, IncomeRange, Provenance, RuleSet

EXPORT_FORMAT = 1


def rule_set_to_json(rule_set: RuleSet) -> dict[str, Any]:
    """Everything classify.js needs to classify a household exactly like `classify`."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "id": rule_set.id,
        "version": file_versions(rule_set),
        "title": rule_set.title,
        "document_name": rule_set.document_name,
        "kind": rule_set.kind,
        "province": rule_set.province,
        "applies_from": rule_set.applies_from.isoformat(),
        "applies_to": rule_set.applies_to.isoformat(),
        "labels": dict(rule_set.labels),
        "income_rule": _gate(rule_set.income_rule),
        "b1_rule": _gate(rule_set.b1_rule),
        "average_living_standard": _range(rule_set.average_living_standard),
        "low_income_worker": _range(rule_set.low_income_worker),
        **_settings(rule_set),
        "indicators": [
            {
                "id": spec.id,
                "number": spec.number,
                "dimension": spec.dimension,
                "dimension_label": spec.dimension_label,
                "label": spec.label,
                "evaluator": spec.evaluator_name,
                "params": spec.params,
                "uses": list(spec.uses),
                "verified": spec.provenance.verified,
            }
            for spec in rule_set.indicators
        ],
        "paths": {
            "classify": [basis.value for basis in rule_set.classifying_paths],
            "inform": [basis.value for basis in rule_set.paths.inform],
            "verified": rule_set.paths.provenance.verified,
        },
        "score_table": _score_table(rule_set),
        "phieu_a": _phieu_a(rule_set),
    }
    data["digest"] = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return data


def _settings(rule_set: RuleSet) -> dict[str, Any]:
    """The configured values, working age and code lists the indicators read."""
    return {
        "b2_points": {"value": rule_set.b2_points_value, "verified": rule_set.b2_points.provenance.verified},
        "phieu_c_net_income": {
            "value": bool(rule_set.phieu_c_net_income.value),
            "verified": rule_set.phieu_c_net_income.provenance.verified,
        },
        "year_only_birthday": {
            "month_day": list(rule_set.year_only_month_day),
            "verified": rule_set.year_only_birthday.provenance.verified,
        },
        "working_age": {
            "min_age": rule_set.working_age.min_age,
            "retirement_months": {
                sex: [list(step) for step in steps] for sex, steps in rule_set.working_age.retirement_months.items()
            },
            "verified": rule_set.working_age.provenance.verified,
        },
        "codes": {
            name: {
                "labels": dict(codes.labels),
                "flags": {code: dict(flags) for code, flags in codes.flags.items()},
                "verified": codes.provenance.verified,
            }
            for name, codes in rule_set.codes.items()
        },
    }


def file_versions(rule_set: RuleSet) -> str:
    """The versions of the files a rule set is read from: 'vn_2022_2025 1.0.0; b1_… 0.1.0; phieu_a_… 0.1.0'."""
    parts = [f"{rule_set.id} {rule_set.version}"]
    for table in (rule_set.score_table, rule_set.phieu_a):
        if table is not None:
            parts.append(f"{table.id} {table.version}")
    return "; ".join(parts)


def _verified(provenance: Provenance) -> bool:
    return provenance.verified


def _line(line: AreaAmounts) -> dict[str, Any]:
    return {
        "name": line.name,
        "label": line.label,
        "rural": line.rural,
        "urban": line.urban,
        "verified": _verified(line.provenance),
    }


def _gate(rule: GateRule | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    return {
        "measure": rule.measure.value,
        "verified": _verified(rule.provenance),
        "bands": [
            {"up_to": _line(band.up_to), "min_deprivations": band.min_deprivations, "result": band.result.value}
            for band in rule.bands
        ],
    }


def _range(income_range: IncomeRange | None) -> dict[str, Any] | None:
    if income_range is None:
        return None
    return {
        "above": None if income_range.above is None else _line(income_range.above),
        "up_to": _line(income_range.up_to),
        "verified": _verified(income_range.provenance),
    }


def _score_table(rule_set: RuleSet) -> dict[str, Any] | None:
    table = rule_set.score_table
    if table is None:
        return None
    return {
        "id": table.id,
        "version": table.version,
        "illustrative": table.illustrative,
        "verified": _verified(table.provenance),
        "urban_column": table.urban_column,
        "points": {
            column: {item: dict(answers) for item, answers in items.items()} for column, items in table.points.items()
        },
        "base": dict(table.base),
        "item_labels": dict(table.item_labels),
        "answer_labels": {item: dict(labels) for item, labels in table.answer_labels.items()},
    }


def _phieu_a(rule_set: RuleSet) -> dict[str, Any] | None:
    criteria = rule_set.phieu_a
    if criteria is None:
        return None
    return {
        "id": criteria.id,
        "version": criteria.version,
        "illustrative": criteria.illustrative,
        "verified": _verified(criteria.provenance),
        "groups": dict(criteria.groups),
        "labels": dict(criteria.labels),
        "stop_rules": [list(rule) for rule in criteria.stop_rules],
    }
