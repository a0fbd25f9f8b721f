"""A generated prison population: synthetic people on no list (bench/negatives), their
first and last names recombined, with one or more wanted persons hidden among them."""

from __future__ import annotations

import csv
import random
from pathlib import Path

HEADER = ["id", "name", "birth_date", "nationality", "gender", "cell"]


def people(negatives: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(negatives.glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def prison_file(negatives: Path, out: Path, rows: int, hidden: dict[int, dict[str, str]],
                seed: int = 17) -> Path:  # fmt: skip
    """`rows` prisoners; the row numbers (0-based) in `hidden` are those people."""
    pool = people(negatives)
    draw = random.Random(seed)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n in range(rows):
            if n in hidden:
                p = hidden[n]
                writer.writerow([f"PR-{n:06d}", p["name"], p.get("birth_date", ""),
                                 p.get("nationality", ""), "male", f"B-{n % 300}"])  # fmt: skip
                continue
            first, last, other = draw.choice(pool), draw.choice(pool), draw.choice(pool)
            name = f"{first['first_name']} {last['last_name']}".strip()
            writer.writerow([f"PR-{n:06d}", name, other["date_of_birth"], other["nationality"],
                             first["gender"], f"B-{n % 300}"])  # fmt: skip
    return out
