"""The widget snippet of a project: script URL, `data-pulse-*` attributes and their options."""

from dataclasses import dataclass

from django.utils.html import escape

THEMES = ["light", "dark"]
POSITIONS = ["bottom-right", "bottom-left", "top-right", "top-left"]
FEATURES = ["feedback", "changelog", "announcements"]


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
    Attribute("data-pulse-theme", False, '"light"', '"light" or "dark".'),
    Attribute(
        "data-pulse-position", False, '"bottom-right"', '"bottom-right", "bottom-left", "top-right" or "top-left".'
    ),
    Attribute(
        "data-pulse-features", False, '"feedback,changelog,announcements"', "Comma-separated list of enabled features."
    ),
]


def widget_script_url(request):
    """Absolute URL of widget.js on this server.

    WIDGET-URL HOOK: when `pulse/widget.py` lands with its versioned / SRI URL function,
    return that here (and pass its integrity hash to `snippet`).
    """
    return request.build_absolute_uri("/api/widget/widget.js")


def snippet(*, script_url, slug, theme="light", position="bottom-right", features=FEATURES, user=None, integrity=None):
    """The <script> tag a customer pastes into their page, one attribute per line."""
    attributes = [("src", script_url)]
    if integrity:
        attributes += [("integrity", integrity), ("crossorigin", "anonymous")]
    attributes.append(("data-pulse-project", slug))
    if user:
        attributes.append(("data-pulse-user", str(user)))
    attributes += [
        ("data-pulse-theme", theme),
        ("data-pulse-position", position),
        ("data-pulse-features", ",".join(features)),
    ]
    lines = [f'  {name}="{escape(value)}"' for name, value in attributes]
    return "<script\n" + "\n".join(lines) + "\n  defer\n></script>"
