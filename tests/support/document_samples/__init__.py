"""Sample documents: made-up values for every document kind, used by the snapshot and PDF tests and bench/.

They live outside the application (they were ~480 lines of casework/documents/context.py) because
nothing at run time needs them.
"""

from tests.support.document_samples.kinds import sample_context
from tests.support.document_samples.people import (
    SAMPLE_APPLICANT,
    SAMPLE_COMMUNE,
    SAMPLE_INDICATORS,
    SAMPLE_LEGAL_BASES_2026,
    SAMPLE_MEMBERS,
    SAMPLE_PROVINCE,
    SAMPLE_VERIFICATION,
    SAMPLE_VILLAGES,
    sample_households,
)

__all__ = [
    "SAMPLE_APPLICANT",
    "SAMPLE_COMMUNE",
    "SAMPLE_INDICATORS",
    "SAMPLE_LEGAL_BASES_2026",
    "SAMPLE_MEMBERS",
    "SAMPLE_PROVINCE",
    "SAMPLE_VERIFICATION",
    "SAMPLE_VILLAGES",
    "sample_context",
    "sample_households",
]
