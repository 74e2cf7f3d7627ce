"""html_tree.document_tree builds tinyhtml5's tree of our documents, or gives up and lets tinyhtml5 build it."""

from __future__ import annotations

import html as html_escape
import xml.etree.ElementTree as ET

import pytest
import tinyhtml5
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.documents.html_tree import document_tree
from casework.documents.lists import chunk_context, plan_chunks
from casework.documents.render import ASSET_SCHEME, AssetFetcher, DocumentHTML, render_html
from tests.casework.documents.test_snapshots import CASES
from tests.casework.documents.test_user_agent import pdf_with
from tests.support.document_samples import sample_context

HEAD = '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>Tờ trình</title>\n</head>\n<body>\n'
TAIL = "\n</body>\n</html>\n"


def differences(expected: ET.Element, built: ET.Element, path: str = "html") -> str | None:
    """Where two trees first differ (tag, attributes, text, tail, children), or None."""
    for what, left, right in (
        ("tag", expected.tag, built.tag),
        ("attributes", dict(expected.attrib), dict(built.attrib)),
        ("text", expected.text, built.text),
        ("tail", expected.tail, built.tail),
        ("children", [child.tag for child in expected], [child.tag for child in built]),
    ):
        if left != right:
            return f"{path}: {what} {left!r} != {right!r}"
    for index, (left, right) in enumerate(zip(expected, built, strict=True)):
        found = differences(left, right, f"{path}/{left.tag}[{index}]")
        if found:
            return found
    return None


def tinyhtml5_tree(html: str) -> ET.Element:
    return tinyhtml5.parse(html, namespace_html_elements=False)


@pytest.mark.parametrize(("kind", "draft"), CASES, ids=[f"{kind}{'-draft' if draft else ''}" for kind, draft in CASES])
def test_every_kind_of_document_gets_tinyhtml5s_tree_from_the_fast_path(kind: str, draft: bool) -> None:
    html = render_html(kind, sample_context(kind, draft=draft))
    built = document_tree(html)
    assert built is not None, "the fast path gave up on a template: find what it refused in html_tree.py"
    assert differences(tinyhtml5_tree(html), built) is None


def test_each_chunk_of_a_long_list_gets_tinyhtml5s_tree(documents_app: Flask) -> None:
    context = sample_context("recognition_decision")
    for chunk in plan_chunks(context, chunk_rows=2):
        html = render_html("recognition_decision", chunk_context(context, chunk))
        built = document_tree(html)
        assert built is not None
        assert differences(tinyhtml5_tree(html), built) is None


@pytest.mark.parametrize(
    "body",
    [
        "<p>Một <div>khối</div> trong đoạn</p>",  # <div> closes the <p>
        "<table><tr><td>1</td></tr>chữ</table>",  # text moved before the table
        "<table><td>1</td></table>",  # <tbody> and <tr> added
        "<div><span>lệch</div></span>",  # end tags crossed
        "<ul><li>một<li>hai</ul>",  # <li> closes the open <li>
        '<a href="x">liên kết</a>',  # an element the templates do not use
        "<!-- ghi chú -->",
        "<div/>chữ",  # the slash is ignored: the div stays open
        "<b><b>đậm</b></b>",
        '<p class="a" class="b">hai lần</p>',
    ],
)
def test_what_html5_would_rearrange_goes_to_tinyhtml5(body: str, documents_app: Flask) -> None:
    html = HEAD + body + TAIL
    assert document_tree(html) is None
    document = DocumentHTML(string=html, base_url=ASSET_SCHEME + "/", url_fetcher=AssetFetcher())
    assert differences(tinyhtml5_tree(html), document.etree_element) is None
    assert pdf_with(DocumentHTML, html).startswith(b"%PDF")


def test_a_carriage_return_or_a_missing_body_goes_to_tinyhtml5() -> None:
    assert document_tree(HEAD.replace("\n", "\r\n") + "<p>x</p>" + TAIL) is None
    assert document_tree("<p>x</p>") is None
    assert document_tree(HEAD + "<p>x</p>") is None  # never closed


TEXT = st.text(alphabet="Ấp Lũng Cú xã<>&\"' \n\t0123", max_size=12).map(html_escape.escape)


def inline(depth: int) -> st.SearchStrategy[str]:
    leaves = st.one_of(TEXT, st.just("<br>"), st.just("&nbsp;&amp;&#7845;"))
    if depth == 0:
        return leaves
    # Spans nest; a formatting element (b, em, sup) holds text only: the same one nested is left to tinyhtml5.
    span = st.lists(inline(depth - 1), max_size=3).map(lambda parts: f'<span class="c">{"".join(parts)}</span>')
    formatted = st.tuples(st.sampled_from(["b", "em", "sup"]), TEXT).map(
        lambda part: f"<{part[0]}>{part[1]}</{part[0]}>"
    )
    return st.one_of(leaves, span, formatted)


def block(depth: int) -> st.SearchStrategy[str]:
    words = st.lists(inline(2), max_size=3).map("".join)
    paragraph = st.tuples(st.sampled_from(["p", "h2", "li-less"]), words).map(
        lambda part: f"<p>{part[1]}</p>" if part[0] != "h2" else f"<h2>{part[1]}</h2>"
    )
    if depth == 0:
        return paragraph
    inner = st.lists(st.one_of(block(depth - 1), words), max_size=3).map("\n".join)
    cell = st.tuples(st.sampled_from(["td", "th"]), inner).map(lambda part: f"<{part[0]}>{part[1]}</{part[0]}>")
    row = st.lists(cell, min_size=1, max_size=3).map(lambda cells: "<tr>" + "".join(cells) + "</tr>")
    rows = st.lists(row, min_size=1, max_size=3).map("\n".join)
    table = st.tuples(st.booleans(), st.booleans(), rows).map(
        lambda part: (
            "<table>\n"
            + ('<colgroup><col style="width: 30%"><col></colgroup>\n' if part[0] else "")
            + (f"<tbody>\n{part[2]}\n</tbody>" if part[1] else part[2])
            + "\n</table>"
        )
    )
    items = st.lists(inner.map(lambda text: f"<li>{text}</li>"), min_size=1, max_size=3)
    return st.one_of(
        paragraph,
        table,
        inner.map(lambda text: f'<div class="d">\n{text}\n</div>'),
        inner.map(lambda text: f"<section>{text}</section>"),
        items.map(lambda lis: "<ul>\n" + "\n".join(lis) + "\n</ul>"),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block(2), max_size=4).map("\n".join))
def test_a_well_nested_document_gets_tinyhtml5s_tree(body: str) -> None:
    html = HEAD + body + TAIL
    built = document_tree(html)
    assert built is not None
    assert differences(tinyhtml5_tree(html), built) is None


TAGS = ["p", "div", "span", "b", "table", "tbody", "tr", "td", "ul", "li", "h2", "br", "col", "a", "section"]
TOKENS = st.one_of(
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}/>"),
    TEXT,
    st.sampled_from(["<!-- x -->", "\r\n", "<html>", "</body>", "<head>", "<style>p{}</style>", "&amp"]),
    st.just("<p id=a id=b>"),
)


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.lists(TOKENS, max_size=12).map("".join))
def test_any_markup_gets_tinyhtml5s_tree_or_goes_to_it(framed: bool, soup: str) -> None:
    html = HEAD + soup + TAIL if framed else soup
    built = document_tree(html)
    if built is not None:
        assert differences(tinyhtml5_tree(html), built) is None
