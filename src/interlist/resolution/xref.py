"""xref: find the entities that are the same across (and within) sources.

1. Explicit cross-references (a cited UN reference number, a shared document
   number) are recorded as *same* judgements of origin ``explicit``.
2. Blocking on the matcher's index keys picks the pairs worth scoring; each
   pair is scored with the matcher, never twice, never if already judged.
3. Pairs scoring at least ``auto_threshold`` are merged, best first, recorded
   with origin ``auto``, unless a *not same* judgement stands between their
   clusters or the merge would put two entities of one source into one cluster
   (a list rarely lists one party twice: such pairs go to review instead), or
   the pair is ambiguous: a rival candidate of the same source scores about as
   well and the detail beyond the names (:mod:`interlist.resolution.evidence`)
   does not clearly prefer one. Merging runs in rounds: a rival merged with
   another entry of the contested entity's own source stops competing.
4. The other pairs scoring at least ``min_score`` become ranked suggestions
   with the matcher's explanation, for ``interlist review``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, delete

from interlist.resolution.blocking import Blocking, candidate_pairs
from interlist.resolution.clusters import Resolver, load_resolver, recluster
from interlist.resolution.crossref import cross_references, normalize_number
from interlist.resolution.evidence import Evidence
from interlist.resolution.judgements import Decision, Judgement, Origin, now, record
from interlist.resolution.matcher import DefaultMatcher, Matcher
from interlist.resolution.targets import Target, iter_targets
from interlist.store.resolution_tables import suggestion

if TYPE_CHECKING:
    from interlist.matching import Match

DEFAULT_AUTO_THRESHOLD = 0.8
DEFAULT_MIN_SCORE = 0.5
# A sure pair is not merged automatically if a rival from the same source scores
# within this margin of it (two UN entries both called "Ansar al-Sharia").
AMBIGUITY_MARGIN = 0.01
USER = "interlist-xref"


@dataclass
class XrefOptions:
    auto_threshold: float | None = DEFAULT_AUTO_THRESHOLD  # None: never merge automatically
    min_score: float = DEFAULT_MIN_SCORE
    limit: int | None = None  # suggestions kept
    blocking: Blocking = field(default_factory=Blocking)
    explicit: bool = True
    sources: list[str] | None = None


@dataclass
class Scored:
    left: str
    right: str
    score: float
    explanation: list[dict[str, Any]]


@dataclass
class XrefResult:
    entities: int = 0
    explicit_merged: int = 0
    pairs_scored: int = 0
    auto_merged: int = 0
    suggestions: list[Scored] = field(default_factory=list)
    seconds: float = 0.0
    clusters: dict[str, int] = field(default_factory=dict)


def xref(engine: Engine, options: XrefOptions, matcher: Matcher | None = None) -> XrefResult:
    """Run xref over the listed targets of the databank; store judgements and suggestions."""
    started = time.perf_counter()
    matcher = matcher or DefaultMatcher()
    entities = list(iter_targets(engine, options.sources))
    result = XrefResult(entities=len(entities))
    with engine.begin() as conn:
        resolver = load_resolver(conn)
        if options.explicit:
            result.explicit_merged = _explicit(conn, resolver)
        scored = _score(entities, resolver, matcher, options)
        result.pairs_scored = len(scored)
        scored = [s for s in scored if s.score >= options.min_score]
        scored.sort(key=lambda s: (-s.score, s.left, s.right))
        sources = {e.id: e.sources for e in entities}
        evidence = Evidence(entities) if options.auto_threshold is not None else None
        merged = _auto_merge(conn, resolver, scored, sources, options.auto_threshold, evidence)
        result.auto_merged = len(merged)
        result.suggestions = [s for s in scored if (s.left, s.right) not in merged]
        result.suggestions = result.suggestions[: options.limit]
        _store_suggestions(conn, result.suggestions)
        result.clusters = recluster(conn)
    result.seconds = time.perf_counter() - started
    return result


def _explicit(conn: Connection, resolver: Resolver) -> int:
    decisions = []
    for ref in cross_references(conn):
        if resolver.judgement(ref.left, ref.right) is None:
            resolver.add(ref.left, ref.right, Judgement.POSITIVE)
            decisions.append(
                Decision(
                    ref.left,
                    ref.right,
                    Judgement.POSITIVE,
                    USER,
                    Origin.EXPLICIT,
                    score=1.0,
                    reason=ref.reason,
                )
            )
    return record(conn, decisions, fresh=True)


def _score(
    entities: Sequence[Target], resolver: Resolver, matcher: Matcher, options: XrefOptions
) -> list[Scored]:
    analyses = [matcher.analyze(e.mapping()) for e in entities]
    keysets = [matcher.index_keys(a) for a in analyses]
    hints = [_hints(e) for e in entities]
    pairs, _stats = candidate_pairs(keysets, options.blocking, hints)
    out = []
    for i, j in sorted(pairs):
        left, right = entities[i], entities[j]
        if not matcher.can_match(left.schema.name, right.schema.name):
            continue
        lid, rid = left.id, right.id
        if resolver.judgement(lid, rid) is not None:
            continue
        match = matcher.compare(analyses[i], analyses[j])
        a, b = (lid, rid) if lid < rid else (rid, lid)
        out.append(Scored(a, b, float(match.score), _explain(match)))
    return out


HINT_PROPS = ("idNumber", "passportNumber", "registrationNumber", "taxNumber", "imoNumber")


def _hints(target: Target) -> set[str]:
    """Birth years and document numbers: they break ties between equally close candidates."""
    found = {f"y:{d[:4]}" for d in target.properties.get("birthDate", [])}
    for prop in HINT_PROPS:
        found.update(f"n:{normalize_number(v)}" for v in target.properties.get(prop, []))
    return found


def _explain(match: Match) -> list[dict[str, Any]]:
    return [feature.to_dict() for feature in match.explanation]


def _auto_merge(
    conn: Connection,
    resolver: Resolver,
    scored: Sequence[Scored],
    sources: dict[str, set[str]],
    threshold: float | None,
    evidence: Evidence | None = None,
) -> set[tuple[str, str]]:
    """Merge the sure pairs, best first, in rounds. A pair held back as ambiguous is
    looked at again once its rivals are taken: a rival merged with another entry of the
    contested entity's own source can no longer be that entity (one list, one entry
    per party), so it stops competing."""
    if threshold is None:
        return set()
    merged: set[tuple[str, str]] = set()
    decisions = []
    sure = [s for s in scored if s.score >= threshold]
    pending = sure
    while pending:
        contested = [s for s in sure if not _taken(resolver, s, sources)]
        ambiguous = _ambiguous(contested, sources, evidence)
        waiting = []
        for s in pending:
            if not resolver.can_merge(s.left, s.right) or resolver.find(s.left) == resolver.find(
                s.right
            ):
                continue
            if _sources(resolver, s.left, sources) & _sources(resolver, s.right, sources):
                continue
            if (s.left, s.right) in ambiguous:
                waiting.append(s)
                continue
            resolver.add(s.left, s.right, Judgement.POSITIVE)
            merged.add((s.left, s.right))
            decisions.append(
                Decision(
                    s.left,
                    s.right,
                    Judgement.POSITIVE,
                    USER,
                    Origin.AUTO,
                    score=s.score,
                    reason=_reason(s.explanation),
                )
            )
        if not waiting or len(waiting) == len(pending):  # nothing changed: settled
            break
        pending = waiting
    record(conn, decisions, fresh=True)
    return merged


def _ambiguous(
    sure: Sequence[Scored], sources: dict[str, set[str]], evidence: Evidence | None = None
) -> set[tuple[str, str]]:
    """Pairs whose entity has another candidate of the same source scoring about as well:
    which one is meant is for an analyst to say, unless `evidence` beyond the names
    clearly prefers this pair's candidate over each rival."""
    candidates: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for s in sure:
        for mine, other in ((s.left, s.right), (s.right, s.left)):
            for source in sources.get(other, ()):
                candidates[(mine, source)].append((s.score, other))
    out = set()
    for s in sure:
        for mine, other in ((s.left, s.right), (s.right, s.left)):
            for source in sources.get(other, ()):
                if not _decided(mine, other, s.score, candidates[(mine, source)], evidence):
                    out.add((s.left, s.right))
    return out


