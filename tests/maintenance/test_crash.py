"""The crash harness, bounded for the suite: every write path killed with SIGKILL at a
random moment leaves the databank as before or as after, never in between, and the
next run completes (`make stress` runs 20 kills on every path, on both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import crash

# In the suite: the databank (ingest), resolution (xref) and a lifecycle (recognition);
# `make stress` runs every path of the harness.
SUITE_PATHS = ("ingest", "xref", "recognition")


@pytest.mark.parametrize("name", SUITE_PATHS)
def test_a_killed_write_leaves_the_databank_before_or_after(
    name: str, shared_data: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the test run's database server (`db_url` names it; the harness makes its own
    databanks there, as copies of a prepared one)."""
    monkeypatch.setattr(crash, "PEOPLE", 200)
    store = crash.Store("sqlite" if db_url.startswith("sqlite") else db_url, tmp_path)
    try:
        result = crash.crash_path(store, crash.PATHS[name], points=1, seed=len(name))
    finally:
        store.drop_all()
    assert len(result.trials) == 1
    assert all(t.outcome in ("before", "after") for t in result.trials), result.trials
    assert result.failed == [], [t.problems for t in result.failed]
