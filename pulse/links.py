"""The one rule for links Pulse stores and shows: they point where they say.

Two kinds of link, each checked by one function here:

- `is_http_url`: an absolute `http:`/`https:` URL with a host (any host name, intranet
  sites included), e.g. feedback's `page_url`, links inside changelog content;
- `is_site_link`: that, or a path on the project's own pages (`/roadmap#id`), which the
  widget opens in place: a notification's `link`.

Refused in both: scheme-relative URLs (`//evil.example/x`), backslashes anywhere
(`/\\evil.example/x`, `https:\\\\evil.example`: browsers read `\\` as `/` in http(s) URLs, per
the WHATWG URL standard), whitespace and control characters (browsers drop tabs and newlines
inside URLs, so `/\\t/evil.example` is `//evil.example`), and every other scheme
(`javascript:`, `data:` ...).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

HTTP_SCHEMES = ("http", "https")
HTTP_URL_MESSAGE = "Must be an http(s) URL."
SITE_LINK_MESSAGE = "Must be an absolute http(s) URL or a path starting with a single /."


def _plain(value):
    """No backslash, whitespace or control character (C0, DEL, C1)."""
    return not any(char == "\\" or char.isspace() or ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in value)


def is_http_url(value):
    """True for an absolute http(s) URL with a host and nothing a browser would re-read."""
    if not isinstance(value, str) or not _plain(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an invalid IPv6 literal or port
        return False
    return parts.scheme.lower() in HTTP_SCHEMES and value[len(parts.scheme) :].startswith("://") and bool(host)


def is_site_path(value):
    """True for a path on the project's own pages: `/` then not a second `/`."""
    return isinstance(value, str) and value.startswith("/") and not value.startswith("//") and _plain(value)


def is_site_link(value):
    """True for a notification-style link: a site path or an http(s) URL."""
    return is_site_path(value) or is_http_url(value)


@deconstructible
class LinkValidator:
    """Model/form validator: `site=True` allows site paths too. Empty values are the field's to allow."""

    def __init__(self, site=False):
        self.site = site

    def __call__(self, value):
        if value in ("", None):
            return
        if self.site and not is_site_link(value):
            raise ValidationError(SITE_LINK_MESSAGE, code="invalid_link")
        if not self.site and not is_http_url(value):
            raise ValidationError(HTTP_URL_MESSAGE, code="invalid_link")

    def __eq__(self, other):
        return isinstance(other, LinkValidator) and other.site == self.site


validate_http_url = LinkValidator()
validate_site_link = LinkValidator(site=True)
