"""The screening entry points the CLI calls: get a current index, screen a file."""

from __future__ import annotations

from pathlib import Path

from interlist.errors import ConfigError
from interlist.screening.batch import Progress, Summary, run_batch
from interlist.screening.index import ScreeningIndex
from interlist.screening.inputs import InputInfo
from interlist.screening.readers import inspect_input
from interlist.screening.records import ColumnMap
from interlist.screening.screen import ScreenOptions
from interlist.screening.storage import ensure_index, ensure_index_apart, index_path, load
from interlist.screening.writers import open_writer
from interlist.settings import Settings
from interlist.store import open_engine

ENGINES = ("local", "dask")


def open_index(settings: Settings, refresh: bool = True) -> ScreeningIndex:
    """The saved index beside the database, rebuilt first if the databank changed."""
    path = index_path(settings)
    if refresh:
        engine = open_engine(settings.database_url)
        try:
            ensure_index(engine, path)
        finally:
            engine.dispose()
    return load(path)


def prepare_index(settings: Settings) -> int:
    """For a server: the saved index made current (rebuilt in a child process, see
    :func:`~interlist.screening.storage.ensure_index_apart`); returns its number of
    profiles. No index stays loaded here: each server process loads its own."""
    path = index_path(settings)
    engine = open_engine(settings.database_url)
    try:
        ensure_index_apart(engine, path)
    finally:
        engine.dispose()
    return len(load(path))


def check_request(source: Path, output: Path, engine: str) -> InputInfo:
    """Refuse a batch that cannot run before any work is done; say how the input will be
    read (encoding, delimiter)."""
    if engine not in ENGINES:
        raise ConfigError(f"--engine: unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if source.resolve() == output.resolve():
        raise ConfigError("--output: must not be the input file")
    info = inspect_input(source)  # unknown type, missing, unreadable file
    open_writer(output).discard()  # unknown type or unwritable place
    return info


def screen_file(
    settings: Settings,
    source: Path,
    output: Path,
    columns: ColumnMap,
    options: ScreenOptions,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
    index: ScreeningIndex | None = None,
) -> Summary:
    """Screen every row of `source` into `output` with the chosen engine (on `index`, or
    the databank's current index)."""
    check_request(source, output, engine)
    index = index or open_index(settings)
    if engine == "local":
        return run_batch(index, source, output, columns, options, workers, progress)
    from interlist.screening.dask_engine import dask_client, run_dask

    with dask_client(scheduler, workers) as client:
        return run_dask(index, source, output, columns, options, client, progress)
