"""A server's allocator: arenas capped, and freed memory given back to the system."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from interlist.screening import heap

glibc = pytest.mark.skipif(heap._glibc() is None, reason="glibc's allocator only")


@glibc
def test_the_arenas_a_server_makes_can_be_capped() -> None:
    assert heap.limit_arenas(heap.SERVER_ARENAS) is True


@glibc
def test_memory_freed_in_the_middle_of_the_heap_is_given_back() -> None:
    """128 MiB in 32 KiB blocks, freed below one block still in use (so the heap cannot
    shrink from its top): resident until release_free_memory, then given back. Run in
    a fresh interpreter, whose heap holds nothing else to blur the measure."""
    script = textwrap.dedent("""
        from pathlib import Path
        from interlist.screening.heap import release_free_memory

        def rss_mib():
            status = Path("/proc/self/status").read_text().splitlines()
            return next(int(x.split()[1]) for x in status if x.startswith("VmRSS:")) / 1024

        blocks = [b"x" * 32768 for _ in range(4096)]
        pinned = b"y" * 32768
        del blocks
        freed = rss_mib()
        assert release_free_memory()
        print(freed - rss_mib())
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert float(done.stdout) > 100, f"only {done.stdout.strip()} MiB given back"
