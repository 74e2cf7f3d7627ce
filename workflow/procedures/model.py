"""The shape of a procedure definition: states, and transitions with their guard names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from workflow.procedures.vocabulary import CREATION_TRIGGERS, STATE_LABELS, TRIGGER_LABELS


@dataclass(frozen=True, slots=True)
class TransitionSpec:
    """`trigger` moves a case from any of `sources` to `dest` when every guard in `guards` passes."""

    trigger: str
    sources: tuple[str, ...]
    dest: str
    guards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Procedure:
    """One case type's procedure, as data (procedure.md §14.4-§14.5).

    `creations` maps the triggers that open a case to the state it opens in; `origins` lists
    where its cases come from (`request`: Mẫu 01 / 04; `existing_list`: the commune's current
    list of poor and near-poor households).
    """

    name: str
    title: str
    basis: str
    subject: str
    origins: tuple[str, ...]
    states: tuple[str, ...]
    creations: Mapping[str, str]
    transitions: tuple[TransitionSpec, ...]
    _index: Mapping[tuple[str, str], TransitionSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        where = f"procedure {self.name}"
        unknown = [s for s in self.states if s not in STATE_LABELS]
        if unknown or len(set(self.states)) != len(self.states):
            raise ValueError(f"{where}: unknown or repeated states {unknown or self.states}")
        for trigger, state in self.creations.items():
            if trigger not in CREATION_TRIGGERS or state not in self.states:
                raise ValueError(f"{where}: creation {trigger} -> {state} is not valid")
        index: dict[tuple[str, str], TransitionSpec] = {}
        for spec in self.transitions:
            if spec.trigger not in TRIGGER_LABELS or spec.trigger in CREATION_TRIGGERS:
                raise ValueError(f"{where}: unknown trigger {spec.trigger}")
            for state in (*spec.sources, spec.dest):
                if state not in self.states:
                    raise ValueError(f"{where}: {spec.trigger} uses state {state}, which the procedure lacks")
            for source in spec.sources:
                if (source, spec.trigger) in index:
                    raise ValueError(f"{where}: two transitions for {spec.trigger} from {source}")
                index[(source, spec.trigger)] = spec
        object.__setattr__(self, "creations", MappingProxyType(dict(self.creations)))
        object.__setattr__(self, "_index", MappingProxyType(index))

    @property
    def triggers(self) -> tuple[str, ...]:
        """The triggers of its transitions, in definition order (creation triggers excluded)."""
        return tuple(dict.fromkeys(spec.trigger for spec in self.transitions))

    @property
    def terminal_states(self) -> tuple[str, ...]:
        sources = {source for source, _ in self._index}
        return tuple(s for s in self.states if s not in sources)

    def transition(self, state: str, trigger: str) -> TransitionSpec | None:
        return self._index.get((state, trigger))

    def transitions_from(self, state: str) -> tuple[TransitionSpec, ...]:
        return tuple(spec for spec in self.transitions if state in spec.sources)
