"""The JSON response class of the API: orjson-encoded bytes, no second validation pass."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONBytes(Response):
    """A JSON response rendered with orjson (dates, numpy-free plain data)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
