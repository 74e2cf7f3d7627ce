"""Turn parsed TOML into checked rule-set objects.

The file format is described in `rulesets/README.md`. Everything is validated here, once,
so classification never meets a malformed rule set.
"""

from __future__ import annotations

from collections.abc import Mapping

from workflow.standards.ages import parse_month_day
from workflow.standards.indicators import EVALUATORS, Shared
from workflow.standards.reader import Reader
from workflow.standards.results import IndicatorResult
from workflow.standards.rule_set import (
    AreaAmounts,
    Band,
    CodeList,
    GateRule,
    IncomeRange,
    IndicatorSpec,
    Paths,
    PhieuACriteria,
    Provenance,
    RuleSet,
    ScoreTable,
    Setting,
    WorkingAge,
)
from workflow.standards.vocabulary import Basis, HouseholdClass

FORMAT = 1


def parse_rule_set(root: Reader, score_table: ScoreTable | None, phieu_a: PhieuACriteria | None) -> RuleSet:
    """A national or local rule set; referenced score-table and criteria files come parsed."""
    _check_header(root, {"national", "local"})
    kind = root.text("kind")
    lines = _lines(root.table("lines"))
    b1_lines = _lines(root.table("b1_lines")) if root.has("b1_lines") else {}
    rules = root.table("rules")
    codes = _codes(root.table("codes"))
    working_age = _working_age(root.table("working_age"))
    settings = root.table("settings")
    year_only_birthday = _setting(settings, "year_only_birthday")
    try:
        month_day = parse_month_day(str(year_only_birthday.value))
    except ValueError as error:
        raise settings.fail(f"year_only_birthday must be 'MM-DD': {error}") from None
    indicators = _indicators(root, Shared(codes, working_age))
    b2_points = _setting(settings, "b2_points")
    income_rule = _gate(rules, "income", Basis.INCOME, lines)
    b1_rule = _gate(rules, "b1", Basis.SCORE_B1, b1_lines)
    paths = _paths(root)
    rule_set = RuleSet(
        id=root.text("id"),
        version=root.text("version"),
        title=root.text("title"),
        # Documents name the standard by its instrument; a file without the key falls back to its title.
        document_name=root.text("document_name", default=root.text("title")),
        kind=kind,
        province=root.text("province") if kind == "local" else None,
        base_id=root.text("base") if kind == "local" else None,
        legal_basis=root.texts("legal_basis"),
        applies_from=root.day("applies_from"),
        applies_to=root.day("applies_to"),
        labels={key: root.table("labels").text(key) for key in root.table("labels").names()},
        lines=lines,
        b1_lines=b1_lines,
        income_rule=income_rule,
        b1_rule=b1_rule,
        average_living_standard=_range(rules, "average_living_standard", lines),
        low_income_worker=_range(rules, "low_income_worker", lines),
        b2_points=b2_points,
        indicators=indicators,
        codes=codes,
        working_age=working_age,
        year_only_birthday=year_only_birthday,
        phieu_c_net_income=_setting(settings, "phieu_c_net_income"),
        score_table=score_table,
        phieu_a=phieu_a,
        paths=paths,
        evaluators=tuple(spec.evaluate for spec in indicators),
        b2_points_value=_points(b2_points, settings),
        year_only_month_day=month_day,
        classifying_paths=_classifying(paths, income_rule, b1_rule),
    )
    if rule_set.applies_to < rule_set.applies_from:
        raise root.fail("applies_to is before applies_from")
    return rule_set


