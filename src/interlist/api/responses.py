"""The JSON response class of the API: orjson-encoded bytes, no second validation pass."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse


class JSONBytes(JSONResponse):
    """A JSON response rendered with orjson (dates, numpy-free plain data). A
    `JSONResponse`, so that the OpenAPI document describes each route's declared
    response model rather than a string."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
