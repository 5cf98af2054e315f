"""The embeddable widget: `widget.js` with caching headers, its versioned SRI URL, and the demo page.

`/api/widget/widget.js` is the seed's URL: short public caching, revalidated by a strong ETag.
`/api/widget/widget.<version>.js` serves the same bytes only while they still hash to
`<version>`, so it can be cached for a year and pinned with `integrity` (see `widget_snippet`).
The file is served from `static/widget/` with one include: `banner-colors.js` (the banner
colour rule, also loaded by the dashboard's announcement preview) in place of the
`/* @include banner-colors.js */` line, then minified once per process by rjsmin (comments
and whitespace only, no renaming: the source stays the readable one; 50 KB of source is
14 KB gzipped instead of 16.4). No other build step.
"""

import base64
import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rjsmin
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from projects.management.commands.seed_demo import DEMO_VISITOR_ID
from projects.models import Project

from .api.envelopes import error_response
from .memos import register_memo
from .modules import widget_features
from .security import widget_host_page

WIDGET_FILE = Path(settings.BASE_DIR) / "static" / "widget" / "widget.js"
# The banner colour rule, shared with the dashboard's preview: inlined where widget.js says.
BANNER_COLORS_FILE = WIDGET_FILE.with_name("banner-colors.js")
INCLUDE_BANNER_COLORS = b"/* @include banner-colors.js */"
SHORT_CACHE = "public, max-age=300"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
DEMO_SLUG = "demo"
DEMO_OPTIONS = {
    "theme": ["light", "dark", "auto"],
    "position": ["bottom-right", "bottom-left", "top-right", "top-left"],
    "locale": ["en", "fr", "de", "es"],
}


@dataclass(frozen=True)
class WidgetAsset:
    content: bytes
    gzipped: bytes
    version: str  # first 16 hex digits of the SHA-384 of the content
    integrity: str  # SRI value, "sha384-<base64>"

    @property
    def versioned_path(self):
        return f"/api/widget/widget.{self.version}.js"


def widget_asset():
    """The current widget.js, re-read only when one of its files changes."""
    return _load_asset(*((path.stat().st_mtime_ns, path.stat().st_size) for path in (WIDGET_FILE, BANNER_COLORS_FILE)))


def widget_source():
    """The bytes served as widget.js: `widget.js` with `banner-colors.js` in place of its
    include line, minified (rjsmin)."""
    return rjsmin.jsmin(
        WIDGET_FILE.read_bytes().replace(INCLUDE_BANNER_COLORS, BANNER_COLORS_FILE.read_bytes().strip())
    )


@lru_cache(maxsize=1)
def _load_asset(*stats):
    content = widget_source()
    digest = hashlib.sha384(content).digest()
    return WidgetAsset(
        content=content,
        gzipped=gzip.compress(content, compresslevel=9, mtime=0),
        version=digest.hex()[:16],
        integrity="sha384-" + base64.b64encode(digest).decode(),
    )


register_memo(_load_asset.cache_clear)


def widget_integrity():
    """The SRI `integrity` value of the current widget.js."""
    return widget_asset().integrity


def widget_snippet(request, project_slug, **options):
    """The install `<script>` tag for a project: the versioned URL with its `integrity`.

    `options` become `data-pulse-<name>` attributes (user, api, theme, position, features,
    locale); empty ones are left out. Returns a SafeString, ready to embed; to show it as code
    in a template, use `{{ snippet|force_escape }}`.
    """
    asset = widget_asset()
    extra = format_html_join("", ' data-pulse-{}="{}"', ((name, value) for name, value in options.items() if value))
    return format_html(
        '<script src="{}" integrity="{}" crossorigin="anonymous" data-pulse-project="{}"{} defer></script>',
        request.build_absolute_uri(asset.versioned_path),
        asset.integrity,
        project_slug,
        extra,
    )


@require_safe
def widget_js(request):
    return _serve(request, widget_asset(), SHORT_CACHE)


@require_safe
def versioned_widget_js(request, version):
    asset = widget_asset()
    if version != asset.version:
        # An older version is gone: no other bytes would match the integrity it was pinned with.
        return error_response(request, 404, "Not found")
    return _serve(request, asset, IMMUTABLE_CACHE)


def _serve(request, asset, cache_control):
    use_gzip = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    etag = f'"{asset.version}-gz"' if use_gzip else f'"{asset.version}"'
    headers = {
        "ETag": etag,
        "Cache-Control": cache_control,
        "Vary": "Accept-Encoding",
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    if_none_match = {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}
    if etag in if_none_match or "*" in if_none_match:
        return HttpResponseNotModified(headers=headers)
    response = HttpResponse(
        asset.gzipped if use_gzip else asset.content,
        content_type="text/javascript; charset=utf-8",
        headers=headers,
    )
    if use_gzip:
        response["Content-Encoding"] = "gzip"
    return response


@widget_host_page
def widget_demo(request):
    """A public sample page embedding the widget on the demo project (`seed_demo`).

    Open to anyone, logged in or not, as the README presents it (issue 18): it shows only what
    the widget shows any visitor of the demo project. Without DEBUG it is a 404 when there is
    no demo project.
    """
    if not settings.DEBUG and not Project.objects.filter(slug=DEMO_SLUG).exists():
        raise Http404("No demo project")
    chosen = {name: request.GET.get(name, values[0]) for name, values in DEMO_OPTIONS.items()}
    chosen = {name: value if value in DEMO_OPTIONS[name] else DEMO_OPTIONS[name][0] for name, value in chosen.items()}
    snippet = widget_snippet(
        request,
        DEMO_SLUG,
        user=str(DEMO_VISITOR_ID),
        features=",".join(widget_features()),
        **chosen,
    )
    controls = [(name, values, chosen[name]) for name, values in DEMO_OPTIONS.items()]
    context = {"snippet": snippet, "controls": controls, "visitor_id": DEMO_VISITOR_ID}
    return render(request, "widget/demo.html", context)
