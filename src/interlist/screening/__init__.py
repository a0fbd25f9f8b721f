"""Screening at scale: the candidate index, batch screening and its engines.

``screen_file`` is what ``interlist screen`` calls; the HTTP API uses
:func:`interlist.screening.screen.screen` on an index held by an
:class:`~interlist.screening.storage.IndexHolder`.
"""

from interlist.screening.run import open_index, prepare_index, screen_file

__all__ = ["open_index", "prepare_index", "screen_file"]
