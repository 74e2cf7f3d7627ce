"""Typed, checked access to a parsed TOML table.

Rule-set files are edited by hand when the official annexes are transcribed; a typo must
fail at load time with the file and key in the message, not in the middle of a review run.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from workflow.standards.rule_set import Provenance

TAGS = frozenset({"C", "S", "M", "R", "L", "U", "C/S"})


class RuleSetError(ValueError):
    """A rule-set, score-table or criteria file that does not hold together."""


class Reader:
    """One TOML table and where it sits (`file.toml: lines.poverty`), for error messages."""

    __slots__ = ("_data", "where")

    def __init__(self, data: Mapping[str, object], where: str) -> None:
        self._data = data
        self.where = where

    def fail(self, message: str) -> RuleSetError:
        return RuleSetError(f"{self.where}: {message}")

    def has(self, key: str) -> bool:
        return key in self._data

    def names(self) -> tuple[str, ...]:
        return tuple(self._data)

    def raw(self, key: str) -> object:
        if key not in self._data:
            raise self.fail(f"missing key {key!r}")
        return self._data[key]

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self._data:
            return default
        value = self.raw(key)
        if not isinstance(value, str):
            raise self.fail(f"{key!r} must be a string")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self._data else None

    def integer(self, key: str, default: int | None = None) -> int:
        if default is not None and key not in self._data:
            return default
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{key!r} must be an integer")
        return value

    def number(self, key: str) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{key!r} must be a number")
        return float(value)

    def flag(self, key: str, default: bool | None = None) -> bool:
        if default is not None and key not in self._data:
            return default
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false")
        return value

    def day(self, key: str) -> date:
        value = self.raw(key)
        if not isinstance(value, date):
            raise self.fail(f"{key!r} must be a TOML date (YYYY-MM-DD)")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._list(key) if key in self._data else []
        if not all(isinstance(value, str) for value in values):
            raise self.fail(f"{key!r} must be a list of strings")
        return tuple(str(value) for value in values)

    def integers(self, key: str) -> tuple[int, ...]:
        values = self._list(key)
        integers = tuple(value for value in values if type(value) is int)
        if len(integers) != len(values):
            raise self.fail(f"{key!r} must be a list of integers")
        return integers

    def int_pairs(self, key: str) -> tuple[tuple[int, int], ...]:
        pairs = []
        for value in self._list(key):
            if not (isinstance(value, list) and len(value) == 2 and all(type(item) is int for item in value)):
                raise self.fail(f"{key!r} must be a list of [integer, integer] pairs")
            pairs.append((int(value[0]), int(value[1])))
        return tuple(pairs)

    def as_dict(self) -> dict[str, object]:
        return dict(self._data)

    def table(self, key: str) -> Reader:
        value = self.raw(key)
        if not isinstance(value, Mapping):
            raise self.fail(f"{key!r} must be a table")
        return Reader(value, f"{self.where}.{key}")

    def optional_table(self, key: str) -> Reader | None:
        return self.table(key) if key in self._data else None

    def tables(self, key: str) -> tuple[Reader, ...]:
        values = self._list(key) if key in self._data else []
        if not all(isinstance(value, Mapping) for value in values):
            raise self.fail(f"{key!r} must be a list of tables")
        return tuple(Reader(value, f"{self.where}.{key}[{index}]") for index, value in enumerate(values))  # type: ignore[arg-type]

    def provenance(self) -> Provenance:
        """The confidence mark every item carries: `tag`, `verified`, optional `source`, `note`."""
        tag = self.text("tag")
        if tag not in TAGS:
            raise self.fail(f"unknown confidence tag {tag!r}")
        verified = self.flag("verified")
        if verified and tag not in {"C", "L"}:
            raise self.fail(f"only a [C] or [L] item may be marked verified (tag is {tag!r})")
        return Provenance(tag, verified, self.text("source", ""), self.text("note", ""))

    def _list(self, key: str) -> list[object]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.fail(f"{key!r} must be a list")
        return value
