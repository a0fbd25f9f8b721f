"""Benchmark: entity resolution on links the publishers state, hidden from xref.

Two linkage tests, each in a fresh SQLite databank:

- uk-un: the UK ConList fragment cites UN reference numbers ("UN Ref QDi.123");
  the citations are the truth, then stripped from the databank, and xref must
  link UK entries to UN entries by names, dates and documents;
- csl-ofac: the US Consolidated Screening List repeats OFAC SDN entries under
  their SDN entity numbers; the numbers are the truth, then stripped (the CSL
  sanctions' authorityId), and xref must link CSL to the 2021 OFAC set.

xref runs with auto-merge at the default threshold; pairwise precision and
recall of the merged cross-source pairs are computed against the publishers'
links. CSL entries of other US lists, and UK entries citing no UN number still on
the UN list, have no stated link: their merges are counted and shown apart,
not as errors. Finally xref runs over
everything in the lists folder and is timed. Targets: P >= 0.99, R >= 0.95,
xref over all lists < 120 s.
"""

from __future__ import annotations

import argparse
import csv
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from followthemoney import model
from sqlalchemy import Engine, select, update

from interlist.databank import ingest
from interlist.resolution.clusters import cluster_map
from interlist.resolution.crossref import CITATION, LEADING, citations
from interlist.resolution.xref import DEFAULT_AUTO_THRESHOLD, XrefOptions, XrefResult, xref
from interlist.store import open_engine
from interlist.store import tables as t

TARGET_P, TARGET_R, TARGET_S = 0.99, 0.95, 120.0
Pair = tuple[str, str]


@dataclass
class Outcome:
    name: str
    truth: set[Pair]
    predicted: set[Pair]
    unlabelled: int
    result: XrefResult

    @property
    def precision(self) -> float:
        return len(self.truth & self.predicted) / len(self.predicted) if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return len(self.truth & self.predicted) / len(self.truth) if self.truth else 1.0


