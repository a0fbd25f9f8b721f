"""Photographs of a notice's subject: stored in the databank, never part of the
``notices`` source (so never in an export, a screening result or a third party's
copy), shown only to those entitled to the notice; each view is audited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from interlist.access import audit
from interlist.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle import Actor
from interlist.notices import records
from interlist.store import notice_tables as nt

MEDIA_TYPES = ("image/jpeg", "image/png")
MAX_BYTES = 5 * 1024 * 1024


def add(conn: Connection, actor: Actor, record_id: int, media_type: str, data: bytes) -> int:
    """Add a photograph (the issuing state, while the notice is open)."""
    row = records.find(conn, record_id)
    if "issuer" not in records.parties(actor, row) or "notices" not in actor.permissions:
        raise PermissionDeniedError("photographs are added by the issuing state")
    if records.declared().statuses[row.status].final:
        raise ConflictError(f"notice {record_id} is {row.status}")
    if media_type not in MEDIA_TYPES:
        raise InvalidInputError(f"a JPEG or PNG image, not {media_type}", "file")
    if not data or len(data) > MAX_BYTES:
        raise InvalidInputError("an image of at most 5 MB", "file")
    inserted = conn.execute(nt.notice_photo.insert().values(
        record_id=record_id, media_type=media_type, data=data, added_by=actor.name,
        at=datetime.now(UTC),
    )).inserted_primary_key  # fmt: skip
    assert inserted is not None
    audit.append(conn, actor.name, actor.agency, "notice.photo_added",
                 {"record": record_id, "photo": int(inserted[0]), "bytes": len(data)})  # fmt: skip
    return int(inserted[0])


def listed(conn: Connection, record_id: int) -> list[dict[str, Any]]:
    p = nt.notice_photo.c
    query = select(p.id, p.media_type, p.at).where(p.record_id == record_id).order_by(p.id)
    return [{"id": i, "media_type": m, "at": records.iso(a)} for i, m, a in conn.execute(query)]


def get(conn: Connection, viewer: Actor, record_id: int, photo_id: int) -> tuple[str, bytes]:
    """One photograph, for a viewer entitled to the notice (the view is audited)."""
    row = records.find(conn, record_id)
    if not records.visible_to(viewer, row):
        raise PermissionDeniedError(f"notice {record_id} is not shared with {viewer.name}")
    p = nt.notice_photo.c
    query = select(p.media_type, p.data).where(p.id == photo_id, p.record_id == record_id)
    found = conn.execute(query).first()
    if found is None:
        raise NotFoundError(f"no photograph {photo_id} of notice {record_id}")
    audit.append(conn, viewer.name, viewer.agency, "notice.photo_viewed",
                 {"record": record_id, "photo": photo_id})  # fmt: skip
    return str(found.media_type), bytes(found.data)
