"""The keys the candidate index is built on, per name, from the matcher's own keys.

``interlist.matching.index_keys`` gives an entity's blocking keys (name tokens,
transliterated and phonetic forms, consonant skeletons, identifiers) with the
guarantee that a candidate scoring at or above the default threshold shares one
with the query. The index adds one-deletion variants of each folded name part
("d:" keys, as in SymSpell) so that a misspelt part still shares a rare key with
its correct spelling, and keeps keys per *name* (a "document"): the matcher
scores the best pair of names, so a profile is ranked by its best-covered name,
not by the sum over its many aliases.
"""

from __future__ import annotations

from typing import Any

from interlist.matching import index_keys
from interlist.matching.keys import name_keys

# Name parts at least this long also get one-deletion keys.
MIN_DELETION_LENGTH = 4


def deletions(part: str) -> set[str]:
    """The "d:" keys of a folded name part: itself and its one-deletion variants."""
    return {"d:" + part} | {"d:" + part[:i] + part[i + 1 :] for i in range(len(part))}


def with_deletions(keys: set[str]) -> set[str]:
    """The keys plus the "d:" keys of each long folded part ("f:" key): "laxen" and
    "laden" share "d:laen"."""
    out = set(keys)
    for key in keys:
        if key.startswith("f:") and len(key) - 2 >= MIN_DELETION_LENGTH:
            out |= deletions(key[2:])
    return out


def part_groups(keys: set[str]) -> list[set[str]]:
    """Per folded name part of a query, the keys that match it exactly or with one
    typo (its "d:" keys, or its "f:" key when it is short)."""
    groups = []
    for key in keys:
        if key.startswith("f:"):
            part = key[2:]
            groups.append(deletions(part) if len(part) >= MIN_DELETION_LENGTH else {key})
    return groups


def search_keys(analysis: Any) -> set[str]:
    """All keys of an analysed query."""
    return with_deletions(index_keys(analysis))


def name_documents(analysis: Any) -> list[frozenset[str]]:
    """The key sets a profile is indexed under: one per distinct analysed name, and one
    for its other keys (identifiers); together exactly ``search_keys(analysis)``."""
    docs: list[frozenset[str]] = []
    covered: set[str] = set()
    for names in analysis.names.values():  # per comparison style (person, organisation...)
        for name in names:
            keys = frozenset(with_deletions(name_keys(name)))
            if keys and keys not in docs:
                docs.append(keys)
            covered |= keys
    rest = search_keys(analysis) - covered
    if rest:
        docs.append(frozenset(rest))
    return docs
