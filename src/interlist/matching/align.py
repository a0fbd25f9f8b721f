"""Comparing two analysed names: token similarity, alignment, and the name score.

Name parts are aligned regardless of order: first parts whose folded forms are equal,
then the most similar remaining pairs (greedy, best first). The score is the weighted
quality of the aligned parts, reduced by the weight of parts left over; parts left over
on *both* sides (a different family name, a different patronymic) count much more than
parts only one name has (a middle name the other omits).
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from interlist.matching.names import NameAnalysis, Token

CROSS_CODE_SIM = 0.88  # different scripts, same consonant code
CROSS_BONUS = 0.15  # different scripts: transliteration noise is expected
MIN_SIM = 0.55  # below this two parts are not aligned at all
CLOSE = 0.8  # from here on a part similarity counts as it is; below, it falls steeply
CONFLICT_EXP = 1.5  # how hard parts left over on both sides weigh
EXTRA_PENALTY = 0.35  # how much parts only one side has reduce the score (at most)

_similarity = Levenshtein.normalized_similarity


class Pair:
    """Two aligned name parts (or one part aligned with two joined parts)."""

    __slots__ = ("left", "reason", "right", "sim", "weight")

    def __init__(self, left: str, right: str, sim: float, reason: str, weight: float) -> None:
        self.left, self.right, self.sim, self.reason, self.weight = left, right, sim, reason, weight

    def text(self) -> str:
        if self.left == "-" or self.right == "-":
            return f"{self.right if self.left == '-' else self.left} ({self.reason})"
        sign = "=" if self.sim >= 1.0 else "≈"
        return f"{self.left}{sign}{self.right} ({self.reason})"


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two name parts in [0, 1] and the reason, e.g. (0.9, "same name")."""
    if a.kind == "number" or b.kind == "number":
        return (1.0, "same number") if a.lat == b.lat else (0.0, "")
    if a.lat == b.lat:
        return 1.0, "same" if a.script == b.script else "translit"
    cross = a.script != b.script
    if a.fold == b.fold:
        return 0.95, "translit" if cross else "spelling"
    if a.groups and a.groups & b.groups:
        return 0.9, "same name"
    if a.kind == "initial" or b.kind == "initial":
        return (0.8, "initial") if a.lat[0] == b.lat[0] else (0.0, "")
    sim = _similarity(a.fold, b.fold)
    if cross and sim < CROSS_CODE_SIM:
        return _cross_script(a, b, sim)
    return sim, "translit" if cross else "similar"


def _cross_script(a: Token, b: Token, sim: float) -> tuple[float, str]:
    """Across scripts, spellings differ more: equal consonant codes (or, against an abjad,
    equal consonant skeletons) count as a transliteration."""
    if a.abjad != b.abjad and len(a.skel) > 1 and len(b.skel) > 1:
        skel_sim = 0.92 if a.skel == b.skel else 0.9 * _similarity(a.skel, b.skel)
        sim = max(sim, skel_sim)
    if len(a.code) > 1 and a.code == b.code:
        sim = max(sim, CROSS_CODE_SIM if len(a.code) > 2 else 0.8)
    elif sim >= MIN_SIM:
        sim = min(CROSS_CODE_SIM, sim + CROSS_BONUS)
    return sim, "translit"


def _effective(sim: float) -> float:
    """Close spellings count as they are; weaker resemblance falls steeply to nothing."""
    return sim if sim >= CLOSE else max(0.0, sim - (CLOSE - sim) * 1.5)


def _label(t: Token) -> str:
    return t.text if t.script == "latin" else f"{t.text}"


def align(a: NameAnalysis, b: NameAnalysis) -> tuple[list[Pair], list[Token], list[Token]]:
    """Aligned pairs, and the parts of each name left unaligned (weightless parts dropped)."""
    left = [t for t in a.tokens if t.weight > 0]
    right = [t for t in b.tokens if t.weight > 0]
    pairs: list[Pair] = []
    by_fold: dict[str, list[int]] = {}
    for j, t in enumerate(right):
        by_fold.setdefault(t.fold, []).append(j)
    used_r: set[int] = set()
    rest_l: list[Token] = []
    for t in left:
        js = by_fold.get(t.fold)
        j = next((j for j in js if j not in used_r), None) if js else None
        if j is None:
            rest_l.append(t)
            continue
        used_r.add(j)
        sim, why = token_similarity(t, right[j])
        pairs.append(Pair(_label(t), _label(right[j]), sim, why, max(t.weight, right[j].weight)))
    rest_r = [t for j, t in enumerate(right) if j not in used_r]
    if rest_l and rest_r:
        rest_l, rest_r = _fuzzy(rest_l, rest_r, pairs)
    return pairs, rest_l, rest_r


def _fuzzy(left: list[Token], right: list[Token], pairs: list[Pair]) -> tuple[list, list]:
    cands = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            sim, why = token_similarity(a, b)
            if sim >= MIN_SIM:
                cands.append((sim, i, j, why))
    if not cands:
        return left, right
    cands.sort(key=lambda c: -c[0])
    used_l: set[int] = set()
    used_r: set[int] = set()
    for sim, i, j, why in cands:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        a, b = left[i], right[j]
        weight = min(a.weight, b.weight) if "initial" in (a.kind, b.kind) else max(a.weight, b.weight)
        pairs.append(Pair(_label(a), _label(b), sim, why, weight))
    return ([t for i, t in enumerate(left) if i not in used_l],
            [t for j, t in enumerate(right) if j not in used_r])


def score_alignment(pairs: list[Pair], rest_l: list[Token], rest_r: list[Token]) -> float:
    """The name score from an alignment (see the module docstring)."""
    matched = sum(p.weight for p in pairs)
    if matched <= 0:
        return 0.0
    quality = sum(p.weight * _effective(p.sim) for p in pairs) / matched
    extra_l = sum(t.weight for t in rest_l)
    extra_r = sum(t.weight for t in rest_r)
    if extra_l > 0.25 and extra_r > 0.25:
        return quality * (matched / (matched + extra_l + extra_r)) ** CONFLICT_EXP
    extra = extra_l + extra_r
    return quality * (1.0 - EXTRA_PENALTY * extra / (matched + extra))


def joined_similarity(a: NameAnalysis, b: NameAnalysis) -> float:
    """Similarity of the names written without spaces ("RamiMakhlouf", "Plat Ono Vich")."""
    if not a.joined or not b.joined or len(a.joined) < 6:
        return 0.0
    return _similarity(a.joined, b.joined)


def compare_names(a: NameAnalysis, b: NameAnalysis) -> tuple[float, list[Pair]]:
    """Score two names; the pairs explain the alignment."""
    pairs, rest_l, rest_r = align(a, b)
    score = score_alignment(pairs, rest_l, rest_r)
    if score < 0.95:
        joined = joined_similarity(a, b)
        if joined >= 0.9 and joined > score:
            return joined, [Pair(a.text, b.text, joined, "joined words", 1.0)]
    for t in rest_l:
        pairs.append(Pair(_label(t), "-", 0.0, "only in query", t.weight))
    for t in rest_r:
        pairs.append(Pair("-", _label(t), 0.0, "only in candidate", t.weight))
    return score, pairs
