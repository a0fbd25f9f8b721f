"""The keys the candidate index is built on, per name, from the matcher's own keys.

``interlist.matching.index_keys`` gives an entity's blocking keys (name tokens,
transliterated and phonetic forms, consonant skeletons, identifiers) with the
guarantee that a candidate scoring at or above the default threshold shares one
with the query. The index adds one-deletion variants of each folded name part
("d:" keys, as in SymSpell) so that a misspelt part still shares a rare key with
its correct spelling, and the consonant skeleton of parts written apart, joined
("Nurullah" for "نور الله"), so that a name spelt as one word elsewhere ranks high.
It keeps keys per *name* (a "document"): the matcher
scores the best pair of names, so a profile is ranked by its best-covered name,
not by the sum over its many aliases.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from interlist.matching import (
    CODE_KEY,
    DELETION_KEY,
    FOLDED_KEY,
    GROUP_KEY,
    ID_KEY,
    PARTICLE,
    SKELETON_KEY,
    Analyzed,
    NameAnalysis,
    Token,
    joined_spans,
    name_keys,
    skeletons,
    token_keys,
    whole_name_keys,
)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

# Name parts at least this long also get one-deletion keys.
MIN_DELETION_LENGTH = 4
# Phonetic-code and skeleton keys ("c:", "s:") this long (prefix included) are rare
# enough to say that a name has a part of the query.
LONG_CODE = 6
# Consonant skeletons of parts written apart, joined, from this length on are keys.
MIN_JOINED_SKELETON = 3


def deletions(part: str) -> set[str]:
    """The "d:" keys of a folded name part: itself and its one-deletion variants."""
    keys = {DELETION_KEY + part[:i] + part[i + 1 :] for i in range(len(part))}
    return {DELETION_KEY + part} | keys


def with_deletions(keys: set[str]) -> set[str]:
    """The keys plus the "d:" keys of each folded part ("f:" key): of a long part, itself
    and its one-deletion variants ("laxen" and "laden" share "d:laen"); of a short one,
    itself only, which meets a part one letter longer ("mar" and "omar" share "d:mar")."""
    out = set(keys)
    for key in keys:
        if key.startswith(FOLDED_KEY):
            part = key[len(FOLDED_KEY) :]
            if len(part) >= MIN_DELETION_LENGTH:
                out |= deletions(part)
            elif len(part) > 1:
                out.add(DELETION_KEY + part)
    return out


def written_apart(name: NameAnalysis) -> list[tuple[tuple[Token, ...], set[str]]]:
    """For each span of parts the matcher may read as one word written apart ("نور
    الله", "Abdul Rahman", "Shams al-Din"), the consonant-skeleton key of that word: the
    name spelt as one word elsewhere ("Nurullah", "عبدالرحمان", "Shamsuddin") has it."""
    found = []
    for span, words in joined_spans(name):
        keys = {
            SKELETON_KEY + s for w in words for s in skeletons(w) if len(s) >= MIN_JOINED_SKELETON
        }
        if keys:
            found.append((span, keys))
    return found


def joined_keys(name: NameAnalysis) -> set[str]:
    """The keys of a name's parts written apart, joined (:func:`written_apart`)."""
    return {key for _, keys in written_apart(name) for key in keys}


def part_groups(analysis: Analyzed) -> list[frozenset[str]]:
    """Per distinct name part of a query, the keys that find it spelt alike: its folded
    form, its "d:" keys (:func:`with_deletions`) and, for long parts, its long phonetic codes and
    consonant skeletons, one letter left out or not ("deraksshandeh" and "derakhshandeh"
    are two letters apart, but share the skeleton key "drsnd"). The ranking uses them
    to count the parts of the query a name has."""
    return [part_keys(token) | joined for token, joined in query_parts(analysis).groups]


def search_keys(analysis: Analyzed) -> set[str]:
    """All keys of an analysed query: its blocking keys
    (:func:`~interlist.matching.index_keys`) with the "d:" keys of its parts, and the
    keys of its parts written apart."""
    parts = query_parts(analysis)
    keys: set[str] = set()
    for token in parts.tokens:
        keys |= part_search_keys(token)
    return keys.union(*parts.keys)


class QueryParts:
    """A query's name parts and keys as they come, for what is looked up once per part
    (:meth:`~interlist.screening.index.ScreeningIndex.query_slots`): ``tokens``, every
    name part (its keys: :func:`part_search_keys`, the same for every query with the
    part); ``keys``, each name's keys as a whole and the identifiers' keys; ``groups``,
    the :func:`part_groups` in two halves: the part whose :func:`part_keys` they are,
    and the keys of the words it is half of, written apart."""

    __slots__ = ("groups", "keys", "tokens")

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.keys: list[set[str]] = []
        self.groups: list[tuple[Token, frozenset[str]]] = []


def query_parts(analysis: Analyzed) -> QueryParts:
    """The keys of an analysed query, part by part (see :class:`QueryParts`)."""
    parts = QueryParts()
    spelt: dict[str, Token] = {}  # a folded form -> the first part of it with spelling keys
    joined: dict[str, frozenset[str]] = {}
    for names in analysis.names.values():
        for name in names:
            parts.tokens += name.tokens
            for token in name.content:
                if token.fold not in spelt and part_keys(token):
                    spelt[token.fold] = token
            whole = whole_name_keys(name)
            for span, keys in written_apart(name):  # a part found as half of one word
                whole |= keys
                for token in span:
                    if token.fold in spelt and token.kind != PARTICLE:
                        joined[token.fold] = joined.get(token.fold, frozenset()) | keys
            parts.keys.append(whole)
    parts.keys.append({ID_KEY + v for values in analysis.ids.values() for v in values})
    parts.groups = [(token, joined.get(fold, frozenset())) for fold, token in spelt.items()]
    return parts


# The keys of a name part depend only on the part's key (Token.key_id): each part's
# keys are made once per process, not once per query.
_SEARCH_KEYS: dict[int, frozenset[str]] = {}
_PART_KEYS: dict[int, frozenset[str]] = {}
_REMEMBERED = 200_000


def remembered(memo: dict[K, T], key: K, make: Callable[[], T], size: int = _REMEMBERED) -> T:
    """``memo[key]``, made by `make` the first time; the memo is emptied when it holds
    `size` entries."""
    found = memo.get(key)
    if found is None:
        if len(memo) >= size:
            memo.clear()
        found = memo[key] = make()
    return found


def part_search_keys(token: Token) -> frozenset[str]:
    """A part's keys, with the "d:" keys of its folded forms (made once per part)."""
    return remembered(
        _SEARCH_KEYS, token.key_id, lambda: frozenset(with_deletions(token_keys(token)))
    )


def part_keys(token: Token) -> frozenset[str]:
    """The keys that find a part spelt alike (see :func:`part_groups`; made once per
    part)."""
    return remembered(_PART_KEYS, token.key_id, lambda: _spelling_keys(token))


def _spelling_keys(token: Token) -> frozenset[str]:
    keys = token_keys(token)
    spelt = with_deletions({k for k in keys if k[:2] in (FOLDED_KEY, GROUP_KEY)})
    if token.abjad:  # written without short vowels: its consonants spell it
        spelt.update(k for k in keys if k[:2] == SKELETON_KEY)
    if len(token.fold) >= MIN_DELETION_LENGTH:
        spelt.update(k for k in keys if k[:2] in (CODE_KEY, SKELETON_KEY) and len(k) >= LONG_CODE)
    return frozenset(spelt)


def name_documents(analysis: Analyzed) -> list[frozenset[str]]:
    """The key sets a profile is indexed under: one per distinct analysed name, and one
    for its other keys (identifiers); together exactly ``search_keys(analysis)``."""
    docs: list[frozenset[str]] = []
    covered: set[str] = set()
    for names in analysis.names.values():  # per comparison style (person, organisation...)
        for name in names:
            keys = frozenset(with_deletions(name_keys(name)) | joined_keys(name))
            if keys and keys not in docs:
                docs.append(keys)
            covered |= keys
    rest = search_keys(analysis) - covered
    if rest:
        docs.append(frozenset(rest))
    return docs


def spelling_groups(keys: set[str]) -> list[set[str]]:
    """Per folded name part among a query's keys, the keys that match it exactly or with
    one typo (its "f:" and "d:" keys): the part groups of a query known only by its keys."""
    return [with_deletions({key}) for key in keys if key.startswith(FOLDED_KEY)]
