"""on_roomy_stack: deep call loops without mapping and unmapping data-stack chunks (CPython gh-142183)."""

from __future__ import annotations

import resource
import sys

import pytest

from casework.documents.stack_room import _roomy_caller, on_roomy_stack

# A frame of about 200 slots: a chunk of 16 KiB holds ten of them, so a few depths cross its end.
_wide = _roomy_caller(200)


def _down(depth: int) -> int:
    return 0 if depth == 0 else _wide(_down, (depth - 1,), {})


def _worst_faults(run: object) -> int:
    """The most page faults 200 calls at one depth (0 to 40 wide frames) cost, over the depths."""
    worst = 0
    for depth in range(40):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        run(lambda depth=depth: [_down(depth) for _ in range(200)])  # type: ignore[operator]
        worst = max(worst, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return worst


def test_calls_at_any_depth_map_no_new_stack_memory() -> None:
    assert _worst_faults(on_roomy_stack) < 400  # the roomy chunk itself: about 50
    if sys.version_info < (3, 14):  # the CPython behaviour this works around: four pages a call at the worst depth
        assert _worst_faults(lambda fn: fn()) > 1000  # about 3,200


def test_it_returns_what_the_function_returns_and_raises_what_it_raises() -> None:
    assert on_roomy_stack(lambda a, b=0: a + b, 2, b=3) == 5
    with pytest.raises(ZeroDivisionError):
        on_roomy_stack(lambda: 1 / 0)
