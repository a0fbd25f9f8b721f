"""The compiled matcher (mypyc, `make install`): it scores exactly as its sources do,
its analyses pickle the same way compiled or not, and a build made from other sources
is refused rather than run."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from interlist.matching import analyze, compare, native
from interlist.matching.names import NameAnalysis, Token, analyze_name

SRC = Path(native.__file__).resolve().parents[2]

# Pairs through every part of the comparison: scripts, particles, parents' names, joined
# words, legal forms, numbers, initials, typos, syllable scripts.
PAIRS = [
    ("Person", "Abd al-Rahman bin Yusuf", "عبد الرحمن بن يوسف"),
    ("Person", "Ivan Petrovich Sidorov", "Иван Петрович Сидоров"),
    ("Person", "Habibullah Karimi", "حبیب الله کریمی"),
    ("Person", "KarimNasser", "Karim Nasser"),
    ("Person", "J. Smith", "John Smith"),
    ("Person", "Moohammad Wali", "Mohammad Ali"),
    ("Person", "Wang Xiaoming", "王小明"),
    ("Person", "Kim Jong Un", "김정은"),
    ("Person", "Čavrić Dragan", "Chavrich Dragan"),
    ("Company", "Acme Trading LLC", "ООО Акме Трейдинг"),
    ("Company", "Zeta Holdings GmbH", "Zeta Holdings AG"),
    ("Organization", "National Defence Front", "NDF"),
    ("Vessel", "MV Ocean Star 2", "Ocean Star II"),
]

SCORE_PAIRS = """
import json, sys
from interlist.matching import compare, native
out = {"compiled": native.is_compiled(), "results": []}
for schema, a, b in json.loads(sys.argv[1]):
    m = compare({"schema": schema, "properties": {"name": [a]}},
                {"schema": schema, "properties": {"name": [b]}})
    out["results"].append([m.score, [f.detail for f in m.explanation]])
print(json.dumps(out))
"""


def score_in(python_path: Path) -> dict:
    """Scores and explanations of PAIRS in a fresh process importing from `python_path`."""
    done = subprocess.run(
        [sys.executable, "-c", SCORE_PAIRS, json.dumps(PAIRS)],
        env={"PYTHONPATH": str(python_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict = json.loads(done.stdout)
    return result


def sources_only(tmp_path: Path) -> Path:
    """A copy of the package without any compiled file."""
    copy = tmp_path / "src"
    shutil.copytree(SRC / "interlist", copy / "interlist", ignore=shutil.ignore_patterns("*.so"))
    return copy


def test_the_compiled_build_scores_as_its_sources_do(tmp_path: Path) -> None:
    if not native.is_compiled():
        pytest.skip("the matcher is not compiled here (`make install` compiles it)")
    compiled = score_in(SRC)
    interpreted = score_in(sources_only(tmp_path))
    assert compiled["compiled"] and not interpreted["compiled"]
    assert compiled["results"] == interpreted["results"]
    assert len(compiled["results"]) == len(PAIRS)


def test_a_build_from_other_sources_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "matching"
    folder.mkdir()
    for name in native.MODULES:
        (folder / f"{name}.py").write_text(f"# {name}\n", encoding="utf-8")
    native.check_build(folder)  # sources only: nothing to check
    (folder / "align.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    with pytest.raises(ImportError, match="compiled from other sources"):
        native.check_build(folder)  # no record of the sources
    (folder / native.STAMP).write_text(native.source_digest(folder), encoding="utf-8")
    native.check_build(folder)  # made from these sources
    (folder / "names.py").write_text("# names, changed\n", encoding="utf-8")
    with pytest.raises(ImportError, match="make install"):
        native.check_build(folder)
    assert not native.is_compiled(folder)


def test_analyses_pickle_with_their_forms_and_shared_tokens() -> None:
    entity = analyze(
        {"schema": "Person", "properties": {"name": ["Abd al-Rahman bin Yusuf", "Čavrić"]}}
    )
    again = pickle.loads(pickle.dumps(entity, pickle.HIGHEST_PROTOCOL))
    for before, after in zip(entity.names["person"], again.names["person"], strict=True):
        assert isinstance(after, NameAnalysis)
        assert [t.key for t in after.tokens] == [t.key for t in before.tokens]
        assert [(t.fold, t.code, t.skel, t.parent) for t in after.tokens] == [
            (t.fold, t.code, t.skel, t.parent) for t in before.tokens
        ]
        assert all(any(c is t for t in after.tokens) for c in after.content)
    first = again.names["person"][0]
    assert first.has_parents and [t.text for t in first.tokens if t.parent] == ["yusuf"]
    assert compare(entity, again).score == 1.0


def test_a_token_pickles_as_its_forms_not_its_slots() -> None:
    token = analyze_name("Čavrić", "person").tokens[0]
    rebuilt, args = token.__reduce__()
    assert isinstance(rebuilt(*args), Token)
    assert args[:4] == ("čavrić", token.lat, "latin", "name")
    assert token.alt and pickle.loads(pickle.dumps(token)).alt == token.alt


def test_an_organisation_word_keeps_its_translated_word_group_when_pickled() -> None:
    # the saved index keeps analyses: "trading" must still be the same word as торговая
    name = analyze_name("Al Bashir Trading Company", "org")
    again = pickle.loads(pickle.dumps(name, pickle.HIGHEST_PROTOCOL))
    assert [t.groups for t in again.tokens] == [t.groups for t in name.tokens]
    assert "o:trading" in again.tokens[-2].groups
    query = analyze({"schema": "Company", "properties": {"name": ["Ал Башир Торговая Компания"]}})
    listed = analyze({"schema": "Company", "properties": {"name": ["Al Bashir Trading Company"]}})
    stored = pickle.loads(pickle.dumps(listed, pickle.HIGHEST_PROTOCOL))
    assert compare(query, stored).score == compare(query, listed).score >= 0.9
