"""Cursor paging: a page of a sorted statement after an opaque cursor, and the cursor of the next page.

The cursor holds the sort values of the last row sent (base64 of JSON): it is opaque to clients, and
a forged one can only move within what the statement already limits to the token's scope.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from casework.api.errors import fail
from casework.extensions import db

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def encode(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str, kinds: Sequence[type]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    fits = (
        isinstance(values, list)
        and len(values) == len(kinds)
        and all(isinstance(v, kind) and not isinstance(v, bool) for v, kind in zip(values, kinds, strict=False))
        and not any(isinstance(v, str) and "\x00" in v for v in values)
    )
    if not fits:
        raise fail(422, _("Con trỏ trang không hợp lệ; hãy bắt đầu lại từ trang đầu."), "cursor")
    return values


def page(
    statement: Select[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    key: Callable[[Any], Sequence[Any]],
    *,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Up to `limit` rows after `cursor` in `order` (its last column unique), and the next page's cursor.

    A cursor's values must have the types of the columns they stand for (a text against a number
    would be the database's error, not the client's)."""
    if cursor:
        statement = statement.where(
            tuple_(*order) > tuple_(*decode(cursor, [column.type.python_type for column in order]))
        )
    rows = list(db.session.execute(statement.order_by(*order).limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode(key(rows[-1])) if more and rows else None)
