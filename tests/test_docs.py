"""The public surface is documented: every command and option in docs/cli.md, and
every page of docs/ reachable from docs/index.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.cli_reference import commands, options

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("path,command", list(commands()), ids=lambda v: str(v))
def test_every_command_and_option_is_documented(path: str, command: object) -> None:
    text = (DOCS / "cli.md").read_text()
    assert f"## `interlist {path}`" in text, f"run tools/cli_reference.py > docs/cli.md ({path})"
    section = text.split(f"## `interlist {path}`", 1)[1].split("\n## ", 1)[0]
    for flags, _ in options(command):
        assert f"`{flags}`" in section, f"{path}: option {flags} missing from docs/cli.md"


def test_every_guide_page_is_linked_from_the_index() -> None:
    index = (DOCS / "index.md").read_text()
    linked = set(re.findall(r"\]\(([\w\-]+\.md)\)", index))
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert pages - linked == set(), "pages missing from docs/index.md"
