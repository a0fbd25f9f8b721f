"""The UN Security Council Consolidated List: the XML parser and its field rules.

:mod:`.parser` reads the file; :mod:`.fields` holds the per-person field rules.
``FORMAT`` and ``parse`` are the parser's, for callers that only read the list.
"""

from interlist.sources.un_sc.parser import FORMAT, parse

__all__ = ["FORMAT", "parse"]
