"""Screening monitored subjects on every change, against what changed only.

Two directions, one comparison:

- after a change to the databank (a list version, a recognition decision, a wanted
  notice published or withdrawn), :func:`screen_changed` takes the changed entities
  and looks up the subjects sharing their blocking keys in ``monitor_key`` (an index
  of the subjects kept in the database), ranks them by the rarity of the keys shared
  and compares the best with the matcher. A million subjects are never read: only
  those sharing a rare key with one of the (few) changed entities;
- when subjects are registered or updated, :func:`screen_subjects` indexes just
  those subjects in memory and passes every listed designated party in their scope
  through the same ranking and comparison.

Pairs scoring at or above the agency's threshold open alerts
(:mod:`interlist.alerts.raising`), unless the pair was cleared and neither side's
matched data changed since.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, func, select

from interlist.alerts import decisions, raising
from interlist.alerts.profiles import Profile, all_listed_targets, listed_targets
from interlist.alerts.subjects import date_keys, keys_of
from interlist.cooperation.collections import NO_SOURCE, Scope, resolve
from interlist.cooperation.measures import Measures
from interlist.matching import analyze, compare, index_keys
from interlist.screening.keys import part_groups
from interlist.screening.screen import explanation_of
from interlist.store import alert_tables as at
from interlist.store import lifecycle_tables as lt
from interlist.store.db import chunked

# Subjects compared with each listed entity, best ranked first.
LIMIT = 100
# A key shared by more than this share of the subjects (and more than COMMON_MIN) is
# too common to rank by; it is used only when an entity has no rarer key.
COMMON_SHARE = 0.02
COMMON_MIN = 200
# The postings read for one entity: the rarest key of each of its name parts, then its
# other keys rarest first until this many (subject, key) pairs are read.
BUDGET = 50_000
# Keys of a whole name, an identifier or a birth date count in full; the other keys that
# belong to no name part (first and last letters, short phonetic codes) this much.
WHOLE = ("j:", "i:", "b:")
# A subject is ranked only when it shares this many of the entity's name parts (or all of
# them, when it has fewer); one sharing an identifier, or a part and the birth date, is
# always compared.
MIN_PARTS = 2
OTHER_WEIGHT = 0.25


class Postings(Protocol):
    """Which subjects have which blocking keys."""

    def total(self) -> int: ...
    def counts(self, keys: Sequence[str]) -> dict[str, int]: ...
    def subjects(self, keys: Sequence[str]) -> dict[str, list[int]]: ...


class StoredPostings:
    """The keys of every watched subject, in ``monitor_key``."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._total: int | None = None

    def total(self) -> int:
        if self._total is None:
            s = at.monitor_subject.c
            query = select(func.count()).select_from(at.monitor_subject).where(s.active.is_(True))
            self._total = int(self.conn.scalar(query) or 0)
        return self._total

    def counts(self, keys: Sequence[str]) -> dict[str, int]:
        k = at.monitor_key.c
        found: dict[str, int] = {}
        for batch in chunked(keys, 900):
            query = select(k.key, func.count()).where(k.key.in_(batch)).group_by(k.key)
            found.update({key: int(n) for key, n in self.conn.execute(query)})
        return found

    def subjects(self, keys: Sequence[str]) -> dict[str, list[int]]:
        k = at.monitor_key.c
        found: dict[str, list[int]] = defaultdict(list)
        for batch in chunked(keys, 900):
            for key, subject in self.conn.execute(select(k.key, k.subject).where(k.key.in_(batch))):
                found[key].append(subject)
        return found


class BatchPostings:
    """The keys of a few subjects (those just registered), in memory."""

    def __init__(self, queries: dict[int, dict[str, Any]]) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        for pk, query in queries.items():
            for key in keys_of(query):
                self.postings[key].append(pk)
        self.size = len(queries)

    def total(self) -> int:
        return self.size

    def counts(self, keys: Sequence[str]) -> dict[str, int]:
        return {k: len(self.postings[k]) for k in keys if k in self.postings}

    def subjects(self, keys: Sequence[str]) -> dict[str, list[int]]:
        return {k: self.postings[k] for k in keys if k in self.postings}


