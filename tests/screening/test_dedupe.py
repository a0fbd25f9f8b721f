"""A batch screens each distinct row once, also when its repeats come while the first of
its kind is still being screened, and gives every row its own record, in order."""

from __future__ import annotations

from typing import Any

from interlist.screening import batch
from interlist.screening.batch import Chunk, pipeline
from interlist.screening.records import column_map

COLUMNS = column_map(["name=full_name", "id=customer"])


class Job:
    """A chunk screened only when its result is asked for, as by a busy worker."""

    def __init__(self, chunk: Chunk, screened: list[str]) -> None:
        self.chunk, self.screened = chunk, screened

    def result(self) -> list[dict[str, Any]]:
        out = []
        for number, raw in self.chunk:
            assert isinstance(raw, dict)
            self.screened.append(raw["full_name"])
            out.append({"row": number, "id": raw["customer"], "results": [raw["full_name"]]})
        return out


def test_each_distinct_row_is_screened_once_across_chunks_in_flight() -> None:
    names = ["Ivan Petrov", "Anna Ivanova", "Olga Smirnova"]
    rows = [(n, {"customer": f"c{n}", "full_name": names[n % 3]}) for n in range(1, 21)]
    screened: list[str] = []
    batches = pipeline(rows, lambda chunk: Job(chunk, screened), 3, COLUMNS, size=2)
    records = [record for batch in batches for record in batch]
    assert sorted(screened) == sorted(names)  # not once per chunk in flight
    assert [r["row"] for r in records] == list(range(1, 21))
    assert [r["id"] for r in records] == [f"c{n}" for n in range(1, 21)]
    assert [r["results"] for r in records] == [[names[n % 3]] for n in range(1, 21)]


def test_rows_that_differ_in_any_screened_column_are_screened_apart() -> None:
    rows: list[tuple[int, Any]] = [
        (1, {"customer": "a", "full_name": "Ivan Petrov", "dob": "1970"}),
        (2, {"customer": "b", "full_name": "Ivan Petrov", "dob": "1971"}),
        (3, {"customer": "c", "full_name": "Ivan Petrov", "dob": "1970"}),
    ]
    columns = column_map(["name=full_name", "id=customer", "birth_date=dob"])
    screened: list[str] = []
    records = [r for b in pipeline(rows, lambda c: Job(c, screened), 2, columns, size=1) for r in b]
    assert len(screened) == 2
    assert [r["id"] for r in records] == ["a", "b", "c"]


def test_a_result_outlives_the_chunks_in_flight_after_it(monkeypatch: Any) -> None:
    """Many distinct rows between a row and its repeat, all in flight at once: the result
    kept for the repeat is not pushed out by the others, however small the cache."""
    monkeypatch.setattr(batch, "DEDUPE_SIZE", 4)
    rows = [(n, {"customer": f"c{n}", "full_name": f"Person {n}"}) for n in range(1, 41)]
    rows.append((41, {"customer": "c41", "full_name": "Person 1"}))
    screened: list[str] = []
    batches = pipeline(rows, lambda chunk: Job(chunk, screened), 41, COLUMNS, size=1)
    records = [record for batch in batches for record in batch]
    assert len(screened) == 40
    assert records[-1]["results"] == ["Person 1"] and records[-1]["id"] == "c41"
