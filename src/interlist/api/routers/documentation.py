"""``GET /documentation/{page}.md``: the project's own user guide (``docs/``), served.

The feature links in ``/match``'s ``matcher`` point here (``/documentation/matching.md``),
so that a client reads the documentation of the server it asked, with no link to an
outside site. A page is rendered from its Markdown (raw HTML in it is escaped, not
passed through); only the files of the documentation folder are served.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

import interlist
from interlist.errors import NotFoundError

router = APIRouter(tags=["Documentation"], include_in_schema=False)

DOCS_DIR = Path(interlist.__file__).resolve().parents[2] / "docs"  # the source tree's docs/
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
STYLE = "body{max-width:50em;margin:2em auto;padding:0 1em;font-family:sans-serif;line-height:1.5}"


def page_url(name: str) -> str:
    """The served address of a documentation page, relative to the server."""
    return f"/documentation/{name}.md"


@router.get("/documentation/{name}.md", response_class=HTMLResponse)
async def documentation_page(name: str) -> HTMLResponse:
    """A page of the user guide as HTML (404 for anything that is not one)."""
    return HTMLResponse(_rendered(name), headers=HEADERS)


@lru_cache(maxsize=64)
def _rendered(name: str) -> str:
    path = DOCS_DIR / f"{name}.md"
    if not PAGE_NAME.fullmatch(name) or not path.is_file():
        raise NotFoundError(f"no documentation page named {name}.md")
    from markdown_it import MarkdownIt

    text = path.read_text(encoding="utf-8")
    first = next((line for line in text.splitlines() if line.startswith("# ")), f"# {name}")
    body = MarkdownIt("js-default").render(text)  # tables; raw HTML escaped
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(first[2:].strip())} · interlist</title>"
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )
