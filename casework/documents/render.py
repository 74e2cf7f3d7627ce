"""HTML templates to PDF with WeasyPrint, using only fonts and files that ship in the repo.

The URL fetcher serves `asset:` URLs from casework/documents/assets and the verification QR code's
`qr:` URLs (qr.py), and refuses everything else (file://, http(s)://, data from outside): a template
that reaches for another resource fails the render instead of leaking or hanging.
One font configuration is reused per process.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cssselect2
from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.html import UA_COUNTER_STYLE
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from casework.documents.html_tree import document_tree
from casework.documents.qr import QR_SCHEME, qr_png
from casework.documents.stack_room import on_roomy_stack
from casework.memory import cycle_collector_paused

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_SCHEME = "asset:"


class ForbiddenResource(FatalURLFetchingError):
    """A document template asked for something outside the shipped assets."""


class AssetFetcher(URLFetcher):
    def __init__(self, root: Path = ASSETS) -> None:
        super().__init__(allowed_protocols={"asset"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(QR_SCHEME):
            return URLFetcherResponse(url, body=qr_png(url), headers={"Content-Type": "image/png"})
        if not url.startswith(ASSET_SCHEME):
            raise ForbiddenResource(f"documents may not load {url!r}")
        path = (self.root / url[len(ASSET_SCHEME) :].lstrip("/")).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ForbiddenResource(f"no such document asset: {url!r}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media_type})


class DocumentHTML(HTML):
    """WeasyPrint's HTML for our templates: their tree read by html_tree.py when it can (tinyhtml5
    otherwise), and our cut-down user agent stylesheet (user_agent.css says why)."""

    def __init__(self, string: str, base_url: str, url_fetcher: URLFetcher) -> None:
        tree = document_tree(string)
        if tree is None:
            super().__init__(string=string, base_url=base_url, url_fetcher=url_fetcher)
            return
        # What HTML.__init__ sets from tinyhtml5's tree (WeasyPrint 70); the templates have no <base>.
        self.base_url = base_url
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [user_agent_stylesheet()]


@lru_cache(maxsize=1)
def user_agent_stylesheet() -> CSS:
    text = (Path(__file__).resolve().parent / "user_agent.css").read_text(encoding="utf-8")
    return CSS(string=text, counter_style=UA_COUNTER_STYLE)


@lru_cache(maxsize=1)
def font_configuration() -> FontConfiguration:
    return FontConfiguration()


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    html: str
    template_name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def template_name(kind: str) -> str:
    return f"documents/{kind}/document.html"


def render_html(kind: str, context: dict[str, Any]) -> str:
    """Document templates get plain values only, so the context can be stored as JSON."""
    return render_template(template_name(kind), **context)


def html_to_pdf(html: str) -> bytes:
    document = DocumentHTML(string=html, base_url=ASSET_SCHEME + "/", url_fetcher=AssetFetcher())
    with cycle_collector_paused():  # a long list builds many objects
        return on_roomy_stack(document.write_pdf, font_config=font_configuration())


def render(kind: str, context: dict[str, Any]) -> Rendered:
    html = render_html(kind, context)
    pdf = html_to_pdf(html)
    log.debug("rendered %s: %d bytes", kind, len(pdf))
    return Rendered(pdf=pdf, html=html, template_name=template_name(kind))
