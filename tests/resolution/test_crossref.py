"""Explicit cross-references: cited UN reference numbers, shared document numbers."""

from __future__ import annotations

from sqlalchemy import Engine

from interlist.resolution.crossref import (
    citations,
    cross_references,
    normalize_number,
    un_reference,
)
from interlist.sources.helpers import make_identification, make_sanction
from tests.resolution.kit import entity, load_source


def test_un_reference_forms() -> None:
    assert un_reference("QDi.12") == "QDi.012"
    assert un_reference("qdi.282.") == "QDi.282"
    assert un_reference("KPI.067") == "KPi.067"
    assert un_reference("QI.A.12.01") == "QDi.012"
    assert un_reference("QE.A.146.14") == "QDe.146"
    assert un_reference("TI.A.155.11") == "TAi.155"
    assert un_reference("E.29.I.11") is None  # old Iran numbers do not carry over
    assert un_reference("passport 1234") is None


def test_citations_in_free_text() -> None:
    text = "UN Ref QDi.420. Associated with QDe.004 (Al-Qaida)."
    assert citations(text) == {"QDi.420"}  # a bare mention is not a citation
    assert citations("UN REF:QE.A.146.14. Also referred to as") == {"QDe.146"}
    assert citations("Annex XIII. UN Listing. UN Ref.KPI.067.") == {"KPi.067"}
    assert citations("UN Ref:QDI.282. Interpol") == {"QDi.282"}
    assert citations("IRe.001. Subordinate of DIO.") == {"IRe.001"}  # opening the text
    assert citations("no reference here") == set()


def _un(engine: Engine) -> None:
    un1 = entity("un-sc-1", "un_sc", name="Nashwan Abd Al-Razzaq Abd Al-Baqi")
    un2 = entity("un-sc-2", "un_sc", "Organization", name="Al-Qaida")
    sanctions = (
        make_sanction(un1, key="ref", reference="QDi.012"),
        make_sanction(un2, key="ref", reference="QDe.004"),
    )
    load_source(engine, "un_sc", un1, un2, extra=sanctions)


def test_uk_citation_links_to_un_entry(engine: Engine) -> None:
    _un(engine)
    uk = entity("gb-ofsi-1", "gb_ofsi", name="ABD AL-BAQI Nashwan", notes="UN Ref QI.A.12.01.")
    wrong = entity("gb-ofsi-2", "gb_ofsi", name="Farooq", notes="UN Ref QDe.004. Emir")
    load_source(engine, "gb_ofsi", uk, wrong)
    with engine.connect() as conn:
        found = cross_references(conn)
    # the person citing an organisation's number is a publisher's slip: not linked
    assert [(r.left, r.right, r.reason) for r in found] == [
        ("gb-ofsi-1", "un-sc-1", "cites UN reference number QDi.012")
    ]


def test_same_document_from_same_country_links_across_sources(engine: Engine) -> None:
    a = entity("us-ofac-1", "us_ofac_sdn", name="Ali Hassan")
    b = entity("us-csl-9", "us_csl", name="Ali Hasan")
    c = entity("us-csl-10", "us_csl", name="Other Person")
    docs_a = (make_identification(a, "A 123-456", country="ir", passport=True),)
    docs_b = (
        make_identification(b, "A123456", country="ir", passport=True),
        make_identification(c, "A123456", country="iq", passport=True),  # other country
    )
    load_source(engine, "us_ofac_sdn", a, extra=docs_a)
    load_source(engine, "us_csl", b, c, extra=docs_b)
    with engine.connect() as conn:
        found = cross_references(conn)
    assert [(r.left, r.right) for r in found] == [("us-csl-9", "us-ofac-1")]
    assert "A123456" in found[0].reason and "ir" in found[0].reason


def test_number_held_twice_in_one_source_links_nothing(engine: Engine) -> None:
    a = entity("us-ofac-1", "us_ofac_sdn", name="Ali Hassan")
    b = entity("us-csl-9", "us_csl", name="Ali Hasan")
    c = entity("us-csl-10", "us_csl", name="Hasan Ali")
    load_source(engine, "us_ofac_sdn", a, extra=(make_identification(a, "998877", country="ir"),))
    load_source(
        engine,
        "us_csl",
        b,
        c,
        extra=(
            make_identification(b, "998877", country="ir"),
            make_identification(c, "998877", country="ir"),
        ),
    )
    with engine.connect() as conn:
        assert cross_references(conn) == []


def test_document_numbers_normalised() -> None:
    assert normalize_number("IMO 9404546") == normalize_number("9404546") == "9404546"
    assert normalize_number("121398 (Manizales)") == "121398"
    assert normalize_number("a-12 34") == "A1234"
