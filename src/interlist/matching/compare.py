"""compare(): the match score of a query and a candidate, with its explanation.

The score starts from the best name comparison (over all name pairs, weak aliases
discounted). Other evidence then moves it: an equal identifier number or birth date
pulls it towards 1, a disagreeing birth date, gender, country or same-kind number
pushes it down. A score can reach the threshold only if the two entities share a
blocking key (:func:`interlist.matching.keys.shares_key`), the guarantee the candidate
index relies on.
"""

from __future__ import annotations

from typing import Any, Final

from interlist.matching import features
from interlist.matching.align import compare_names, may_score
from interlist.matching.entity import analyze, can_match
from interlist.matching.features import CHECK_BY_NAME, WEAK_SUPPORT_FLOOR
from interlist.matching.keys import shares_key, tokens_share_key
from interlist.matching.model import DEFAULT_THRESHOLD, Analyzed, Feature, Match
from interlist.matching.names import NameAnalysis, Token
from interlist.matching.thin import THIN_CAP, same_as_listed, thin_alignment, too_little
from interlist.matching.vocabulary import (
    LEGAL_ENTITY,
    NAME_FEATURE,
    NO_SHARED_KEY,
    ORG,
    PERSON,
    PERSON_SCHEMATA,
    SCHEMA,
    THIN_NAME,
    TOO_LITTLE,
    VESSEL,
    WRITTEN_APART,
)

WEAK_ALIAS_FACTOR: Final = 0.8
# What a partial agreement (a birth year, a swapped day) pulls, of the way to 1.
_PARTIAL_DATE: Final = 0.2


def _styles(q: Analyzed, c: Analyzed) -> tuple[str, ...]:
    if (
        PERSON in q.names
        and PERSON in c.names
        and (q.schema in PERSON_SCHEMATA or c.schema in PERSON_SCHEMATA)
    ):
        return (PERSON,)
    if ORG in q.names and ORG in c.names and (q.schema != LEGAL_ENTITY or c.schema != LEGAL_ENTITY):
        return (ORG,)
    if VESSEL in q.names and VESSEL in c.names:
        return (VESSEL,)
    return tuple(s for s in q.names if s in c.names)


def best_names(q: Analyzed, c: Analyzed, memo: dict | None = None) -> tuple[float, tuple | None]:
    """The best name comparison over every name of each side: (score, (q, c, pairs)).

    `memo` (one dict per query, optional) keeps each query name's comparison with a
    candidate name text, so that a name several candidates share is compared once."""
    best, found, first = _best_names(q, c, memo)
    return best, _resolved(found, first)


Pending = tuple[NameAnalysis, NameAnalysis] | None  # a first pair of names not compared


def _best_names(q: Analyzed, c: Analyzed, memo: dict | None) -> tuple[float, tuple | None, Pending]:
    """best_names(), but a first pair of names not compared (align.may_score), found
    because it scores 0 and no other scores more, given as that pair (`found` None):
    compared only if its explanation is read (:func:`_resolved`)."""
    best = -1.0
    found = None
    first: Pending = None
    for style in _styles(q, c):
        for qn in q.names[style]:
            for cn in c.names[style]:
                compared = _compare_names(qn, cn, memo)
                if compared is None:  # it scores 0, and is found unless one scores more
                    if best < 0.0:
                        best, first = 0.0, (qn, cn)
                    continue
                raw, pairs = compared
                score, thin = pair_score(raw, pairs, qn, cn, style)
                if score > best:
                    best, found, first = score, (qn, cn, pairs, thin, raw), None
    return max(best, 0.0), found, first


def pair_score(
    raw: float, pairs: list, qn: NameAnalysis, cn: NameAnalysis, style: str
) -> tuple[float, str]:
    """A pair of names' score as the entity comparison weighs it (`raw`: compare_names'),
    with why it was capped for a thin alignment ("" if it was not): a persons' names
    aligned on too little are capped at THIN_CAP, a weak alias counts less."""
    score, thin = raw, ""
    if score > THIN_CAP and style == PERSON:
        thin = thin_alignment(pairs, qn, cn)
        if thin:
            score = THIN_CAP
    if qn.weak or cn.weak:
        score *= WEAK_ALIAS_FACTOR
    return score, thin


def _resolved(found: tuple | None, first: Pending) -> tuple | None:
    """The found pair of names: a first pair not compared (scoring 0) compared now."""
    if first is None:
        return found
    qn, cn = first
    score, pairs = compare_names(qn, cn)
    return (qn, cn, pairs, "", score)


