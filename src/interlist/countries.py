"""Country names and codes to the codes the databank keeps ("Netherlands" -> "nl").

followthemoney's country type reads any name or code (through rigour's table of
names in many languages), but its table takes about a second to load in each
process, and a batch worker or a server worker is a new process. A country's own
English name or code, or another English name of it in
``resources/country_names.yml``, what screening files mostly hold, is looked up in
followthemoney's list of countries first; anything else goes to the full table.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from followthemoney.types import registry


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The code of a country named or coded `text`, None if it is none."""
    key = text.strip().lower()
    code = _common().get(key)
    if code is not None:
        return code
    found: str | None = registry.country.clean(text)
    return found


@lru_cache(maxsize=1)
def _common() -> dict[str, str]:
    """Each country's English names and code, lower case, to its code."""
    names = registry.country.names
    common = {label.lower(): code for code, label in names.items()}
    common.update({code: code for code in names})
    common.update(other_names())
    return common


def other_names() -> dict[str, str]:
    """The other English names of countries (resources/country_names.yml)."""
    text = resources.files("interlist").joinpath("resources/country_names.yml").read_text("utf-8")
    found: dict[str, str] = yaml.safe_load(text)
    return found
