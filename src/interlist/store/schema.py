"""Every table of the databank on one metadata: each table module declares its tables on
:data:`interlist.store.tables.metadata` when it is imported, and this imports them all
(for what reads every table: the crash harness's row counts, the migrations' test)."""

from __future__ import annotations

from sqlalchemy import MetaData


def complete_metadata() -> MetaData:
    """The metadata with the tables of every store module declared on it."""
    from interlist.store import (  # noqa: F401  (each declares its tables on the metadata)
        access_tables,
        alert_tables,
        freeze_tables,
        lifecycle_tables,
        notice_tables,
        operation_tables,
        resolution_tables,
    )
    from interlist.store.tables import metadata

    return metadata
