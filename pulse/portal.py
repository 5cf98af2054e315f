"""The public portal's core: which project a request is for, its language, its visitor, and
its pages cached as rendered bytes.

Each module serves its own pages (`changelog/portal.py`, `roadmap/portal.py`, the landing
page, sitemap and robots.txt in `projects/portal.py`) in the URL family
`portal_urlpatterns` (pulse/modules.py). They are mounted twice:

- on the Pulse host under `/portal/<slug>/` (no dashboard, API, admin or static path
  starts with `portal/`, and a slug cannot contain `/`);
- at `/` on a project's custom domain (`CustomDomainMiddleware` routes the request to
  `pulse.portal_urls` when its Host is a registered domain; the allowed hosts include the
  registered domains, pulse/hosts.py).

A portal URL is built with `Portal.url(name, **kwargs)`, which knows which of the two the
request came through. Pages are server-rendered Django templates, readable without
JavaScript, and comply with the strict CSP (no inline script or style: the accent colour
comes from the per-project `theme.css`, the enhancement from static/portal/portal.js).

Caching: `portal_page` renders a page once per (project, origin, path, variant, locale)
and keeps the bytes in the public cache (`pulse.api.caching.cached_page`), dropped by the
same writes that drop the public lists. A visitor's own share (their votes, the CSRF
token of the vote forms) is put into the cached bytes by `personalise` substitutions,
without rendering the page again.
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseNotModified, HttpResponsePermanentRedirect
from django.http.request import validate_host
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_noop

from projects.models import PORTAL_LOCALES
from projects.selectors import custom_domains, get_project_by_slug

from .api.caching import cached_page, if_none_match_matches
from .api.ratelimit import count_request, rate_limit_headers
from .api.visitors import is_verified_only, parse_visitor_id

HOST_URLCONF = "pulse.portal_urls"
LOCALES = tuple(code for code, _ in PORTAL_LOCALES)
LOCALE_PARAMETER = "lang"
PROJECT_RESOURCE = "project"  # the portal's share of a project row (projects.signals)
CSRF_PLACEHOLDER = "__PULSE_PORTAL_CSRF__"


def request_host(request):
    """The request's host name, lower case, without the port (already validated by Django)."""
    host = request.get_host().lower()
    return host.rsplit(":", 1)[0] if not host.endswith("]") else host


class CustomDomainMiddleware:
    """Serve a project's portal at `/` on its custom domain: the request gets the portal's
    URLconf and `request.portal_slug`. Other hosts pass through untouched. No query: the
    domains come from `custom_domains()` (a memo)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request_host(request)
        if not is_configured_host(host):
            slug = custom_domains().get(host)
            if slug is not None:
                request.urlconf = HOST_URLCONF
                request.portal_slug = slug
        return self.get_response(request)


def is_configured_host(host):
    """Whether `host` is one of Pulse's own (an `ALLOWED_HOSTS` entry other than "*"): those
    are never a project's domain, so their requests skip the domain lookup entirely."""
    return validate_host(host, [pattern for pattern in list.__iter__(settings.ALLOWED_HOSTS) if pattern != "*"])