def ranked(postings: Postings, profile: Profile, limit: int = LIMIT) -> list[int]:
    """The subjects sharing an analysed entity's keys, best first: for each name part of
    the entity, the rarest key of that part a subject shares (a part's spellings,
    phonetic codes and consonant skeletons are one piece of evidence, not many), plus
    whole names, identifiers and birth dates in full and the other keys (affixes, short
    codes) at OTHER_WEIGHT."""
    analysis = analyze(profile.mapping())
    groups = part_groups(analysis)
    keys = index_keys(analysis) | date_keys(profile.props) | set().union(*groups)
    counts = postings.counts(sorted(keys))
    if not counts:
        return []
    total = max(postings.total(), 1)
    common = max(COMMON_MIN, COMMON_SHARE * total)
    used = _within_budget({k: n for k, n in counts.items() if n <= common}, groups)
    if not used:  # only common keys: rank by the three rarest
        used = dict(sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))[:3])
    part_of: dict[str, list[int]] = defaultdict(list)
    for number, group in enumerate(groups):
        for key in group:
            part_of[key].append(number)
    parts: dict[int, dict[int, float]] = defaultdict(dict)
    other: dict[int, float] = defaultdict(float)
    documents: set[int] = set()  # subjects sharing an identifier: always compared
    born: set[int] = set()  # subjects born the same day: compared with one part in common
    for key, subjects in postings.subjects(sorted(used)).items():
        if key.startswith("i:"):
            documents.update(subjects)
        elif key.startswith("b:"):
            born.update(subjects)
        weight = math.log1p(total / used[key])
        numbers = part_of.get(key)
        share = 1.0 if key[:2] in WHOLE else OTHER_WEIGHT
        for subject in subjects:
            if numbers:
                best = parts[subject]
                for n in numbers:
                    best[n] = max(best.get(n, 0.0), weight)
            else:
                other[subject] += share * weight
    reachable = {n for key in used for n in part_of.get(key, ())}  # parts read at all
    need = min(MIN_PARTS, len(reachable))
    # sharing an identifier, or a name part and the birth date: compared whatever the rank
    always = documents | {s for s in born if s in parts}
    scores = {
        s: sum(parts[s].values()) + other[s]
        for s in parts
        if len(parts[s]) >= need and s not in always
    }
    best_first = heapq.nlargest(limit, scores.items(), key=lambda kv: (kv[1], -kv[0]))
    return sorted(always) + [subject for subject, _ in best_first]


def _within_budget(counts: dict[str, int], groups: list[frozenset[str]]) -> dict[str, int]:
    """The keys whose postings are read: the rarest key of each name part, whole names,
    identifiers and birth dates, then the other keys rarest first while the postings add
    up to at most BUDGET."""
    by_rarity = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))
    kept = {k: n for k, n in by_rarity if k[:2] in WHOLE}
    for group in groups:
        rarest = next((k for k, _ in by_rarity if k in group), None)
        if rarest is not None:
            kept[rarest] = counts[rarest]
    total = sum(kept.values())
    for key, n in by_rarity:
        if key not in kept:
            if len(kept) >= 3 and total + n > BUDGET:
                break
            kept[key] = n
            total += n
    return kept


@dataclass
class Hit:
    """A subject and a listed entity that score at or above the agency's threshold."""

    subject: Any  # the monitor_subject row
    profile: Profile
    score: float
    explanation: Any
    measures: list[str] = field(default_factory=list)  # what a confirmed match obliges


class Matcher:
    """Compares subjects with listed profiles, remembering analyses, scopes, thresholds."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[int, Any] = {}
        self.analyses: dict[int, Any] = {}
        self.scopes: dict[str | None, Scope] = {}
        self.thresholds: dict[str, float] = {}
        self.measures = Measures(conn)

    def hits(self, profile: Profile, subject_ids: list[int]) -> list[Hit]:
        self._load([s for s in subject_ids if s not in self.rows])
        entity = analyze(profile.mapping())
        found = []
        for pk in subject_ids:
            row = self.rows.get(pk)
            if row is None or not self.in_scope(row.dataset, profile):
                continue
            if pk not in self.analyses:
                self.analyses[pk] = analyze(row.query)
            match = compare(self.analyses[pk], entity)
            if match.score >= self._threshold(row.agency):
                hit = Hit(row, profile, round(match.score, 4), explanation_of(match))
                hit.measures = self._measures(row.dataset, profile)
                found.append(hit)
        return found

    def _load(self, pks: list[int]) -> None:
        s = at.monitor_subject.c
        for batch in chunked(pks, 900):
            query = select(at.monitor_subject).where(s.id.in_(batch), s.active.is_(True))
            self.rows.update({row.id: row for row in self.conn.execute(query)})

    def in_scope(self, dataset: str | None, profile: Profile) -> bool:
        """Whether a subject watched against `dataset` may hit this profile."""
        if dataset not in self.scopes:
            self.scopes[dataset] = resolve(self.conn, [dataset] if dataset else [])
        scope = self.scopes[dataset]
        if not scope.sources and not scope.entities:
            return True
        return bool(profile.sources & set(scope.sources)) or profile.id in scope.entities

    def _measures(self, dataset: str | None, profile: Profile) -> list[str]:
        """What the profile's listings in the subject's scope oblige, with the measures of
        the recognitions that put it in force there."""
        scope = self.scopes[dataset]
        sources = profile.sources & set(scope.sources) if scope.sources else profile.sources
        return self.measures.in_force(sources, scope.recognitions([profile.id]))

    def _threshold(self, agency: str) -> float:
        if agency not in self.thresholds:
            self.thresholds[agency] = raising.threshold(self.conn, agency)
        return self.thresholds[agency]


def screen_changed(conn: Connection, entity_ids: Iterable[str], cause: dict[str, Any]) -> list[int]:
    """Screen every watched subject against these changed entities (the listed
    designated parties among them) and open the alerts due; returns their ids.

    The hook for whatever changes what is in force: an ingest (the entities a list
    version added, changed or relisted), a recognition decision, a wanted notice
    published or withdrawn. Runs in the caller's transaction."""
    postings = StoredPostings(conn)
    if not postings.total():  # nobody watched: an ingest pays one count
        return []
    profiles = listed_targets(conn, entity_ids)
    if not profiles:
        return []
    matcher = Matcher(conn)
    hits = []
    for profile in profiles:
        hits += matcher.hits(profile, ranked(postings, profile))
    return raising.raise_alerts(conn, hits, cause)


