"""Models, one module per entity; importing this package registers them all with the metadata."""

from casework.models.accounts import AuditEntry, Role, RoleAssignment, User
from casework.models.api import ApiToken, IdempotentAnswer, RateCounter
from casework.models.cases import Case, CaseType, ReviewRun, RunKind
from casework.models.decisions import CalendarDay, Decision, HouseholdStatus, UpperReview
from casework.models.documents import Document
from casework.models.events import CaseEvent
from casework.models.figures import FiguresGeneration, KeptFigures
from casework.models.households import (
    ActivityStatus,
    Ethnicity,
    Household,
    IdDocumentType,
    Member,
    Relationship,
    Sex,
)
from casework.models.jobs import Job
from casework.models.meetings import MeetingVote, VillageMeeting
from casework.models.photos import HouseholdPhoto
from casework.models.postings import Complaint, Posting, Recheck
from casework.models.register import RegisterEntry
from casework.models.requests import CaseRequest
from casework.models.signing import SignatureValidation, SigningCertificate, SigningRequest
from casework.models.surveys import Survey, SurveyStatus
from casework.models.units import AdminUnit, UnitLevel, UnitSuccession, Village

__all__ = [
    "ActivityStatus",
    "AdminUnit",
    "ApiToken",
    "AuditEntry",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseRequest",
    "CaseType",
    "Complaint",
    "Decision",
    "Document",
    "Ethnicity",
    "FiguresGeneration",
    "Household",
    "HouseholdPhoto",
    "HouseholdStatus",
    "IdDocumentType",
    "IdempotentAnswer",
    "Job",
    "KeptFigures",
    "MeetingVote",
    "Member",
    "Posting",
    "RateCounter",
    "Recheck",
    "RegisterEntry",
    "Relationship",
    "ReviewRun",
    "Role",
    "RoleAssignment",
    "RunKind",
    "Sex",
    "SignatureValidation",
    "SigningCertificate",
    "SigningRequest",
    "Survey",
    "SurveyStatus",
    "UnitLevel",
    "UnitSuccession",
    "UpperReview",
    "User",
    "Village",
    "VillageMeeting",
]