def parse_score_table(root: Reader) -> ScoreTable:
    """B1 points per answer, one column per scoring region plus the urban column."""
    _check_header(root, {"b1_score_table"})
    columns = root.texts("columns")
    urban_column = root.text("urban_column")
    if urban_column not in columns or len(set(columns)) != len(columns):
        raise root.fail("columns must be unique and include urban_column")
    base = root.integers("base") if root.has("base") else (0,) * len(columns)
    points: dict[str, dict[str, dict[str, int]]] = {column: {} for column in columns}
    item_labels = {}
    answer_labels: dict[str, dict[str, str]] = {}
    for item in root.tables("items"):
        code = item.text("code")
        item_labels[code] = item.text("label")
        for answer in item.tables("answers"):
            answer_labels.setdefault(code, {})[answer.text("code")] = answer.text("label")
            values = answer.integers("points")
            if len(values) != len(columns):
                raise answer.fail(f"points needs one value per column ({len(columns)})")
            for column, value in zip(columns, values, strict=True):
                points[column].setdefault(code, {})[answer.text("code")] = value
    if not item_labels or len(base) != len(columns):
        raise root.fail("a score table needs items and one base value per column")
    return ScoreTable(
        id=root.text("id"),
        version=root.text("version"),
        provenance=root.provenance(),
        illustrative=root.flag("illustrative"),
        urban_column=urban_column,
        points=points,
        base=dict(zip(columns, base, strict=True)),
        item_labels=item_labels,
        answer_labels=answer_labels,
    )


def parse_phieu_a(root: Reader) -> PhieuACriteria:
    """Phiếu A criteria by group and the stop rules."""
    _check_header(root, {"phieu_a_criteria"})
    groups, labels = {}, {}
    for criterion in root.tables("criteria"):
        code = criterion.text("code")
        groups[code] = criterion.integer("group")
        labels[code] = criterion.text("label")
    stop_rules = tuple((rule.integer("group"), rule.integer("min_ticked")) for rule in root.tables("stop_rules"))
    if any(min_ticked < 1 for _, min_ticked in stop_rules):
        raise root.fail("a stop rule needs min_ticked of at least 1")
    return PhieuACriteria(
        id=root.text("id"),
        version=root.text("version"),
        provenance=root.provenance(),
        illustrative=root.flag("illustrative"),
        groups=groups,
        labels=labels,
        stop_rules=stop_rules,
        stop_sets=tuple(
            (frozenset(code for code, group in groups.items() if group == rule_group), min_ticked)
            for rule_group, min_ticked in stop_rules
        ),
    )


def _check_header(root: Reader, kinds: set[str]) -> None:
    if root.integer("format") != FORMAT:
        raise root.fail(f"unsupported format (this engine reads format {FORMAT})")
    if root.text("kind") not in kinds:
        raise root.fail(f"kind must be one of {sorted(kinds)}")


def _lines(table: Reader) -> dict[str, AreaAmounts]:
    lines = {}
    for name in table.names():
        line = table.table(name)
        lines[name] = AreaAmounts(
            name, line.text("label"), line.integer("rural"), line.integer("urban"), line.provenance()
        )
    return lines


def _line(table: Reader, key: str, lines: Mapping[str, AreaAmounts]) -> AreaAmounts:
    name = table.text(key)
    if name not in lines:
        raise table.fail(f"{key} = {name!r} names no line of this rule set")
    return lines[name]


def _gate(rules: Reader, key: str, measure: Basis, lines: Mapping[str, AreaAmounts]) -> GateRule | None:
    table = rules.optional_table(key)
    if table is None:
        return None
    bands = []
    for band in table.tables("bands"):
        result = HouseholdClass(band.text("result"))
        if result not in (HouseholdClass.POOR, HouseholdClass.NEAR_POOR) or band.integer("min_deprivations") < 0:
            raise band.fail("a band gives poor or near_poor, with min_deprivations ≥ 0")
        bands.append(Band(_line(band, "up_to", lines), band.integer("min_deprivations"), result))
    if not bands:
        raise table.fail("a rule needs at least one band")
    return GateRule(measure, tuple(bands), table.provenance())


def _range(rules: Reader, key: str, lines: Mapping[str, AreaAmounts]) -> IncomeRange | None:
    table = rules.optional_table(key)
    if table is None:
        return None
    above = _line(table, "above", lines) if table.has("above") else None
    return IncomeRange(above, _line(table, "up_to", lines), table.provenance())


