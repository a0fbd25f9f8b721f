"""The `compare` command: two names (and birth dates) scored and explained."""

from __future__ import annotations

from typing import Annotated

import orjson
import typer

from interlist.cli.common import JsonOption, out


def compare(
    name1: Annotated[str, typer.Argument(help="The name screened.")],
    name2: Annotated[str, typer.Argument(help="The name it is compared with.")],
    schema: Annotated[str, typer.Option(help="Person, Organization, LegalEntity...")] = "Person",
    dob: Annotated[
        str | None, typer.Option(help="Birth date of the first (YYYY[-MM[-DD]]).")
    ] = None,
    dob2: Annotated[str | None, typer.Option(help="Birth date of the second.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Compare two names (and birth dates) and explain the score."""
    from interlist.matching import compare as compare_entities
    from interlist.matching import format_explanation

    def side(name: str, birth: str | None) -> dict[str, object]:
        props = {"name": [name], "birthDate": [birth] if birth else []}
        return {"schema": schema, "properties": props}

    match = compare_entities(side(name1, dob), side(name2, dob2))
    if as_json:
        out.print_json(orjson.dumps(match.to_dict()).decode())
    else:
        out.print(format_explanation(match), highlight=False)


def register(app: typer.Typer) -> None:
    """Add `compare` to the `interlist` command."""
    app.command()(compare)
