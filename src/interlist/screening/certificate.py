"""A screening certificate: one record's screening as a document an officer can file.

It says who screened whom, when, against which list versions (each list's publication
date and load time), with what result (each hit with its score, or that nothing reached
the threshold), and which audit entry records it. The PDF is rendered by WeasyPrint from
one HTML template (``resources/templates/screening_certificate.html``), in English or
Russian.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from sqlalchemy import Connection

from interlist.store import tables as t
from interlist.store.db import aware
from interlist.store.read import newest_versions

FIELDS = {"name": ("Name", "Имя / наименование"), "birthDate": ("Date of birth", "Дата рождения"),
          "nationality": ("Nationality", "Гражданство"),
          "idNumber": ("Identity document", "Документ")}  # fmt: skip
WORDS = {
    "title": ("Screening certificate", "Справка о проверке по спискам"),
    "screened": ("Screened", "Проверено"),
    "kind": ("Kind", "Вид"),
    "person": ("Person", "Физическое лицо"),
    "organization": ("Organisation", "Организация"),
    "by": ("Screened by", "Проверку провёл"),
    "at": ("Date and time (UTC)", "Дата и время (UTC)"),
    "collection": ("Checked against", "Проверено по"),
    "default": ("every list of the databank", "всем спискам банка данных"),
    "state": ("the lists in force in", "спискам, действующим в государстве"),
    "lists": ("List versions", "Версии списков"),
    "list": ("List", "Список"),
    "published": ("Published", "Опубликован"),
    "loaded": ("Loaded", "Загружен"),
    "result": ("Result", "Результат"),
    "none": (
        "No listed person or organisation reached the threshold of {threshold}.",
        "Ни одно лицо или организация из списков не достигли порога {threshold}.",
    ),
    "found": (
        "{n} possible matches; those from {threshold} on are matches.",
        "Возможных совпадений: {n}; совпадения — с оценки {threshold}.",
    ),
    "match": ("match", "совпадение"),
    "possible": ("possible", "возможно"),
    "score": ("Score", "Оценка"),
    "listed": ("Listed as", "В списке как"),
    "audit": ("Audit log entry", "Запись журнала аудита"),
    "note": (
        "A hit is a lead for a person to review, not a finding that the person screened "
        "is the one listed.",
        "Совпадение — основание для проверки человеком, а не вывод о том, что "
        "проверяемое лицо и есть лицо из списка.",
    ),
}


@dataclass
class Certificate:
    """What one screening was and found."""

    lang: str
    screened_by: str
    agency: str
    at: datetime
    schema: str
    properties: dict[str, str]
    collection: str
    threshold: float
    hits: list[dict[str, Any]]
    versions: list[dict[str, Any]] = field(default_factory=list)
    audit_seq: int | None = None


def versions_in_force(conn: Connection, sources: Iterable[str] | None,
                      hidden: Iterable[str] = ()) -> list[dict[str, Any]]:  # fmt: skip
    """The newest version of each list screened (`sources`; None: every list), without
    the `hidden` ones: its title, publication date and load time."""
    query = newest_versions().order_by(t.source.c.name)
    wanted = None if sources is None else set(sources)
    skip = set(hidden)
    found = []
    for r in conn.execute(query):
        if r.name in skip or (wanted is not None and r.name not in wanted):
            continue
        found.append({"source": r.name, "title": r.title, "version": r.id,
                      "published": r.publisher_date, "loaded": aware(r.loaded_at)})  # fmt: skip
    return found


def html(cert: Certificate) -> str:
    """The certificate as an HTML page (the PDF's source)."""
    ru = cert.lang == "ru"
    words = {k: pair[1] if ru else pair[0] for k, pair in WORDS.items()}
    labels = {k: pair[1] if ru else pair[0] for k, pair in FIELDS.items()}
    text = resources.files("interlist").joinpath("resources/templates/screening_certificate.html")
    env = Environment(autoescape=select_autoescape(["html"]))
    return env.from_string(text.read_text("utf-8")).render(c=cert, w=words, labels=labels)


def pdf(cert: Certificate) -> bytes:
    """The certificate as a PDF."""
    from weasyprint import HTML

    return bytes(HTML(string=html(cert)).write_pdf())
