"""The UK OFSI Consolidated List (ConList), as CSV or XLSX.

:mod:`.parser` reads the table and groups its rows into parties; :mod:`.rows`
turns one row's cells into names and facts.
``FORMAT`` and ``parse`` are the parser's, for callers that only read the list.
"""

from interlist.sources.gb_ofsi.parser import FORMAT, parse

__all__ = ["FORMAT", "parse"]
