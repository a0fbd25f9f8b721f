"""The member states and what they do together: recognition of each other's
designations and what is in force where.

Nothing here knows HTTP or HTML: the API, the web pages and the CLI call these
functions with an :class:`interlist.lifecycle.Actor` for the person acting.
"""

from interlist.cooperation.collections import Collection, collection
from interlist.cooperation.states import MemberState, actor_for, add_state, states

__all__ = ["Collection", "MemberState", "actor_for", "add_state", "collection", "states"]
