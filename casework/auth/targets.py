"""Where the app may send a person back to after a form: only paths of this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None) -> str:
    """The path itself when it stays on this site, else the home page: an open redirect is a phishing tool.

    Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so `/\\t/evil.example`
    or `/\\evil.example` would leave the site: any control character, space or backslash refuses the target.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and all(ch > " " and ch != "\x7f" for ch in target)
        and not urlsplit(target).scheme
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("web.home")
