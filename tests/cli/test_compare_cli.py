"""`interlist compare` prints the score and its explanation."""

from __future__ import annotations

from tests.clitools import interlist


def test_compare_explains_a_cross_script_match() -> None:
    run = interlist("compare", "Usama bin Laden", "Усама бен Ладен")
    assert run.code == 0, run.stderr
    assert "MATCH" in run.stdout
    assert "translit" in run.stdout


def test_compare_json_gives_score_and_features() -> None:
    run = interlist("compare", "Ivan Petrov", "Omar Said", "--dob", "1970", "--json")
    data = run.json()
    assert 0 <= data["score"] < 0.7
    assert data["explanation"]
