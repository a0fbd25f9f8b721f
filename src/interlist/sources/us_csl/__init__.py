"""The US Consolidated Screening List (trade.gov CSV).

:mod:`.parser` reads the rows; :mod:`.ids` turns the ids column into identifiers
and documents. ``FORMAT`` and ``parse`` are the parser's, for callers that only
read the list.
"""

from interlist.sources.us_csl.parser import FORMAT, parse

__all__ = ["FORMAT", "parse"]
