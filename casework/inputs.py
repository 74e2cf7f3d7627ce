"""What any request may carry, checked once for every page: ids that fit the database, no NUL characters.

- An id in a URL (`<int:...>`) larger than the database's integers names nothing: 404, never an
  overflow inside the database driver.
- `request.args.get(name, type=int)` (and the same on forms) treats a number too large for the
  database like any other unreadable number: the default.
- A NUL character (which PostgreSQL cannot store in text, and nobody types) anywhere in a form, a
  query string or a JSON body refuses the request with a message, before any view runs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from casework.errors import Refused

# PostgreSQL's INTEGER; BIGINT columns hold no id a person types.
LARGEST_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that matches only ids an INTEGER column can hold."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class BoundedValues(ImmutableMultiDict):  # type: ignore[type-arg]
    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and value is not default and abs(value) > LARGEST_ID:
            return default
        return value


class SiteRequest(Request):
    parameter_storage_class = BoundedValues


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul_characters() -> None:
    values = [*request.args.lists(), *request.form.lists()]
    if any(_has_nul(key) or _has_nul(items) for key, items in values) or (
        request.is_json and _has_nul(request.get_json(silent=True))
    ):
        raise Refused(
            _("Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL, thường do dán từ tệp nhị phân). Hãy gõ lại."),
            status=400,
        )


def init_app(app: Flask) -> None:
    """Before the blueprints: their rules are compiled with the converter in the map at that moment."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = SiteRequest
    app.before_request(refuse_nul_characters)
