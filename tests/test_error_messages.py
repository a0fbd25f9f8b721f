"""Every domain error a reader of the web pages can meet has its Russian text (issue 21).

The test reads the source: each ``raise SomeError(...)`` of the exception tree
(src/interlist/errors.py) anywhere in src/interlist is rebuilt as the message it makes,
with a sample value for each formatted part, and must come out of
:func:`interlist.error_text.error_text` in Russian with no English word left. A new error
without its `err_*` pattern (resources/messages.yml), or naming a field without its
`fld_*` label, fails here. The errors only the command line, the JSON API or the list
loaders show, which speak English, are left out by file, each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from interlist import errors, i18n
from interlist.error_text import error_text
from tests.web.test_languages import _english

SRC = Path(__file__).resolve().parents[1] / "src" / "interlist"
SAMPLE = "x1"  # a formatted value: a code to the English-word check (it holds a digit)
# Files whose errors no web page shows (the CLI, the API and the loaders speak English).
ENGLISH_ONLY = {
    "cli/": "the command line is in English",
    "api/": "the HTTP API answers in English (JSON)",
    "sources/": "lists are loaded by `interlist ingest`",
    "store/": "the database, its migrations and the loading of lists",
    "maintenance/": "backup, restore and checks, from the command line",
    "matching/": "the matcher's own checks of its build and tables",
    "settings.py": "configuration, read at start",
    "databank.py": "loading lists, from the command line",
    "screening/storage.py": "the screening index's files",
    "screening/run.py": "`interlist screen` over files",
    "screening/dask_engine.py": "`interlist screen --dask`",
    "screening/writers.py": "`interlist screen`'s output files",
    "screening/records.py": "`interlist screen --column`",
    "lifecycle/declaration.py": "the lifecycles' declarations, checked at start",
    "access/roles.py:roles.yml": "resources/roles.yml, checked at start",
    "access/restrict.py:source.restricted_to": "sources.yml, read by `interlist ingest`",
    "freezes/files.py": "`interlist freezes add` from a file",
    "freezes/annual.py": "`interlist freezes return`",
    "reporting/files.py": "`interlist operations results` from a file",
    "reporting/documents.py": "`interlist report annual -o`",
    "resolution/transfer.py": "`interlist judgements import`",
    "notices/sweep.py:output": "`interlist notices sweep -o`",
}
# Raises whose message is not written out where they are: a real example of each.
EXAMPLES = {
    "freezes/basis.py:basis.ref: x1 x1 x1": "basis.ref: kz-fiu-P-1 was delisted from kz_fiu",
    "reporting/operations.py:": "result 3: quantity: a seizure's quantity is a positive number",
    "freezes/register.py:x1: x1": "row 7: amount: '-5' is not a positive amount",
}
ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.InterlistError)
}


def _text(node: ast.expr | None) -> str | None:
    """The text a message expression makes, each formatted value as SAMPLE."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                quoted = isinstance(value, ast.FormattedValue) and value.conversion == ord("r")
                parts.append(f"'{SAMPLE}'" if quoted else SAMPLE)
        return "".join(parts)
    return None


def _message(name: str, call: ast.Call) -> str | None:
    """The message the exception `name` makes from the call's arguments."""
    args = [_text(arg) for arg in call.args]
    keywords = {k.arg: _text(k.value) for k in call.keywords}
    if name == "InputFileError":  # shown by its reason (input_* messages), not its text
        return ""
    if name in ("SourceFormatError", "ListShrinkError"):
        return None if len(args) < 2 else args[1]
    message = args[0] if args else None
    field = args[1] if len(args) > 1 else keywords.get("field")
    has_field = len(call.args) > 1 or "field" in keywords
    if message is not None and has_field:
        return f"{field or SAMPLE}: {message}"
    return message


def raised() -> list[tuple[str, int, str, str | None]]:
    """(file, line, exception, message) of each error of the exception tree made in
    src/ (raised, or made to be shown), but in errors.py itself."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC).as_posix()
        if where == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ERRORS:
                found.append((where, node.lineno, name, _message(name, node)))
    return found


def _english_only(where: str, message: str | None) -> bool:
    for prefix in ENGLISH_ONLY:
        file, _, start = prefix.partition(":")
        if where.startswith(file) and (message or "").startswith(start):
            return True
    return False


def test_every_error_a_page_shows_is_in_russian() -> None:
    errors_seen = raised()
    assert len(errors_seen) > 250  # the walk found the raises
    untranslated = []
    for where, line, name, message in errors_seen:
        if _english_only(where, message) or message == "":
            continue
        message = EXAMPLES.get(f"{where}:{message or ''}", message)
        shown = error_text(message or "", "ru")
        left = _english(shown) if shown != message else ["(no pattern)"]
        if message is None or left:
            untranslated.append(f"{where}:{line} {name}({message!r}) → {shown!r} {left}")
    assert not untranslated, "\n".join(untranslated)


def test_every_exception_left_in_english_is_still_raised() -> None:
    """No stale entry: each file and message start left in English, and each example,
    still names a raise."""
    found = raised()
    for prefix in ENGLISH_ONLY:
        file, _, start = prefix.partition(":")
        assert any(w.startswith(file) and (m or "").startswith(start) for w, _, _, m in found), (
            prefix
        )
    for key in EXAMPLES:
        assert any(f"{w}:{m or ''}" == key for w, _, _, m in found), key


def test_every_message_has_both_languages_and_its_groups() -> None:
    english, russian = i18n.catalogue()["en"], i18n.catalogue()["ru"]
    assert set(english) == set(russian)
    for key in english:
        assert isinstance(english[key], str) and english[key].strip(), key
        assert isinstance(russian[key], str) and russian[key].strip(), key
    for key in (k for k in english if str(k).startswith("err_")):
        groups = re.compile(english[key]).groups
        used = [int(n) for n in re.findall(r"\{(\d+)(?::[\w@]+)?\}", russian[key])]
        assert all(1 <= n <= groups for n in used), key
        kinds = set(re.findall(r"\{\d+:(\w+)(?:@\w+)?\}", russian[key]))
        assert kinds <= {"status", "move", "term", "field", "country"}, key


@pytest.mark.parametrize(
    ("english", "russian"),
    [
        ("notice 5 is published: withdrawn is allowed only from draft, submitted",
         "Запись № 5 в состоянии «Опубликовано»: действие «Отозвать» допускается только из "
         "состояний: Черновик, Направлено на проверку."),
        ("result 3: kind: is required", "Результат 3: вид: обязательное поле."),
        ("NAME: a user named 'ana' exists already",
         "Имя пользователя: пользователь «ana» уже существует."),
        ("unit: firearms is counted in count, not kg",
         "Единица: «Огнестрельное оружие» учитывается в единицах «ед.», а не «кг»."),
        ("the role viewer may not notices",
         "Роль «наблюдатель» не даёт права «розыскные уведомления»."),
    ],
)  # fmt: skip
def test_codes_in_an_error_are_shown_by_their_names(english: str, russian: str) -> None:
    assert error_text(english, "ru") == russian
    assert error_text(english, "en") == english
