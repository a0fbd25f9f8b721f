"""The databank store: tables, migrations, loading versions, reading entities back."""

from interlist.store.db import open_engine

__all__ = ["open_engine"]
