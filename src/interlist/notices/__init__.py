"""Inter-state wanted notices: issue, review, publish, screen, report hits, sweep.

:mod:`.records` keeps the notices and their lifecycle (``resources/lifecycles/
notice.yml``), :mod:`.source` the ``notices`` source screening reads, :mod:`.hits`
the hit reports screening opens (``hit_report.yml``) and :mod:`.sweep` the sweeps of
prison, border and residence files against the published notices. Nothing here
knows HTTP or HTML: the API, the web pages and the CLI call these functions with an
:class:`interlist.lifecycle.Actor`.
"""

from interlist.notices.records import Draft, draft, expire_due, flag, get, move, search

__all__ = ["Draft", "draft", "expire_due", "flag", "get", "move", "search"]
