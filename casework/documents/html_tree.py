"""Our document templates' HTML as the element tree WeasyPrint builds, in a quarter of the time.

WeasyPrint parses HTML with tinyhtml5, a pure-Python HTML5 parser: its tokenizer reads character by
character, about a twentieth of a long list's render. The templates write plain, well-nested HTML, for
which the HTML5 tree is the tags as written. The standard library's parser (regular expressions) reads
it into the same tree here, under strict rules: only the elements the templates use, every end tag
closing the element it opened, nothing the HTML5 algorithm would move, close or add on its own. At the
first thing outside those rules `document_tree` gives up and returns None, and the caller parses with
tinyhtml5 as before. tests/casework/documents/test_html_tree.py compares the two trees, element by
element and text by text, for every kind of document and for generated ones.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = frozenset({"br", "col", "img", "meta"})
ELEMENTS = VOID | frozenset(
    {
        "html", "head", "title", "style", "body",
        "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "table", "colgroup", "thead", "tbody", "tfoot", "tr", "th", "td",
        "span", "b", "i", "em", "strong", "u", "small", "sub", "sup",
    }
)  # fmt: skip
# A start tag of these closes an open <p> by itself (HTML5 "in body" insertion mode).
CLOSES_P = frozenset({"section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
IMPLIED_TBODY = "tbody (implied)"
# Where a table part may start; anywhere else the HTML5 algorithm would add or move elements.
TABLE_PARENTS = {
    "colgroup": {"table"},
    "col": {"colgroup"},
    "thead": {"table"},
    "tbody": {"table"},
    "tfoot": {"table"},
    "tr": {"thead", "tbody", "tfoot", "table", IMPLIED_TBODY},
    "td": {"tr"},
    "th": {"tr"},
}
# Text in these HTML5 moves out of the table, before it.
NO_TEXT = frozenset({"table", "colgroup", "thead", "tbody", "tfoot", "tr", IMPLIED_TBODY})
BLANK = re.compile(r"[ \t\n\f]*")


class _GiveUp(Exception):
    """The document needs HTML5's error handling: tinyhtml5 parses it."""


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tree = ET.TreeBuilder()
        self.open: list[str] = []
        self.stage = "before html"  # before html, before head, in head, after head, in body, after body

    # html.parser's callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag in VOID:
            self.tree.end(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            raise _GiveUp(f"<{tag}/>")  # HTML5 ignores the slash: the element stays open
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            raise _GiveUp(f"</{tag}>")
        if tag in ("body", "html"):
            # The body stays open: whatever blank text follows belongs to it (HTML5 "after body").
            if self.open != ["html", "body"] or self.stage not in ("in body", "after body"):
                raise _GiveUp(f"</{tag}>")
            self.stage = "after body"
            return
        if tag == "table" and self.open and self.open[-1] == IMPLIED_TBODY:
            self.open[-1] = "tbody"
            self.handle_endtag("tbody")
        if not self.open or self.open[-1] != tag or self.stage == "after body":
            raise _GiveUp(f"</{tag}> closes another element")
        self.open.pop()
        self.tree.end(tag)
        if tag == "head":
            self.stage = "after head"

    def handle_data(self, data: str) -> None:
        blank = BLANK.fullmatch(data) is not None
        if self.stage in ("before html", "before head"):
            if not blank:
                raise _GiveUp("text before <head>")
            return  # HTML5 drops it
        if not blank and (self.stage in ("after head", "after body") or (self.open and self.open[-1] in NO_TEXT)):
            raise _GiveUp("text where HTML5 would move it")
        self.tree.data(data)

    def handle_comment(self, data: str) -> None:
        raise _GiveUp("comment")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html" or self.stage != "before html":
            raise _GiveUp(decl)

    def handle_pi(self, data: str) -> None:
        raise _GiveUp("processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise _GiveUp(data)

    # the rules

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            raise _GiveUp(f"<{tag}>")
        self._check_stage(tag)
        if tag == "tr" and self.open[-1] == "table":
            # A row written straight in its table: HTML5 puts it in a <tbody> it adds (closed with the table).
            self.tree.start("tbody", {})
            self.open.append(IMPLIED_TBODY)
        self._check_nesting(tag)
        names = [name for name, _ in attrs]
        if len(set(names)) != len(names):
            raise _GiveUp("an attribute twice")
        self.tree.start(tag, {name: value or "" for name, value in attrs})
        if tag not in VOID:
            self.open.append(tag)

    def _check_stage(self, tag: str) -> None:
        expected = {"html": "before html", "head": "before head", "body": "after head"}
        if tag in expected:
            if self.stage != expected[tag]:
                raise _GiveUp(f"<{tag}> out of place")
            self.stage = {"html": "before head", "head": "in head", "body": "in body"}[tag]
        elif self.stage == "in head":
            if tag not in ("meta", "title", "style"):
                raise _GiveUp(f"<{tag}> in <head>")
        elif self.stage != "in body":
            raise _GiveUp(f"<{tag}> outside <body>")
        elif tag in ("meta", "title", "style"):
            raise _GiveUp(f"<{tag}> in <body>")
        if self.open and self.open[-1] == "title":
            raise _GiveUp("an element in <title>")

    def _check_nesting(self, tag: str) -> None:
        parent = self.open[-1] if self.open else None
        if tag in TABLE_PARENTS:
            if parent not in TABLE_PARENTS[tag]:
                raise _GiveUp(f"<{tag}> in <{parent}>")
        elif parent in NO_TEXT:
            raise _GiveUp(f"<{tag}> in <{parent}>")  # HTML5 would move it before the table
        if tag in CLOSES_P and "p" in self.open:
            raise _GiveUp(f"<{tag}> in an open <p>")
        if tag in HEADINGS and parent in HEADINGS:
            raise _GiveUp("a heading in a heading")
        if tag == "li" and _innermost(self.open, ("li", "ul", "ol")) == "li":
            raise _GiveUp("<li> in an open <li>")
        if tag in ("b", "i", "em", "strong", "u", "small") and tag in self.open:
            raise _GiveUp(f"<{tag}> in <{tag}>")

    def result(self) -> ET.Element:
        if self.stage != "after body" or self.open != ["html", "body"]:
            raise _GiveUp("unfinished document")
        self.tree.end("body")
        self.tree.end("html")
        return self.tree.close()


def _innermost(open_elements: list[str], names: tuple[str, ...]) -> str | None:
    return next((tag for tag in reversed(open_elements) if tag in names), None)


def document_tree(html: str) -> ET.Element | None:
    """The element tree tinyhtml5 would build (HTML names without namespace), or None to let it build it."""
    if "\r" in html or "\x00" in html:
        return None  # HTML5 rewrites these characters
    builder = _Builder()
    try:
        builder.feed(html)
        builder.close()
        return builder.result()
    except _GiveUp:
        return None
