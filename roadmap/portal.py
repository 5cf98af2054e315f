"""The roadmap's public portal page (pulse/portal.py): published entries grouped by
milestone and status with their vote counts, the visitor's own votes, and voting without
JavaScript (a POST form, CSRF-protected, answered by a 303 back to the entry).

The page is cached once for everyone (`portal.page_bytes`); the visitor's share, their
votes (`aria-pressed`) and the forms' CSRF token, is put into the cached bytes by
substitution (`personalise`), not by rendering again. A vote goes through
`roadmap.services.toggle_vote`, the API's one vote path, with the visitor id from the
portal's cookie: the same UUID column, so one visitor has one vote whichever way they vote.
"""

from itertools import groupby

from django.contrib.sitemaps import Sitemap
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import SubscribeForm
from notifications.services import subscribe
from pulse.portal import (
    CSRF_PLACEHOLDER,
    get_portal,
    not_signed_in,
    over_rate_limit,
    page_bytes,
    personal_response,
    personalise,
    portal_visitor,
    set_visitor_cookie,
    text_response,
    visitor_from_cookie,
)
from pulse.votes import VoteType, VotingClosed

from .models import RoadmapEntry
from .selectors import PUBLIC_CACHE_RESOURCE, public_roadmap, published_entries, visitor_votes
from .services import toggle_vote

RESOURCES = (PUBLIC_CACHE_RESOURCE,)  # dropped by entry writes and by every vote (roadmap/signals.py)
STATUS_ORDER = [RoadmapEntry.Status.IN_PROGRESS, RoadmapEntry.Status.PLANNED, RoadmapEntry.Status.COMPLETED]
# The shown statuses' labels, marked for the portal's translations (locale/; the widget's s_*
# words); translated when shown. A test keeps them equal to the model's.
STATUS_LABELS = {
    RoadmapEntry.Status.IN_PROGRESS: gettext_noop("In progress"),
    RoadmapEntry.Status.PLANNED: gettext_noop("Planned"),
    RoadmapEntry.Status.COMPLETED: gettext_noop("Completed"),
}


def vote_marker(entry_id, vote_type, pressed):
    """The button attributes the cached page carries, and their pressed form."""
    return f'data-vote="{entry_id}:{vote_type}" aria-pressed="{"true" if pressed else "false"}"'


def milestones(entries):
    """[{number, name, statuses: [{status, label, entries}]}]: published entries by milestone
    (ascending), then by status (in progress, planned, completed; cancelled ones are not shown)."""
    grouped = []
    for number, items in groupby(entries, key=lambda entry: entry.milestone_number):
        items = list(items)
        name = next((entry.milestone_name for entry in items if entry.milestone_name), "")
        statuses = []
        for status in STATUS_ORDER:
            of_status = [entry for entry in items if entry.feature_status == status]
            if of_status:
                statuses.append({"status": status, "label": STATUS_LABELS[status], "entries": of_status})
        if statuses:
            grouped.append({"number": number, "name": name, "statuses": statuses})
    return grouped


def roadmap_page(request, slug=None):
    """`roadmap/`: the published roadmap, with the visitor's votes marked (private response)."""
    portal = get_portal(request, slug)

    def build():
        entries, next_change = public_roadmap(project_id=portal.project.id)
        context = {
            "milestones": milestones(entries),
            "csrf_placeholder": CSRF_PLACEHOLDER,
            "canonical": portal.absolute_url("portal-roadmap"),
            "portal_vote_base": portal.path("portal-roadmap"),
            "section": "roadmap",
            "title": _("Roadmap"),
            "description": _("What %(name)s is working on next. Vote for what matters to you.")
            % {"name": portal.project.name},
        }
        return context, next_change

    cached = page_bytes(request, portal, template="roadmap/portal.html", resources=RESOURCES, build=build)
    replacements = [(CSRF_PLACEHOLDER, get_token(request))]
    visitor_id = visitor_from_cookie(request)
    if visitor_id is not None:
        for entry_id, vote_type in visitor_votes(project_id=portal.project.id, visitor_id=visitor_id).items():
            replacements.append((vote_marker(entry_id, vote_type, False), vote_marker(entry_id, vote_type, True)))
    return personal_response(portal, personalise(cached.body, replacements))


