"""Blocking: which pairs of entities are worth scoring at all.

Each entity has index keys from the matcher (any pair that could score above
the match threshold shares one). A key held by many entities says little, so
each key weighs ``1 / log2(1 + block size)``; keys held by more than
``max_block`` entities are not used, and of the others each entity uses its
``max_keys`` rarest. Two entities' affinity is the weight of the keys they
share, divided by the smaller of their own total weights (1.0: one's keys are
all the other's). Each entity keeps its ``per_entity`` closest candidates
with an affinity of at least ``min_affinity``. The number of pairs scored thus
grows linearly with the databank, not with its square.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

DEFAULT_MAX_BLOCK = 200
DEFAULT_MAX_KEYS = 8
DEFAULT_PER_ENTITY = 4  # 3 let a fourth namesake displace the right one (docs/resolution.md)
DEFAULT_MIN_AFFINITY = 0.2
TIE_FACTOR = 8  # how many of the closest candidates hints may reorder


@dataclass(frozen=True)
class Blocking:
    """How candidate pairs are chosen."""

    max_block: int = DEFAULT_MAX_BLOCK
    max_keys: int = DEFAULT_MAX_KEYS
    per_entity: int = DEFAULT_PER_ENTITY
    min_affinity: float = DEFAULT_MIN_AFFINITY


@dataclass(frozen=True)
class BlockingStats:
    keys: int
    used_keys: int
    skipped_keys: int
    pairs: int


def build_blocks(keysets: Sequence[set[str]]) -> dict[str, list[int]]:
    """key -> indexes of the entities holding it."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keysets):
        for key in keys:
            blocks[key].append(index)
    return blocks


def _chosen_keys(
    keysets: Sequence[set[str]], blocks: dict[str, list[int]], config: Blocking
) -> list[list[tuple[str, float]]]:
    """Per entity: its rarest usable keys with their weights."""
    out = []
    for keys in keysets:
        usable = [(k, len(blocks[k])) for k in keys if 1 < len(blocks[k]) <= config.max_block]
        usable.sort(key=_rarest_first)  # ties by key: the same choice in every process
        out.append([(k, 1.0 / math.log2(1 + n)) for k, n in usable[: config.max_keys]])
    return out


def _rarest_first(item: tuple[str, int]) -> tuple[int, str]:
    key, size = item
    return size, key


def candidate_pairs(
    keysets: Sequence[set[str]],
    config: Blocking | None = None,
    hints: Sequence[set[str]] | None = None,
) -> tuple[set[tuple[int, int]], BlockingStats]:
    """Pairs of indexes (i < j) to score, and what the blocking did.

    `hints` (birth years, document numbers...) break ties between candidates
    of equal affinity, e.g. several people of one common name.
    """
    config = config or Blocking()
    blocks = build_blocks(keysets)
    chosen = _chosen_keys(keysets, blocks, config)
    own = [sum(w for _, w in keys) for keys in chosen]
    pairs: set[tuple[int, int]] = set()
    for i, keys in enumerate(chosen):
        shared: dict[int, float] = defaultdict(float)
        for key, weight in keys:
            for j in blocks[key]:
                if j != i:
                    shared[j] += weight
        close = [(j, w / min(own[i], own[j] or own[i])) for j, w in shared.items()]
        kept = [c for c in close if c[1] >= config.min_affinity]
        best = _best(i, kept, config.per_entity, hints)
        pairs.update((i, j) if i < j else (j, i) for j in best)
    used = sum(1 for members in blocks.values() if 1 < len(members) <= config.max_block)
    skipped = sum(1 for members in blocks.values() if len(members) > config.max_block)
    return pairs, BlockingStats(len(blocks), used, skipped, len(pairs))


def _best(
    i: int, kept: list[tuple[int, float]], n: int, hints: Sequence[set[str]] | None
) -> list[int]:
    """The n closest candidates; among the closest few, those sharing a hint come first."""
    if hints is None or len(kept) <= n:
        return [j for j, _ in heapq.nlargest(n, kept, key=itemgetter(1))]
    short = heapq.nlargest(n * TIE_FACTOR, kept, key=itemgetter(1))
    mine = hints[i]
    ranked = sorted(short, key=lambda c: (bool(mine & hints[c[0]]), c[1]), reverse=True)
    return [j for j, _ in ranked[:n]]
