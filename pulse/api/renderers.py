"""Renders every API response inside its envelope, with orjson.

Views return plain data; errors reach here as `{"message": ...}` from the exception
handler, marked by DRF with `response.exception`.
"""

import json
from decimal import Decimal

import orjson
from django.http import HttpResponse
from django.utils.encoding import force_str
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

from .envelopes import DataEnvelope, SuccessEnvelope


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    return force_str(value)  # lazy translation strings and similar


def dumps(data):
    try:
        return orjson.dumps(data, default=_default, option=orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC)
    except TypeError:
        # orjson refuses integers beyond 64 bits; stored JSON can hold them (PostgreSQL's jsonb
        # turns a client's 1e29 into 100000000000000000000000000000). The stdlib has no limit.
        return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def data_response(data):
    """A 200 in the `{"data": ..., "error": null}` envelope outside DRF, as EnvelopeRenderer renders it."""
    return HttpResponse(dumps(DataEnvelope.success(data)), content_type="application/json")


class EnvelopeRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None
    envelope = DataEnvelope

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is None:
            return dumps(data)
        if response.status_code in (204, 304):
            return b""
        if getattr(response, "exception", False):
            return dumps(self.envelope.failure(response.status_code, data["message"]))
        return dumps(self.envelope.success(data))


class EventsEnvelopeRenderer(EnvelopeRenderer):
    envelope = SuccessEnvelope


class FirstRendererNegotiation(DefaultContentNegotiation):
    """The API speaks JSON only: answer JSON whatever the Accept header says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type
