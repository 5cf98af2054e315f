"""Dashboard pages of feedback: the inbox with filters and counts, and the thread with triage."""

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from projects.access import ADMIN, get_for_project, project_view
from projects.deletion import confirm_delete
from projects.selectors import verified_visitors

from . import selectors, services
from .forms import InboxFilterForm, TeamMessageForm, TriageForm
from .models import Feedback

PAGE_SIZE = 50


@project_view()
def inbox(request, project):
    filter_form = InboxFilterForm(request.GET or None)
    filters = filter_form.filters()
    counts = dict(Feedback.objects.filter(project=project).order_by().values_list("status").annotate(count=Count("id")))
    feedback = selectors.inbox(project_id=project.id, **filters)
    page = Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("page"))
    # Count the rows on the plain query; annotate message counts on this page's rows only.
    items = list(selectors.with_message_count(feedback)[page.start_index() - 1 : page.end_index()]) if page else []
    verified = verified_visitors(project_id=project.id, visitor_ids=[item.user_id for item in items])
    for item in items:
        item.verified_visitor = verified.get(item.user_id)
    context = {
        "project": project,
        "filter_form": filter_form,
        "page": page,
        "items": items,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in Feedback.Status.choices],
        "total": sum(counts.values()),
        "active_status": filters.get("status"),
        "query_without_status": _without(request.GET, "status", "page"),
        "query_without_page": _without(request.GET, "page"),
    }
    return render(request, "feedback/inbox.html", context)


def _without(querydict, *keys):
    query = querydict.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


@project_view()
def detail(request, project, pk, message_form=None):
    feedback = get_for_project(selectors.feedback_with_thread(project_id=project.id), project, pk=pk)
    thread = list(feedback.messages.all())
    team_ids = {m.sender_id for m in thread if m.sender_role == "team" and m.sender_id.isdigit()}
    usernames = dict(get_user_model().objects.filter(pk__in=team_ids).values_list("pk", "username"))
    verified = verified_visitors(project_id=project.id, visitor_ids=[feedback.user_id])
    feedback.verified_visitor = verified.get(feedback.user_id)
    for message in thread:
        message.sender_name = _sender_name(message, usernames)
        if message.sender_role != "team":
            message.verified_visitor = feedback.verified_visitor
    context = {
        "project": project,
        "feedback": feedback,
        "thread": thread,
        "message_form": message_form or TeamMessageForm(),
        "triage_form": TriageForm(initial={"status": feedback.status, "priority": feedback.priority}),
        "possible_duplicates": selectors.possible_duplicates(project=project, feedback=feedback),
    }
    return render(request, "feedback/detail.html", context)


def _sender_name(message, usernames):
    """The team member's username for dashboard replies; else "Team" (API key) or "Visitor"."""
    if message.sender_id.isdigit() and int(message.sender_id) in usernames:
        return usernames[int(message.sender_id)]
    return "Team" if message.sender_role == "team" else "Visitor"


@require_POST
@project_view()
def add_message(request, project, pk):
    feedback = get_for_project(Feedback.objects.select_related("project"), project, pk=pk)
    form = TeamMessageForm(request.POST)
    if not form.is_valid():
        return detail(request, project.slug, pk=pk, message_form=form)
    services.add_team_message(
        feedback=feedback, message=form.cleaned_data["message"], is_public=form.is_public, sender_id=request.user.pk
    )
    messages.success(request, "Reply sent; the visitor is notified." if form.is_public else "Internal note added.")
    return redirect("feedback-dashboard-detail", slug=project.slug, pk=feedback.pk)


@require_POST
@project_view()
def triage(request, project, pk):
    feedback = get_for_project(Feedback.objects.select_related("project"), project, pk=pk)
    form = TriageForm(request.POST)
    if form.is_valid():
        previous = feedback.status
        services.change_feedback(
            feedback=feedback, status=form.cleaned_data["status"], priority=form.cleaned_data["priority"]
        )
        note = " The visitor is notified." if feedback.status != previous and feedback.user_id else ""
        messages.success(request, f"Saved: {feedback.get_status_display()}, {feedback.get_priority_display()}.{note}")
    else:
        messages.error(request, "Choose a valid status and priority.")
    return redirect("feedback-dashboard-detail", slug=project.slug, pk=feedback.pk)


@project_view(ADMIN)
def feedback_delete(request, project, pk):
    """Confirm, then delete feedback (spam) with its thread and the notifications about it."""
    feedback = get_for_project(Feedback.objects.all(), project, pk=pk)
    count = feedback.messages.count()
    return confirm_delete(
        request,
        project=project,
        kind="feedback",
        name=feedback.title,
        consequences=[
            f"Its thread ({count} message{'s' if count != 1 else ''}) goes with it.",
            "The visitor no longer sees it in the widget, nor the notifications about it.",
        ],
        delete=lambda: services.delete_feedback(feedback=feedback),
        cancel_url=reverse("feedback-dashboard-detail", kwargs={"slug": project.slug, "pk": feedback.pk}),
        done_url=reverse("feedback-dashboard", kwargs={"slug": project.slug}),
    )


@require_POST
@project_view()
def merge_duplicate(request, project, pk):
    """ "Merge into this" from the possible duplicates (issue 23): POST `into` (the id of the
    item to keep). Without `confirmed`, a confirmation page (its form posts here again with
    `confirmed`); with it, this item is merged into that one (`services.merge_ideas`: votes
    and comments move, this one redirects there) and the page of the kept one is shown.
    404 for an id that is not one of the project's; a refused merge (not both on the board,
    already merged) is shown as the service's message on this item's page."""
    source = get_for_project(Feedback.objects.all(), project, pk=pk)
    try:
        into = uuid.UUID(request.POST.get("into", ""))
    except ValueError:
        raise Http404("No such item") from None
    target = get_for_project(Feedback.objects.all(), project, pk=into)
    if request.POST.get("confirmed") != "yes":
        return render(request, "feedback/confirm_merge.html", {"project": project, "source": source, "target": target})
    try:
        services.merge_ideas(source=source, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("feedback-dashboard-detail", slug=project.slug, pk=source.pk)
    messages.success(request, f"“{source.title}” was merged into this idea; its followers are notified.")
    return redirect("feedback-dashboard-detail", slug=project.slug, pk=target.pk)