_PATHS = {"b1": Basis.SCORE_B1, "income": Basis.INCOME}


def _paths(root: Reader) -> Paths:
    """`[paths]`: which measures classify (in order) and which are shown for information.

    Without the table the B1 score classifies and nothing is shown beside it (the QĐ 24 method).
    """
    if not root.has("paths"):
        return Paths((Basis.SCORE_B1,), (), Provenance("C", True))
    table = root.table("paths")
    chosen = []
    for key in ("classify", "inform"):
        names = table.texts(key) if table.has(key) else ()
        unknown = [name for name in names if name not in _PATHS]
        if unknown:
            raise table.fail(f"{key}: unknown path {unknown[0]!r} (use {sorted(_PATHS)})")
        chosen.append(tuple(_PATHS[name] for name in names))
    if not chosen[0]:
        raise table.fail("classify names at least one path")
    return Paths(chosen[0], chosen[1], table.provenance())


def _classifying(paths: Paths, income_rule: GateRule | None, b1_rule: GateRule | None) -> tuple[Basis, ...]:
    rules = {Basis.SCORE_B1: b1_rule, Basis.INCOME: income_rule}
    usable = tuple(basis for basis in paths.classify if rules[basis] is not None)
    if b1_rule is None and income_rule is not None and Basis.INCOME not in usable:
        return (Basis.INCOME,)  # no B1 table: direct income is the only way to classify
    return usable


def _setting(settings: Reader, key: str) -> Setting:
    table = settings.table(key)
    value = table.raw("value")
    if not isinstance(value, (int, bool, str)):
        raise table.fail("value must be an integer, a boolean or a string")
    return Setting(value, table.provenance())


def _points(setting: Setting, settings: Reader) -> int:
    if isinstance(setting.value, bool) or not isinstance(setting.value, int) or setting.value < 1:
        raise settings.fail("b2_points must be a positive integer")
    return setting.value


def _codes(table: Reader) -> dict[str, CodeList]:
    lists = {}
    for name in table.names():
        code_list = table.table(name)
        labels: dict[str, str] = {}
        flags: dict[str, dict[str, int | bool]] = {}
        for entry in code_list.tables("entries"):
            code = entry.text("code")
            if code in labels:
                raise entry.fail(f"duplicate code {code!r}")
            labels[code] = entry.text("label")
            values = entry.as_dict()
            flags[code] = {key: value for key, value in values.items() if isinstance(value, (bool, int))}
        lists[name] = CodeList(name, labels, flags, code_list.provenance())
    return lists


def _working_age(table: Reader) -> WorkingAge:
    steps = table.table("retirement_months")
    retirement = {sex: steps.int_pairs(sex) for sex in steps.names()}
    if not retirement or any(not pairs or list(pairs) != sorted(pairs) for pairs in retirement.values()):
        raise steps.fail("each sex needs [from_year, months] steps in year order")
    return WorkingAge(table.integer("min_age"), retirement, table.provenance())


def _indicators(root: Reader, shared: Shared) -> tuple[IndicatorSpec, ...]:
    specs = []
    for table in root.tables("indicators"):
        name = table.text("evaluator")
        if name not in EVALUATORS:
            raise table.fail(f"unknown evaluator {name!r}")
        params = table.optional_table("params") or Reader({}, f"{table.where}.params")
        evaluate, uses = EVALUATORS[name](params, shared)
        indicator_id = table.text("id")
        specs.append(
            IndicatorSpec(
                id=indicator_id,
                number=table.integer("number"),
                dimension=table.text("dimension"),
                dimension_label=table.text("dimension_label"),
                label=table.text("label"),
                evaluator_name=name,
                params=params.as_dict(),
                provenance=table.provenance(),
                uses=uses,
                evaluate=evaluate,
                not_deprived=IndicatorResult(indicator_id, False),
            )
        )
    if len({spec.id for spec in specs}) != len(specs) or len({spec.number for spec in specs}) != len(specs):
        raise root.fail("indicator ids and numbers must be unique")
    return tuple(specs)
