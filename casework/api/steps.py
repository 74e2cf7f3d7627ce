"""The steps a case may take over the API: trigger → the feature's own service, with the step's facts.

Each step is the same service call as its web page (which issues the step's document in the same
transaction). A step is added here by its feature's API module; one not listed is refused with 409
and names the page that takes it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from casework.api.errors import fail
from casework.cases import service as case_service
from casework.models import Case, CaseEvent, User

Step = Callable[[Case, dict[str, Any], User], CaseEvent | None]
STEPS: dict[str, Step] = {}
MAX_PDF_BYTES = 10 * 1024 * 1024


def step(trigger: str) -> Callable[[Step], Step]:
    def register(handler: Step) -> Step:
        STEPS[trigger] = handler
        return handler

    return register


def pdf_fact(facts: dict[str, Any], name: str) -> bytes:
    """A PDF sent as base64 in the facts, refused by field when it is none."""
    value = facts.get(name)
    try:
        content = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        content = b""
    if not content.startswith(b"%PDF-") or len(content) > MAX_PDF_BYTES:
        raise fail(422, _("Hãy gửi tệp PDF (mã hóa base64, tối đa 10 MB)."), f"facts.{name}")
    return content


@step("withdraw")
def withdraw(case: Case, facts: dict[str, Any], actor: User) -> CaseEvent:
    """Facts: letter_pdf, the signed withdrawal letter (base64)."""
    return case_service.withdraw(case, pdf_fact(facts, "letter_pdf"), actor)
