"""Lifecycles declared as data: ``resources/lifecycles/<name>.yml`` read once.

A declaration names the statuses of a kind of record, the transitions between
them (who may make each, with which permission, recording which fields) and the
deadlines that run while a record is in some statuses. The code that moves
records (:mod:`interlist.lifecycle.records`), the API's documentation and the web
pages all read the same declaration.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import ConfigError

DURATION = re.compile(r"^\s*(\d+)\s*(hour|day|week|month|year)s?\s*$")


@dataclass(frozen=True)
class Duration:
    """A span of calendar time: so many hours, days, weeks, months or years."""

    count: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Duration:
        found = DURATION.match(str(text))
        if not found:
            raise ConfigError(f"not a duration: {text!r} (e.g. '12 hours', '6 months')")
        return cls(int(found.group(1)), found.group(2))

    def after(self, start: datetime) -> datetime:
        """The moment this long after `start` (months and years by the calendar)."""
        if self.unit in ("hour", "day", "week"):
            return start + timedelta(**{f"{self.unit}s": self.count})
        months = self.count * (12 if self.unit == "year" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year, month = start.year + year, month + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return start.replace(year=year, month=month, day=day)

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'s' if self.count != 1 else ''}"


@dataclass(frozen=True)
class Status:
    name: str
    labels: dict[str, str]
    final: bool = False
    in_force: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]  # the statuses it leaves from (empty: it opens a record)
    target: str
    parties: tuple[str, ...]  # who may make it: requester, recipient, centre, system...
    permission: str
    requires: tuple[str, ...]
    labels: dict[str, str]


@dataclass(frozen=True)
class Deadline:
    name: str
    statuses: tuple[str, ...]
    after: Duration
    field: str | None  # a date field of the record that sets the deadline instead
    restart: tuple[str, ...]
    labels: dict[str, str]
    warn: Duration | None = None  # how long before it falls due the party is warned

    def warn_from(self, due: datetime) -> datetime | None:
        """When the warning before `due` starts (None: no warning declared)."""
        if self.warn is None:
            return None
        months = self.warn.count * (12 if self.warn.unit == "year" else 1)
        if self.warn.unit in ("month", "year"):
            return Duration(-months, "month").after(due)
        return due - (self.warn.after(due) - due)


@dataclass(frozen=True)
class Lifecycle:
    """One kind of record's statuses, transitions and deadlines."""

    name: str
    initial: str
    statuses: dict[str, Status]
    transitions: dict[str, Transition]
    deadlines: dict[str, Deadline]

    def transition(self, name: str) -> Transition:
        found = self.transitions.get(name)
        if found is None:
            known = ", ".join(self.transitions)
            raise ConfigError(f"{self.name}: no transition {name!r} (known: {known})")
        return found

    def allowed_from(self, status: str) -> list[Transition]:
        """The transitions that may leave `status`."""
        return [t for t in self.transitions.values() if status in t.sources]

    def open_statuses(self) -> list[str]:
        return [s.name for s in self.statuses.values() if not s.final]

    def deadline_for(self, status: str) -> Deadline | None:
        return next((d for d in self.deadlines.values() if status in d.statuses), None)

    def label(self, status: str, lang: str = "en") -> str:
        spec = self.statuses.get(status)
        return spec.labels.get(lang, spec.labels.get("en", status)) if spec else status

    def describe(self) -> dict[str, Any]:
        """The declaration as plain data (for the API and the documentation)."""
        return {
            "name": self.name,
            "initial": self.initial,
            "statuses": {n: {"final": s.final, **s.labels} for n, s in self.statuses.items()},
            "transitions": {
                n: {"from": list(t.sources), "to": t.target, "by": list(t.parties),
                    "permission": t.permission, "requires": list(t.requires)}
                for n, t in self.transitions.items()
            },
            "deadlines": {
                n: {"while": list(d.statuses), "after": str(d.after), "field": d.field,
                    "warn": str(d.warn) if d.warn else None}
                for n, d in self.deadlines.items()
            },
        }  # fmt: skip


def due_date(deadline: Deadline, entered: datetime, fields: dict[str, Any]) -> datetime:
    """When a record that entered the deadline's statuses at `entered` is due."""
    value = fields.get(deadline.field) if deadline.field else None
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, 23, 59, 59, tzinfo=entered.tzinfo)
    return deadline.after.after(entered)


@cache
def lifecycle(name: str) -> Lifecycle:
    """The lifecycle declared in resources/lifecycles/<name>.yml (read once)."""
    path = resources.files("interlist").joinpath(f"resources/lifecycles/{name}.yml")
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"no lifecycle named {name!r}") from exc
    return _parse(name, data)


def _parse(name: str, data: dict[str, Any]) -> Lifecycle:
    statuses = {
        key: Status(key, _labels(spec), bool(spec.get("final")), bool(spec.get("in_force")))
        for key, spec in data["statuses"].items()
    }
    transitions = {key: _transition(key, spec) for key, spec in data["transitions"].items()}
    deadlines = {key: _deadline(key, spec) for key, spec in (data.get("deadlines") or {}).items()}
    declared = Lifecycle(name, data["initial"], statuses, transitions, deadlines)
    _check(declared)
    return declared


def _labels(spec: dict[str, Any]) -> dict[str, str]:
    labels = spec.get("label", spec)
    return {lang: str(labels[lang]) for lang in ("en", "ru") if lang in labels}


def _transition(key: str, spec: dict[str, Any]) -> Transition:
    return Transition(
        key, tuple(spec.get("from") or ()), spec["to"], tuple(spec["by"]),
        spec["permission"], tuple(spec.get("requires") or ()), _labels(spec),
    )  # fmt: skip


def _deadline(key: str, spec: dict[str, Any]) -> Deadline:
    return Deadline(
        key, tuple(spec["while"]), Duration.parse(spec["after"]), spec.get("field"),
        tuple(spec.get("restart") or ()), _labels(spec),
        Duration.parse(spec["warn"]) if spec.get("warn") else None,
    )  # fmt: skip


def _check(declared: Lifecycle) -> None:
    """Every status a transition or deadline names is declared; the initial one too."""
    known = set(declared.statuses)
    named = {declared.initial}
    for t in declared.transitions.values():
        named.update(t.sources, [t.target])
    for d in declared.deadlines.values():
        named.update(d.statuses)
    unknown = named - known
    if unknown:
        raise ConfigError(f"lifecycle {declared.name}: unknown statuses {sorted(unknown)}")
