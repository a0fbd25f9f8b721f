"""How the CLI shows things: rich tables and progress bars, nothing else."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from interlist.databank import Outcome


@contextmanager
def file_progress(console: Console) -> Iterator[Any]:
    """A progress display for ingest: one step per file parsed or loaded."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} steps"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("reading lists", total=None)

        def step(stage: str, path: Path) -> None:
            progress.update(task, description=f"{stage:9} {path.name}", advance=1)

        yield step


def outcomes(console: Console, results: Sequence[Outcome]) -> None:
    """The load report: per file, its version and what changed among listed parties."""
    from interlist.databank import Unchanged

    table = Table(
        title="Loaded list versions",
        caption="parties = designated persons, organisations, vessels and aircraft",
    )
    for col in ("file", "source"):
        table.add_column(col)
    for col in ("version", "parties", "added", "changed", "delisted", "rejected"):
        table.add_column(col, justify="right")
    loaded = [r for r in results if not isinstance(r, Unchanged)]
    for r in results:
        if isinstance(r, Unchanged):
            console.print(
                f"{r.file.name}: already loaded (version {r.version_id} of {r.source}): "
                "nothing changed"
            )
    for r in loaded:
        moved = r.target_counts()
        table.add_row(
            r.file.name,
            r.source,
            str(r.version_id),
            str(len(r.targets - set(r.delisted))),
            str(moved["added"]),
            str(moved["changed"]),
            str(moved["delisted"]),
            str(len(r.rejected)),
        )
    if loaded:
        console.print(table)
    for r in loaded:
        for rej in r.rejected[:20]:
            where = f"{r.file}, {rej['location']}"
            console.print(f"[yellow]rejected[/yellow] {where}: {rej['reason']}")


def sources(console: Console, summary: list[dict[str, Any]]) -> None:
    table = Table(title="Sources")
    for col in ("source", "title", "versions", "latest file", "published", "listed by schema"):
        table.add_column(col)
    for s in summary:
        latest = s["latest"] or {}
        listed = ", ".join(f"{k} {v}" for k, v in sorted(s["listed"].items()))
        table.add_row(
            s["name"],
            s["title"],
            str(s["versions"]),
            latest.get("file_name", ""),
            latest.get("publisher_date") or "",
            listed,
        )
    console.print(table)


def entity(console: Console, data: dict[str, Any], related: Sequence[Any]) -> None:
    status = "listed" if data.get("listed", True) else "[red]delisted[/red]"
    console.print(f"[bold]{data['caption']}[/bold]  {data['schema']}  {data['id']}  {status}")
    table = Table(show_header=True)
    for col in ("property", "value", "original", "lang", "source", "seen", "open"):
        table.add_column(col)
    for st in data["statements"]:
        original = st["original_value"] or ""
        seen = f"{st['first_seen'][:10]} – {st['last_seen'][:10]}"
        table.add_row(
            st["prop"],
            st["value"],
            original,
            st["lang"] or "",
            st["source"],
            seen,
            "yes" if st["active"] else "[dim]closed[/dim]",
        )
    console.print(table)
    for other in related:
        props = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(other.properties.items()))
        console.print(f"[cyan]{other.schema.name}[/cyan] {other.id}: {props}")


def history(console: Console, entity_id: str, events: Sequence[Any]) -> None:
    table = Table(title=f"History of {entity_id}")
    for col in ("loaded", "published", "source", "version", "file", "event", "detail"):
        table.add_column(col)
    for e in events:
        table.add_row(
            e.when.isoformat(timespec="seconds"),
            e.publisher_date.isoformat() if e.publisher_date else "",
            e.source,
            str(e.version_id),
            e.file_name,
            e.kind,
            _detail(e.detail),
        )
    console.print(table)


def _detail(detail: dict[str, Any]) -> str:
    parts: list[str] = []
    for key, sign in (("added", "+"), ("removed", "-")):
        for prop, values in (detail.get(key) or {}).items():
            parts.extend(f"{sign}{prop}: {v}" for v in values)
    return "\n".join(parts)
