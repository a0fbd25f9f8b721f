"""Keeping a long-running screening process's memory steady under glibc's allocator.

Python hands its larger blocks (the index's pickled analyses, numpy arrays of scores,
answers' bodies) to the C allocator, which keeps what is freed for reuse rather than
giving it back to the system. Two habits of glibc make a server's resident memory grow
with nothing alive to show for it (measured by benchmarks/soak.py, docs/reliability.md):
each thread that allocates while another holds a lock gets an arena of its own (up to
eight per core, each keeping its own free memory), and freed memory in the middle of an
arena stays resident. :func:`limit_arenas` caps the arenas a process makes from then on;
:func:`release_free_memory` returns the free pages (after the index is loaded and after
each swap, when the most has just been freed). Other C libraries: both do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

# mallopt's parameter for the most arenas a process makes (glibc's malloc.h)
M_ARENA_MAX = -8
SERVER_ARENAS = 2


@functools.cache
def _glibc() -> Any:
    """The C library when it is glibc (it has malloc_trim), else None."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "malloc_trim") or not hasattr(libc, "mallopt"):
        return None
    return libc


def limit_arenas(count: int = SERVER_ARENAS) -> bool:
    """Let the threads made from now on share at most `count` allocator arenas; returns
    whether the allocator took the setting."""
    libc = _glibc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, count) == 1)


def release_free_memory() -> bool:
    """Give the allocator's free memory back to the system; returns whether any was."""
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0) == 1)
