"""Long pieces of work without the cycle collector's passes over the whole process.

Python's cycle collector runs each time enough new container objects have been made, and its full
passes walk every object the process holds (the app's modules, SQLAlchemy's registries, what the work
has built so far). Rendering a long list (WeasyPrint's boxes, styles and text runs) or reading and
checking 40,000 imported rows makes millions of objects the collector would walk again and again as
they pile up: a fifth of a long list's time, close to half of an import's, while freeing nothing.
Reference counting still frees what dies young; whatever cycles are left are collected once the
collector is back on, so memory stays bounded by one piece of work.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; whoever paused it turns it back on (nested or concurrent
    pieces of work in threads leave it as the outermost one found it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
