"""Acceptance targets on the shared benchmark data (issue 3): quality only; speed is
measured by benchmarks/matching.py, which times both systems in fresh processes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from interlist.matching import DEFAULT_THRESHOLD

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "matching.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("interlist_matching_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def evaluate(bench, pairs) -> tuple[float, float, float]:
    score = bench.interlist_scorer()
    scores = [score(s, a, b) for s, a, b, _ in pairs]
    return bench.prf(scores, [p[3] for p in pairs], DEFAULT_THRESHOLD)


@pytest.mark.slow
def test_name_bench_f1(bench, shared_data: Path) -> None:
    _, _, f1 = evaluate(bench, bench.load_name_bench(shared_data))
    assert f1 >= 0.90


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "min_recall"), [("russian", 0.95), ("arabic", 0.85)])
def test_cross_script_dev_slices(bench, shared_data: Path, lang: str, min_recall: float) -> None:
    precision, recall, _ = evaluate(bench, bench.load_translit(shared_data, lang, None))
    assert recall >= min_recall
    assert precision >= 0.98
