"""The batch engine on Dask distributed, for files that outgrow one machine.

The index is scattered once to every worker; chunks of rows are submitted to
the cluster with :func:`interlist.screening.batch.screen_rows` (the same
function the local engine runs), at most a few per worker in flight, and the
results are written in input order. Without a scheduler address a local
cluster of ``workers`` processes is started and stopped around the batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interlist.errors import ConfigError
from interlist.screening.batch import Chunk, Progress, Summary, pipeline, screen_rows, write_results
from interlist.screening.index import ScreeningIndex
from interlist.screening.readers import read_rows
from interlist.screening.records import ColumnMap
from interlist.screening.screen import ScreenOptions


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int, timeout: float = 10.0) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a local cluster made for the batch."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise ConfigError("--engine dask needs the `distributed` package") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout}s")
        except OSError as exc:
            raise ConfigError(f"--scheduler: cannot reach {scheduler} ({exc})") from exc
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        yield client


def run_dask(
    index: ScreeningIndex,
    source: Path,
    output: Path,
    columns: ColumnMap,
    options: ScreenOptions,
    client: Any,
    progress: Progress | None = None,
) -> Summary:
    """Screen every row of `source` into `output` on the Dask cluster of `client`."""
    remote_index = client.scatter(index, broadcast=True)
    in_flight = max(2, 4 * len(client.scheduler_info().get("workers", {})))

    def submit(chunk: Chunk) -> Any:
        return client.submit(screen_rows, remote_index, chunk, columns, options, pure=False)

    results = pipeline(read_rows(source), submit, in_flight, columns)
    return write_results(results, output, progress)
