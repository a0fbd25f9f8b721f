"""Who may do what: agencies, users, roles, passwords, API tokens, sessions, the audit trail.

Member-state agencies own users; each user has one role (resources/roles.yml).
Data a member state submits can be restricted to named agencies
(:mod:`interlist.access.restrict`); every search, screening, profile view,
judgement, login and change is appended to a hash-chained audit log
(:mod:`interlist.access.audit`).
"""

from interlist.access.roles import ROLES, permissions_of
from interlist.access.users import User, ensure_first_admin

__all__ = ["ROLES", "User", "ensure_first_admin", "permissions_of"]
