"""Entity resolution: one profile per real person across lists, with analysts' judgements.

Judgements are rows (:mod:`.judgements`), clusters and their stable canonical
ids are derived from them (:mod:`.clusters`), xref suggests and auto-merges
pairs (:mod:`.xref`), explicit cross-references link without scoring
(:mod:`.crossref`), and :func:`iter_profiles` gives the merged entities that
screening and export use.
"""

from interlist.resolution.clusters import recluster, resolve
from interlist.resolution.judgements import Judgement, Origin
from interlist.resolution.profiles import iter_profiles, profile

__all__ = ["Judgement", "Origin", "iter_profiles", "profile", "recluster", "resolve"]
