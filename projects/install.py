"""The widget snippet of a project: its `<script>` tag, the `data-pulse-*` options and their docs.

The pinned tag (versioned URL + `integrity`) comes from `pulse.widget.widget_snippet`; the
unpinned one uses the seed's `/api/widget/widget.js`, which follows every Pulse upgrade.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from pulse.modules import default_widget_features, widget_features
from pulse.portal import canonical_url
from pulse.widget import DEMO_OPTIONS, widget_snippet

THEMES = DEMO_OPTIONS["theme"]
POSITIONS = DEMO_OPTIONS["position"]
LOCALES = DEMO_OPTIONS["locale"]
FEATURES = widget_features()
DEFAULT_FEATURES = default_widget_features()


@dataclass(frozen=True)
class Attribute:
    name: str
    required: bool
    default: str
    description: str


ATTRIBUTES = [
    Attribute("data-pulse-project", True, "—", "Your project's URL slug."),
    Attribute(
        "data-pulse-user",
        False,
        "null",
        "UUID of the visitor (sent as x-pulse-user-id): enables unseen counts, voting and dismissals. "
        "Pass a stable UUID derived from your own user id for signed-in users.",
    ),
    Attribute("data-pulse-api", False, "auto-detected", "Override the API base URL."),
    Attribute("data-pulse-theme", False, '"light"', '"light", "dark" or "auto" (follows the visitor\'s system).'),
    Attribute(
        "data-pulse-position", False, '"bottom-right"', '"bottom-right", "bottom-left", "top-right" or "top-left".'
    ),
    Attribute(
        "data-pulse-features",
        False,
        f'"{",".join(DEFAULT_FEATURES)}"',
        f"Comma-separated list of enabled features: {', '.join(FEATURES)}.",
    ),
    Attribute("data-pulse-locale", False, "the page's language", "Interface language: en, fr, de or es."),
    Attribute(
        "data-pulse-portal",
        False,
        "none",
        "Your public portal's address (filled in while the portal is public): each changelog entry, "
        "roadmap item and notification about one gets a link to its portal page, opened in a new tab.",
    ),
    Attribute(
        "data-pulse-banner-layout",
        False,
        '"card"',
        '"card": banners float over the top of the page; "bar": a full-width bar that pushes the page down. '
        'On phones several banners stack as one with "n more".',
    ),
]


def portal_root(request, project):
    """The project's portal landing page without its final `/` (its custom domain when it has
    one, else this Pulse host), or "" when the portal is not public."""
    if not project.portal_public:
        return ""
    return canonical_url(project, "portal-home", origin=f"{request.scheme}://{request.get_host()}").rstrip("/")


def script_tag(request, slug, *, pinned=True, **options):
    """The `<script>` tag for `slug`; `options` become `data-pulse-<name>` attributes (empty ones left out).

    Pinned: this exact widget version with Subresource Integrity, so a tampered file never
    runs; after a Pulse upgrade the tag must be copied again. Unpinned: always the latest.
    """
    if pinned:
        return widget_snippet(request, slug, **options)
    extra = format_html_join("", ' data-pulse-{}="{}"', ((name, value) for name, value in options.items() if value))
    return format_html(
        '<script src="{}" data-pulse-project="{}"{} defer></script>',
        request.build_absolute_uri(reverse("widget-js")),
        slug,
        extra,
    )


def one_attribute_per_line(tag):
    """The tag as it is best read and pasted: each attribute on its own line."""
    text = re.sub(r'" (?=[a-z-]+=)', '"\n  ', str(tag))
    return text.replace("<script ", "<script\n  ", 1).replace(" defer></script>", "\n  defer\n></script>")
