"""Pausing Python's cyclic garbage collector while a large kit is read, written or imported.

A 500-question kit is hundreds of thousands of YAML nodes and marks, plain values and model
instances that all stay alive until the work is done, and every full collection on the way walks
all of them again for nothing: a fifth to a quarter of the time of an import, more than the parsing itself
when reading the file. Reference counting still frees them as usual; only garbage in a cycle (a
refused self-referencing alias, say) waits for the next collection. No Django here.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block (or, as a decorator, the function) with the collector off; left off if it was off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
