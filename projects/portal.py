"""The project's own portal pages (pulse/portal.py): the landing page linking each module's
pages, `sitemap.xml`, `robots.txt`, and `theme.css` (the project's accent colour, served
as a stylesheet so that the pages need no inline style under the strict CSP).

The modules that have portal pages are those of pulse/modules.py with a `<label>/portal.py`;
each provides `RESOURCES` (the cached resources its pages show), `landing(portal)` ->
(its section of the landing page, next time-based change) and `sitemap(portal)`.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from projects.models import PORTAL_LOCALES
from pulse.api.caching import earliest
from pulse.api.visitors import TokenRefused, record_signed_visitor, verify_visitor_token
from pulse.modules import MODULES
from pulse.portal import get_portal, portal_page, set_signed_visitor_cookies, theme_version

THEME_MAX_AGE = 86400  # theme.css?v=<digest of the colour>: a new colour is a new URL
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#111827"
FALLBACK_LIGHT = "#3730a3"  # the default accents, used when a project's colour lacks contrast
FALLBACK_DARK = "#a5b4fc"


@cache
def portal_modules():
    """The modules' portal modules, in pulse/modules.py order."""
    found = []
    for module in MODULES:
        name = f"{module.label}.portal"
        if find_spec(name) is not None:
            found.append((module.label, import_module(name)))
    return found


def home(request, slug=None):
    """The landing page: the project's name and logo, its latest changelog entries and its
    roadmap at a glance, with links to each module's pages."""
    portal = get_portal(request, slug)
    resources = tuple(resource for _, module in portal_modules() for resource in module.RESOURCES)

    def build():
        sections, changes = {}, []
        for label, module in portal_modules():
            sections[label], next_change = module.landing(portal)
            changes.append(next_change)
        context = {
            "sections": sections,
            "canonical": portal.absolute_url("portal-home"),
            "section": "home",
            "title": _("Home"),
            "description": _("What’s new in %(name)s, and what is coming next.") % {"name": portal.project.name},
        }
        return context, earliest(*changes)

    return portal_page(request, portal, template="projects/portal_home.html", resources=resources, build=build)


@never_cache
def sso(request, slug=None):
    """`sso?token=<visitor token>&redirect=<path>`: the sign-in link a customer's app opens
    (issue 22, as Canny's SSO redirect). The token is verified exactly as the API's
    `x-pulse-user-token` (`pulse.api.visitors.verify_visitor_token`); the portal's visitor
    cookie becomes the signed visitor's UUID, with its proof for "verified only" projects,
    and the answer is a 302 to `redirect` when it is a path on this host, else to the
    portal's home. A missing or refused token: a 401 page in the portal's language saying
    why, with a way on to the portal as a guest (the link is short-lived, so an expired
    one is the usual case). Never cached."""
    portal = get_portal(request, slug)
    token = request.GET.get("token", "").strip()
    try:
        if not token:
            raise TokenRefused("The link carries no token.")
        visitor_id, claims = verify_visitor_token(token, portal.project)
    except TokenRefused as refused:
        with translation.override(portal.locale):
            html = render_to_string("portal/sso_refused.html", {"portal": portal, "reason": str(refused)})
        response = HttpResponse(html, status=401)
        response["Content-Language"] = portal.locale
        return response
    record_signed_visitor(portal.project, visitor_id, claims)
    response = HttpResponseRedirect(safe_local_redirect(request.GET.get("redirect", ""), portal.home_url))
    set_signed_visitor_cookies(response, portal.project, visitor_id)
    return response


def safe_local_redirect(target, default):
    """`target` when it is a path on this host ("/..." but not "//..." or "/\\..."), else `default`."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return default


class HomeSitemap(Sitemap):
    def __init__(self, portal):
        self.portal = portal

    def items(self):
        return ["home"]

    def location(self, item):
        return self.portal.path("portal-home")


def sitemap(request, slug=None):
    """`sitemap.xml`: the landing page and every published page of every module, on this host."""
    portal = get_portal(request, slug)
    sitemaps = {"home": HomeSitemap(portal)}
    sitemaps.update({label: module.sitemap(portal) for label, module in portal_modules()})
    return sitemap_view(request, sitemaps=sitemaps)


def robots(request, slug=None):
    """`robots.txt`: everything may be crawled; names the sitemap. On a custom domain this is
    the domain's /robots.txt; on the Pulse host it documents the portal's sitemap only."""
    portal = get_portal(request, slug)
    sitemap_url = portal.origin + portal.path("portal-sitemap")
    body = f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n"
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def theme_css(request, slug=None):
    """`theme.css`: the accent colour as CSS variables (`theme_variables`)."""
    portal = get_portal(request, slug)
    theme = theme_variables(portal.project.accent_color)

    def rule(variables):
        return ":root{" + ";".join(f"{name}:{value}" for name, value in variables.items()) + "}"

    body = f"{rule(theme['light'])}\n@media (prefers-color-scheme: dark){{{rule(theme['dark'])}}}\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    versioned = request.GET.get("v") == theme_version(portal.project)
    response["Cache-Control"] = f"public, max-age={THEME_MAX_AGE if versioned else 60}"
    return response


def theme_variables(accent):
    """{"light": {css variable: #rrggbb}, "dark": {...}} of an accent colour: link and button
    colours that keep a contrast of at least 4.5:1 on the light and the dark background
    (WCAG 2 AA), the accent itself otherwise. Served as theme.css to the portal and as JSON
    to the Settings page's live preview (projects/views.py), so both show the same."""
    accent = accent.lower()
    light = accent if contrast(accent, LIGHT_BACKGROUND) >= 4.5 else FALLBACK_LIGHT
    dark = accent if contrast(accent, DARK_BACKGROUND) >= 4.5 else FALLBACK_DARK
    on_accent = "#ffffff" if contrast(accent, "#ffffff") >= contrast(accent, "#000000") else "#000000"
    on_light = "#ffffff" if contrast(light, "#ffffff") >= 4.5 else "#000000"
    on_dark = "#000000" if contrast(dark, "#000000") >= 4.5 else "#ffffff"
    return {
        "light": {
            "--accent": accent,
            "--on-accent": on_accent,
            "--link": light,
            "--button": light,
            "--on-button": on_light,
        },
        "dark": {"--link": dark, "--button": dark, "--on-button": on_dark},
    }


def portal_preview_words():
    """[(locale, {changelog, roadmap, heading, button})]: the portal's words in each of its
    languages, for the Settings page's live preview of the default language."""
    words = []
    for code, _name in PORTAL_LOCALES:
        with translation.override(code):
            words.append(
                (
                    code,
                    {
                        "changelog": _("Changelog"),
                        "roadmap": _("Roadmap"),
                        "heading": _("Latest changes"),
                        "button": _("See the roadmap and vote"),
                        "empty": _("Nothing here yet."),
                    },
                )
            )
    return words


def _luminance(color):
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """The WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)
