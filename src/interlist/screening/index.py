"""The candidate index: blocking keys of every profile, so a query is compared only
with the profiles that share a key with it instead of the whole databank.

Keys come from the matcher (``interlist.matching.index_keys``: name tokens,
transliterated and phonetic forms, consonant skeletons, identifiers), which
guarantees that any profile scoring at or above the default threshold shares at
least one key with the query. Candidates are ranked by the summed rarity (IDF)
of the keys they share and the best ``max_candidates`` are scored.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from followthemoney import model as ftm_model

from interlist.matching import analyze, index_keys
from interlist.screening.candidates import Candidate

# A profile is compared when it is among this many best-sharing candidates.
MAX_CANDIDATES = 64
# A key shared by more than this share of all profiles (and at least COMMON_KEY_MIN)
# is too common to rank candidates by.
COMMON_KEY_SHARE = 0.02
COMMON_KEY_MIN = 500
# Name parts at least this long also get one-deletion keys (typo tolerance in ranking).
MIN_DELETION_LENGTH = 4


def search_keys(analysis: Any) -> set[str]:
    """The matcher's blocking keys plus one-deletion variants of each folded name part.

    The deletion variants ("d:" keys, as in SymSpell) let a part with one typo share a
    rare key with its correct spelling ("laxen" and "laden" both give "d:laen"), so a
    misspelt name still ranks its true candidate first.
    """
    keys = set(index_keys(analysis))
    for key in list(keys):
        if key.startswith("f:") and len(key) - 2 >= MIN_DELETION_LENGTH:
            part = key[2:]
            keys.add("d:" + part)
            keys.update("d:" + part[:i] + part[i + 1 :] for i in range(len(part)))
    return keys


@dataclass(frozen=True)
class Filters:
    """Which profiles a query may hit (empty tuples: no restriction)."""

    schema: str = "Thing"
    include_datasets: tuple[str, ...] = ()
    exclude_datasets: tuple[str, ...] = ()
    exclude_schemata: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass
class ScreeningIndex:
    """Profiles (parallel lists by position) and their key postings."""

    ids: list[str]
    captions: list[str]
    schemata: list[str]
    datasets: list[list[str]]
    referents: list[list[str]]
    properties: list[dict[str, list[str]]]
    analyses: list[Any]  # matcher analyses (or their pickles, or None: computed on use)
    keys: dict[str, int]  # key -> its slot in offsets and weights
    offsets: np.ndarray  # postings of slot i: postings[offsets[i]:offsets[i + 1]]
    weights: np.ndarray  # IDF weight of each slot
    postings: np.ndarray  # profile positions, grouped by key
    fingerprint: str = ""
    built_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    _masks: dict[Filters, np.ndarray] = field(default_factory=dict, repr=False)
    _positions: dict[str, int] = field(default_factory=dict, repr=False)
    _sources: set[str] = field(default_factory=set, repr=False)
    _bounds: list[int] = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, entity_id: str) -> int | None:
        """Where the profile with this id (or having it as a referent) is, if indexed."""
        if not self._positions:
            for pos, refs in enumerate(self.referents):
                self._positions.update({ref: pos for ref in refs})
            self._positions.update({eid: pos for pos, eid in enumerate(self.ids)})
        return self._positions.get(entity_id)

    def sources(self) -> set[str]:
        """Every dataset (source) some profile comes from."""
        if not self._sources:
            self._sources.update(d for sets in self.datasets for d in sets)
        return self._sources

    def analysis(self, pos: int) -> Any:
        """The matcher's analysis of a profile, computed on first use if not stored."""
        found = self.analyses[pos]
        if isinstance(found, bytes):  # as saved: unpickle on first use
            found = self.analyses[pos] = pickle.loads(found)
        elif found is None:
            found = analyze({"schema": self.schemata[pos], "properties": self.properties[pos]})
            self.analyses[pos] = found
        return found

    def mask(self, filters: Filters) -> np.ndarray:
        """Boolean array: which profiles pass the filters (cached per filter set)."""
        found = self._masks.get(filters)
        if found is None:
            found = np.array([self._passes(i, filters) for i in range(len(self))], dtype=bool)
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[filters] = found
        return found

    def _passes(self, pos: int, f: Filters) -> bool:
        schema = ftm_model.get(self.schemata[pos])
        query_schema = ftm_model.get(f.schema)
        if schema is None or query_schema is None:
            return False
        if not (query_schema.can_match(schema) or schema.is_a(query_schema)):
            return False
        if any(schema.is_a(name) for name in f.exclude_schemata):
            return False
        sets = self.datasets[pos]
        if f.include_datasets and not any(d in f.include_datasets for d in sets):
            return False
        if any(d in f.exclude_datasets for d in sets):
            return False
        topics = self.properties[pos].get("topics", [])
        return not f.topics or any(t in f.topics for t in topics)

    def max_postings(self, limit: int) -> int:
        """Keys shared by more profiles than this are too common to rank by (unless a
        query has no other key): a profile sharing only such a key with the query
        cannot be among the best `limit` of the many sharing it."""
        return max(COMMON_KEY_MIN, int(len(self) * COMMON_KEY_SHARE), limit * 8)

    def candidates(self, keys: Iterable[str], mask: np.ndarray, limit: int) -> list[int]:
        """Positions of the best `limit` profiles sharing keys with a query, best first."""
        slots = [self.keys[k] for k in keys if k in self.keys]
        if not slots:
            return []
        bounds = self._bounds or self.offsets.tolist()
        self._bounds = bounds
        common = self.max_postings(limit)
        rare = [s for s in slots if bounds[s + 1] - bounds[s] <= common]
        slots = rare or slots
        postings = self.postings
        found = np.concatenate([postings[bounds[s] : bounds[s + 1]] for s in slots])
        lengths = [bounds[s + 1] - bounds[s] for s in slots]
        weights = np.repeat(self.weights[slots], lengths)
        positions, inverse = np.unique(found, return_inverse=True)
        totals = np.bincount(inverse, weights=weights)
        allowed = mask[positions]
        positions, totals = positions[allowed], totals[allowed]
        if len(positions) > limit:
            best = np.argpartition(-totals, limit - 1)[:limit]
            positions, totals = positions[best], totals[best]
        return positions[np.argsort(-totals, kind="stable")].tolist()


