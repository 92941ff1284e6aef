"""Keeping Python's cyclic garbage collector off a worker's bulk read.

Reading 600,000 map markers on a worker thread allocates 600,000 tracked objects; the
allocation counts trigger collections on that thread, and a collection holds the GIL from
start to end: the older generations walk every object alive (0.3 s of CPU and more at
600,000), during which the GUI thread cannot run a single line of Python. Reference counting
frees these rows anyway (they hold no cycles), so the collector is paused for the length of
such a read and resumed after, once the rows are dropped.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic collection in the process while the block runs (nested and concurrent
    uses are counted; the collector comes back as the last one ends, if it was on)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
