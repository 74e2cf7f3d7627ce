"""Rendering needs only an app context (templates), not a database: one light app per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from casework.documents.render import render
from tests.conftest import make_app
from tests.support.document_samples import sample_context


@pytest.fixture(scope="session")
def documents_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_app("sqlite://", tmp_path_factory.mktemp("documents-instance"))


@pytest.fixture(autouse=True)
def documents_context(documents_app: Flask) -> Iterator[None]:
    """One app context per test: a context left pushed for the session would leak into other tests."""
    with documents_app.app_context():
        yield


@pytest.fixture(scope="session")
def sample_pdf(documents_app: Flask) -> Callable[..., bytes]:
    """The PDF of a kind's sample context, rendered once per session (rendering is the slow part)."""
    cache: dict[tuple[str, bool], bytes] = {}

    def rendered(kind: str, *, draft: bool = False) -> bytes:
        if (kind, draft) not in cache:
            cache[kind, draft] = render(kind, sample_context(kind, draft=draft)).pdf
        return cache[kind, draft]

    return rendered


@pytest.fixture(scope="session")
def render_context(documents_app: Flask) -> Callable[[str, dict[str, Any]], bytes]:
    return lambda kind, context: render(kind, context).pdf
