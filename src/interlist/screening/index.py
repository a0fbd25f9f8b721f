"""The candidate index: the keys of every name of every profile, so that a query is
compared only with the few profiles most likely to match, not the whole databank.

Each name of a profile is a small document of keys (see ``screening.keys``). A
query's keys are looked up; each name sharing keys gets a score: the rarity (IDF)
of the shared keys as a share of the name's own keys plus as a share of the query's
keys. A profile ranks by its best name, and the best ``max_candidates`` profiles
are scored by the matcher.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np
import orjson
from followthemoney import model as ftm_model

from interlist.matching import Analyzed, Token, analyze, can_match
from interlist.screening import ranking
from interlist.screening.candidates import Candidate
from interlist.screening.keys import (
    name_documents,
    part_keys,
    part_search_keys,
    query_parts,
    remembered,
    spelling_groups,
)

# A profile is compared when it is among this many best-ranked candidates.
MAX_CANDIDATES = 24
# A candidate whose shared keys cover less than this (name share + query share, 0..2)
# is not scored: see docs/screening.md for how it was chosen.
MIN_RANK = 0.0
# A key in more than this share of all names (and more than COMMON_KEY_MIN) is too
# common to rank by; it is used only when a query has no other key.
COMMON_KEY_SHARE = 0.02
COMMON_KEY_MIN = 500
# Allocations between two collections of the youngest generation in a screening process
# (Python's default is 700): see steady_collection. A batch worker waits far longer.
YOUNG_OBJECTS = 20_000
BATCH_YOUNG_OBJECTS = 1_000_000
# Name parts whose key slots a process remembers (see ScreeningIndex.query_slots).
SLOT_MEMO_SIZE = 200_000


@dataclass(frozen=True)
class Filters:
    """Which profiles a query may hit (empty tuples: no restriction)."""

    schema: str = "Thing"
    include_datasets: tuple[str, ...] = ()
    exclude_datasets: tuple[str, ...] = ()
    exclude_schemata: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    # Single entities allowed besides the included datasets (a state's recognised
    # designations): a profile passes when one of its member ids is here.
    include_entities: frozenset[str] = frozenset()
    # Profiles never returned: one passes only when none of its member ids is here
    # (the API's `exclude_entity_ids`, applied before the best are chosen).
    exclude_entities: frozenset[str] = frozenset()


@dataclass
class ScreeningIndex:
    """Profiles (parallel lists by position) and their key postings."""

    ids: list[str]
    captions: list[str]
    schemata: list[str]
    datasets: list[list[str]]
    referents: list[list[str]]
    properties: list[Any]  # FtM properties per profile (as saved: orjson bytes, read on use)
    analyses: list[Analyzed | bytes | None]  # matcher analyses (as saved: pickles; None: on use)
    keys: dict[str, int]  # key -> its slot in offsets and weights
    offsets: np.ndarray  # postings of slot i: postings[offsets[i]:offsets[i + 1]]
    weights: np.ndarray  # IDF weight of each slot (0 for keys too common to rank by)
    postings: np.ndarray  # name documents, grouped by key
    doc_profiles: np.ndarray  # the profile position of each name document
    doc_norms: np.ndarray  # the summed weight of each name document's keys
    fingerprint: str = ""
    built_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    _masks: dict[Filters, np.ndarray] = field(default_factory=dict, repr=False)
    _positions: dict[str, int] = field(default_factory=dict, repr=False)
    _sources: set[str] = field(default_factory=set, repr=False)
    _bounds: list[int] = field(default_factory=list, repr=False)
    _weights_py: list[float] = field(default_factory=list, repr=False)
    _part_memo: dict[int, tuple[tuple[int, ...], list[int]]] = field(
        default_factory=dict, repr=False
    )
    _warm: bool = field(default=False, repr=False)  # every analysis read (see warm)

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

    def props(self, pos: int) -> dict[str, list[str]]:
        """The FtM properties of a profile."""
        found = self.properties[pos]
        if isinstance(found, bytes):  # as saved: decode on first use
            found = self.properties[pos] = orjson.loads(found)
        props: dict[str, list[str]] = found
        return props

    def analysis(self, pos: int) -> Analyzed:
        """The matcher's analysis of a profile, computed on first use if not stored."""
        found = self.analyses[pos]
        if isinstance(found, bytes):  # as saved: unpickle on first use
            found = pickle.loads(found)
        elif found is None:
            found = analyze({"schema": self.schemata[pos], "properties": self.props(pos)})
        assert isinstance(found, Analyzed)
        self.analyses[pos] = found
        return found

    def analyses_of(self, positions: list[int]) -> list[Analyzed]:
        """:meth:`analysis` of each of these profiles (read straight from the list once
        :meth:`warm` has read them all)."""
        if self._warm:
            stored = cast(list[Analyzed], self.analyses)  # warm read every one
            return [stored[pos] for pos in positions]
        return [self.analysis(pos) for pos in positions]

    def warm(self) -> None:
        """Read every profile's analysis now, then exempt them from garbage collection:
        the queries that follow (or the worker processes forked next) neither read them
        one by one nor have the collector walk them again and again."""
        gc.disable()
        try:
            for pos in range(len(self.analyses)):
                self.analysis(pos)
        finally:
            gc.enable()
        gc.freeze()
        self._warm = True

    def mask(self, filters: Filters) -> np.ndarray:
        """Boolean array: which profiles pass the filters (cached per filter set)."""
        found = self._masks.get(filters)
        if found is None:
            schemata = {name: _schema_passes(name, filters) for name in set(self.schemata)}
            found = np.array(
                [schemata[s] and self._passes(i, filters) for i, s in enumerate(self.schemata)],
                dtype=bool,
            )
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[filters] = found
        return found

    def _passes(self, pos: int, f: Filters) -> bool:
        """The dataset and topic filters (the schema ones: :func:`_schema_passes`)."""
        sets = self.datasets[pos]
        if (f.include_datasets or f.include_entities) and not (
            any(d in f.include_datasets for d in sets) or self._recognised(pos, f)
        ):
            return False
        if any(d in f.exclude_datasets for d in sets):
            return False
        if f.exclude_entities and (
            self.ids[pos] in f.exclude_entities
            or any(r in f.exclude_entities for r in self.referents[pos])
        ):
            return False
        if not f.topics:  # decode the properties only when a topic filter needs them
            return True
        return any(t in f.topics for t in self.props(pos).get("topics", []))

    def _recognised(self, pos: int, f: Filters) -> bool:
        wanted = f.include_entities
        return bool(wanted) and (
            self.ids[pos] in wanted or any(r in wanted for r in self.referents[pos])
        )

    def sharing(self, keys: Iterable[str], mask: np.ndarray) -> list[int]:
        """Every allowed profile sharing any key with the query, however common the key:
        by the matcher's guarantee, every profile that can score at the threshold."""
        slots = [self.keys[k] for k in keys if k in self.keys]
        if not slots:
            return []
        docs = self._postings_of(slots)
        profiles = np.unique(self.doc_profiles[docs])
        return profiles[mask[profiles]].tolist()

    def candidates(
        self,
        keys: Iterable[str],
        mask: np.ndarray,
        limit: int,
        min_rank: float = 0.0,
        groups: list[set[str]] | None = None,
    ) -> list[int]:
        """Positions of the best `limit` profiles for a query's keys, best first, leaving
        out those ranked below `min_rank`; `groups`: see :meth:`ranked`."""
        positions, ranks = self.ranked(keys, mask, groups, limit)
        return positions[ranks >= min_rank].tolist()

    def query_slots(self, analysis: Analyzed) -> tuple[list[int], list[list[int]]]:
        """The slots of an analysed query's keys (:func:`~interlist.screening.keys.search_keys`),
        sorted, and the covering slots of each of its part groups
        (:func:`~interlist.screening.keys.part_groups`): what :meth:`ranked` reads from
        them, looked up once per name part (:meth:`_part_slots`)."""
        parts = query_parts(analysis)
        memo = self._part_memo
        found: list[int] = []
        for token in parts.tokens:
            found += (memo.get(token.key_id) or self._part_slots(token))[0]
        for keys in parts.keys:
            found += self._indexed(keys)
        covering = []
        for token, joined in parts.groups:
            slots = (memo.get(token.key_id) or self._part_slots(token))[1]
            if joined:
                slots = list(dict.fromkeys([*slots, *self._covering_slots(joined)]))
            covering.append(slots)
        return sorted(set(found)), covering

    def _part_slots(self, token: Token) -> tuple[tuple[int, ...], list[int]]:
        """A name part's key slots and the covering slots of its spelling keys (made once
        per part, :attr:`Token.key_id <interlist.matching.Token.key_id>`)."""
        return remembered(
            self._part_memo, token.key_id, lambda: self._made_part_slots(token), SLOT_MEMO_SIZE
        )

    def _made_part_slots(self, token: Token) -> tuple[tuple[int, ...], list[int]]:
        """:meth:`_part_slots`, made: the slots of the part's search keys, and the
        covering slots of its spelling keys."""
        return self._indexed(part_search_keys(token)), self._covering_slots(part_keys(token))

    def _indexed(self, keys: Iterable[str]) -> tuple[int, ...]:
        """The slots of the indexed keys among these."""
        slots = self.keys
        return tuple(slots[k] for k in keys if k in slots)

    def _parts_covered(self, covering: list[list[int]], docs: np.ndarray) -> np.ndarray:
        """For each document, the share of the query's name parts it has (0..1): a part
        counts when the document has one of the part's `covering` slots."""
        counts = np.zeros(len(docs))
        found = np.zeros(len(self.doc_profiles), dtype=bool)  # cleared after each part
        for slots in covering:
            if slots:
                hit = self._postings_of(slots)
                found[hit] = True
                counts += found[docs]
                found[hit] = False
        return counts / max(1, len(covering))

    def _covering_slots(self, keys: Iterable[str]) -> list[int]:
        """The slots of those keys that are indexed and rare enough to say a document has
        the part; a consonant skeleton always is (an abjad's part has little else)."""
        slots = self.keys
        weights = self._weight_list()
        found = []
        for key in keys:
            slot = slots.get(key)
            if slot is not None and (weights[slot] > 0 or key[:2] == "s:"):
                found.append(slot)
        return found

    def _weight_list(self) -> list[float]:
        if not self._weights_py:
            self._weights_py = self.weights.tolist()
        return self._weights_py

    def _bounds_list(self) -> list[int]:
        """The offsets as a list: slicing by a list's ints is faster than by numpy's."""
        if not self._bounds:
            self._bounds = self.offsets.tolist()
        return self._bounds

    def _postings_of(self, slots: list[int]) -> np.ndarray:
        """The documents of these slots, one after another (repeats kept)."""
        bounds = self._bounds_list()
        postings = self.postings
        if len(slots) == 1:
            return postings[bounds[slots[0]] : bounds[slots[0] + 1]]
        return np.concatenate([postings[bounds[s] : bounds[s + 1]] for s in slots])

    def ranked(
        self,
        keys: Iterable[str],
        mask: np.ndarray,
        groups: list[set[str]] | list[frozenset[str]] | None = None,
        limit: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every allowed profile sharing a rankable key (or the best `limit`), best first,
        with its rank: how much of its best name (0..1) plus how much of the query (0..1)
        the shared keys cover, by rarity, plus the share of the query's parts it has
        (0..1). `groups` are the keys of each query name part
        (:func:`~interlist.screening.keys.part_groups`); without them, the parts are read
        from the "f:" keys."""
        key_set = set(keys)
        slots = sorted(s for s in map(self.keys.get, key_set) if s is not None)
        covering = [self._covering_slots(g) for g in (groups or spelling_groups(key_set))]
        return self.ranked_slots(slots, covering, mask, limit)

    def ranked_slots(
        self, slots: list[int], covering: list[list[int]], mask: np.ndarray, limit: int | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`ranked` of a query's key slots (sorted) and its part groups' covering
        slots (see :meth:`query_slots`)."""
        if not slots:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        if limit is not None and len(covering) <= ranking.MAX_GROUPS and ranking.available():
            return ranking.rank(self, slots, covering, mask, limit)
        weight_of = self._weight_list()
        rare = [s for s in slots if weight_of[s] > 0]
        used = rare or slots  # only common keys: rank by how many are shared
        weights = self.weights[used] if rare else np.ones(len(used))
        found = self._postings_of(used)
        bounds = self._bounds_list()
        lengths = [bounds[s + 1] - bounds[s] for s in used]
        # every weight is > 0, so the documents found are those with a positive sum
        summed = np.bincount(found, np.repeat(weights, lengths), len(self.doc_profiles))
        docs = np.flatnonzero(summed > 0)  # ten times faster than on the floats
        shared = summed[docs]
        norms = self.doc_norms[docs] if rare else np.full(len(docs), float(len(used)))
        scores = shared / np.maximum(norms, 1e-9) + shared / weights.sum()
        scores += self._parts_covered(covering, docs)
        profiles = self.doc_profiles[docs]
        allowed = mask[profiles]
        return _best_per_profile(profiles[allowed], scores[allowed], limit)


def steady_collection(young: int = YOUNG_OBJECTS) -> None:
    """For a long-running screening process (a server or batch worker): after each full
    garbage collection, freeze what survived it (``gc.freeze``), so that the next one
    walks only what was made since. The matcher's caches of part similarities and
    joined parts grow to tens of thousands of objects; walked again by every full
    collection (about 0.5 µs each), they put 10 to 30 ms on whichever query was being
    screened. What a full collection leaves is alive, so nothing collectable is frozen;
    a frozen object is still freed when nothing refers to it any more.

    It also lets the youngest generation grow to `young` objects before a collection: a
    comparison makes thousands of short-lived objects, and collecting every 700 of them
    took about a tenth of a distinct row's time in batch. Screening makes no cyclic
    garbage (24,000 distinct rows in one process with the collector off left none:
    reference counting frees it all), so a batch worker (BATCH_YOUNG_OBJECTS) collects
    only as a safety net, 5% faster than at 20,000; a server keeps YOUNG_OBJECTS, so that
    no collection of a million objects pauses a request."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, old)


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


def _best_per_profile(
    profiles: np.ndarray, scores: np.ndarray, limit: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each profile at its best name, best first (ties: lower position first), or only
    the first `limit` of them. `profiles` is sorted (documents are numbered profile by
    profile)."""
    if not len(profiles) or (limit is not None and limit <= 0):
        return profiles[:0], scores[:0]
    if limit is not None and len(scores) > 4 * limit:
        profiles, scores = _likely_best(profiles, scores, limit)
    starts = np.flatnonzero(np.concatenate(([True], profiles[1:] != profiles[:-1])))
    best = np.maximum.reduceat(scores, starts)
    unique = profiles[starts]
    if limit is not None and len(best) > limit:  # sort only those that can make the cut
        kth = np.partition(best, len(best) - limit)[len(best) - limit]
        near = np.flatnonzero(best >= kth)  # ties with the last place included
        unique, best = unique[near], best[near]
    order = np.lexsort((unique, -best))[:limit]
    return unique[order], best[order]


def _likely_best(
    profiles: np.ndarray, scores: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """The documents scoring at least the 4 * `limit`-th best document, if they belong to
    `limit` profiles or more: then the best `limit` profiles are among theirs, at the
    same best score (the rest is never needed). Otherwise all of them."""
    cut = np.partition(scores, len(scores) - 4 * limit)[len(scores) - 4 * limit]
    keep = scores >= cut
    kept = profiles[keep]
    if np.count_nonzero(kept[1:] != kept[:-1]) + 1 < limit:
        return profiles, scores
    return kept, scores[keep]


def _schema_passes(name: str, f: Filters) -> bool:
    """Whether profiles of this schema may hit a query under these filters."""
    schema = ftm_model.get(name)
    query_schema = ftm_model.get(f.schema)
    if schema is None or query_schema is None:
        return False
    if not (can_match(f.schema, name) or schema.is_a(query_schema)):
        return False
    return not any(schema.is_a(other) for other in f.exclude_schemata)


def build_index(candidates: Iterable[Candidate], fingerprint: str = "") -> ScreeningIndex:
    """Analyse every candidate and index the keys of each of its names."""
    columns: dict[str, Any] = {k: [] for k in ("ids", "captions", "schemata", "datasets")}
    columns.update(referents=[], properties=[], analyses=[])
    docs: list[frozenset[str]] = []
    doc_profiles: list[int] = []
    for pos, cand in enumerate(candidates):
        data = cand.entity.to_dict()
        analysis = analyze({"schema": data["schema"], "properties": data["properties"]})
        for doc in name_documents(analysis):
            docs.append(doc)
            doc_profiles.append(pos)
        columns["ids"].append(str(data["id"]))
        columns["captions"].append(str(data.get("caption") or data["id"]))
        columns["schemata"].append(data["schema"])
        columns["datasets"].append(sorted(data.get("datasets") or []))
        columns["referents"].append(list(cand.referents))
        columns["properties"].append(data["properties"])
        columns["analyses"].append(analysis)
    packed = _pack(docs)
    packed["doc_profiles"] = np.array(doc_profiles, dtype=np.int32)
    return ScreeningIndex(**columns, **packed, fingerprint=fingerprint)


def _pack(docs: list[frozenset[str]]) -> dict[str, Any]:
    """Postings (key -> documents) as flat arrays, IDF weights, and document norms."""
    found: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for key in doc:
            found.setdefault(key, []).append(number)
    postings = {key: found[key] for key in sorted(found)}  # slots independent of hashing
    lengths = np.fromiter((len(p) for p in postings.values()), dtype=np.int64, count=len(postings))
    offsets = np.zeros(len(postings) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter(
        (doc for part in postings.values() for doc in part), dtype=np.int32, count=int(offsets[-1])
    )
    weights = np.log1p(len(docs) / np.maximum(lengths, 1))
    weights[lengths > max(COMMON_KEY_MIN, COMMON_KEY_SHARE * len(docs))] = 0.0
    norms = np.zeros(len(docs))
    np.add.at(norms, flat, np.repeat(weights, lengths))
    keys = {key: slot for slot, key in enumerate(postings)}
    return {"keys": keys, "offsets": offsets, "weights": weights, "postings": flat,
            "doc_norms": norms}  # fmt: skip
