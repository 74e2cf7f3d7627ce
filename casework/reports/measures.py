"""The counts a report column may ask for, as SQL aggregates over one row of facts per household.

A measure name reads `<population>[.<qualifier>…].<unit>`:

- population: `resident` (every household of the unit), `poor`, `near_poor`, `als` (average living
  standard), by the class recognised at the end of the period;
- qualifiers: `deprived.<indicator>` (the survey behind the recognised class found the household
  deprived), `no_survey`, `minority` / `kinh` (the head's ethnicity), `female_head`, and the
  movements of Mẫu 7.2 / 7.3 (`start`, `to_near_poor`, `exited`, `from_near_poor`, `re_poor`, `new`
  for the poor; `start`, `to_poor`, `exited`, `from_poor`, `new` for the near-poor), which compare the
  class at the start of the period with the one at its end;
- unit: `households`, `persons` (members) or `children` (members under 16).

Each becomes `SUM(CASE WHEN … THEN <unit> ELSE 0 END)`, so a whole report is one GROUP BY.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, and_, case, column, func, literal, not_, true

from workflow.standards.vocabulary import Movement

KINH = "01"  # the ethnic-group code of the Kinh (casework/data): every other code is a minority
POPULATIONS = {"resident": None, "poor": "poor", "near_poor": "near_poor", "als": "average_living_standard"}
UNITS = ("households", "persons", "children")
LISTED = ("poor", "near_poor")


class UnknownMeasure(ValueError):
    pass


def deprived_pattern(indicator: str) -> str:
    """The LIKE pattern of one indicator in the JSON list of deprived indicators (`["a", "b"]`)."""
    return f'%"{indicator}"%'


def _movement(population: str, qualifier: str, facts: Any) -> ColumnElement[bool]:
    start = func.coalesce(facts.c.start_class, "none")
    end = func.coalesce(facts.c.end_class, "none")
    off_list = not_(start.in_(LISTED))
    re_poor = func.coalesce(facts.c.end_movement, "") == Movement.RE_POOR.value
    other = "near_poor" if population == "poor" else "poor"
    table: dict[str, ColumnElement[bool]] = {
        "start": start == population,
        f"to_{other}": and_(start == population, end == other),
        "exited": and_(start == population, not_(end.in_(LISTED))),
        f"from_{other}": and_(start == other, end == population),
        "new": and_(off_list, end == population, not_(re_poor) if population == "poor" else true()),
    }
    if population == "poor":
        table["re_poor"] = and_(off_list, end == "poor", re_poor)
    if qualifier not in table:
        raise UnknownMeasure(f"{population}.{qualifier}")
    return table[qualifier]


def _condition(name: str, facts: Any) -> tuple[ColumnElement[bool], str]:
    parts = name.split(".")
    if len(parts) < 2 or parts[0] not in POPULATIONS or parts[-1] not in UNITS:
        raise UnknownMeasure(name)
    population, qualifiers, unit = parts[0], parts[1:-1], parts[-1]
    conditions: list[ColumnElement[bool]] = []
    movement_qualifiers = {
        "start",
        "to_near_poor",
        "to_poor",
        "exited",
        "from_near_poor",
        "from_poor",
        "re_poor",
        "new",
    }
    if qualifiers and qualifiers[0] in movement_qualifiers:
        if population not in LISTED or len(qualifiers) != 1:
            raise UnknownMeasure(name)
        return _movement(population, qualifiers[0], facts), unit
    cls = POPULATIONS[population]
    if cls is not None:
        conditions.append(facts.c.end_class == cls)
    index = 0
    while index < len(qualifiers):
        qualifier = qualifiers[index]
        if qualifier == "deprived" and index + 1 < len(qualifiers):
            conditions.append(facts.c.deprived.like(deprived_pattern(qualifiers[index + 1])))
            index += 2
            continue
        if qualifier == "no_survey":
            conditions.append(facts.c.deprived.is_(None))
        elif qualifier == "minority":
            conditions.append(and_(facts.c.head_ethnicity.is_not(None), facts.c.head_ethnicity != KINH))
        elif qualifier == "kinh":
            conditions.append(facts.c.head_ethnicity == KINH)
        elif qualifier == "female_head":
            conditions.append(facts.c.head_sex == "female")
        else:
            raise UnknownMeasure(name)
        index += 1
    return (and_(*conditions) if conditions else true()), unit


def aggregate(name: str, facts: Any) -> ColumnElement[Any]:
    """`SUM(CASE WHEN condition THEN weight ELSE 0 END)` of one measure, labelled with its name."""
    condition, unit = _condition(name, facts)
    weight: ColumnElement[Any] = {
        "households": literal(1),
        "persons": func.coalesce(facts.c.persons, 0),
        "children": func.coalesce(facts.c.children, 0),
    }[unit]
    return func.coalesce(func.sum(case((condition, weight), else_=0)), 0).label(name)


def validate(name: str) -> None:
    """Raise UnknownMeasure for a name the database layer could not compute (the forms are checked in tests)."""
    names = ("start_class", "end_class", "end_movement", "deprived", "head_ethnicity", "head_sex")
    _condition(name, SimpleNamespace(c=SimpleNamespace(**{key: column(key) for key in names})))