def _decided(
    mine: str,
    other: str,
    score: float,
    candidates: Sequence[tuple[float, str]],
    evidence: Evidence | None,
) -> bool:
    """Whether `other` is clearly the one `mine` means among its candidates of one source."""
    rivals = [(sc, o) for sc, o in candidates if o != other and sc >= score - AMBIGUITY_MARGIN]
    if not rivals:
        return True
    if evidence is None or any(sc > score + AMBIGUITY_MARGIN for sc, _ in rivals):
        return False
    return all(evidence.prefers(mine, other, rival) for _, rival in rivals)


def _taken(resolver: Resolver, s: Scored, sources: dict[str, set[str]]) -> bool:
    """Whether one side of the pair is already merged with another entry of the other
    side's source (or the two are merged already)."""
    return bool(
        sources.get(s.left, set()) & _sources(resolver, s.right, sources)
        or sources.get(s.right, set()) & _sources(resolver, s.left, sources)
    )


def _sources(resolver: Resolver, entity_id: str, sources: dict[str, set[str]]) -> set[str]:
    found: set[str] = set()
    for member in resolver.connected(entity_id):
        found |= sources.get(member, set())
    return found


def _reason(explanation: Any) -> str:
    if isinstance(explanation, list):
        return "; ".join(str(x) for x in explanation)
    return str(explanation)


def _store_suggestions(conn: Connection, items: Sequence[Scored]) -> None:
    conn.execute(delete(suggestion))
    when = now()
    rows = [
        {
            "left_id": s.left,
            "right_id": s.right,
            "score": s.score,
            "explanation": s.explanation,
            "created_at": when,
        }
        for s in items
    ]
    for start in range(0, len(rows), 2000):
        conn.execute(suggestion.insert(), rows[start : start + 2000])
