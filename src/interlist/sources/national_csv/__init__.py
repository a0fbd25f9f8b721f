"""interlist's national list CSV, submitted by member states without their own feed.

:mod:`.parser` reads and checks the file; :mod:`.fields` holds the value rules
(dates, countries, documents, topics...). ``FORMAT`` and ``parse`` are the
parser's, for callers that only read the list.
"""

from interlist.sources.national_csv.parser import FORMAT, parse

__all__ = ["FORMAT", "parse"]
