"""Firing a case's transitions: one shared `transitions.Machine` per procedure (design.md §3).

Machines are built once per procedure from the definitions in `workflow.procedures`, hold no
models, and are never attached to a case: `fire` calls the machine's event on the case object,
which only sets `case.state`. There are no callbacks besides the guard conditions, so nothing
here performs I/O; the service writes the event, the documents and commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, Unpack

from transitions import EventData, Machine, MachineError

from workflow.guards import FACT_NAMES, GUARDS, Facts, GuardContext, failed_guards
from workflow.procedures import (
    DOCUMENT_LABELS,
    PROCEDURES,
    STATE_LABELS,
    STEP_DOCUMENTS,
    TRIGGER_LABELS,
    Procedure,
    TransitionSpec,
    get_procedure,
    roles_for,
)


class CaseLike(Protocol):
    """What the engine needs of a case. An `origin` attribute (`request` / `existing_list`) is read when present."""

    state: str

    @property
    def case_type(self) -> object: ...


class TransitionNotAllowed(Exception):
    """The trigger cannot fire from the case's state; `reason` says why in plain Vietnamese."""

    def __init__(self, trigger: str, state: str, reason: str, guards: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.trigger = trigger
        self.state = state
        self.reason = reason
        self.guards = guards  # names of the guards that failed, when guards were the cause

    def __reduce__(self) -> tuple[type[TransitionNotAllowed], tuple[str, str, str, tuple[str, ...]]]:
        return type(self), (self.trigger, self.state, self.reason, self.guards)


@dataclass(frozen=True, slots=True)
class TriggerOption:
    """A trigger possible from the case's state; `reasons` says why it is not allowed now (empty when it is)."""

    trigger: str
    label: str
    dest: str
    allowed: bool
    reasons: tuple[str, ...]
    failed_guards: tuple[str, ...]
    roles: frozenset[str]


def _origin(procedure: Procedure, case: object, facts: Mapping[str, object]) -> str | None:
    origin = facts.get("origin") or getattr(case, "origin", None)
    if origin is None and len(procedure.origins) == 1:
        return procedure.origins[0]
    return origin if isinstance(origin, str) else None


def _context(procedure: Procedure, trigger: str, case: object, facts: Mapping[str, object]) -> GuardContext:
    document = STEP_DOCUMENTS.get(trigger)
    return GuardContext(
        procedure=procedure.name,
        trigger=trigger,
        facts=facts,
        origin=_origin(procedure, case, facts),
        document=document,
        document_label=DOCUMENT_LABELS.get(document or "", ""),
    )


class _GuardCondition:
    """A `transitions` condition that passes when the named guard returns no reason."""

    __slots__ = ("guard", "procedure")

    def __init__(self, procedure: Procedure, guard: str) -> None:
        if guard not in GUARDS:
            raise KeyError(f"procedure {procedure.name} names an unknown guard {guard!r}")
        self.procedure = procedure
        self.guard = guard

    def __call__(self, event: EventData) -> bool:
        context = _context(self.procedure, event.event.name, event.model, event.kwargs)
        return GUARDS[self.guard](context) is None

    def __repr__(self) -> str:
        return f"<guard {self.guard}>"


def _machine_transition(procedure: Procedure, spec: TransitionSpec) -> dict[str, object]:
    # Only the keys `transitions` knows: anything else raises TypeError (design.md §3).
    return {
        "trigger": spec.trigger,
        "source": list(spec.sources),
        "dest": spec.dest,
        "conditions": [_GuardCondition(procedure, name) for name in spec.guards],
    }


def _build_machine(procedure: Procedure) -> Machine:
    return Machine(
        model=None,
        states=list(procedure.states),
        initial=None,
        transitions=[_machine_transition(procedure, spec) for spec in procedure.transitions],
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
        name=procedure.name,
    )


# Built once at import, so two threads can never race to build a second machine. They hold no
# models and no queue: firing only reads them, so sharing them between requests is safe.
_MACHINES: Mapping[str, Machine] = MappingProxyType({name: _build_machine(p) for name, p in PROCEDURES.items()})


def machine_for(case_type: object) -> Machine:
    """The one shared machine of a procedure."""
    return _MACHINES[get_procedure(case_type).name]


def _check_facts(facts: Mapping[str, object]) -> None:
    unknown = sorted(set(facts) - FACT_NAMES)
    if unknown:
        raise TypeError(f"unknown facts {unknown}; known facts: {sorted(FACT_NAMES)}")


def _label(state: str) -> str:
    return STATE_LABELS.get(state, state)


def _refuse_unreachable(procedure: Procedure, state: str, trigger: str) -> TransitionSpec:
    """The transition for (state, trigger), or TransitionNotAllowed saying why there is none."""
    if state not in procedure.states:
        raise TransitionNotAllowed(trigger, state, f"Quy trình «{procedure.title}» không có bước «{_label(state)}».")
    if trigger not in procedure.triggers:
        label = TRIGGER_LABELS.get(trigger, trigger)
        raise TransitionNotAllowed(trigger, state, f"Quy trình «{procedure.title}» không có thao tác «{label}».")
    spec = procedure.transition(state, trigger)
    if spec is None:
        raise TransitionNotAllowed(
            trigger,
            state,
            f"Không thể «{TRIGGER_LABELS[trigger]}» khi hồ sơ đang ở bước «{_label(state)}».",
        )
    return spec


def fire(case: CaseLike, trigger: str, **facts: Unpack[Facts]) -> str:
    """Move `case` by `trigger` and return its new state, or raise `TransitionNotAllowed`.

    A failed guard leaves `case.state` unchanged. Facts of the wrong type and unknown fact
    names raise TypeError: they are the caller's bug, not the user's.
    """
    _check_facts(facts)
    procedure = get_procedure(case.case_type)
    state = case.state
    spec = _refuse_unreachable(procedure, state, trigger)
    try:
        moved = machine_for(procedure.name).events[trigger].trigger(case, **facts)
    except MachineError as exc:  # the definition check above should make this unreachable
        raise TransitionNotAllowed(trigger, state, f"Không thể «{TRIGGER_LABELS[trigger]}» lúc này.") from exc
    if not moved:
        failures = failed_guards(spec.guards, _context(procedure, trigger, case, facts))
        reason = " ".join(r for _, r in failures) or "Điều kiện chuyển bước chưa được đáp ứng."
        raise TransitionNotAllowed(trigger, state, reason, tuple(name for name, _ in failures))
    return case.state


def available_triggers(case: CaseLike, **facts: Unpack[Facts]) -> list[TriggerOption]:
    """Every trigger possible from the case's state, whether its guards pass now, and if not why."""
    _check_facts(facts)
    procedure = get_procedure(case.case_type)
    options = []
    for spec in procedure.transitions_from(case.state):
        failures = failed_guards(spec.guards, _context(procedure, spec.trigger, case, facts))
        options.append(
            TriggerOption(
                trigger=spec.trigger,
                label=TRIGGER_LABELS[spec.trigger],
                dest=spec.dest,
                allowed=not failures,
                reasons=tuple(reason for _, reason in failures),
                failed_guards=tuple(name for name, _ in failures),
                roles=roles_for(procedure.name, spec.trigger),
            )
        )
    return options


def initial_state(case_type: object, trigger: str = "log_request") -> str:
    """The state a new case opens in: `log_request` (a Mẫu 01 / 04) or `list_existing` (periodic only)."""
    procedure = get_procedure(case_type)
    try:
        return procedure.creations[trigger]
    except KeyError:
        raise ValueError(f"procedure {procedure.name} cannot open a case by {trigger!r}") from None
