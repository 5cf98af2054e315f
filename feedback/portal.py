"""The idea board's public portal pages (pulse/portal.py, issue 20).

- `ideas/?sort=&status=&category=&q=&page=`: the board, trending (the formula of
  feedback/models.py), top or new, filtered, searched, 20 a page;
- `ideas/<id>/`: one idea with its comments (threaded one level, team comments marked) and
  the comment forms; a duplicate merged into another idea redirects there (301);
- `ideas/new/`: the new-idea form; static/portal/portal.js suggests similar ideas while the
  title is typed (`ideas/similar/?title=`, JSON), the form works the same without it;
- `ideas/<id>/vote/` and `ideas/<id>/comments/`: POST forms with CSRF, answered by a 303
  back to the page (or JSON for portal.js's votes).

Pages are cached once for everyone as rendered bytes (`portal.page_bytes`, resource
"ideas", dropped by every idea, vote and comment write: feedback/apps.py); the visitor's
share, their upvotes (`aria-pressed`) and the forms' CSRF token, is put into the bytes by
substitution: the upvote markers in the cached page name the ideas on it, and one query of
`selectors.voted_idea_ids` finds the visitor's. Every write goes through feedback.services
with the visitor id of the portal cookie, the same UUID the API takes as `x-pulse-user-id`.
"""

