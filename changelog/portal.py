"""The changelog's public portal pages (pulse/portal.py): the index (newest first, paginated,
filtered by type and category), one page per entry at a stable permalink, its feeds and
its part of the sitemap.

Permalink: `changelog/<entry id>/<slug of version and title>/`. The id never changes; the
readable part follows the entry's title, and a request with an old or missing one is
redirected (301) to the current address, so a link shared before a retitle still lands.
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pulse.portal import LOCALE_PARAMETER, PortalRedirect, get_portal, portal_page

from .feeds import AtomChangelogFeed, ChangelogFeed
from .models import EntryType
from .selectors import (
    PUBLIC_CACHE_RESOURCE,
    neighbours,
    next_scheduled_at,
    portal_categories,
    portal_entries,
    published_entry,
)

RESOURCES = (PUBLIC_CACHE_RESOURCE,)  # dropped by every changelog write (changelog/apps.py)
TYPES = {value for value, _ in EntryType.choices}
# EntryType's labels, marked for the portal's translations (locale/; the widget's t_* words);
# translated when shown (`{% translate %}`). A test keeps them equal to the model's.
TYPE_LABELS = {
    EntryType.FEATURE: gettext_noop("New feature"),
    EntryType.IMPROVEMENT: gettext_noop("Improvement"),
    EntryType.FIX: gettext_noop("Bug fix"),
    EntryType.SECURITY: gettext_noop("Security"),
    EntryType.DEPRECATION: gettext_noop("Deprecation"),
    EntryType.ANNOUNCEMENT: gettext_noop("Announcement"),
}
_FIRST_IMAGE = re.compile(r"""<img\b[^>]*\bsrc="(https://[^"]+)\"""")


def entry_slug(entry):
    return entry.permalink_slug


def entry_image(entry):
    """The first https image of the entry's (sanitised) content, for its social card; or None."""
    match = _FIRST_IMAGE.search(entry.content or "")
    return match.group(1) if match else None


def entry_path(portal, entry):
    return portal.url("portal-changelog-entry", entry_id=entry.pk, title=entry_slug(entry))


def changelog_index(request, slug=None):
    """`changelog/?type=&category=&page=`: published entries, newest first, 20 a page.

    An unknown type or category shows no entries of it (the filter is applied as asked);
    a page past the last is a 404.
    """
    portal = get_portal(request, slug)
    project = portal.project
    entry_type = request.GET.get("type", "")
    entry_type = entry_type if entry_type in TYPES else ""
    category = request.GET.get("category", "")[:50]
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1

    def build():
        paginator = Paginator(
            portal_entries(project.id, type=entry_type, category=category), settings.PULSE_PORTAL_PAGE_SIZE
        )
        try:
            page = paginator.page(number)
        except EmptyPage:
            if number == 1:
                page = None
            else:
                raise Http404("No such page") from None
        base = portal.path("portal-changelog")
        filters = [(name, value) for name, value in (("type", entry_type), ("category", category)) if value]

        def page_query(n, *, links=True):
            params = [*filters, *([("page", n)] if n > 1 else [])]
            if links and portal.locale_pinned:
                params.append((LOCALE_PARAMETER, portal.locale))
            return f"?{urlencode(params)}" if params else ""

        def page_url(n):
            return base + page_query(n)

        entries = list(page.object_list) if page else []
        context = {
            "entries": [(entry, entry_path(portal, entry)) for entry in entries],
            "page": page,
            "previous_url": page_url(number - 1) if page and page.has_previous() else None,
            "next_url": page_url(number + 1) if page and page.has_next() else None,
            "types": list(TYPE_LABELS.items()),
            "categories": portal_categories(project.id),
            "type": entry_type,
            "category": category,
            "canonical": portal.absolute_url("portal-changelog") + page_query(number, links=False),
            "section": "changelog",
            "title": _("Changelog"),
            "description": _("What’s new in %(name)s.") % {"name": project.name},
        }
        return context, next_scheduled_at(project.id)

    variant = f"type={entry_type}&category={category}&page={number}"
    return portal_page(
        request, portal, template="changelog/portal_index.html", resources=RESOURCES, build=build, variant=variant
    )


def changelog_entry(request, entry_id, title=None, slug=None):
    """`changelog/<id>/<title>/`: one published entry with its previous and next ones.

    404 for an unknown id, a draft, or an entry scheduled for later; 301 to the current
    permalink when the readable part is missing or outdated.
    """
    portal = get_portal(request, slug)

    def build():
        # Read on a cache miss only: the cached bytes are keyed by this path (id and title).
        entry = published_entry(portal.project.id, entry_id)
        if entry is None:
            raise Http404("No such entry")
        if title != entry_slug(entry):
            raise PortalRedirect(entry_path(portal, entry))
        newer, older = neighbours(entry)
        context = {
            "entry": entry,
            "type_label": TYPE_LABELS[entry.type],
            "newer": newer and (newer, entry_path(portal, newer)),
            "older": older and (older, entry_path(portal, older)),
            "image": entry_image(entry),
            "canonical": portal.absolute_url("portal-changelog-entry", entry_id=entry.pk, title=entry_slug(entry)),
            "section": "changelog",
            "title": str(entry),
            "description": entry.summary or Truncator(strip_tags(entry.content)).words(40) or entry.title,
            "og_type": "article",
        }
        return context, next_scheduled_at(portal.project.id)

    return portal_page(request, portal, template="changelog/portal_entry.html", resources=RESOURCES, build=build)


def changelog_rss(request, slug=None):
    """The portal's RSS 2.0 feed (the same feed as the API's `changelog.rss`)."""
    portal = get_portal(request, slug)
    return ChangelogFeed(portal.project)(request)


def changelog_atom(request, slug=None):
    """The portal's Atom 1.0 feed."""
    portal = get_portal(request, slug)
    return AtomChangelogFeed(portal.project)(request)


LANDING_ENTRIES = 5


def landing(portal):
    """The landing page's changelog section: the newest entries and the index's address."""
    entries = portal_entries(portal.project.id)[:LANDING_ENTRIES]
    latest = [(entry, entry_path(portal, entry)) for entry in entries]
    return {"latest": latest, "url": portal.url("portal-changelog")}, next_scheduled_at(portal.project.id)


class ChangelogSitemap(Sitemap):
    """The changelog index and every published entry's permalink (paths on the request's host)."""

    def __init__(self, portal):
        self.portal = portal

    def items(self):
        entries = portal_entries(self.portal.project.id).only("id", "version", "title", "updated_at")
        return [None, *entries]

    def location(self, item):
        if item is None:
            return self.portal.path("portal-changelog")
        return entry_path(self.portal, item)

    def lastmod(self, item):
        return None if item is None else item.updated_at


def sitemap(portal):
    return ChangelogSitemap(portal)
