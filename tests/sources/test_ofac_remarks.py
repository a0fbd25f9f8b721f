"""The OFAC remarks grammar on small hand-written examples (shaped like the real Remarks)."""

from __future__ import annotations

import pytest

from interlist.sources.us_ofac.remarks import (
    Document,
    parse_date,
    parse_dob,
    parse_document,
    parse_part,
    parse_remarks,
    split_parts,
)


def test_split_respects_parentheses_and_final_stop() -> None:
    text = "DOB 1960; Passport 1 (Kenya; issued Nairobi); Linked To: ACME S.A."
    assert split_parts(text) == [
        "DOB 1960",
        "Passport 1 (Kenya; issued Nairobi)",
        "Linked To: ACME S.A",
    ]
    assert split_parts("") == []
    assert split_parts(" ; ;") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Jan 1960", "1960-01-12"),
        ("2 Feb 1961", "1961-02-02"),
        ("Jan 1960", "1960-01"),
        ("1960", "1960"),
        ("10 October 1969", "1969-10-10"),
        ("32 Jan 1960", None),
        ("12 Foo 1960", None),
        ("about 1960", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Jan 1960", ["1960-01-12"]),
        ("circa 1960", ["1960"]),
        ("circa 01 Jan 1960", ["1960-01-01"]),
        ("1960 to 1962", ["1960", "1961", "1962"]),
        ("circa 1979-1982", ["1979", "1980", "1981", "1982"]),
        ("1940 to 1960", ["1940", "1960"]),
        ("01 Jan 1960 to 31 Dec 1961", ["1960", "1961"]),
        ("05 Mar 1960 to 07 Apr 1961", ["1960-03-05", "1961-04-07"]),
        ("Jan 1960 to Dec 1960", ["1960-01", "1960-12"]),
        ("unknown", []),
    ],
)
def test_parse_dob(text: str, expected: list[str]) -> None:
    assert parse_dob(text) == expected


def test_passport_with_dates() -> None:
    doc = parse_document("Passport A123456 (Iran) issued 01 Jan 2000 expires 31 Dec 2009")
    assert doc == Document(
        kind="Passport",
        number="A123456",
        country="Iran",
        issued="2000-01-01",
        expires="2009-12-31",
        passport=True,
        holder_property="passportNumber",
    )


@pytest.mark.parametrize(
    ("text", "kind", "number", "country", "prop"),
    [
        ("Tax ID No. 100036386 (Serbia)", "Tax ID No.", "100036386", "Serbia", "taxNumber"),
        (
            "National ID No. 660000 73767 (Belgium)",
            "National ID No.",
            "660000 73767",
            "Belgium",
            None,
        ),
        ("Cedula No. 16247821 (Colombia)", "Cedula No.", "16247821", "Colombia", None),
        (
            "Trade License No. C 50905 (Malta)",
            "Trade License No.",
            "C 50905",
            "Malta",
            "licenseNumber",
        ),
        ("D.N.I. 78.865.882 (Spain)", "D.N.I.", "78.865.882", "Spain", None),
        (
            "SSN 523-33-8386 (United States)",
            "SSN",
            "523-33-8386",
            "United States",
            "socialSecurityNumber",
        ),
        (
            "Unified Social Credit Code (USCC) 91222401MA0Y31E659 (China)",
            "Unified Social Credit Code (USCC)",
            "91222401MA0Y31E659",
            "China",
            "uscCode",
        ),
        (
            "Registration Number HRA 738077 (Stuttgart) (Germany)",
            "Registration Number",
            "HRA 738077 (Stuttgart)",
            "Germany",
            "registrationNumber",
        ),
        ("Registration ID 14063277", "Registration ID", "14063277", None, "registrationNumber"),
    ],
)
def test_identifications(
    text: str, kind: str, number: str, country: str | None, prop: str | None
) -> None:
    doc = parse_document(text)
    assert doc is not None
    assert (doc.kind, doc.number, doc.country, doc.holder_property) == (kind, number, country, prop)
    assert doc.passport is False


@pytest.mark.parametrize(
    "text",
    [
        "Member of the State Duma of the Federal Assembly",
        "Passport 4117921 issued under the name Dilawar Khan",
        "Colonel",
    ],
)
def test_not_documents(text: str) -> None:
    assert parse_document(text) is None


@pytest.mark.parametrize(
    ("part", "prop", "value"),
    [
        ("POB Tehran, Iran", "birthPlace", "Tehran, Iran"),
        ("nationality Korea, North", "nationality", "Korea, North"),
        ("alt. citizen Pakistan", "citizenship", "Pakistan"),
        ("Gender Female", "gender", "female"),
        ("a.k.a. 'BNC'", "weakAlias", "BNC"),
        ("f.k.a. 'ANA I'", "previousName", "ANA I"),
        ("Linked To: HIZBALLAH", "link", "HIZBALLAH"),
        ("Email Address info@example.com", "email", "info@example.com"),
        ("Website http://example.org", "website", "http://example.org"),
        ("Phone Number 982188526300", "phone", "982188526300"),
        ("Vessel Registration Identification IMO 9187629", "imoNumber", "9187629"),
        ("MMSI 572469210", "mmsi", "572469210"),
        ("Vessel Registration Identification 8606173", "registrationNumber", "8606173"),
        ("Organization Established Date 17 Dec 2016", "incorporationDate", "2016-12-17"),
        ("Organization Type: Construction of buildings", "sector", "Construction of buildings"),
        ("Digital Currency Address - XBT 12QtD5BF", "wallet", "XBT 12QtD5BF"),
        ("Aircraft Model IL-76", "model", "IL-76"),
    ],
)
def test_parts(part: str, prop: str, value: str) -> None:
    facts = parse_part(part)
    assert [(f.prop, f.value, f.text) for f in facts] == [(prop, value, part)]


def test_sanction_information_is_a_note() -> None:
    part = "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended"
    assert [f.prop for f in parse_part(part)] == ["sanctionNote"]


def test_unrecognised_parts_are_kept() -> None:
    remarks = parse_remarks("DOB 1960; Colonel; Gender Male; a.k.a. unquoted.")
    assert remarks.unrecognised == ["Colonel", "a.k.a. unquoted"]
    assert remarks.recognised_parts == 2
    assert [f.prop for f in remarks.facts] == ["birthDate", "gender"]


def test_truncated_last_part_is_not_parsed() -> None:
    remarks = parse_remarks("Gender Male; a.k.a. 'snowsjo", truncated=True)
    assert remarks.unrecognised == ["a.k.a. 'snowsjo"]
    remarks = parse_remarks("Gender Male; DOB 1960", truncated=True)
    assert remarks.unrecognised == ["DOB 1960"]
