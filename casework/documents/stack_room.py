"""Deep Python work on a data stack with room to spare (a workaround for CPython issue gh-142183).

CPython 3.11 keeps the frames of Python calls in chunks of 16 KiB and frees a chunk as soon as its
last frame returns. A loop that calls across the end of a chunk therefore maps and unmaps memory on
every call: WeasyPrint lays out each table cell a few hundred frames deep, and depending on where the
render starts, a list's renderer process spent a tenth of its time in those page faults (measured with
`perf`: 9,000 faults per 500-row chunk, against about 200 here). CPython 3.14 keeps one spare chunk.

`on_roomy_stack` calls a function from a frame with 16,384 local slots, which never fits in a chunk
already in use: CPython gives it a fresh chunk of 256 KiB and everything it calls runs in the rest of
that chunk (about 120 KiB, several times the deepest layout), so no chunk is mapped or freed on the way.
The frame costs two passes over its slots (under 0.1 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

SLOTS = 16_384


def _roomy_caller(slots: int) -> Callable[..., Any]:
    # The assignment is never run, but it makes each name a local: the frame gets a slot for each.
    names = " = ".join(f"_{index}" for index in range(slots))
    source = f"def call(fn, args, kwargs):\n    if False:\n        {names} = None\n    return fn(*args, **kwargs)\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, __name__, "exec"), namespace)  # noqa: S102  (source built from a constant, not input)
    return namespace["call"]


_call = _roomy_caller(SLOTS)


def on_roomy_stack(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs), called from a frame that starts a fresh, large data-stack chunk."""
    return _call(fn, args, kwargs)
