"""Random damage for parser robustness tests: a cut at a random point, then up to five
random bytes replaced, written to a file the parser under test reads."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st


def damaged_copy(original: bytes, data: st.DataObject, target: Path) -> Path:
    """Write a randomly truncated and byte-damaged copy of `original` to `target`."""
    damaged = bytearray(original[: data.draw(st.integers(0, len(original)))])
    for _ in range(data.draw(st.integers(0, 5))):
        if damaged:
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    target.write_bytes(bytes(damaged))
    return target
