"""RSS 2.0 feed of a project's published changelog: `/api/v1/projects/:slug/changelog.rss`.

Built on Django's syndication framework. It lives under /api/, so an unknown slug or a
rate-limited reader gets the JSON envelope like any other API response.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from projects.selectors import get_project_by_slug
from pulse.api.envelopes import error_response
from pulse.api.exceptions import RATE_LIMITED_MESSAGE
from pulse.api.ratelimit import count_request, rate_limit_headers
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


class XmlSafeRss201rev2Feed(Rss201rev2Feed):
    """RSS 2.0 that writes any stored row: every text is cleaned before the XML writer sees it.

    Text is refused at input (`pulse.text`), but a row stored before that rule, or by a path
    outside it (raw SQL, a restored backup), must not take the feed down for every
    subscriber: Django's XML writer raises on C0 controls, and a lone surrogate cannot be
    encoded as UTF-8.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})


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

    def link(self, project):
        return reverse("changelog-list", kwargs={"slug": project.slug})

    def feed_url(self, project):
        return reverse("changelog-feed", kwargs={"slug": project.slug})

    def items(self, project):
        return feed_entries(project.id, FEED_SIZE)

    def item_title(self, entry):
        return f"{entry.version} {entry.title}" if entry.version else entry.title

    def item_description(self, entry):
        # Already sanitised when stored; the feed generator escapes it as XML text.
        return entry.content or entry.summary

    def item_link(self, entry):
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


def changelog_rss(request, slug):
    """The feed, after the API's slug lookup and `general` rate limit."""
    if request.method not in ("GET", "HEAD"):
        return error_response(request, 405, f'Method "{request.method}" not allowed.', {"Allow": "GET, HEAD"})
    usages = count_request(request, group="general", slug=slug)
    headers = rate_limit_headers(usages)
    if any(usage.exceeded for usage in usages):
        return error_response(request, 429, RATE_LIMITED_MESSAGE, headers)
    project = get_project_by_slug(slug)
    if project is None:
        return error_response(request, 404, "Project not found")
    response = ChangelogFeed(project)(request)
    for name, value in headers.items():
        response[name] = value
    return response
