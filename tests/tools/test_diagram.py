"""The offline DOT exporter draws every state and transition of every procedure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.diagram import diagram, main
from workflow.procedures import PROCEDURES


@pytest.mark.parametrize("name", sorted(PROCEDURES))
def test_diagram_draws_every_state_and_transition(name: str) -> None:
    text = diagram(name)
    procedure = PROCEDURES[name]
    assert text.startswith(f"digraph {name} {{")
    assert text.rstrip().endswith("}")
    nodes = set(re.findall(r'^  "(\w+)" \[label=', text, re.MULTILINE))
    assert nodes == set(procedure.states)
    edges = set(re.findall(r'^  "(\w+)" -> "(\w+)" \[label="(\w+)', text, re.MULTILINE))
    expected = {(s, spec.dest, spec.trigger) for spec in procedure.transitions for s in spec.sources}
    expected |= {("__start__", state, trigger) for trigger, state in procedure.creations.items()}
    assert edges == expected
    assert diagram(procedure) == text


def test_main_writes_one_dot_file_per_procedure(tmp_path: Path) -> None:
    main(["--out", str(tmp_path)])
    assert sorted(path.stem for path in tmp_path.glob("*.dot")) == sorted(PROCEDURES)
    assert (tmp_path / "exit_request.dot").read_text(encoding="utf-8") == diagram("exit_request")
