"""Shared column helpers: enums stored by value, UTC timestamps, personal-data tags."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import DateTime, Enum, TypeDecorator


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def value_enum(enum_cls: type[enum.Enum], length: int = 32) -> Enum:
    """Store an enum by its value in a VARCHAR with a CHECK, never as a native database enum."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
        name=enum_cls.__name__.lower(),
    )


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps are stored in UTC and come back timezone-aware on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def personal(category: str, *, public_listable: bool = False) -> dict[str, Any]:
    """Column info tagging personal data (data-protection.md §5.1): basic or sensitive.

    Every column of a table that holds personal data carries one; a test enforces it.
    """
    assert category in {"basic", "sensitive", "none"}
    return {"privacy": category, "public_listable": public_listable}