_UNSEEN: Final = ()


def _compare_names(qn: NameAnalysis, cn: NameAnalysis, memo: dict | None) -> tuple | None:
    """compare_names, or None when the names surely score 0 (align.may_score); through
    the memo when there is one (a name's analysis depends only on its text and style,
    and the score not on the weak flag)."""
    if memo is None:
        return compare_names(qn, cn) if may_score(qn, cn) else None
    key = (id(qn), cn.style, cn.text)
    result = memo.get(key, _UNSEEN)
    if result is _UNSEEN:
        result = memo[key] = compare_names(qn, cn) if may_score(qn, cn) else None
    return result


def _aligned_exactly(found: tuple | None) -> bool:
    """Whether two aligned parts of the best names share a key: then the entities do,
    and their full key sets need not be computed."""
    if found is None:
        return False
    for pair in found[2]:
        left, right = pair.left, pair.right
        if pair.reason == WRITTEN_APART:  # a joined part is no indexed part: no key
            continue
        if isinstance(left, Token) and isinstance(right, Token) and tokens_share_key(left, right):
            return True
    return False


def name_feature(score: float, found: tuple | None) -> Feature:
    """The explanation of the name comparison."""
    if found is None:
        return Feature(NAME_FEATURE, 0.0, 0.0, "no names to compare")
    qn, cn, pairs = found[0], found[1], found[2]
    prefix = "weak alias: " if qn.weak or cn.weak else ""
    details = ", ".join(p.text() for p in pairs)
    return Feature(NAME_FEATURE, score, score, f"{prefix}{qn.text} / {cn.text}: {details}")


def _apply(score: float, check: str, agreement: float) -> tuple[float, float]:
    """The score after one check's effect (`agreement`: the check's score), and the
    effect: never lower for a higher score."""
    declared = CHECK_BY_NAME[check]
    if agreement >= 1.0:
        if score < declared.lifts_from:
            return score, 0.0  # the check's agreement is too common to lift this score
        new = score + (1.0 - score) * declared.pull
    elif agreement > 0.5:
        if score < WEAK_SUPPORT_FLOOR:
            return score, 0.0  # a birth year is shared by too many to lift this
        new = score + (1.0 - score) * _PARTIAL_DATE  # a birth year, a swapped day
    elif agreement > 0.0:
        new = score
    else:
        new = score - declared.push
    new = min(1.0, max(0.0, new))
    return new, new - score


def compare(
    query: Any,
    candidate: Any,
    threshold: float = DEFAULT_THRESHOLD,
    memo: dict | None = None,
    floor: float = 0.0,
) -> Match:
    """Compare two entities (mappings, FtM entities or analysed objects); `memo`: see
    :func:`best_names` (pass the same dict only with the same analysed query).

    `floor`: the lowest score the caller keeps. When the evidence besides the names keeps
    even equal names below it (a different birth date), the names are not compared: the
    score returned is then the one equal names would have. A score below the floor is
    explained only when the explanation is read: the caller drops it either way."""
    q, c = _analyzed(query), _analyzed(candidate)
    if not can_match(q.schema, c.schema):
        detail = f"{q.schema} cannot match {c.schema}"
        return Match(0.0, threshold, [Feature(SCHEMA, 0.0, 0.0, detail)])
    if floor <= 0.0:
        return _weighed(q, c, *best_names(q, c, memo), threshold)
    checks, ceiling = _evidence(q, c)
    if ceiling < floor:
        return Match(ceiling, threshold, lambda: _unreachable(q, c))
    return _compared_above(q, c, threshold, memo, floor, checks)


def _evidence(q: Analyzed, c: Analyzed) -> tuple[list[tuple[str, float]], float]:
    """The scores of the checks besides the names, and the score they let equal names
    reach (1.0 without checks)."""
    checks = features.checks(q, c)
    return checks, (_lifted(1.0, checks) if checks else 1.0)


def _compared_above(
    q: Analyzed,
    c: Analyzed,
    threshold: float,
    memo: dict | None,
    floor: float,
    checks: list[tuple[str, float]],
) -> Match:
    """compare() for a caller that keeps only scores from `floor` on, when the other
    evidence (`checks`) lets equal names reach it."""
    name_score, found, first = _best_names(q, c, memo)
    score = _lifted(name_score, checks)
    if score < floor and score < threshold:  # explained only if read: see compare()
        return Match(
            score,
            threshold,
            lambda: _weighed(q, c, name_score, _resolved(found, first), threshold).explanation,
        )
    return _weighed(q, c, name_score, _resolved(found, first), threshold)


