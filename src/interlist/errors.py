"""One exception tree for interlist.

Every error a user can cause derives from :class:`InterlistError`. Foreign
exceptions (lxml, csv, SQLAlchemy, ...) are translated at the boundary where they
happen (``raise SourceFormatError(...) from exc``), so the CLI and the API only
need to know this tree. Each class carries the HTTP status the API answers with.
"""

from __future__ import annotations

from pathlib import Path


class InterlistError(Exception):
    """Base of every error interlist raises on purpose."""

    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle without calling __init__ again (errors cross process boundaries)."""
        return (_rebuild, (self.__class__, self.message, self.__dict__))


def _rebuild(cls: type[InterlistError], message: str, state: dict[str, object]) -> InterlistError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ConfigError(InterlistError):
    """A setting or command-line option is wrong."""

    status_code = 400


class SourceError(InterlistError):
    """A list file cannot be read or loaded."""

    status_code = 400


class UnknownFormatError(SourceError):
    """No parser recognises the file."""


class SourceFormatError(SourceError):
    """A list file is malformed: the message names the file and the line or element."""

    def __init__(self, path: Path | str, message: str, location: str | None = None) -> None:
        self.path = str(path)
        self.location = location
        where = f"{self.path}, {location}" if location else self.path
        super().__init__(f"{where}: {message}")


class ListShrinkError(SourceError):
    """A new version of a list would delist a large share of it: held, nothing stored."""

    def __init__(self, path: Path | str, source: str, delisted: int, listed: int) -> None:
        self.path, self.source = str(path), source
        self.delisted, self.listed = delisted, listed
        share = 100 * delisted / listed if listed else 100
        super().__init__(
            f"{self.path}: this version of {source} would delist {delisted:,} of its "
            f"{listed:,} listed parties ({share:.0f}%); a file cut short looks like this. "
            "Held: nothing was stored. If the list really shrank, load it with --accept-shrink."
        )


class StoreError(InterlistError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(InterlistError):
    """An entity, source or other object does not exist."""

    status_code = 404


class InvalidInputError(InterlistError):
    """A query or input record is invalid; the message names the field."""

    status_code = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class PermissionDeniedError(InterlistError):
    """The user may not do this."""

    status_code = 403


class ConflictError(InterlistError):
    """The action is not allowed now: a workflow transition from the wrong status, or a
    record changed by someone else meanwhile."""

    status_code = 409


class AuditIntegrityError(InterlistError):
    """The audit chain is broken: an entry was altered or deleted."""

    status_code = 500


class InputFileError(InvalidInputError):
    """An input file (a batch to screen, an upload) cannot be read. The message names the
    file, the line or row where it is known, and why; ``reason`` (a key of
    :data:`interlist.screening.inputs.PROBLEMS`) and ``values`` let a page say the same
    in the reader's language."""

    def __init__(self, path: Path | str, reason: str, message: str, line: int | None = None,
                 row: int | None = None, **values: object) -> None:  # fmt: skip
        self.path = str(path)
        self.file_name = Path(path).name
        self.reason, self.line, self.row, self.values = reason, line, row, values
        self.detail = message
        where = f", line {line}" if line else f", row {row}" if row else ""
        super().__init__(f"{self.path}{where}: {message}")

    def named(self, name: str) -> InputFileError:
        """The same error naming the file as its sender called it (an upload is read
        from a temporary file whose name means nothing to them)."""
        return InputFileError(name, self.reason, self.detail, self.line, self.row, **self.values)
