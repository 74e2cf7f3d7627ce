"""Where a refused posting step's reason goes on the page (who may take the steps: casework/permissions)."""

from __future__ import annotations

from flask_babel import gettext as _

from casework.errors import Refused
from casework.models import Case
from casework.postings.queries import head_name
from workflow.engine import TransitionNotAllowed

# Which form field a failed guard's reason belongs next to; the others are shown at the top of the page.
GUARD_FIELDS = {
    "posting_scheduled": "starts_on",
    "complaint_in_time": "received_on",
    "recheck_in_time": "late_reason",
    "reposting_scheduled": "finished_on",
}


def refusal(case: Case, error: TransitionNotAllowed) -> Refused:
    """The engine's reason, naming the household, next to the field the failed guard reads."""
    field = next((GUARD_FIELDS[g] for g in error.guards if g in GUARD_FIELDS), None)
    message = _(
        "Hộ %(name)s (%(village)s): %(reason)s",
        name=head_name(case),
        village=case.household.village.name,
        reason=error.reason,
    )
    return Refused(message, field, status=409)