def matches_above(
    query: Analyzed,
    candidates: list[Analyzed],
    floor: float,
    threshold: float = DEFAULT_THRESHOLD,
    memo: dict | None = None,
) -> list[tuple[int, Match]]:
    """compare() of an analysed query with each analysed candidate, for a caller that
    keeps only scores from `floor` on (screening): (the candidate's number in the
    list, its match) for those, in order. ``floor`` must be above 0: with a floor of 0,
    every candidate is kept, and compare() says why each scores what it does."""
    if floor <= 0.0:
        raise ValueError("matches_above needs a floor above 0")
    found = []
    for number, candidate in enumerate(candidates):
        if not can_match(query.schema, candidate.schema):
            continue
        checks, ceiling = _evidence(query, candidate)
        if ceiling < floor:
            continue
        match = _compared_above(query, candidate, threshold, memo, floor, checks)
        if match.score >= floor:
            found.append((number, match))
    return found


def _analyzed(entity: Any) -> Analyzed:
    """analyze(), without a call for what is analysed already (screening's case)."""
    return entity if isinstance(entity, Analyzed) else analyze(entity)


def _lifted(name_score: float, checks: list[tuple[str, float]]) -> float:
    """The score the other evidence makes of a name score: never lower for a higher one."""
    score = name_score
    for check, agreement in checks:
        score = _apply(score, check, agreement)[0]
    return score


def _weighed(
    q: Analyzed, c: Analyzed, name_score: float, found: tuple | None, threshold: float
) -> Match:
    """The match: the name score, moved by the other evidence, capped without a shared
    key, each step explained."""
    score, extra = _effects(name_score, features.explained(q, c))
    if found is not None and found[3]:
        detail = f"name score {found[4]:.2f} capped at {THIN_CAP}: {found[3]}"
        extra.insert(0, Feature(THIN_NAME, THIN_CAP - found[4], 0.0, detail))
    if score >= threshold:
        little = _too_little(q)
        if little and found is not None and same_as_listed(little, found[2]):
            detail = f"the query holds too little to identify anyone ({little}); kept: listed so"
            extra.append(Feature(TOO_LITTLE, 0.0, 1.0, detail))
        elif little:
            capped = threshold - 0.01
            detail = f"the query holds too little to identify anyone: {little}"
            extra.append(Feature(TOO_LITTLE, capped - score, 0.0, detail))
            score = capped
    if score >= threshold and not _aligned_exactly(found) and not shares_key(q, c):
        capped = min(score, threshold - 0.01)
        extra.append(
            Feature(
                NO_SHARED_KEY,
                capped - score,
                0.0,
                "no name part or number agrees in any folded or phonetic form",
            )
        )
        score = capped
    return Match(score, threshold, lambda: [name_feature(name_score, found), *extra])


def _too_little(q: Analyzed) -> str:
    """Why the query's names hold too little to identify anyone ("" if any does not)."""
    reasons = [too_little(name) for names in q.names.values() for name in names]
    if not reasons or not all(reasons):
        return ""
    return reasons[0]


def _effects(name_score: float, evidence: list[Feature]) -> tuple[float, list[Feature]]:
    """The score the evidence makes of a name score, and each feature with its effect."""
    score = name_score
    extra: list[Feature] = []
    for feature in evidence:
        score, effect = _apply(score, feature.name, feature.score)
        extra.append(Feature(feature.name, effect, feature.score, feature.detail))
    return score, extra


def _unreachable(q: Analyzed, c: Analyzed) -> list[Feature]:
    """The explanation of a comparison the other evidence stopped below the caller's
    floor: the effects it has on equal names."""
    extra = _effects(1.0, features.explained(q, c))[1]
    detail = "not compared: the other evidence keeps even equal names below the floor"
    return [Feature(NAME_FEATURE, 1.0, 1.0, detail), *extra]


def format_explanation(match: Match) -> str:
    """A short human-readable account of a match, one feature per line."""
    verdict = "MATCH" if match.is_match else "no match"
    lines = [f"score {match.score:.3f} (threshold {match.threshold:.2f}): {verdict}"]
    for f in match.explanation:
        lines.append(f"  {f.name:<14} {f.weight:+.3f}  {f.detail}")
    return "\n".join(lines)
