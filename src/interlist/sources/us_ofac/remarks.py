"""The grammar of OFAC's SDN "Remarks": split them into parts and recognise each part.

OFAC writes everything it knows beyond names and addresses into one free-text field,
as "; "-separated parts: ``DOB 12 Jan 1960; POB Tehran, Iran; Passport A123 (Iran)
issued 01 Jan 2000; Linked To: X.``. :func:`parse_remarks` turns such a text into
:class:`Fact` objects (a property, its value and the published part) and keeps every
part it does not understand in ``unrecognised``, so nothing is lost. It knows nothing
about entities: the parser applies the facts. Document kinds are reference data in
``resources/us_ofac_remarks.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DATE = r"(?:\d{1,2} )?(?:[A-Z][a-z]+ )?\d{4}"
_DOC_TAIL = re.compile(
    rf"^(?P<number>[^\d]*?\d.*?)(?: \((?P<country>[^()]+)\))?"
    rf"(?: issued (?P<issued>{_DATE}))?(?: expires (?P<expires>{_DATE}))?$"
)
_DOC_KEYWORD = re.compile(
    r"^(?P<kind>[^\d()]*(?:No\.?|Number|#|ID|Code|Card|Certificate|License|Passport)"
    r"(?: \([^\d()]*\))?):? (?P<rest>.+)$"
)
_PROSE = re.compile(r"\b[a-z]{4,}\b")  # words in a "number" mean it is a sentence
_QUOTED = re.compile(r"^'(.+)'$")


@dataclass(frozen=True)
class Document:
    """An identity document or registration number named in the remarks."""

    kind: str
    number: str
    country: str | None = None
    issued: str | None = None  # FtM date form
    expires: str | None = None
    passport: bool = False
    holder_property: str | None = None  # e.g. taxNumber: the holder's property for the number


@dataclass(frozen=True)
class Fact:
    """One recognised statement: `prop` is an FtM property name or a special kind
    ("document", "link", "wallet", "sanctionNote", "note")."""

    prop: str
    value: str
    text: str  # the remark part as published (the statement's original value)
    document: Document | None = None


@dataclass
class Remarks:
    """The remark parts of one record, recognised or not."""

    facts: list[Fact] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    recognised_parts: int = 0


def split_parts(text: str) -> list[str]:
    """Split on ';' outside parentheses; strip the final full stop and blanks."""
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    if "(" not in text:
        return [p.strip() for p in text.split(";") if p.strip()]
    parts, depth, start = [], 0, 0
    for pos, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            parts.append(text[start:pos])
            start = pos + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_date(text: str) -> str | None:
    """'12 Jan 1960' -> '1960-01-12', 'Jan 1960' -> '1960-01', '1960' -> '1960', else None."""
    words = text.strip().split()
    if not words or len(words) > 3 or not (words[-1].isdigit() and len(words[-1]) == 4):
        return None
    year = words[-1]
    if len(words) == 1:
        return year
    month = MONTHS.get(words[-2][:3].lower())
    if month is None:
        return None
    if len(words) == 2:
        return f"{year}-{month:02d}"
    if not words[0].isdigit() or not 1 <= int(words[0]) <= 31:
        return None
    return f"{year}-{month:02d}-{int(words[0]):02d}"


def parse_dob(text: str) -> list[str]:
    """Dates of a DOB text: single dates, 'circa 1960', ranges '1960 to 1962' / '1960-1962'.

    A range of years gives every year when it spans <= 10 years, else its two ends; a
    range of exact dates from 01 Jan to 31 Dec counts as a range of years."""
    text = text.strip()
    for prefix in ("circa ", "approximately ", "approx. "):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    ends = re.split(r" to |(?<=\d{4})-(?=\d{4}$)", text)
    dates = [parse_date(end) for end in ends]
    if not dates or any(d is None for d in dates) or len(dates) > 2:
        return []
    found = [d for d in dates if d is not None]
    if len(found) == 2:
        return _date_range(found[0], found[1])
    return found


def _date_range(start: str, end: str) -> list[str]:
    if start.endswith("-01-01") and end.endswith("-12-31"):
        start, end = start[:4], end[:4]
    if len(start) == len(end) == 4 and 0 <= int(end) - int(start) <= 10:
        return [str(year) for year in range(int(start), int(end) + 1)]
    return [start, end]


@cache
def _reference() -> dict:
    text = resources.files("interlist").joinpath("resources/us_ofac_remarks.yml").read_text()
    data = yaml.safe_load(text)
    data["kinds"] = sorted(data["kinds"], key=len, reverse=True)
    return data


def _holder_property(kind: str) -> str | None:
    for rule in _reference()["holder_properties"]:
        if rule["contains"] in kind:
            return str(rule["property"])
    return None


def parse_document(text: str) -> Document | None:
    """'Passport A123 (Iran) issued 01 Jan 2000 expires 01 Jan 2005' -> Document, else None."""
    found = _DOC_KEYWORD.match(text)
    if found is not None:
        kind, rest = found["kind"].strip(), found["rest"]
    else:
        known = next((k for k in _reference()["kinds"] if text.startswith(k + " ")), None)
        if known is None:
            return None
        kind, rest = known, text[len(known) + 1 :]
    tail = _DOC_TAIL.match(rest.lstrip(": "))
    if tail is None or _PROSE.search(tail["number"]):
        return None
    issued = parse_date(tail["issued"]) if tail["issued"] else None
    expires = parse_date(tail["expires"]) if tail["expires"] else None
    return Document(
        kind=kind,
        number=tail["number"].strip(),
        country=tail["country"],
        issued=issued,
        expires=expires,
        passport="Passport" in kind,
        holder_property=_holder_property(kind),
    )


Rule = Callable[[str, str], list[Fact]]


def _dates(prop: str) -> Rule:
    return lambda rest, text: [Fact(prop, d, text) for d in parse_dob(rest)]


def _plain(prop: str) -> Rule:
    return lambda rest, text: [Fact(prop, rest.strip(), text)] if rest.strip() else []


def _quoted(prop: str) -> Rule:
    def rule(rest: str, text: str) -> list[Fact]:
        found = _QUOTED.match(rest.strip())
        return [Fact(prop, found[1], text)] if found else []

    return rule


def _gender(rest: str, text: str) -> list[Fact]:
    value = rest.strip().lower()
    return [Fact("gender", value, text)] if value in ("male", "female") else []


def _wallet(rest: str, text: str) -> list[Fact]:
    currency, _, address = rest.strip().partition(" ")
    return [Fact("wallet", f"{currency} {address}", text)] if address and " " not in address else []


def _note(rest: str, text: str) -> list[Fact]:
    return [Fact("sanctionNote", text, text)]


def _field_note(rest: str, text: str) -> list[Fact]:
    return [Fact("note", text, text)]


def _unknown(rest: str, text: str) -> list[Fact]:
    return []


# Part prefix -> rule, tried longest prefix first. The rule gets the rest of the part.
RULES: dict[str, Rule] = {
    "DOB ": _dates("birthDate"),
    "POB ": _plain("birthPlace"),
    "nationality ": _plain("nationality"),
    "citizen ": _plain("citizenship"),
    "Gender ": _gender,
    "a.k.a. ": _quoted("weakAlias"),
    "f.k.a. ": _quoted("previousName"),
    "n.k.a. ": _quoted("alias"),
    "Linked To: ": _plain("link"),
    "Email Address ": _plain("email"),
    "Email:": _plain("email"),
    "Email ": _plain("email"),
    "Website ": _plain("website"),
    "Phone Number ": _plain("phone"),
    "Phone: ": _plain("phone"),
    "Phone No. ": _plain("phone"),
    "Telephone ": _plain("phone"),
    "Telephone: ": _plain("phone"),
    "Telephone Number: ": _plain("phone"),
    "Vessel Registration Identification IMO ": _plain("imoNumber"),
    "Vessel Registration Identification ": _plain("registrationNumber"),
    "Identification Number IMO ": _plain("imoNumber"),
    "Company Number IMO ": _plain("imoNumber"),
    "MMSI ": _plain("mmsi"),
    "Former Vessel Flag ": _plain("pastFlags"),
    "Vessel Year of Build ": _dates("buildDate"),
    "Organization Established Date ": _dates("incorporationDate"),
    "Organization Type: ": _plain("sector"),
    "Target Type ": _plain("classification"),
    "Aircraft Manufacturer's Serial Number (MSN) ": _plain("serialNumber"),
    "Aircraft Manufacture Date ": _dates("buildDate"),
    "Aircraft Model ": _plain("model"),
    "Aircraft Tail Number ": _plain("registrationNumber"),
    "Aircraft Operator ": _plain("operator"),
    "Aircraft Construction Number (also called L/N or S/N or F/N) ": _field_note,
    "Previous Aircraft Tail Number ": _field_note,
    "Fax ": _unknown,
    "Fax: ": _unknown,
    "Nationality of Registration ": _plain("jurisdiction"),
    "Other Vessel Type ": _plain("pastTypes"),
    "Aircraft Mode S Transponder Code ": _plain("icaoCode"),
    "Digital Currency Address - ": _wallet,
    "Secondary sanctions risk:": _note,
    "Additional Sanctions Information -": _note,
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:": (
        _note
    ),
    "Executive Order 13662 Directive Determination": _note,
    "Executive Order 13846 information:": _note,
    "CAATSA Section 235 Information:": _note,
    "Listing Date (EO 14024": _note,
    "Effective Date (EO 14024": _note,
    "Effective Date (CMIC)": _note,
    "Purchase/Sales For Info": _note,
    "For more information on directives": _note,
    "IFCA Determination -": _note,
}
# First word of a prefix -> its prefixes, longest first (one dict look-up per part).
_BY_WORD: dict[str, list[str]] = {}
for _prefix in sorted(RULES, key=len, reverse=True):
    _BY_WORD.setdefault(_prefix.split(" ")[0].split(":")[0], []).append(_prefix)


def parse_part(part: str) -> list[Fact]:
    """The facts of one remark part ('alt.' dropped), or [] when it is not understood."""
    text = part[5:] if part.startswith("alt. ") else part
    for prefix in _BY_WORD.get(text.split(" ", 1)[0].split(":")[0], ()):
        if text.startswith(prefix):
            return RULES[prefix](text[len(prefix) :], part)
    document = parse_document(text)
    if document is not None:
        return [Fact("document", document.number, part, document)]
    return []


def parse_remarks(text: str | None, truncated: bool = False) -> Remarks:
    """All facts of a Remarks text. When `truncated` (a 1000-character field whose end
    was cut off and not continued), the last part is kept unparsed."""
    remarks = Remarks()
    parts = split_parts(text or "")
    for pos, part in enumerate(parts):
        facts = [] if truncated and pos == len(parts) - 1 else parse_part(part)
        if facts:
            remarks.facts.extend(facts)
            remarks.recognised_parts += 1
        else:
            remarks.unrecognised.append(part)
    return remarks
