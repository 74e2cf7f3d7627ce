"""The state diagram of a procedure, drawn as SVG from its definition (no Graphviz at run time).

States stand in a column in the order the definition lists them; a step to the next state is a
short arrow, a jump forward arcs on the right and a step back arcs on the left, each labelled
with its trigger. The case's current state is highlighted. Labels follow the reader's language.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from flask_babel import gettext

from casework.vocabulary import state_label, step_label
from workflow.procedures import get_procedure

BOX_W, BOX_H, GAP = 230, 34, 26
LEFT = 190  # room for the backward arcs and their labels
STEP = BOX_H + GAP
ARROW = 'marker-end="url(#arrow)"'


@lru_cache(maxsize=16)
def _edges(procedure_name: str) -> tuple[tuple[str, str, str], ...]:
    procedure = get_procedure(procedure_name)
    return tuple((source, spec.dest, spec.trigger) for spec in procedure.transitions for source in spec.sources)


def procedure_svg(procedure_name: str, current: str | None = None) -> str:
    procedure = get_procedure(procedure_name)
    order = {state: index for index, state in enumerate(procedure.states)}
    width = LEFT + BOX_W + 260
    height = len(procedure.states) * STEP + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(gettext(procedure.title))}" class="diagram">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6b75"/></marker></defs>',
    ]
    right_slot = left_slot = 0
    labelled: set[tuple[str, str]] = set()
    for source, dest, trigger in _edges(procedure_name):
        a, b = order[source], order[dest]
        # A step taken from several states (a withdrawal) is labelled once, on its first arrow.
        label = "" if (trigger, dest) in labelled else escape(step_label(trigger))
        labelled.add((trigger, dest))
        y1, y2 = a * STEP + GAP + BOX_H / 2, b * STEP + GAP + BOX_H / 2
        if b == a + 1:
            x = LEFT + BOX_W / 2
            parts.append(f'<line x1="{x}" y1="{y1 + BOX_H / 2}" x2="{x}" y2="{y2 - BOX_H / 2}" class="edge" {ARROW}/>')
            parts.append(f'<text x="{x + 6}" y="{(y1 + y2) / 2 + 4}" class="edge-label">{label}</text>')
        elif b > a or a == b:
            right_slot += 1
            x = LEFT + BOX_W
            bulge = x + 18 + 14 * (right_slot % 12)
            parts.append(f'<path d="M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}" class="edge" fill="none" {ARROW}/>')
            parts.append(f'<text x="{bulge + 4}" y="{(y1 + y2) / 2}" class="edge-label">{label}</text>')
        else:
            left_slot += 1
            x = LEFT
            bulge = x - 18 - 14 * (left_slot % 10)
            parts.append(
                f'<path d="M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}" class="edge back" fill="none" {ARROW}/>'
            )
            parts.append(
                f'<text x="{bulge - 4}" y="{(y1 + y2) / 2}" class="edge-label" text-anchor="end">{label}</text>'
            )
    for state, index in order.items():
        y = index * STEP + GAP
        css = "node current" if state == current else "node"
        parts.append(f'<rect x="{LEFT}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" class="{css}"/>')
        parts.append(
            f'<text x="{LEFT + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" text-anchor="middle" class="node-label">'
            f"{escape(state_label(state))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
