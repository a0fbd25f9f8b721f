"""One settings object, read from the environment once and passed in.

Nothing reads the environment at import time; ``Settings.from_env()`` is called
by the CLI and the server factory, and tests build ``Settings`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_HOME = Path("var")
DEFAULT_DB_NAME = "interlist.sqlite"


def default_lists_dir() -> Path:
    """The shared data folder beside the checkout, or INTERLIST_LISTS."""
    return Path(os.environ.get("INTERLIST_LISTS", "../shared/data/lists"))


@dataclass(frozen=True)
class Settings:
    """Runtime configuration for every entry point."""

    home: Path = DEFAULT_HOME
    database_url: str = ""
    lists_dir: Path = field(default_factory=default_lists_dir)
    auth_required: bool = True
    stale_days: int = 30  # a list older than this (days since its publication) is flagged

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", sqlite_url(self.home / DEFAULT_DB_NAME))

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from INTERLIST_* variables, then apply non-empty overrides."""
        env = os.environ
        settings = cls(
            home=Path(env.get("INTERLIST_HOME", str(DEFAULT_HOME))),
            database_url=env.get("INTERLIST_DB", ""),
            lists_dir=default_lists_dir(),
            auth_required=env.get("INTERLIST_AUTH", "on").lower() not in ("off", "0", "false"),
            stale_days=_days(env.get("INTERLIST_STALE_DAYS", "30")),
        )
        given = {k: v for k, v in overrides.items() if v not in (None, "")}
        return replace(settings, **given) if given else settings  # type: ignore[arg-type]

    @property
    def index_dir(self) -> Path:
        """Where the screening index is saved, beside the database."""
        return self.home / "index"


def _days(text: str) -> int:
    """INTERLIST_STALE_DAYS as a whole number of days (ConfigError naming it otherwise)."""
    from interlist.errors import ConfigError

    try:
        days = int(text)
    except ValueError:
        raise ConfigError(f"INTERLIST_STALE_DAYS: {text!r} is not a number of days") from None
    if days < 1:
        raise ConfigError(f"INTERLIST_STALE_DAYS: {days} is not a positive number of days")
    return days


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL for a SQLite file."""
    return f"sqlite:///{path}"


def normalize_db_url(url: str) -> str:
    """Accept plain paths and postgres:// URLs as database locations."""
    if "://" not in url:
        return sqlite_url(Path(url))
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
