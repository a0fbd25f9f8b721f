"""The review screen: xref's suggestions, one pair at a time, decided by single keys.

Both records are shown side by side, property by property, with the score
and the matcher's explanation. Keys: ``s`` same, ``n`` not same, ``u``
unsure, ``k`` or space skip, ``z`` undo the last decision, ``q`` quit.
Input comes from a ``read_key`` callable, so the screen is driven by the
keyboard in a terminal and by a list of keys in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from followthemoney.statement import StatementEntity
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, Engine, select

from interlist.resolution.clusters import load_resolver, recluster
from interlist.resolution.judgements import Decision, Judgement, last_open_by, record, undo
from interlist.store import read
from interlist.store.resolution_tables import suggestion

KEYS = {"s": Judgement.POSITIVE, "n": Judgement.NEGATIVE, "u": Judgement.UNSURE}
HELP = "[s] same  [n] not same  [u] unsure  [k/space] skip  [z] undo  [q] quit"


@dataclass
class ReviewSummary:
    decided: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    undone: int = 0
    remaining: int = 0


def pending(conn: Connection) -> list[Any]:
    """Suggestions nobody has judged yet (directly or through the clusters), best first."""
    resolver = load_resolver(conn)
    c = suggestion.c
    rows = conn.execute(select(suggestion).order_by(c.score.desc(), c.left_id, c.right_id))
    return [r for r in rows if resolver.judgement(r.left_id, r.right_id) is None]


def review(
    engine: Engine,
    user: str,
    read_key: Callable[[], str],
    console: Console,
    limit: int | None = None,
) -> ReviewSummary:
    """Present pending suggestions until they run out, `limit` is reached or `q` is pressed."""
    summary = ReviewSummary()
    with engine.connect() as conn:
        queue = pending(conn)
    shown = 0
    while queue and (limit is None or shown < limit):
        item = queue[0]
        with engine.connect() as conn:
            show_pair(console, conn, item)
        key = _key(read_key, console)
        shown += 1
        if key == "q":
            break
        if key == "z":
            _undo_last(engine, user, summary, console)
            with engine.connect() as conn:
                queue = pending(conn)
            continue
        queue.pop(0)
        if key in KEYS:
            _decide(engine, item, KEYS[key], user, summary)
            with engine.connect() as conn:
                queue = pending(conn)
        else:
            summary.skipped += 1
    summary.remaining = len(queue)
    return summary


def _key(read_key: Callable[[], str], console: Console) -> str:
    while True:
        key = (read_key() or "").lower()
        if key in (" ", "k"):
            return "k"
        if key in (*KEYS, "z", "q"):
            return key
        console.print(f"unknown key {key!r}  {HELP}", markup=False)


def _decide(
    engine: Engine, item: Any, verdict: Judgement, user: str, summary: ReviewSummary
) -> None:
    decision = Decision(item.left_id, item.right_id, verdict, user, score=item.score)
    with engine.begin() as conn:
        record(conn, [decision])
        recluster(conn)
    summary.decided[verdict.value] = summary.decided.get(verdict.value, 0) + 1


def _undo_last(engine: Engine, user: str, summary: ReviewSummary, console: Console) -> None:
    with engine.begin() as conn:
        last = last_open_by(conn, user)
        if last is None:
            console.print("[yellow]nothing to undo[/yellow]")
            return
        undo(conn, last.left_id, last.right_id, user)
        recluster(conn)
    summary.undone += 1
    console.print(f"undone: {last.judgement} on {last.left_id} / {last.right_id}")


def _entity(conn: Connection, entity_id: str) -> StatementEntity | None:
    return read.get_entity(conn, entity_id) or read.last_known(conn, entity_id)


def show_pair(console: Console, conn: Connection, item: Any) -> None:
    """Both records side by side, then the score and the explanation."""
    left, right = _entity(conn, item.left_id), _entity(conn, item.right_id)
    table = Table(title=f"score {item.score:.3f}", show_lines=True)
    table.add_column("property")
    for entity, entity_id in ((left, item.left_id), (right, item.right_id)):
        sources = ", ".join(sorted(entity.datasets)) if entity else "?"
        table.add_column(f"{entity_id}\n[dim]{sources}[/dim]")
    props = sorted(set(_props(left)) | set(_props(right)))
    for prop in props:
        table.add_row(prop, _cell(left, prop), _cell(right, prop))
    console.print(table)
    console.print(_explanation_text(item.explanation), markup=False)
    console.print(HELP, markup=False)


def _props(entity: StatementEntity | None) -> list[str]:
    return [p for p in entity.properties if p not in ("addressEntity",)] if entity else []


def _cell(entity: StatementEntity | None, prop: str) -> str:
    return "\n".join(sorted(entity.get(prop))) if entity else ""


def _explanation_text(explanation: Any) -> str:
    """The matcher's features, one a line: name, score, what was aligned with what."""
    items = explanation if isinstance(explanation, list) else [explanation]
    return "\n".join(f"  {_feature(item)}" for item in items)


def _feature(item: Any) -> str:
    if isinstance(item, dict) and "name" in item:
        score = item.get("score")
        value = f" {score:.2f}" if isinstance(score, int | float) else ""
        detail = item.get("detail")
        return f"{item['name']}{value}" + (f": {detail}" if detail else "")
    return str(item)