def screen_subjects(
    conn: Connection, subject_pks: Sequence[int], cause: dict[str, Any]
) -> list[int]:
    """Screen these (just registered or updated) subjects against every listed
    designated party in their scope; returns the alerts opened."""
    if not subject_pks:
        return []
    matcher = Matcher(conn)
    matcher._load(list(subject_pks))
    rows = list(matcher.rows.values())
    if not rows:
        return []
    postings = BatchPostings({row.id: row.query for row in rows})
    hits = []
    for profile in _profiles_in_scope(conn, matcher, rows):
        hits += matcher.hits(profile, ranked(postings, profile))
    return raising.raise_alerts(conn, hits, cause)


def _profiles_in_scope(conn: Connection, matcher: Matcher, rows: list[Any]) -> Iterable[Profile]:
    """The listed targets any of these subjects may hit (everything if one's scope is)."""
    sources: set[str] = set()
    entities: set[str] = set()
    for dataset in {row.dataset for row in rows}:
        scope = resolve(conn, [dataset] if dataset else [])
        matcher.scopes[dataset] = scope
        if not scope.sources and not scope.entities:
            return all_listed_targets(conn)
        sources.update(s for s in scope.sources if s != NO_SOURCE)
        entities.update(scope.entities)
    found = list(all_listed_targets(conn, sorted(sources)))
    seen = {p.id for p in found}
    found += [p for p in listed_targets(conn, entities - seen)]
    return found


def screen_ingested(conn: Connection, outcome: Any) -> list[int]:
    """After a list version is loaded (a store.ingest LoadResult): screen what it added,
    relisted or changed, and withdraw the undecided alerts on what it delisted."""
    changed = [*outcome.added, *outcome.relisted, *outcome.changed]
    cause = {"kind": "list_version", "source": outcome.source, "version_id": outcome.version_id}
    note = f"delisted by {outcome.source} (version {outcome.version_id})"
    withdraw_ended(conn, outcome.delisted, note)
    return screen_changed(conn, changed, cause)


def withdraw_ended(conn: Connection, entity_ids: Iterable[str], note: str) -> list[int]:
    """Withdraw the undecided alerts on these entities where the entity is no longer in
    force for the subject (delisted, its notice withdrawn, its recognition revoked or
    lapsed); returns the alerts withdrawn."""
    wanted = sorted(set(entity_ids))
    a, r, s = at.alert.c, lt.lc_record.c, at.monitor_subject.c
    live: list[Any] = []
    for batch in chunked(wanted, 900):
        query = (
            select(a.record_id, a.entity_id, s.dataset)
            .join(lt.lc_record, r.id == a.record_id)
            .join(at.monitor_subject, s.id == a.subject)
            .where(a.entity_id.in_(batch), r.status.in_(decisions.UNDECIDED))
        )
        live += conn.execute(query).all()
    if not live:
        return []
    profiles = {p.id: p for p in listed_targets(conn, {row.entity_id for row in live})}
    matcher = Matcher(conn)
    ended = [row.record_id for row in live if row.entity_id not in profiles
             or not matcher.in_scope(row.dataset, profiles[row.entity_id])]  # fmt: skip
    return decisions.withdraw(conn, ended, note)


def screen_recognised(conn: Connection, recognition: Any, decision: str) -> list[int]:
    """After a recognition decision: a designation now in force in a state is screened;
    one no longer in force there (revoked, lapsed) ends its undecided alerts there."""
    if decision in ("revoked", "lapsed"):
        note = f"recognition {recognition.id} {decision} in {recognition.to_state}"
        withdraw_ended(conn, [recognition.entity_id], note)
    if decision != "recognised":
        return []
    cause = {"kind": "recognition", "recognition_id": recognition.id,
             "state": recognition.to_state, "from_state": recognition.from_state}  # fmt: skip
    return screen_changed(conn, [recognition.entity_id], cause)