@require_POST
def roadmap_vote(request, entry_id, slug=None):
    """`roadmap/<id>/vote/` (form field `vote_type`: up or down): toggle the visitor's vote.

    Without JavaScript: 303 to the roadmap at the entry. With `Accept: application/json`
    (static/portal/portal.js): `{"vote_count": n, "user_vote": "up" | "down" | null}`.
    A first vote gives the visitor their cookie. 400 for another vote_type or an entry
    whose voting is closed (completed, cancelled: roadmap/services.py), 404 for an
    entry that is not published in this project, 429 over the `general` rate limit, 401 on
    a "verified only" project for a visitor who did not come through its SSO link.
    """
    portal = get_portal(request, slug)
    vote_type = request.POST.get("vote_type", "")
    if vote_type not in VoteType.values:
        return text_response(portal, gettext_noop("Choose up or down."), status=400)
    visitor = portal_visitor(request, portal.project)
    if visitor is None:
        return not_signed_in(portal)
    visitor_id, new_visitor = visitor
    limited = over_rate_limit(request, portal, group="general")
    if limited is not None:
        return limited
    try:
        vote_count, user_vote = toggle_vote(
            entry_id=entry_id,
            project_id=portal.project.id,
            visitor_id=visitor_id,
            vote_type=vote_type,
            published_only=True,
        )
    except RoadmapEntry.DoesNotExist:
        raise Http404("No such entry") from None
    except VotingClosed:
        return text_response(portal, gettext_noop("Voting is closed for this item."), status=400)
    if "application/json" in request.META.get("HTTP_ACCEPT", ""):
        response = JsonResponse({"vote_count": vote_count, "user_vote": user_vote})
    else:
        response = redirect(portal.url("portal-roadmap") + f"#entry-{entry_id}")
        response.status_code = 303
    if new_visitor:
        set_visitor_cookie(response, visitor_id)
    return response


@require_http_methods(["GET", "POST"])
def roadmap_subscribe(request, entry_id, slug=None):
    """`roadmap/<id>/subscribe/`: "email me when this ships" without JavaScript.

    POST (form field `email`, CSRF-protected): the address follows the entry through
    `notifications.services.subscribe`, the public subscribe API's path (double opt-in: a
    confirmation link is emailed), then 303 to this URL; GET: the "check your inbox" page.
    400 with the form again for a bad address, 404 for an entry not published in this
    project, 429 over the `feedback` rate limit (the subscribe API's group).
    """
    portal = get_portal(request, slug)
    entry = published_entries(project_id=portal.project.id).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry")
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        refused = over_rate_limit(request, portal, group="feedback")
        if refused is not None:
            return refused
        if form.is_valid():
            subscribe(
                project=portal.project,
                email=form.cleaned_data["email"],
                visitor_id=visitor_from_cookie(request),
                changelog=False,
                locale=portal.locale,
                entry=entry,
            )
            response = redirect(portal.url("portal-roadmap-subscribe", entry_id=entry.pk) + "?sent=1")
            response.status_code = 303
            return response
        status = 400
    context = {
        "portal": portal,
        "project": portal.project,
        "entry": entry,
        "form": form,
        "sent": request.GET.get("sent") == "1",
        "section": "roadmap",
        "title": _("Email me when this ships"),
        "canonical": portal.absolute_url("portal-roadmap"),
        "roadmap_anchor": portal.url("portal-roadmap") + f"#entry-{entry.pk}",
    }
    with translation.override(portal.locale):
        html = render_to_string("roadmap/portal_subscribe.html", context, request=request)
    response = personal_response(portal, html.encode())
    response.status_code = status
    return response


def landing(portal):
    """The landing page's roadmap section: counts by status and the most voted open entries."""
    entries, next_change = public_roadmap(project_id=portal.project.id)
    open_entries = [entry for entry in entries if entry.feature_status in STATUS_ORDER[:2]]
    top = sorted(open_entries, key=lambda entry: -entry.vote_count)[:5]
    statuses = [entry.feature_status for entry in entries]
    counts = {label: statuses.count(status) for status, label in STATUS_LABELS.items()}
    return {"top": top, "counts": counts, "url": portal.url("portal-roadmap")}, next_change


class RoadmapSitemap(Sitemap):
    """The roadmap page, for the portal's sitemap (projects/portal.py)."""

    def __init__(self, portal):
        self.portal = portal

    def items(self):
        return ["roadmap"]

    def location(self, item):
        return self.portal.path("portal-roadmap")


def sitemap(portal):
    return RoadmapSitemap(portal)
