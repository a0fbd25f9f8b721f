"""Roles and their permissions, read once from resources/roles.yml."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import ConfigError, PermissionDeniedError

PERMISSIONS = ("web", "api", "search", "screen", "judge", "admin", "statistics", "recognise",
               "operations", "freeze", "notices", "review_notices", "monitor",
               "decide_alerts")  # fmt: skip


@cache
def _roles() -> dict[str, dict[str, Any]]:
    text = resources.files("interlist").joinpath("resources/roles.yml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    for role, spec in data.items():
        unknown = set(spec["permissions"]) - set(PERMISSIONS)
        if unknown:
            raise ConfigError(f"roles.yml: role {role} has unknown permissions {sorted(unknown)}")
    return data


ROLES: tuple[str, ...] = ("admin", "analyst", "viewer", "api-client")


def check_role(role: str) -> str:
    """The role if it is known, else a ConfigError naming the known ones."""
    if role not in _roles():
        raise ConfigError(f"--role: unknown role {role!r} (known: {', '.join(_roles())})")
    return role


def permissions_of(role: str) -> frozenset[str]:
    """What a role may do (empty for an unknown role)."""
    spec = _roles().get(role)
    return frozenset(spec["permissions"]) if spec else frozenset()


def require(role: str, permission: str) -> None:
    """Raise PermissionDeniedError unless `role` has `permission`."""
    if permission not in permissions_of(role):
        raise PermissionDeniedError(f"the role {role} may not {permission}")
