"""The five review procedures as data, their vocabulary and who may fire what.

Each module holds one `PROCEDURE`; `workflow.engine` turns them into state machines.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from workflow.procedures import (
    average_living_standard,
    exit_request,
    low_income_worker,
    periodic_review,
    regular_review,
)
from workflow.procedures.model import Procedure, TransitionSpec
from workflow.procedures.permissions import build_trigger_roles
from workflow.procedures.settings import ProcedureSettings, SettingsError
from workflow.procedures.vocabulary import (
    CREATION_TRIGGERS,
    DOCUMENT_LABELS,
    ROLE_LABELS,
    ROLES,
    STATE_LABELS,
    STEP_DOCUMENTS,
    TRIGGER_LABELS,
)

PROCEDURES: Mapping[str, Procedure] = MappingProxyType(
    {
        p.name: p
        for p in (
            periodic_review.PROCEDURE,
            regular_review.PROCEDURE,
            exit_request.PROCEDURE,
            average_living_standard.PROCEDURE,
            low_income_worker.PROCEDURE,
        )
    }
)
TRIGGER_ROLES: Mapping[tuple[str, str], frozenset[str]] = build_trigger_roles(PROCEDURES)


def procedure_name(case_type: object) -> str:
    """The procedure name of a case type given as a string or as an enum whose value is one."""
    value = getattr(case_type, "value", case_type)
    if not isinstance(value, str):
        raise TypeError(f"case_type must be a str or a str-valued enum, got {type(case_type).__name__}")
    return value


def get_procedure(case_type: object) -> Procedure:
    name = procedure_name(case_type)
    try:
        return PROCEDURES[name]
    except KeyError:
        raise KeyError(f"unknown procedure {name!r}; known: {', '.join(PROCEDURES)}") from None


def roles_for(procedure: object, trigger: str) -> frozenset[str]:
    """The roles that may fire `trigger` in `procedure` (empty when none may, or it does not exist)."""
    return TRIGGER_ROLES.get((procedure_name(procedure), trigger), frozenset())


def role_may_fire(role: str, procedure: object, trigger: str) -> bool:
    return role in roles_for(procedure, trigger)


__all__ = [
    "CREATION_TRIGGERS",
    "DOCUMENT_LABELS",
    "PROCEDURES",
    "ROLES",
    "ROLE_LABELS",
    "STATE_LABELS",
    "STEP_DOCUMENTS",
    "TRIGGER_LABELS",
    "TRIGGER_ROLES",
    "Procedure",
    "ProcedureSettings",
    "SettingsError",
    "TransitionSpec",
    "get_procedure",
    "procedure_name",
    "role_may_fire",
    "roles_for",
]