def uk_truth(path: Path, engine: Engine) -> tuple[set[Pair], set[str]]:
    """(gb-ofsi-<Group ID>, un-sc-<DATAID>) for each UN reference number a UK row cites;
    the UK ids citing any UN number."""
    un = _un_ids(engine)
    pairs, citing = set(), set()
    with path.open(encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    if rows[0][0] == "" and all(len(r) == len(header) - 1 for r in rows[1:] if r):
        header = header[1:]  # the fragment's header has one empty column more than its rows
    index = {name: i for i, name in enumerate(header)}
    for row in rows[1:]:
        if len(row) != len(header) or not row[index["Group ID"]].strip().isdigit():
            continue
        uk_id = f"gb-ofsi-{row[index['Group ID']].strip()}"
        for ref in citations(row[index["Other Information"]]):
            citing.add(uk_id)
            if ref in un and _can_match(engine, uk_id, un[ref]):
                pairs.add((uk_id, un[ref]))
    return pairs, citing


def _can_match(engine: Engine, left: str, right: str) -> bool:
    """A stated link between a person and an organisation is a publisher's slip."""
    with engine.connect() as conn:
        query = select(t.entity.c.schema).where(t.entity.c.id.in_((left, right)))
        schemata = [model.get(name) for name in conn.scalars(query)]
    return len(schemata) == 2 and all(schemata) and schemata[0].can_match(schemata[1])


def _un_ids(engine: Engine) -> dict[str, str]:
    s = t.statement.c
    query = select(s.entity_id, s.value).where(s.source == "un_sc", s.prop == "unscId")
    sanction_target = select(s.entity_id, s.value).where(s.source == "un_sc", s.prop == "entity")
    with engine.connect() as conn:
        targets = {r.entity_id: r.value for r in conn.execute(sanction_target)}
        return {r.value: targets.get(r.entity_id, r.entity_id) for r in conn.execute(query)}


def csl_truth(path: Path, engine: Engine) -> tuple[set[Pair], set[str]]:
    """(us-csl-<_id>, us-ofac-<entity_number>) for CSL rows of the SDN list; the SDN CSL ids."""
    ofac = _ids(engine, "us_ofac_sdn")
    pairs, sdn_rows = set(), set()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            number = (row.get("entity_number") or "").strip()
            if row["source"].startswith("Specially Designated Nationals") and number:
                sdn_rows.add(f"us-csl-{row['_id'].strip()}")
                if f"us-ofac-{number}" in ofac:
                    pairs.add((f"us-csl-{row['_id'].strip()}", f"us-ofac-{number}"))
    return pairs, sdn_rows


def _ids(engine: Engine, source: str) -> set[str]:
    with engine.connect() as conn:
        query = select(t.listing.c.entity_id).where(t.listing.c.source == source)
        return set(conn.scalars(query))


def strip_un_citations(engine: Engine) -> int:
    """Remove every "UN Ref ..." citation from the UK entries' statements."""
    s = t.statement.c
    changed = 0
    with engine.begin() as conn:
        rows = conn.execute(select(s.id, s.value, s.prop).where(s.source == "gb_ofsi")).all()
        for row in rows:
            stripped = LEADING.sub("", CITATION.sub("", row.value))
            if row.prop == "unscId" or stripped != row.value:
                value = "" if row.prop == "unscId" else stripped
                conn.execute(update(t.statement).where(s.id == row.id).values(value=value))
                changed += 1
    return changed


def strip_sdn_numbers(engine: Engine) -> int:
    """Remove the SDN entity numbers the CSL states (its sanctions' authorityId)."""
    s = t.statement.c
    with engine.begin() as conn:
        query = update(t.statement).where(s.source == "us_csl", s.prop == "authorityId")
        return conn.execute(query.values(value="", active=False)).rowcount or 0


def predicted(engine: Engine, left: Callable[[str], bool], right_prefix: str) -> set[Pair]:
    """Cross-source pairs inside each cluster: (left member, right member)."""
    with engine.connect() as conn:
        members: dict[str, list[str]] = {}
        for entity_id, cid in cluster_map(conn).items():
            members.setdefault(cid, []).append(entity_id)
    out = set()
    for ids in members.values():
        for a in ids:
            if left(a):
                out.update((a, b) for b in ids if b.startswith(right_prefix))
    return out


def _is_uk(entity_id: str) -> bool:
    return entity_id.startswith("gb-ofsi-")


def _is_csl(entity_id: str) -> bool:
    return entity_id.startswith("us-csl-")


def run_case(name: str, lists: Path, files: list[str], threshold: float) -> Outcome:
    """Load the two lists, take the publisher's links, hide them, run xref, compare."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{tmp}/{name}.sqlite")
        ingest(engine, [lists / f for f in files])
        if name == "uk-un":
            truth, citing = uk_truth(lists / files[1], engine)
            strip_un_citations(engine)
            left, labelled, right = _is_uk, citing.__contains__, "un-sc-"
        else:
            truth, sdn_rows = csl_truth(lists / files[1], engine)
            strip_sdn_numbers(engine)
            left, labelled, right = _is_csl, sdn_rows.__contains__, "us-ofac-"
        result = xref(engine, XrefOptions(auto_threshold=threshold))
        pairs = predicted(engine, left, right)
        engine.dispose()
    inside = {p for p in pairs if labelled(p[0])}
    return Outcome(name, truth, inside, len(pairs - inside), result)


def time_all(lists: Path, threshold: float) -> XrefResult:
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{tmp}/all.sqlite")
        ingest(engine, [lists])
        result = xref(engine, XrefOptions(auto_threshold=threshold))
        engine.dispose()
    return result


def report(outcome: Outcome) -> None:
    r = outcome.result
    ok_p = "ok" if outcome.precision >= TARGET_P else "MISSED"
    ok_r = "ok" if outcome.recall >= TARGET_R else "MISSED"
    hits = len(outcome.truth & outcome.predicted)
    print(
        f"\n{outcome.name}: {r.entities} entities, {r.pairs_scored} pairs scored, "
        f"{r.seconds:.1f} s; explicit {r.explicit_merged}, auto-merged {r.auto_merged}"
    )
    print(
        f"  publisher's links {len(outcome.truth)}, merged pairs {len(outcome.predicted)}, "
        f"correct {hits}"
    )
    print(f"  precision {outcome.precision:.4f}  (target >= {TARGET_P})  {ok_p}")
    print(f"  recall    {outcome.recall:.4f}  (target >= {TARGET_R})  {ok_r}")
    if outcome.unlabelled:
        print(f"  merges of entries without a stated link (not scored): {outcome.unlabelled}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lists", type=Path, default=Path("../shared/data/lists"))
    parser.add_argument("--auto-threshold", type=float, default=DEFAULT_AUTO_THRESHOLD)
    parser.add_argument("--skip-all", action="store_true", help="skip the timing over all lists")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    print(
        f"xref benchmark, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"Python {platform.python_version()}, auto-threshold {args.auto_threshold}"
    )
    cases = [
        ("uk-un", ["un/UN_consolidated_2026-02-27.xml", "uk/ConList_fragment_2020.csv"]),
        ("csl-ofac", ["us_ofac/set_2021-07-07", "us_csl/consolidated_2022-05.csv"]),
    ]
    for name, files in cases:
        outcome = run_case(name, args.lists, files, args.auto_threshold)
        report(outcome)
        if args.show_errors:
            for p in sorted(outcome.predicted - outcome.truth)[:30]:
                print("   false merge", p)
            for p in sorted(outcome.truth - outcome.predicted)[:30]:
                print("   missed     ", p)
    if not args.skip_all:
        result = time_all(args.lists, args.auto_threshold)
        ok = "ok" if result.seconds < TARGET_S else "MISSED"
        print(
            f"\nall lists: {result.entities} entities, {result.pairs_scored} pairs scored, "
            f"xref {result.seconds:.1f} s (target < {TARGET_S:.0f} s) {ok}; "
            f"explicit {result.explicit_merged}, auto {result.auto_merged}, "
            f"suggestions {len(result.suggestions)}"
        )


if __name__ == "__main__":
    main()
