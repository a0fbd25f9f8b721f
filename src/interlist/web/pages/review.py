"""xref review: suggested pairs side by side with the matcher's explanation; same / not same /
unsure. Judgements go through interlist.resolution (recorded, then clusters rebuilt) and
into the audit log. Viewers see the pairs but cannot judge; pairs involving an entity
only a hidden source lists are not shown.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from interlist.access import audit
from interlist.access.restrict import hidden_entities, hidden_sources
from interlist.resolution import recluster
from interlist.resolution.judgements import Decision, parse_judgement, record
from interlist.resolution.review import pending
from interlist.resolution.xref import DEFAULT_AUTO_THRESHOLD
from interlist.web import PREFIX, profile, render, session

router = APIRouter()
SHOWN = 20
COMMENT_LIMIT = 2000
# Facts that tell two people apart whatever their names: when both sides state one and
# no value is shared, the pair is not the same person however well the names match.
STRONG = {
    "birth_date": ("birthDate",),
    "identifier": ("idNumber", "passportNumber", "taxNumber", "registrationNumber",
                   "innCode", "ogrnCode", "imoNumber", "unscId"),
    "gender": ("gender",),
}  # fmt: skip
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "birthCountry")


def _brief(conn: Connection, entity_id: str, hidden: frozenset[str]) -> dict[str, Any]:
    """One side of a pair in a line: its name, the lists that state it, its countries."""
    values = _side(conn, entity_id, hidden)
    sources = sorted({r.source for r in profile._rows(conn, [entity_id], hidden) if r.active})
    countries = sorted({c for p in COUNTRY_PROPS for c in values.get(p, [])})
    names = values.get("name") or values.get("alias") or [entity_id]
    return {"id": entity_id, "name": names[0], "sources": sources, "countries": countries}


def differing(left: dict[str, list[str]], right: dict[str, list[str]]) -> list[str]:
    """The strong facts (birth date, identifier, gender) both sides state with no value
    in common."""
    out = []
    for kind, props in STRONG.items():
        mine = {v.strip().lower() for p in props for v in left.get(p, [])}
        theirs = {v.strip().lower() for p in props for v in right.get(p, [])}
        if kind == "birth_date":  # 1970 agrees with 1970-05-01
            if mine and theirs and not any(a.startswith(b) or b.startswith(a)
                                           for a in mine for b in theirs):  # fmt: skip
                out.append(kind)
        elif mine and theirs and not mine & theirs:
            out.append(kind)
    return out


def why_not_merged(score: float, differ: list[str], left: dict[str, Any],
                   right: dict[str, Any]) -> tuple[str, dict[str, str]]:  # fmt: skip
    """Why xref left the pair to an analyst: a message key and its values."""
    threshold = f"{DEFAULT_AUTO_THRESHOLD:.2f}"
    if score < DEFAULT_AUTO_THRESHOLD:
        return "review_why_low", {"threshold": threshold}
    if differ:
        return "review_why_differs", {}
    if set(left["sources"]) & set(right["sources"]):
        return "review_why_same_list", {}
    return "review_why_ambiguous", {}


def _visible_pending(conn: Connection, hidden: frozenset[str]) -> list[Any]:
    queue = pending(conn)
    if not hidden:
        return queue
    ids = {i for r in queue for i in (r.left_id, r.right_id)}
    secret = hidden_entities(conn, ids, hidden)
    return [r for r in queue if r.left_id not in secret and r.right_id not in secret]


def _side(conn: Connection, entity_id: str, hidden: frozenset[str]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for row in profile._rows(conn, [entity_id], hidden):
        if row.active and row.value not in values[row.prop]:
            values[row.prop].append(row.value)
    return dict(values)


@router.get("/review")
def review_page(request: Request, offset: int = Query(0, ge=0, le=100_000)) -> Response:
    """The best pending pair, both records side by side, and the next ones in line."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        queue = _visible_pending(conn, hidden)
        offset = offset if offset < len(queue) else 0
        pair = queue[offset] if queue else None
        left = _side(conn, pair.left_id, hidden) if pair else {}
        right = _side(conn, pair.right_id, hidden) if pair else {}
        rest = queue[offset + 1 : offset + SHOWN]
        sides = {i: _brief(conn, i, hidden) for r in ([pair] if pair else []) + rest
                 for i in (r.left_id, r.right_id)}  # fmt: skip
    props = sorted(set(left) | set(right), key=lambda p: (p not in ("name", "alias"), p))
    differ = differing(left, right) if pair else []
    why = why_not_merged(pair.score, differ, sides[pair.left_id], sides[pair.right_id]) if pair \
        else ("", {})  # fmt: skip
    warn = bool(pair and differ and pair.score >= DEFAULT_AUTO_THRESHOLD)
    return render(request, who, "review.html", pair=pair, left=left, right=right, props=props,
                  queue=rest, total=len(queue), offset=offset, sides=sides, differ=differ,
                  why=why, warn=warn)  # fmt: skip


@router.post("/review/judge")
async def judge(
    request: Request, left: str = Form(...), right: str = Form(...), verdict: str = Form(...),
    score: float | None = Form(None), comment: str = Form(""),
) -> Response:  # fmt: skip
    """Record an analyst's judgement on a pair, with the analyst's comment (kept as the
    judgement's reason and in the audit log), and rebuild the clusters."""
    who = await session.checked(request, "judge")
    judgement = parse_judgement(verdict)
    note = comment.strip()[:COMMENT_LIMIT] or None
    decision = Decision(left[:255], right[:255], judgement, who.user.name, score=score,
                        reason=note)  # fmt: skip
    with request.app.state.engine.begin() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        if hidden_entities(conn, [decision.left, decision.right], hidden):
            raise session.Forbidden("hidden")
        record(conn, [decision])
        recluster(conn)
        detail = {"left": decision.left, "right": decision.right, "judgement": judgement.value}
        if note:
            detail["comment"] = note
        audit.append(conn, who.user.name, who.user.agency, "judge", detail, 1)
    return RedirectResponse(f"{PREFIX}/review", status_code=303)
