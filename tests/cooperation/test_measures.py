"""The measures a listing obliges, from the sources' declarations and recognitions."""

from __future__ import annotations

from sqlalchemy import Engine

from interlist.cooperation.measures import Measures
from tests.cooperation.kit import setup_states


def test_measures_by_source(engine: Engine) -> None:
    setup_states(engine)
    with engine.connect() as conn:
        measures = Measures(conn)
        assert measures.of_source("un_sc") == ("asset_freeze", "travel_ban", "arms_embargo")
        assert measures.of_source("us_csl") == ("export_restriction",)
        assert measures.of_source("notices") == ()
        assert measures.of_source("no_such_list") == ()


def test_recognitions_add_their_measures(engine: Engine) -> None:
    setup_states(engine)
    with engine.connect() as conn:
        measures = Measures(conn)
        decided = [{"measures": ["travel_ban", "entry_ban"]}]
        assert measures.in_force(["us_ofac_sdn"], decided) == [
            "asset_freeze", "entry_ban", "travel_ban"]  # fmt: skip
        assert measures.in_force(["us_csl"], []) == ["export_restriction"]
