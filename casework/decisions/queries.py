"""Reads of a run's decision: the cases waiting for it, the signed decision, its unsigned certificates."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, Decision, Document, Household, HouseholdStatus, ReviewRun
from casework.models.signing import SignatureValidation, SigningRequest


def ready_cases(run: ReviewRun) -> list[Case]:
    return list(
        db.session.execute(
            select(Case)
            .join(Household)
            .where(Case.run_id == run.id, Case.state == "ready_for_decision")
            .order_by(Household.head_sort_key)
        ).scalars()
    )


def latest_signed_decision(run: ReviewRun) -> SigningRequest | None:
    found = [
        request
        for request in db.session.execute(
            select(SigningRequest)
            .where(SigningRequest.purpose == "recognition_decision", SigningRequest.status == "signed")
            .order_by(SigningRequest.id.desc())
        ).scalars()
        if request.payload.get("run_id") == run.id
    ]
    return found[0] if found else None


def certificates_to_sign(run: ReviewRun) -> list[Document]:
    """The run's certificates issued unsigned (a big commune's, or with a decision signed outside the app)."""
    issued = (
        select(HouseholdStatus.certificate_document_id)
        .join(Decision, HouseholdStatus.decision_id == Decision.id)
        .where(Decision.run_id == run.id, HouseholdStatus.certificate_document_id.is_not(None))
    )
    copies = select(Document.signed_from_id).where(Document.signed_from_id.is_not(None))
    checked = select(SignatureValidation.document_id)
    return list(
        db.session.execute(
            select(Document)
            .where(Document.id.in_(issued), Document.id.not_in(copies), Document.id.not_in(checked))
            .order_by(Document.id)
        ).scalars()
    )
