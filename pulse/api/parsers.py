"""The JSON request parser of the API: orjson, strict UTF-8, bounded nesting.

DRF's stock parser lets a RecursionError from deeply nested JSON escape as a 500; orjson
refuses nesting deeper than 1024 levels and invalid UTF-8 with a decode error, which
becomes the usual 400 `Invalid JSON body`.
"""

import orjson
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser


class JSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return orjson.loads(stream.read())
        except orjson.JSONDecodeError:
            raise ParseError("Invalid JSON body")


class PlainTextJSONParser(JSONParser):
    """JSON sent as text/plain: what `navigator.sendBeacon` uses to avoid a CORS preflight."""

    media_type = "text/plain"
