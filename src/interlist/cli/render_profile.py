"""How a merged profile is shown in the terminal: members, then every value with its sources.

Values of one property that differ between sources are listed side by side
under that property and the property is flagged, so that nothing a source
states is hidden behind another source's value.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from interlist.resolution.profiles import Profile


def profile(console: Console, found: Profile) -> None:
    console.print(
        f"[bold]{found.caption}[/bold]  {found.schema}  {found.canonical_id}  "
        f"({len(found.members)} members)"
    )
    members = Table(title="Members", show_header=True)
    for col in ("id", "schema", "name", "sources", "status"):
        members.add_column(col)
    for m in found.members:
        status = "listed" if m.listed else f"[red]delisted[/red] {', '.join(m.delisted_on)}"
        members.add_row(m.id, m.schema, m.caption, ", ".join(m.sources), status)
    console.print(members)
    console.print(values_table(found))


def values_table(found: Profile) -> Table:
    """One row per property and value: who states it; conflicting properties flagged."""
    table = Table(title="What the sources state", show_lines=True)
    for col in ("property", "value", "original", "sources", "stated by"):
        table.add_column(col)
    for prop, slots in found.values.items():
        label = f"{prop}\n[yellow]sources differ[/yellow]" if prop in found.conflicts else prop
        for index, slot in enumerate(slots):
            table.add_row(
                label if index == 0 else "",
                slot["value"],
                "\n".join(slot["original"]),
                ", ".join(slot["sources"]),
                ", ".join(slot["entities"]),
            )
    return table
