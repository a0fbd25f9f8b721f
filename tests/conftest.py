"""Shared fixtures: the real data folder beside the checkout, and a fresh store per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get("INTERLIST_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data")
).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip: the real list files are not in the repository."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it lies beside the checkout in CI)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def lists_dir(shared_data: Path) -> Path:
    return shared_data / "lists"
