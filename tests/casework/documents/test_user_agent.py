"""Our cut-down user agent stylesheet (casework/documents/user_agent.css) renders exactly what WeasyPrint's own does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2
import weasyprint
from weasyprint import HTML

from casework.documents import render as render_module
from casework.documents.render import ASSET_SCHEME, AssetFetcher, DocumentHTML, font_configuration, render_html
from tests.casework.documents.test_snapshots import CASES
from tests.support.document_samples import sample_context

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "documents"
SHEET = Path(render_module.__file__).resolve().parent / "user_agent.css"


def pdf_with(document_class: type[HTML], html: str) -> bytes:
    document = document_class(string=html, base_url=ASSET_SCHEME + "/", url_fetcher=AssetFetcher())
    return document.write_pdf(font_config=font_configuration())


@pytest.mark.parametrize(("kind", "draft"), CASES, ids=[f"{kind}{'-draft' if draft else ''}" for kind, draft in CASES])
def test_each_document_is_byte_for_byte_what_weasyprints_own_sheet_gives(kind: str, draft: bool) -> None:
    html = render_html(kind, sample_context(kind, draft=draft))
    assert pdf_with(DocumentHTML, html) == pdf_with(HTML, html)


def test_the_documents_are_rendered_with_our_sheet() -> None:
    sheets = DocumentHTML(string="<p>x</p>", base_url=ASSET_SCHEME + "/", url_fetcher=AssetFetcher())._ua_stylesheets()
    assert sheets == [render_module.user_agent_stylesheet()]
    # WeasyPrint still asks for the sheet through this method: otherwise ours would be silently ignored.
    assert callable(getattr(HTML, "_ua_stylesheets", None))


def _selectors(css: str) -> set[tuple[str, str]]:
    """(one selector, its declarations) for each selector of each style rule, spaces normalised."""
    pairs = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        declarations = " ".join(tinycss2.serialize(rule.content).split())
        depth, current, selectors = 0, "", []
        for char in tinycss2.serialize(rule.prelude):  # split at the commas outside :is(...)
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                selectors.append(current)
                current = ""
            else:
                current += char
        selectors.append(current)
        pairs |= {(" ".join(selector.split()), declarations) for selector in selectors}
    return pairs


def _names(selector: str) -> set[str]:
    """The element names a selector mentions (not classes, attributes or pseudo-classes)."""
    bare = re.sub(r"\[[^\]]*\]|::?[a-z-]+", " ", selector)
    return set(re.findall(r"(?<![\w.#-])[a-z][a-z0-9]*", bare))


# Attributes no template sets: WeasyPrint's rules that need them cannot apply to our documents.
UNUSED_ATTRIBUTES = ("dir", "rules", "frame")


def test_every_rule_of_weasyprints_sheet_for_an_element_the_templates_use_is_in_ours() -> None:
    sources = [template.read_text(encoding="utf-8") for template in TEMPLATES.rglob("*.html")]
    used = {tag.lower() for text in sources for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]", text)}
    assert not [name for name in UNUSED_ATTRIBUTES for text in sources if re.search(rf"\s{name}=", text)]
    theirs = _selectors((Path(weasyprint.__file__).parent / "css" / "html5_ua.css").read_text(encoding="utf-8"))
    ours = _selectors(SHEET.read_text(encoding="utf-8"))
    needed = {
        (selector, declarations)
        for selector, declarations in theirs
        if _names(selector) & used and not any(f"[{name}" in selector for name in UNUSED_ATTRIBUTES)
    }
    missing = sorted(needed - ours)
    assert not missing, f"copy these rules of WeasyPrint's html5_ua.css into {SHEET.name}: {missing}"
    assert ours <= theirs, f"rules in {SHEET.name} that WeasyPrint's sheet does not have: {sorted(ours - theirs)}"