@dataclass
class Portal:
    """The project a portal request is for, and how to link inside its portal.

    `on_custom_domain`: the request came through the project's own domain, so links are
    `/changelog/...`, not `/portal/<slug>/changelog/...`.
    `locale_pinned`: the language came from the switcher (`?lang=`), so the links between
    pages keep it (`url`, `query`); a browser's own language needs no such help.
    """

    project: object
    on_custom_domain: bool
    origin: str  # scheme://host of this request
    locale: str = "en"
    locale_pinned: bool = False
    extra: dict = field(default_factory=dict)

    def path(self, name, **kwargs):
        """The path of the portal page `name` as reached by this request (no query)."""
        if self.on_custom_domain:
            return reverse(name, urlconf=HOST_URLCONF, kwargs=kwargs or None)
        return reverse(name, urlconf=settings.ROOT_URLCONF, kwargs={"slug": self.project.slug, **kwargs})

    def url(self, name, **kwargs):
        """The link to the portal page `name` from this page: its path, with the switcher's
        language when this page has one."""
        return self.path(name, **kwargs) + self.query

    @property
    def query(self):
        """`?lang=<code>` when the switcher chose this page's language, else ""."""
        return f"?{LOCALE_PARAMETER}={self.locale}" if self.locale_pinned else ""

    def absolute_url(self, name, **kwargs):
        """The canonical absolute URL: on the custom domain when the project has one (https,
        the documented set-up terminates TLS at the proxy), else on this request's origin."""
        return canonical_url(self.project, name, origin=self.origin, **kwargs)

    @property
    def home_url(self):
        return self.url("portal-home")

    @property
    def changelog_url(self):
        return self.url("portal-changelog")

    @property
    def roadmap_url(self):
        return self.url("portal-roadmap")

    @property
    def ideas_url(self):
        return self.url("portal-ideas")

    @property
    def rss_url(self):
        return self.path("portal-changelog-rss")

    @property
    def atom_url(self):
        return self.path("portal-changelog-atom")

    @property
    def theme_url(self):
        """theme.css, versioned by the accent colour (so it may be cached for a day)."""
        return self.path("portal-theme") + "?v=" + theme_version(self.project)

    @property
    def locales(self):
        """[(code, name, href)]: the language switcher's links (this page in each language)."""
        return [(code, name, f"?{LOCALE_PARAMETER}={code}") for code, name in PORTAL_LOCALES]


def theme_version(project):
    """The `v` of theme.css's URL: a digest of the accent colour."""
    return hashlib.sha256(project.accent_color.lower().encode()).hexdigest()[:10]


def canonical_url(project, name, *, origin, **kwargs):
    """The absolute URL of a portal page of `project` that search engines and feeds should use."""
    if project.custom_domain:
        return f"https://{project.custom_domain}" + reverse(name, urlconf=HOST_URLCONF, kwargs=kwargs or None)
    return origin + reverse(name, urlconf=settings.ROOT_URLCONF, kwargs={"slug": project.slug, **kwargs})


def public_page_url(project, name, *, anchor="", **kwargs):
    """The absolute URL of a portal page for links that leave a request (notifications,
    outbound events): `canonical_url` on `PULSE_PUBLIC_URL` (or the custom domain) plus
    `anchor`; None when the project's portal is not public."""
    if not project.portal_public:
        return None
    return canonical_url(project, name, origin=settings.PULSE_PUBLIC_URL, **kwargs) + anchor


def get_portal(request, slug=None):
    """The Portal of the request: the slug's project on the Pulse host, the domain's on a
    custom domain. Http404 for an unknown slug and for a project whose portal is not public."""
    host_slug = getattr(request, "portal_slug", None)
    project = get_project_by_slug(host_slug or slug)
    if project is None or not project.portal_public:
        raise Http404("No such portal")
    portal = Portal(
        project=project,
        on_custom_domain=host_slug is not None,
        origin=f"{request.scheme}://{request.get_host()}",
    )
    portal.locale, portal.locale_pinned = negotiate_locale(request, project)
    return portal


