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
import struct
import subprocess
import threading
import weakref
from pathlib import Path
from typing import Any

import numpy as np

FOLDER = Path(__file__).resolve().parent
SOURCE = FOLDER / "rank.c"
_POINTER = ctypes.c_void_p
# rank_query(context, query, slots, numbers, mask, limit)
_ARGUMENTS = [_POINTER, ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64, _POINTER, ctypes.c_int64]
MAX_GROUPS = 64  # a document's part groups are the bits of one 64-bit word
GROUP_END = -1  # ends each part group's covering slots in a packed query


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
    """The compiled rank_query, or None without a build of the present source."""
    global _LIBRARY, _LOADED
    if not _LOADED:
        _LOADED = True
        path = library_path()
        if path.exists():
            _LIBRARY = ctypes.CDLL(str(path)).rank_query
            _LIBRARY.argtypes = _ARGUMENTS
            _LIBRARY.restype = ctypes.c_int64
    return _LIBRARY


def available() -> bool:
    """Whether the compiled ranking is built and loaded."""
    return _function() is not None


class _Context(ctypes.Structure):
    """What rank_query reads (rank.c's Context): an index's arrays and one thread's
    scratch, by address."""

    _fields_ = [
        (name, _POINTER)
        for name in (
            *("offsets", "postings", "weights", "doc_norms", "doc_profiles"),  # the index
            *("state", "docs", "met", "best", "profiles", "heap"),  # scratch
            *("out_profiles", "out_ranks"),  # the result
        )
    ]


_INDEX_TYPES = (np.int64, np.int32, np.float64, np.float64, np.int32)


class _Scratch:
    """Per index, used by one ranking at a time: the addresses of the index's arrays,
    arrays as long as the index, left zeroed by every call, and room for the result, all
    in a :class:`_Context`. The index's arrays are known by weak references: a scratch
    does not keep a replaced index alive, and one whose arrays are gone serves no index
    (the caller's index keeps its arrays alive while they are read)."""

    def __init__(self, index: Any) -> None:
        arrays = _index_arrays(index)
        self.arrays = tuple(weakref.ref(a) for a in arrays)
        docs, profiles = len(index.doc_profiles), len(index.ids)
        # the lists of those met have room for one more: the core writes each one
        # there, then counts it only if it is new (or allowed)
        self.scratch = (
            np.zeros(2 * docs),  # per document: (double shared weight, uint64 groups)
            np.zeros(docs + 1, dtype=np.int32),  # the documents met
            np.zeros(3 * (docs + 1)),  # the allowed ones: (double shared, norm; 2 int32)
            np.full(profiles, -1.0),  # best rank per profile
            np.zeros(profiles + 1, dtype=np.int32),  # the profiles met
            np.zeros(2 * profiles),  # the heap: (int32 profile, double rank) pairs
        )
        self.context = _Context(*(a.ctypes.data for a in (*arrays, *self.scratch)))
        self.address = ctypes.addressof(self.context)
        self.grow(64)

    def serves(self, index: Any) -> bool:
        """Whether these are the arrays of this index."""
        offsets, postings, weights, norms, profiles = (ref() for ref in self.arrays)
        return (
            index.offsets is offsets
            and index.postings is postings
            and index.weights is weights
            and index.doc_norms is norms
            and index.doc_profiles is profiles
        )

    def alive(self) -> bool:
        """Whether the index whose arrays these are is still held somewhere."""
        return all(ref() is not None for ref in self.arrays)

    def grow(self, limit: int) -> None:
        """Room for this many results."""
        self.out_profiles = np.zeros(limit, dtype=np.int32)
        self.out_ranks = np.zeros(limit)
        self.context.out_profiles = self.out_profiles.ctypes.data
        self.context.out_ranks = self.out_ranks.ctypes.data


def _index_arrays(index: Any) -> tuple[np.ndarray, ...]:
    """The index's offsets, postings, slot weights, document norms and profile numbers,
    checked to be what the library reads."""
    arrays = (index.offsets, index.postings, index.weights, index.doc_norms, index.doc_profiles)
    if tuple(a.dtype for a in arrays) != _INDEX_TYPES:
        raise TypeError("the index's arrays are not of the types the compiled ranking reads")
    if not all(a.flags.c_contiguous for a in arrays):
        raise TypeError("the compiled ranking reads contiguous arrays only")
    return arrays


# The scratches not in use, shared by the threads: one per ranking under way at once
# (a few), rather than one per thread that ever ranked (a server's pool has up to 40
# threads, which come and go, and a scratch of the shared lists' index is 4 MiB).
_FREE: list[_Scratch] = []
_FREE_LOCK = threading.Lock()
FREE_SCRATCHES_MAX = 8


def _take_scratch(index: Any, limit: int) -> _Scratch:
    """A scratch for the index, with room for `limit` results, for this call alone."""
    found = None
    with _FREE_LOCK:
        _FREE[:] = [each for each in _FREE if each.alive()]  # an index replaced: let go
        for n in range(len(_FREE) - 1, -1, -1):
            if _FREE[n].serves(index):
                found = _FREE.pop(n)
                break
    if found is None:
        found = _Scratch(index)
    if limit > len(found.out_ranks):
        found.grow(2 * limit)
    return found


def _give_back(scratch: _Scratch) -> None:
    with _FREE_LOCK:
        if len(_FREE) < FREE_SCRATCHES_MAX:
            _FREE.append(scratch)


def rank(
    index: Any, slots: list[int], groups: list[list[int]], mask: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """The best `limit` allowed profiles and their ranks, as ScreeningIndex.ranked_slots
    gives them: `slots` are the query's key slots (sorted, distinct, at least one),
    `groups` the covering slots of each part (at most MAX_GROUPS groups)."""
    if len(groups) > MAX_GROUPS:
        raise ValueError(f"at most {MAX_GROUPS} part groups can be ranked here")
    if mask.dtype != np.bool_:
        raise TypeError("the mask must be an array of booleans")
    if len(mask) != len(index.ids):
        raise ValueError("the mask must have a boolean for each profile of the index")
    query = list(slots)  # then each group's covering slots, each group ended
    for covering in groups:
        query += covering
        query.append(GROUP_END)
    scratch = _take_scratch(index, limit)
    found: int = _function()(
        scratch.address, _packed(query), len(slots), len(query), _address(mask), limit
    )
    if found == -1:  # checked above
        raise ValueError(f"at most {MAX_GROUPS} part groups can be ranked here")
    if found < 0:
        raise MemoryError("the compiled ranking could not rank the query")
    ranked = scratch.out_profiles[:found].copy(), scratch.out_ranks[:found].copy()
    _give_back(scratch)  # only a scratch left zeroed (a failed call may not have)
    return ranked


# Packers of n 64-bit integers, by n.
_PACKERS: dict[int, struct.Struct] = {}


def _packed(numbers: list[int]) -> bytes:
    """The numbers as a C array of int64 (bytes: ctypes passes them without a copy)."""
    packer = _PACKERS.get(len(numbers))
    if packer is None:
        if len(_PACKERS) >= 4096:
            _PACKERS.clear()
        packer = _PACKERS[len(numbers)] = struct.Struct(f"={len(numbers)}q")
    return packer.pack(*numbers)


# The addresses of the masks ranked with lately, by the array's id (an array never
# moves), with a weak reference telling whether the id is still that array's.
_ADDRESSES: dict[int, tuple[weakref.ref, int]] = {}
_ADDRESSES_MAX = 1024


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
