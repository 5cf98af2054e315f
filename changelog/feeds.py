"""RSS 2.0 and Atom 1.0 feeds of a project's published changelog:
`/api/v1/projects/:slug/changelog.rss` and `changelog.atom`, and the same feeds in the
portal (`changelog/feed.rss`, `changelog/feed.atom`, changelog/portal.py).

Built on Django's syndication framework. Each item links to the entry's portal page (its
canonical URL: the project's custom domain when it has one); when the project's portal is
not public, to the public list `#<id>` as before. Under /api/, an unknown slug or a
rate-limited reader gets the JSON envelope like any other API response.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from projects.selectors import get_project_by_slug
from pulse.api.envelopes import error_response
from pulse.api.exceptions import RATE_LIMITED_MESSAGE
from pulse.api.ratelimit import count_request, rate_limit_headers
from pulse.portal import canonical_url
from pulse.text import clean_text

from .models import EntryType
from .selectors import feed_entries

FEED_SIZE = 50


def _xml_safe(value):
    """A feed value with what XML 1.0 cannot carry replaced (`pulse.text.clean_text`)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    return value


class _CarriageReturnsAsReferences:
    """A file wrapper that writes each carriage return as the character reference `&#13;`.

    An XML parser turns a literal CR (and CRLF) into LF (XML 1.0, section 2.11), so a title
    stored with "\r" would reach feed readers changed; a reference survives. Django's XML
    writer never puts a CR in markup, so every CR it writes is text or an attribute value,
    where the reference means the same character. The writer may hand over str or, through
    its own text wrapper, UTF-8 bytes (in which 0x0D is only ever CR).
    """

    def __init__(self, outfile):
        self._outfile = outfile

    def write(self, data):
        if isinstance(data, str):
            return self._outfile.write(data.replace("\r", "&#13;"))
        return self._outfile.write(bytes(data).replace(b"\r", b"&#13;"))

    def __getattr__(self, name):
        return getattr(self._outfile, name)


class XmlSafeFeedMixin:
    """A feed writer that writes any stored row, and writes it so that readers get it unchanged.

    Text is refused at input (`pulse.text`), but a row stored before that rule, or by a path
    outside it (raw SQL, a restored backup), must not take the feed down for every
    subscriber: Django's XML writer raises on C0 controls, and a lone surrogate cannot be
    encoded as UTF-8. Carriage returns, which the rule allows, are written as references.
    """

    def write(self, outfile, encoding):
        super().write(_CarriageReturnsAsReferences(outfile), encoding)

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})


class XmlSafeRss201rev2Feed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class XmlSafeAtom1Feed(XmlSafeFeedMixin, Atom1Feed):
    pass


class ChangelogFeed(Feed):
    """One instance per request (it holds the project), so nothing is shared across threads."""

    feed_type = XmlSafeRss201rev2Feed

    def __init__(self, project):
        super().__init__()
        self.project = project

    def get_object(self, request, *args, **kwargs):
        return self.project

    def title(self, project):
        return f"{project.name} changelog"

    def description(self, project):
        return f"What's new in {project.name}."

    feed_url_name = "changelog-feed"

    def link(self, project):
        if project.portal_public:
            return canonical_url(project, "portal-changelog", origin="")
        return reverse("changelog-list", kwargs={"slug": project.slug})

    def feed_url(self, project):
        return reverse(self.feed_url_name, kwargs={"slug": project.slug})

    def items(self, project):
        return feed_entries(project.id, FEED_SIZE)

    def item_title(self, entry):
        return f"{entry.version} {entry.title}" if entry.version else entry.title

    def item_description(self, entry):
        # Already sanitised when stored; the feed generator escapes it as XML text.
        return entry.content or entry.summary

    def item_link(self, entry):
        if self.project.portal_public:
            return canonical_url(
                self.project, "portal-changelog-entry", origin="", entry_id=entry.pk, title=entry.permalink_slug
            )
        return self.link(self.project) + f"#{entry.id}"

    def item_guid(self, entry):
        return f"urn:uuid:{entry.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_categories(self, entry):
        return [EntryType(entry.type).label] + ([entry.category] if entry.category else [])


class AtomChangelogFeed(ChangelogFeed):
    feed_type = XmlSafeAtom1Feed
    feed_url_name = "changelog-atom"

    def subtitle(self, project):
        return self.description(project)


def changelog_rss(request, slug):
    """The RSS feed, after the API's slug lookup and `general` rate limit."""
    return _api_feed(request, slug, ChangelogFeed)


def changelog_atom(request, slug):
    """The Atom feed, after the API's slug lookup and `general` rate limit."""
    return _api_feed(request, slug, AtomChangelogFeed)


def _api_feed(request, slug, feed_class):
    if request.method not in ("GET", "HEAD"):
        return error_response(request, 405, f'Method "{request.method}" not allowed.', {"Allow": "GET, HEAD"})
    usages = count_request(request, group="general", slug=slug)
    headers = rate_limit_headers(usages)
    if any(usage.exceeded for usage in usages):
        return error_response(request, 429, RATE_LIMITED_MESSAGE, headers)
    project = get_project_by_slug(slug)
    if project is None:
        return error_response(request, 404, "Project not found")
    response = feed_class(project)(request)
    for name, value in headers.items():
        response[name] = value
    return response
