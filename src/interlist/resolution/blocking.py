"""Blocking: which pairs of entities are worth scoring at all.

Each entity has index keys from the matcher (any pair that could score above
the match threshold shares one). A key held by many entities says little, so
each key weighs ``1 / log2(1 + block size)``, keys held by more than
``max_block`` entities are not used, and each entity keeps only its
``per_entity`` best-weighted candidates. The number of pairs scored thus grows
linearly with the databank, not with its square.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

DEFAULT_MAX_BLOCK = 2000
DEFAULT_PER_ENTITY = 30


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


def candidate_pairs(
    keysets: Sequence[set[str]],
    max_block: int = DEFAULT_MAX_BLOCK,
    per_entity: int = DEFAULT_PER_ENTITY,
) -> tuple[set[tuple[int, int]], BlockingStats]:
    """Pairs of indexes (i < j) to score, and what the blocking did."""
    blocks = build_blocks(keysets)
    weight = {
        key: 1.0 / math.log2(1 + len(members))
        for key, members in blocks.items()
        if 1 < len(members) <= max_block
    }
    pairs: set[tuple[int, int]] = set()
    for i, keys in enumerate(keysets):
        scores: dict[int, float] = defaultdict(float)
        for key in keys:
            w = weight.get(key)
            if w is None:
                continue
            for j in blocks[key]:
                if j != i:
                    scores[j] += w
        best = heapq.nlargest(per_entity, scores.items(), key=itemgetter(1))
        pairs.update((i, j) if i < j else (j, i) for j, _ in best)
    skipped = sum(1 for members in blocks.values() if len(members) > max_block)
    return pairs, BlockingStats(len(blocks), len(weight), skipped, len(pairs))
