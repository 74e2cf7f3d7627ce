"""Big imports without the cycle collector's passes over the whole process.

Python's cycle collector runs each time enough new container objects have been made, and its full
passes walk every object the process holds (the app's modules, SQLAlchemy's registries, the rows read
so far). Reading and checking 40,000 rows makes millions of short-lived objects without reference
cycles, so those passes were close to half of an import's time while freeing nothing. Reference
counting still frees every one of them as soon as it is dropped; the collector runs again when the
import ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector for the block; whoever paused it turns it back on (nested or concurrent
    imports in threads leave it as the outermost one found it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