def build_index(candidates: Iterable[Candidate], fingerprint: str = "") -> ScreeningIndex:
    """Analyse every candidate and index its keys."""
    columns: dict[str, Any] = {k: [] for k in ("ids", "captions", "schemata", "datasets")}
    columns.update(referents=[], properties=[], analyses=[])
    postings: dict[str, list[int]] = {}
    for pos, cand in enumerate(candidates):
        data = cand.entity.to_dict()
        mapping = {"schema": data["schema"], "properties": data["properties"]}
        analysis = analyze(mapping)
        for key in search_keys(analysis):
            postings.setdefault(key, []).append(pos)
        columns["ids"].append(str(data["id"]))
        columns["captions"].append(str(data.get("caption") or data["id"]))
        columns["schemata"].append(data["schema"])
        columns["datasets"].append(sorted(data.get("datasets") or []))
        columns["referents"].append(list(cand.referents))
        columns["properties"].append(data["properties"])
        columns["analyses"].append(analysis)
    return ScreeningIndex(
        **columns, **_pack(postings, len(columns["ids"])), fingerprint=fingerprint
    )


def _pack(postings: dict[str, list[int]], total: int) -> dict[str, Any]:
    """Flat arrays of postings, offsets and IDF weights, and each key's slot."""
    lengths = np.fromiter((len(p) for p in postings.values()), dtype=np.int64, count=len(postings))
    offsets = np.zeros(len(postings) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter(
        (pos for part in postings.values() for pos in part), dtype=np.int32, count=int(offsets[-1])
    )
    weights = np.log1p(total / np.maximum(lengths, 1))
    keys = {key: slot for slot, key in enumerate(postings)}
    return {"keys": keys, "offsets": offsets, "weights": weights, "postings": flat}