def negotiate_locale(request, project):
    """(language, pinned): `?lang=` (the switcher's links; pinned), else the best of the
    visitor's `Accept-Language` among the portal's four, else the project's `default_locale`."""
    asked = request.GET.get(LOCALE_PARAMETER, "")
    if asked in LOCALES:
        return asked, True
    for language, _ in _accepted_languages(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        primary = language.split("-", 1)[0]
        if primary in LOCALES:
            return primary, False
    return (project.default_locale if project.default_locale in LOCALES else "en"), False


def visitor_locale(request, project):
    """The visitor's language among the portal's four (`negotiate_locale`'s choice): what an
    email to an address given in this request is written in."""
    return negotiate_locale(request, project)[0]


def _accepted_languages(header):
    """[(language, q)] of an Accept-Language header, best first; q=0 ones dropped."""
    accepted = []
    for position, part in enumerate(header.split(",")[:20]):
        language, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if language and q > 0:
            accepted.append((language.lower(), q, -position))
    return [(language, q) for language, q, _ in sorted(accepted, key=lambda item: (item[1], item[2]), reverse=True)]


# Visitors


def visitor_from_cookie(request):
    """The portal visitor's UUID from the first-party cookie, or None (absent or malformed)."""
    return parse_visitor_id(request.COOKIES.get(settings.PULSE_PORTAL_VISITOR_COOKIE, ""))


def ensure_visitor(request):
    """(visitor UUID, is_new): the cookie's, or a new random one to set with `set_visitor_cookie`."""
    visitor_id = visitor_from_cookie(request)
    if visitor_id is not None:
        return visitor_id, False
    return uuid.uuid4(), True


def set_visitor_cookie(response, visitor_id):
    """The visitor cookie: the same UUID the API takes as `x-pulse-user-id`; HttpOnly,
    SameSite=Lax (sent on a top-level link from elsewhere, not on cross-site POSTs),
    Secure whenever DEBUG is off, for `PULSE_PORTAL_VISITOR_COOKIE_DAYS`."""
    response.set_cookie(
        settings.PULSE_PORTAL_VISITOR_COOKIE,
        str(visitor_id),
        max_age=int(timedelta(days=settings.PULSE_PORTAL_VISITOR_COOKIE_DAYS).total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


# Signed visitors (issue 22): the SSO link (projects/portal.py) sets the visitor cookie to the
# signed visitor's UUID and, beside it, a proof that this UUID was signed for this project,
# which a "verified only" project's portal writes require.

SIGNED_VISITOR_SALT = "pulse.portal.signed-visitor"
RATE_LIMITED_MESSAGE = gettext_noop("Too many requests. Please try again in a minute.")
NOT_SIGNED_IN_MESSAGE = gettext_noop("Sign in through the product's own site to take part here.")


def _signed_value(project, visitor_id):
    return f"{project.id}:{visitor_id}"


def set_signed_visitor_cookies(response, project, visitor_id):
    """The visitor cookie (`set_visitor_cookie`) and its proof: Django's signing of
    "<project id>:<visitor id>" (HMAC with SECRET_KEY), with the same flags and lifetime."""
    set_visitor_cookie(response, visitor_id)
    response.set_cookie(
        settings.PULSE_PORTAL_SIGNED_COOKIE,
        signing.Signer(salt=SIGNED_VISITOR_SALT).sign(_signed_value(project, visitor_id)),
        max_age=int(timedelta(days=settings.PULSE_PORTAL_VISITOR_COOKIE_DAYS).total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def is_signed_visitor(request, project, visitor_id):
    """Whether the request's proof cookie says `visitor_id` came through `project`'s SSO link."""
    proof = request.COOKIES.get(settings.PULSE_PORTAL_SIGNED_COOKIE, "")
    try:
        return signing.Signer(salt=SIGNED_VISITOR_SALT).unsign(proof) == _signed_value(project, visitor_id)
    except signing.BadSignature:
        return False


def portal_visitor(request, project):
    """(visitor UUID, is_new) for a portal write (`ensure_visitor`), or None when `project`
    is "verified only" and the visitor did not come through its SSO link (answer
    `not_signed_in`)."""
    visitor_id, new_visitor = ensure_visitor(request)
    if is_verified_only(project) and (new_visitor or not is_signed_visitor(request, project, visitor_id)):
        return None
    return visitor_id, new_visitor


def not_signed_in(portal):
    """The 401 of a portal write by an unsigned visitor of a "verified only" project, in the
    portal's language."""
    return text_response(portal, NOT_SIGNED_IN_MESSAGE, status=401)


# Pages

EXTERNAL_IMAGES = {"img-src": ["https:"]}  # django-csp's per-response update (csp.decorators.csp_update)


class PortalRedirect(Exception):  # noqa: N818 (a control-flow signal, like Http404)
    """Raised by a page's `build()`: the requested address is not the page's own one, answer
    a 301 to `url`. Neither it nor Http404 is cached (only pages are), so a page that reads
    its object inside `build()` reads it on a cache miss only."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


def portal_page(request, portal, *, template, resources, build, variant=""):
    """A portal page from the cache, or rendered now and cached: an HttpResponse with a
    strong ETag (304 on If-None-Match) and `Cache-Control: public`.

    - `resources`: the cached public resources the page shows ("changelog", "roadmap");
      the project's own share (`PROJECT_RESOURCE`) is always added;
    - `build()` -> (context dict, datetime of the next time-based change or None), run
      only when the page is not cached; it reads whatever the page shows (the entry of
      an entry page too: the cache is keyed by the requested path), and may raise Http404
      or `PortalRedirect`;
    - `variant`: the normalised query parameters the page depends on (page, filters).

    A warm page runs no query: the project comes from its memo, the bytes from the cache.
    """
    try:
        cached = page_bytes(request, portal, template=template, resources=resources, build=build, variant=variant)
    except PortalRedirect as moved:
        return HttpResponsePermanentRedirect(moved.url)
    etag = cached.etag
    if if_none_match_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(cached.body, content_type="text/html; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.PULSE_PUBLIC_CACHE_SECONDS}"
    response["Content-Language"] = portal.locale
    patch_vary_headers(response, ["Accept-Language"])
    return _with_external_images(response)


def page_bytes(request, portal, *, template, resources, build, variant=""):
    """The cached page (CachedList: etag, body bytes) of `portal_page`, for pages that
    personalise the bytes before answering."""
    page = f"{portal.origin}{request.path}|{variant}|{portal.locale}|{portal.query}"

    def render():
        with translation.override(portal.locale):
            context, next_change = build()
            html = render_to_string(template, {"portal": portal, "project": portal.project, **context})
        return html.encode(), next_change

    return cached_page(
        resources=(PROJECT_RESOURCE, *resources),
        project_id=portal.project.id,
        version=portal.project.content_version,
        page=page,
        build=render,
    )


def personalise(body, replacements):
    """`body` (bytes) with each (old, new) str pair replaced: the visitor's share of a cached page."""
    for old, new in replacements:
        body = body.replace(old.encode(), new.encode())
    return body


def personal_response(portal, body):
    """A page that carries a visitor's share: never stored by shared caches."""
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["Content-Language"] = portal.locale
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return _with_external_images(response)


def text_response(portal, message, *, status):
    """A short plain-text answer (a refused vote) in the portal's language; `message` is
    an English msgid marked with gettext_noop (locale/)."""
    with translation.override(portal.locale):
        text = translation.gettext(message)
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Content-Language"] = portal.locale
    return response


def over_rate_limit(request, portal, *, group):
    """The 429 of a portal write over the `group` rate limit (pulse/api/ratelimit.py, the
    API's counters), in the portal's language with the limit headers; None when it may go on."""
    usages = count_request(request, group=group, slug=portal.project.slug)
    if not any(usage.exceeded for usage in usages):
        return None
    response = text_response(portal, RATE_LIMITED_MESSAGE, status=429)
    for name, value in rate_limit_headers(usages).items():
        response[name] = value
    return response


def _with_external_images(response):
    """The pages' CSP (pulse/security.py) plus HTTPS images: a project's logo and the images
    of its changelog entries live on the team's own hosts (as on the widget's host pages)."""
    response._csp_update = EXTERNAL_IMAGES
    return response


def not_found(request, exception=None):
    """The 404 of a custom domain (the dashboard's 404 page links the dashboard, absent there)."""
    return HttpResponse(render_to_string("portal/404.html", request=request), status=404)
