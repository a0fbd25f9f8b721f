"""The candidate index's ranking, compiled: ``rank.c`` built into a shared library
beside it (``make install``, tools/compile_matcher.py) and called through ctypes.

It gives exactly the ranks and the order of :meth:`ScreeningIndex.ranked
<interlist.screening.index.ScreeningIndex.ranked>`'s numpy code, in one pass over the
query's postings instead of some twenty passes over arrays as long as the index
(tests/screening/test_ranking_core.py compares the two). Without a build (no C compiler)
the numpy code ranks: slower, the same results. The library's file name carries the
digest of the source it was built from, so a build of other sources is never loaded.
"""

from __future__ import annotations

import ctypes
import hashlib
import subprocess
import threading
import weakref
from pathlib import Path
from typing import Any

import numpy as np

FOLDER = Path(__file__).resolve().parent
SOURCE = FOLDER / "rank.c"
_POINTER = ctypes.c_void_p
_ARGUMENTS = (
    [_POINTER, _POINTER, _POINTER, ctypes.c_int64, ctypes.c_double, ctypes.c_int64]  # query
    + [_POINTER, _POINTER, _POINTER, ctypes.c_int32, ctypes.c_double, _POINTER, _POINTER]
    + [_POINTER] * 5  # scratch
    + [ctypes.c_int64, _POINTER, _POINTER]  # limit, result
)
MAX_GROUPS = 64  # a document's part groups are the bits of one 64-bit word


def library_path() -> Path:
    """Where the library built from the present source is."""
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    return FOLDER / f"_rank_{digest}.so"


def build(compiler: str = "cc") -> Path:
    """Compile rank.c (and remove builds of other sources)."""
    for old in FOLDER.glob("_rank_*.so"):
        old.unlink()
    target = library_path()
    command = [compiler, "-O2", "-shared", "-fPIC", "-o", str(target), str(SOURCE)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return target


_LIBRARY: Any = None
_LOADED = False


def _function() -> Any:
    """The compiled rank_profiles, or None without a build of the present source."""
    global _LIBRARY, _LOADED
    if not _LOADED:
        _LOADED = True
        path = library_path()
        if path.exists():
            _LIBRARY = ctypes.CDLL(str(path)).rank_profiles
            _LIBRARY.argtypes = _ARGUMENTS
            _LIBRARY.restype = ctypes.c_int64
    return _LIBRARY


def available() -> bool:
    """Whether the compiled ranking is built and loaded."""
    return _function() is not None


class _Scratch:
    """Per thread: arrays as long as the index, left zeroed by every call, and room for
    a query's keys and for the result."""

    def __init__(self, docs: int, profiles: int) -> None:
        self.sizes = (docs, profiles)
        arrays = (
            np.zeros(2 * docs),  # per document: (double shared weight, uint64 groups)
            np.zeros(docs, dtype=np.int32),  # the documents met
            np.full(profiles, -1.0),  # best rank per profile
            np.zeros(profiles, dtype=np.int32),  # the profiles met
            np.zeros(2 * profiles),  # the heap: (int32 profile, double rank) pairs
        )
        self.arrays = arrays  # kept alive: the library reads them by address
        self.pointers = [a.ctypes.data for a in arrays]
        self.grow(256, 64)

    def grow(self, keys: int, limit: int) -> None:
        """Room for this many keys and results."""
        self.slots = np.zeros(keys, dtype=np.int64)
        self.weights = np.zeros(keys)
        self.groups = np.zeros(keys, dtype=np.uint64)
        self.out_profiles = np.zeros(limit, dtype=np.int32)
        self.out_ranks = np.zeros(limit)
        self.query_pointers = [a.ctypes.data for a in (self.slots, self.weights, self.groups)]
        self.out_pointers = [self.out_profiles.ctypes.data, self.out_ranks.ctypes.data]


_THREADS = threading.local()


def _scratch(docs: int, profiles: int) -> _Scratch:
    found: _Scratch | None = getattr(_THREADS, "scratch", None)
    if found is None or found.sizes != (docs, profiles):
        found = _THREADS.scratch = _Scratch(docs, profiles)
    return found


def rank(
    index: Any,
    used: list[int],
    weights: np.ndarray,
    rare: bool,
    groups: list[list[int]],
    mask: np.ndarray,
    limit: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The best `limit` allowed profiles and their ranks, as ScreeningIndex.ranked
    gives them: `used` are the query's key slots (with their `weights`; `rare`: the
    weights are IDF weights, else all 1), `groups` the covering slots of each part (at
    most MAX_GROUPS groups)."""
    if len(groups) > MAX_GROUPS:
        raise ValueError(f"at most {MAX_GROUPS} part groups can be ranked here")
    if mask.dtype != np.bool_:
        raise TypeError("the mask must be an array of booleans")
    bits: dict[int, int] = dict.fromkeys(used, 0)
    for g, covering in enumerate(groups):
        for slot in covering:
            bits[slot] = bits.get(slot, 0) | (1 << g)
    scratch = _scratch(len(index.doc_profiles), len(index.ids))
    if len(bits) > len(scratch.slots) or limit > len(scratch.out_ranks):
        scratch.grow(2 * len(bits), 2 * limit)
    count = len(bits)
    scratch.slots[:count] = list(bits)  # the used slots first, in their order
    scratch.weights[: len(used)] = weights
    scratch.weights[len(used) : count] = 0.0
    scratch.groups[:count] = list(bits.values())
    offsets, postings, norms, profiles = _index_pointers(index)
    found = _function()(
        *scratch.query_pointers, count, float(weights.sum()), len(groups),
        offsets, postings, norms, int(rare), float(len(used)), profiles, _address(mask),
        *scratch.pointers,
        limit, *scratch.out_pointers,
    )  # fmt: skip
    return scratch.out_profiles[:found].copy(), scratch.out_ranks[:found].copy()


# The addresses of the arrays ranked with lately, by the array's id (an array never
# moves), with a weak reference telling whether the id is still that array's.
_ADDRESSES: dict[int, tuple[weakref.ref, int]] = {}
_ADDRESSES_MAX = 1024
_TYPES = (np.int64, np.int32, np.float64, np.int32)


def _index_pointers(index: Any) -> tuple[int, int, int, int]:
    """The addresses of the index's offsets, postings, norms and profile numbers."""
    arrays = (index.offsets, index.postings, index.doc_norms, index.doc_profiles)
    if tuple(a.dtype for a in arrays) != _TYPES:
        raise TypeError("the index's arrays are not of the types the compiled ranking reads")
    offsets, postings, norms, profiles = (_address(a) for a in arrays)
    return offsets, postings, norms, profiles


def _address(array: np.ndarray) -> int:
    """Where a contiguous array's data is."""
    known = _ADDRESSES.get(id(array))
    if known is not None and known[0]() is array:
        return known[1]
    if not array.flags.c_contiguous:
        raise TypeError("the compiled ranking reads contiguous arrays only")
    if len(_ADDRESSES) >= _ADDRESSES_MAX:
        _ADDRESSES.clear()
    address: int = array.ctypes.data
    _ADDRESSES[id(array)] = (weakref.ref(array), address)
    return address