import re
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pulse.portal import (
    CSRF_PLACEHOLDER,
    LOCALE_PARAMETER,
    PortalRedirect,
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
from pulse.votes import VotingClosed

from . import selectors, services
from .forms import BoardFilterForm, IdeaCommentForm, IdeaPostForm
from .models import Feedback, IdeaStatus, Moderation
from .serializers import IdeaSimilarSerializer

RESOURCES = (selectors.PUBLIC_CACHE_RESOURCE,)
# The words the pages translate ({% translate label %}): the models' labels, marked for the
# catalogues (locale/); tests/ideas/test_portal.py checks they stay the models' labels.
STATUS_LABELS = {
    IdeaStatus.OPEN: gettext_noop("Open"),
    IdeaStatus.UNDER_REVIEW: gettext_noop("Under review"),
    IdeaStatus.PLANNED: gettext_noop("Planned"),
    IdeaStatus.IN_PROGRESS: gettext_noop("In progress"),
    IdeaStatus.COMPLETED: gettext_noop("Completed"),
    IdeaStatus.DECLINED: gettext_noop("Declined"),
}
CATEGORY_LABELS = {
    Feedback.Category.BUG: gettext_noop("Bug"),
    Feedback.Category.FEATURE: gettext_noop("Feature"),
    Feedback.Category.GENERAL: gettext_noop("General"),
}
PAGE_SIZE = 20
NOTICES = ("held", "posted")  # `?notice=`: what a 303 after a post tells the visitor
_UPVOTE = re.compile(rb'data-vote="([0-9a-f-]{36}):up" aria-pressed="false"')


def upvote_marker(idea_id, pressed):
    """The upvote button's attributes in the cached page, and their pressed form (the same
    `data-vote="<id>:up"` as the roadmap's, so portal.js handles both)."""
    return f'data-vote="{idea_id}:up" aria-pressed="{"true" if pressed else "false"}"'


def visitor_page(request, portal, body):
    """The cached `body` with the visitor's share: the CSRF token and their upvotes on the
    ideas the page shows (one query, none for a visitor without the cookie)."""
    replacements = [(CSRF_PLACEHOLDER, get_token(request))]
    visitor_id = visitor_from_cookie(request)
    if visitor_id is not None:
        shown = {match.group(1).decode() for match in _UPVOTE.finditer(body)}
        for idea_id in selectors.voted_idea_ids(idea_ids=sorted(shown), visitor_id=visitor_id):
            replacements.append((upvote_marker(idea_id, False), upvote_marker(idea_id, True)))
    return personal_response(portal, personalise(body, replacements))


def _notice(request):
    notice = request.GET.get("notice", "")
    return notice if notice in NOTICES else ""


def portal_link(portal, path, **params):
    """`path` with the query `params` (empty ones left out) and the switcher's language when
    this page has one (`?lang=`, as Portal.url)."""
    query = [(name, value) for name, value in params.items() if value]
    if portal.locale_pinned:
        query.append((LOCALE_PARAMETER, portal.locale))
    return path + ("?" + urlencode(query) if query else "")


def _common(portal, *, title, description, canonical):
    return {
        "csrf_placeholder": CSRF_PLACEHOLDER,
        "section": "ideas",
        "title": title,
        "description": description,
        "canonical": canonical,
        "new_idea_url": portal.url("portal-idea-new"),
        "statuses": IdeaStatus.choices,
        "categories": Feedback.Category.choices,
    }


# The board


BOARD_DEFAULTS = {"sort": "trending", "page": 1}


def board_params(query, **changes):
    """The board's query parameters for `query` (BoardFilterForm.query) with `changes`, in a
    fixed order, defaults and empty ones left out."""
    merged = {**query, **changes}
    names = ("sort", "status", "category", "q", "page")
    return {name: merged[name] for name in names if merged[name] and BOARD_DEFAULTS.get(name) != merged[name]}


def board(request, slug=None):
    """`ideas/`: the board, 20 ideas a page (one query for the page, whatever the number of
    ideas: a page past the last is a 404), with the visitor's upvotes marked."""
    portal = get_portal(request, slug)
    query = BoardFilterForm.query(request.GET)
    notice = _notice(request)
    base = portal.path("portal-ideas")

    def link(**changes):
        return portal_link(portal, base, **board_params(query, **changes))

    def build():
        ideas = selectors.board_ideas(
            project_id=portal.project.id,
            sort=query["sort"],
            status=query["status"] or None,
            category=query["category"] or None,
            q=query["q"] or None,
        )
        offset = (query["page"] - 1) * PAGE_SIZE
        rows = list(ideas[offset : offset + PAGE_SIZE + 1])  # one more: is there a next page?
        if not rows and query["page"] > 1:
            raise Http404("No such page")
        canonical_query = urlencode(board_params(query))
        context = {
            **_common(
                portal,
                title=_("Ideas"),
                description=_("Ideas for %(name)s: vote for what matters to you, or share your own.")
                % {"name": portal.project.name},
                canonical=portal.absolute_url("portal-ideas") + ("?" + canonical_query if canonical_query else ""),
            ),
            "ideas": rows[:PAGE_SIZE],
            "query": query,
            "notice": notice,
            "here": link(),
            "sorts": [(value, label, link(sort=value, page=1)) for value, label in BoardFilterForm.SORTS],
            "clear_url": portal_link(portal, base, **board_params({**query, "status": "", "category": "", "q": ""})),
            "previous_url": link(page=query["page"] - 1) if query["page"] > 1 else None,
            "next_url": link(page=query["page"] + 1) if len(rows) > PAGE_SIZE else None,
            "idea_base": base,
            "filtered": bool(query["status"] or query["category"] or query["q"]),
        }
        return context, None

    variant = urlencode(board_params(query)) + f"|{notice}"
    cached = page_bytes(
        request, portal, template="feedback/portal_board.html", resources=RESOURCES, build=build, variant=variant
    )
    return visitor_page(request, portal, cached.body)


# One idea


def _board_idea(portal, idea_id):
    """(idea, merged_from) of the board (selectors.board_idea), Http404 when not on it."""
    try:
        idea, merged_from = selectors.board_idea(project_id=portal.project.id, idea_id=idea_id)
    except Feedback.DoesNotExist:
        raise Http404("No such idea") from None
    idea.project = portal.project
    return idea, merged_from


def _idea_context(portal, idea, *, notice="", comment_form=None, reply_to=None):
    comments = selectors.idea_comments(idea_id=idea.pk)
    url = portal.url("portal-idea", idea_id=idea.pk)
    return {
        **_common(
            portal,
            title=idea.title,
            description=idea.description[:200] or _("An idea for %(name)s.") % {"name": portal.project.name},
            canonical=portal.absolute_url("portal-idea", idea_id=idea.pk),
        ),
        "og_type": "article",
        "idea": idea,
        "comments": comments,
        "notice": notice,
        "here": url,
        "idea_base": portal.path("portal-ideas"),
        "comment_url": portal.path("portal-idea-comment", idea_id=idea.pk),
        "comment_form": comment_form or IdeaCommentForm(),
        "reply_to": reply_to,
        "board_url": portal.url("portal-ideas"),
    }


def idea_page(request, idea_id, slug=None):
    """`ideas/<id>/`: the idea, its status and votes, its published comments and the comment
    form. A merged duplicate answers 301 to the idea it was merged into; 404 for an idea
    that is not on the board (private, held, hidden, spam, another project's)."""
    portal = get_portal(request, slug)
    notice = _notice(request)

    def build():  # on a cache miss only: a warm page runs no query
        idea, merged_from = _board_idea(portal, idea_id)
        if merged_from is not None:
            raise PortalRedirect(portal.url("portal-idea", idea_id=idea.pk))
        return _idea_context(portal, idea, notice=notice), None

    try:
        cached = page_bytes(
            request, portal, template="feedback/portal_idea.html", resources=RESOURCES, build=build, variant=notice
        )
    except PortalRedirect as moved:
        return redirect(moved.url, permanent=True)
    return visitor_page(request, portal, cached.body)


def _render_now(request, portal, template, context, *, status):
    """A page with a bound form's errors: rendered for this answer only, never cached."""
    with translation.override(portal.locale):
        html = render_to_string(template, {"portal": portal, "project": portal.project, **context})
    response = visitor_page(request, portal, html.encode())
    response.status_code = status
    return response


def _after_post(response, visitor_id, new_visitor):
    response.status_code = 303
    if new_visitor:
        set_visitor_cookie(response, visitor_id)
    return response


@require_POST
def idea_comment(request, idea_id, slug=None):
    """`ideas/<id>/comments/` (body, display_name, parent_id; `website` is the spam trap):
    the visitor's comment or reply, 303 to it (`?notice=held` when held for approval). 400
    with the page and its errors for bad input or locked comments; 429 over the `feedback`
    rate limit."""
    portal = get_portal(request, slug)
    idea, _merged = _board_idea(portal, idea_id)
    limited = over_rate_limit(request, portal, group="feedback")
    if limited is not None:
        return limited
    form = IdeaCommentForm(request.POST)
    path = portal.path("portal-idea", idea_id=idea.pk)
    if form.is_valid():
        if form.cleaned_data["website"]:
            return _after_post(redirect(portal_link(portal, path)), None, False)
        visitor = portal_visitor(request, portal.project)
        if visitor is None:
            return not_signed_in(portal)
        visitor_id, new_visitor = visitor
        try:
            comment = services.add_visitor_comment(
                idea=idea,
                visitor_id=visitor_id,
                body=form.cleaned_data["body"],
                display_name=form.cleaned_data["display_name"],
                parent_id=form.cleaned_data["parent_id"],
            )
        except services.CommentsLocked:
            form.add_error(None, _("Comments on this idea are closed."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            held = comment.moderation == Moderation.PENDING
            target = portal_link(portal, path, notice="held" if held else "") + f"#comment-{comment.pk}"
            return _after_post(redirect(target), visitor_id, new_visitor)
    context = _idea_context(portal, idea, comment_form=form, reply_to=form.data.get("parent_id") or None)
    return _render_now(request, portal, "feedback/portal_idea.html", context, status=400)


@require_POST
def idea_vote(request, idea_id, slug=None):
    """`ideas/<id>/vote/`: toggle the visitor's upvote (feedback.services.toggle_idea_vote,
    the one vote path). Without JavaScript: 303 to the form's `next` (a path of this site)
    or the idea. With `Accept: application/json` (portal.js): `{"vote_count": n,
    "user_vote": "up" | null}`, the roadmap form's shape. 404 for an idea not on the board
    (a merged duplicate's vote goes to its target); 400 for a completed or declined idea
    (translated text, like the roadmap's); 429 over the `general` rate limit."""
    portal = get_portal(request, slug)
    visitor = portal_visitor(request, portal.project)
    if visitor is None:
        return not_signed_in(portal)
    visitor_id, new_visitor = visitor
    limited = over_rate_limit(request, portal, group="general")
    if limited is not None:
        return limited
    try:
        voted_id, count, voted = services.toggle_idea_vote(
            project_id=portal.project.id, idea_id=idea_id, visitor_id=visitor_id
        )
    except Feedback.DoesNotExist:
        raise Http404("No such idea") from None
    except VotingClosed:
        return text_response(portal, gettext_noop("Voting is closed for this item."), status=400)
    if "application/json" in request.META.get("HTTP_ACCEPT", ""):
        response = JsonResponse({"vote_count": count, "user_vote": "up" if voted else None})
        if new_visitor:
            set_visitor_cookie(response, visitor_id)
        return response
    after = request.POST.get("next", "")
    if not after.startswith("/") or not url_has_allowed_host_and_scheme(after, allowed_hosts={request.get_host()}):
        after = portal.url("portal-idea", idea_id=voted_id)  # a `next` keeps the page's language too
    return _after_post(redirect(after.split("#", 1)[0] + f"#idea-{voted_id}"), visitor_id, new_visitor)


# Posting an idea


@require_http_methods(["GET", "HEAD", "POST"])
def idea_new(request, slug=None):
    """`ideas/new/`: the form (GET, cached); POST posts the idea (feedback.services.submit_idea)
    and answers 303 to its page, or to the board with `?notice=held` when the project holds
    new ideas for approval. 400 with the form's errors; 429 over the `feedback` rate limit.
    A filled `website` (the spam trap) is answered like a success and stored nowhere."""
    portal = get_portal(request, slug)

    def context(form):
        return {
            **_common(
                portal,
                title=_("Share an idea"),
                description=_("Suggest an idea for %(name)s.") % {"name": portal.project.name},
                canonical=portal.absolute_url("portal-idea-new"),
            ),
            "form": form,
            "similar_url": portal.url("portal-ideas-similar"),
            "board_url": portal.url("portal-ideas"),
        }

    if request.method != "POST":
        cached = page_bytes(
            request,
            portal,
            template="feedback/portal_new.html",
            resources=(),
            build=lambda: (context(IdeaPostForm()), None),
        )
        return visitor_page(request, portal, cached.body)
    limited = over_rate_limit(request, portal, group="feedback")
    if limited is not None:
        return limited
    form = IdeaPostForm(request.POST)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        if fields.pop("website"):
            return _after_post(redirect(portal_link(portal, portal.path("portal-ideas"), notice="posted")), None, False)
        visitor = portal_visitor(request, portal.project)
        if visitor is None:
            return not_signed_in(portal)
        visitor_id, new_visitor = visitor
        try:
            idea = services.submit_idea(project=portal.project, visitor_id=visitor_id, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if idea.moderation == Moderation.PENDING:
                target = portal_link(portal, portal.path("portal-ideas"), notice="held")
            else:
                target = portal_link(portal, portal.path("portal-idea", idea_id=idea.pk), notice="posted")
            return _after_post(redirect(target), visitor_id, new_visitor)
    return _render_now(request, portal, "feedback/portal_new.html", context(form), status=400)


@require_GET
def ideas_similar(request, slug=None):
    """`ideas/similar/?title=`: board ideas like the title being typed, most similar first
    (selectors.similar_ideas, as the public API's `ideas/similar`), in the API's envelope:
    `{"data": [{id, title, status, vote_count, similarity, url}], "error": null}`. Served on
    the portal's own origin, so that it answers on a custom domain too (the API does not)."""
    portal = get_portal(request, slug)
    limited = over_rate_limit(request, portal, group="general")
    if limited is not None:
        return limited
    form = BoardFilterForm({"q": request.GET.get("title", "")})
    text = form.cleaned_data["q"] if form.is_valid() else ""
    ideas = selectors.similar_ideas(project=portal.project, text=text)
    data = IdeaSimilarSerializer(ideas, many=True).data
    for row in data:
        row["url"] = portal.url("portal-idea", idea_id=row["id"])
    response = JsonResponse({"data": data, "error": None})
    response["Cache-Control"] = "private, no-cache"
    return response


# The landing page and the sitemap (projects/portal.py)


def landing(portal):
    """The landing page's ideas section: the five trending ideas and the board's links."""
    top = [
        (idea, portal.url("portal-idea", idea_id=idea.pk))
        for idea in selectors.board_ideas(project_id=portal.project.id)[:5]
    ]
    return {"top": top, "url": portal.url("portal-ideas"), "new_url": portal.url("portal-idea-new")}, None


class IdeasSitemap(Sitemap):
    """The board and the new-idea page, for the portal's sitemap."""

    def __init__(self, portal):
        self.portal = portal

    def items(self):
        return ["portal-ideas", "portal-idea-new"]

    def location(self, item):
        return self.portal.path(item)


def sitemap(portal):
    return IdeasSitemap(portal)
