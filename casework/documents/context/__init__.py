"""Template contexts of the official documents, built from plain values only.

Every builder takes dataclasses of `values` (never ORM rows) and returns a JSON-serialisable dict:
the context is stored beside the issued PDF and must re-render the same document later. Dates are
kept twice, as ISO strings and as the Vietnamese text the document prints; money as an integer and
as text ("1.500.000 đồng").

Layout rules (Nghị định 30/2020) live in templates/documents/base.html and legal wording in
templates/documents/wording.toml; this package decides the rest of the words. It reads top to bottom:
`formatting` (number and date lines, "Nơi nhận" punctuation) → `labels` and `values` (the inputs) →
`pieces` (what every kind shares) → one module per family: `requests`, `review`, `meeting`,
`posting`, `upper`, `decision`.

This file only re-exports the names callers used when the package was one module, so that
`from casework.documents import context as ctx; ctx.NAME` keeps working. New code imports from the
module that defines a name.
"""

from casework.documents.context.decision import certificate, recognition_decision, refusal_letter
from casework.documents.context.formatting import (
    BLANK,
    birth_text,
    birth_year,
    check_symbol,
    clock,
    date_line,
    document_reference,
    format_int,
    format_percent,
    format_vnd,
    legal_basis_lines,
    money,
    number_line,
    padded_number,
    recipient_lines,
    roman,
    short_date,
    two_digit,
    vn_date,
)
from casework.documents.context.labels import (
    ACTIVITY_STATUSES,
    CHANNELS,
    CLASS_LABELS,
    COMPLAINT_TYPES,
    DECISION_CLASSES,
    EXIT_REQUESTS,
    KINDS,
    ORIGINS,
    PHIEU_A_RESULTS,
    RECHECK_CONCLUSIONS,
    RELATIONSHIPS,
    REQUEST_FORMS,
    REQUEST_TITLES,
    SEX_CODES,
    UPPER_OUTCOMES,
)
from casework.documents.context.meeting import meeting_minutes
from casework.documents.context.pieces import (
    DECISION_COLUMNS,
    PUBLIC_COLUMNS,
    PUBLIC_COLUMNS_WITH_BIRTH_YEAR,
    counts_from_rows,
    public_rows,
)
from casework.documents.context.posting import complaint_record, posting_notice, recheck_record
from casework.documents.context.requests import (
    PROCESSING_NOTICE,
    PROCESSING_NOTICE_VERSION,
    exit_request_form,
    request_form,
    request_receipt,
)
from casework.documents.context.review import REVIEW_COLUMNS, review_list, survey_record
from casework.documents.context.upper import upper_approval, upper_report
from casework.documents.context.values import (
    AgencyHeader,
    AnswerRow,
    AttendeeGroup,
    ClassCount,
    Column,
    Context,
    Endorsement,
    HouseholdRow,
    IncomeRow,
    IndicatorRow,
    Issue,
    MeetingVote,
    MemberRow,
    Person,
    RecheckValues,
    Signer,
    SurveyResult,
    Verification,
)

__all__ = [
    "ACTIVITY_STATUSES",
    "BLANK",
    "CHANNELS",
    "CLASS_LABELS",
    "COMPLAINT_TYPES",
    "DECISION_CLASSES",
    "DECISION_COLUMNS",
    "EXIT_REQUESTS",
    "KINDS",
    "ORIGINS",
    "PHIEU_A_RESULTS",
    "PROCESSING_NOTICE",
    "PROCESSING_NOTICE_VERSION",
    "PUBLIC_COLUMNS",
    "PUBLIC_COLUMNS_WITH_BIRTH_YEAR",
    "RECHECK_CONCLUSIONS",
    "RELATIONSHIPS",
    "REQUEST_FORMS",
    "REQUEST_TITLES",
    "REVIEW_COLUMNS",
    "SEX_CODES",
    "UPPER_OUTCOMES",
    "AgencyHeader",
    "AnswerRow",
    "AttendeeGroup",
    "ClassCount",
    "Column",
    "Context",
    "Endorsement",
    "HouseholdRow",
    "IncomeRow",
    "IndicatorRow",
    "Issue",
    "MeetingVote",
    "MemberRow",
    "Person",
    "RecheckValues",
    "Signer",
    "SurveyResult",
    "Verification",
    "birth_text",
    "birth_year",
    "certificate",
    "check_symbol",
    "clock",
    "complaint_record",
    "counts_from_rows",
    "date_line",
    "document_reference",
    "exit_request_form",
    "format_int",
    "format_percent",
    "format_vnd",
    "legal_basis_lines",
    "meeting_minutes",
    "money",
    "number_line",
    "padded_number",
    "posting_notice",
    "public_rows",
    "recheck_record",
    "recipient_lines",
    "recognition_decision",
    "refusal_letter",
    "request_form",
    "request_receipt",
    "review_list",
    "roman",
    "short_date",
    "survey_record",
    "two_digit",
    "upper_approval",
    "upper_report",
    "vn_date",
]
