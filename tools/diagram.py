"""The procedures as Graphviz DOT text, drawn from their definitions (no GraphMachine, no Graphviz here).

Usage (from the repository root):
    python -m tools.diagram                      # every procedure, one after the other, on stdout
    python -m tools.diagram periodic_review      # one procedure
    python -m tools.diagram --out DIR            # one <procedure>.dot file per procedure in DIR

Render with Graphviz, e.g. `dot -Tsvg periodic_review.dot -o periodic_review.svg`. An offline tool:
the application draws its own SVG (casework/cases/diagram.py) and never imports this module.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workflow.procedures import PROCEDURES, STATE_LABELS, Procedure, get_procedure


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def diagram(case_type: object) -> str:
    """The procedure (a Procedure, its name or a case type) as DOT text."""
    procedure = case_type if isinstance(case_type, Procedure) else get_procedure(case_type)
    terminal = set(procedure.terminal_states)
    lines = [
        f"digraph {procedure.name} {{",
        f"  label={_quote(procedure.title)};",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Liberation Sans"];',
        '  edge [fontname="Liberation Sans", fontsize=10];',
        '  "__start__" [shape=point, label=""];',
    ]
    for state in procedure.states:
        extra = ", peripheries=2" if state in terminal else ""
        label = state + "\n" + STATE_LABELS.get(state, state)
        lines.append(f"  {_quote(state)} [label={_quote(label)}{extra}];")
    for trigger, state in procedure.creations.items():
        lines.append(f'  "__start__" -> {_quote(state)} [label={_quote(trigger)}];')
    for spec in procedure.transitions:
        label = spec.trigger + "".join(f"\n[{g}]" for g in spec.guards)
        for source in spec.sources:
            lines.append(f"  {_quote(source)} -> {_quote(spec.dest)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("procedures", nargs="*", help=f"default: all of {', '.join(sorted(PROCEDURES))}")
    parser.add_argument("--out", type=Path, help="write <procedure>.dot files into this folder")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.procedures) - set(PROCEDURES))
    if unknown:
        parser.error(f"unknown procedure(s): {', '.join(unknown)}")
    for name in args.procedures or sorted(PROCEDURES):
        text = diagram(name)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.dot").write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)


if __name__ == "__main__":
    main()
