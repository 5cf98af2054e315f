"""Dashboard pages of feedback: the inbox with filters and counts, the thread with triage,
and the idea board view (issue 20): the public ideas with their moderation, and one idea's
page with every team action (approve, hide, spam, delete, lock comments, status, merge,
promote to the roadmap, team comments), each a POST form through feedback.services."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from projects.access import ADMIN, get_for_project, project_view
from projects.deletion import confirm_delete
from projects.selectors import verified_visitors

from . import selectors, services
from .forms import (
    BoardAdminFilterForm,
    CommentsLockForm,
    IdeaModerationForm,
    IdeaStatusForm,
    InboxFilterForm,
    MergeForm,
    PromoteForm,
    PublishForm,
    TeamCommentForm,
    TeamMessageForm,
    TriageForm,
)
from .models import Feedback, IdeaComment, Moderation

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
        "publish_form": PublishForm() if not feedback.is_idea else None,
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


# The idea board view (issue 20)


@project_view()
def board(request, project):
    """The team's board: every public idea (held, hidden, spam and merged ones too), newest
    first, filtered; `?moderation=pending` is the approval queue."""
    filter_form = BoardAdminFilterForm(request.GET or None)
    filters = filter_form.filters()
    public = Feedback.objects.filter(project=project, visibility=Feedback.Visibility.PUBLIC).order_by()
    counts = dict(public.values_list("moderation").annotate(count=Count("id")))
    page = Paginator(selectors.board_admin_ideas(project_id=project.id, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "project": project,
        "filter_form": filter_form,
        "page": page,
        "moderation_counts": [(value, label, counts.get(value, 0)) for value, label in Moderation.choices],
        "total": sum(counts.values()),
        "active_moderation": filters.get("moderation"),
        "pending_comments": IdeaComment.objects.filter(idea__project=project, moderation=Moderation.PENDING).count(),
        "query_without_moderation": _without(request.GET, "moderation", "page"),
        "query_without_page": _without(request.GET, "page"),
    }
    return render(request, "feedback/board.html", context)


def _public_ideas(project):
    return Feedback.objects.filter(visibility=Feedback.Visibility.PUBLIC).select_related("project", "merged_into")


@project_view()
def board_idea(request, project, pk):
    """One idea for the team: its moderation, status, votes, every comment, and the actions."""
    idea = get_for_project(_public_ideas(project), project, pk=pk)
    idea.verified_visitor = verified_visitors(project_id=project.id, visitor_ids=[idea.user_id]).get(idea.user_id)
    comments = list(selectors.admin_idea_comments(idea_id=idea.pk))
    context = {
        "project": project,
        "idea": idea,
        "comments": comments,
        "moderations": Moderation.choices,
        "status_form": IdeaStatusForm(initial={"status": idea.idea_status}),
        "merge_form": MergeForm(idea=idea),
        "promote_form": PromoteForm(initial={"feature_name": idea.title[:200]}),
        "team_comment_form": TeamCommentForm(),
        "possible_duplicates": selectors.possible_duplicates(project=project, feedback=idea),
        "portal_url": reverse("portal-idea", kwargs={"slug": project.slug, "idea_id": idea.pk})
        if project.portal_public
        else None,
    }
    return render(request, "feedback/board_idea.html", context)


def idea_action(form_class):
    """Decorate `action(request, project, idea, form) -> message`: a POST on one public idea
    of the project with a valid `form_class`; the message is shown and the browser goes
    back to the idea's page. An invalid form or a refused change (the service's
    ValidationError) is shown as an error instead."""

    def decorator(action):
        @require_POST
        @project_view()
        @wraps(action)
        def view(request, project, pk):
            idea = get_for_project(_public_ideas(project), project, pk=pk)
            form = form_class(request.POST, **({"idea": idea} if form_class is MergeForm else {}))
            if not form.is_valid():
                messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
                return redirect("feedback-board-idea", slug=project.slug, pk=idea.pk)
            try:
                message, to = action(request, project, idea, form)
            except (ValidationError, services.FollowsRoadmap, services.CommentsLocked) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return redirect("feedback-board-idea", slug=project.slug, pk=idea.pk)
            messages.success(request, message)
            return redirect(to or reverse("feedback-board-idea", kwargs={"slug": project.slug, "pk": idea.pk}))

        return view

    return decorator


@idea_action(IdeaModerationForm)
def idea_moderate(request, project, idea, form):
    moderation = Moderation(form.cleaned_data["moderation"])
    services.moderate_idea(idea=idea, moderation=moderation)
    back = request.POST.get("back") == "queue"
    to = reverse("feedback-board", kwargs={"slug": project.slug}) + "?moderation=pending" if back else None
    return f"“{idea.title}”: {moderation.label.lower()}.", to


@idea_action(IdeaStatusForm)
def idea_status(request, project, idea, form):
    services.change_idea_status(idea=idea, status=form.cleaned_data["status"])
    return f"“{idea.title}” is now {idea.idea_status.label.lower()}; its author and voters are notified.", None


@idea_action(CommentsLockForm)
def idea_lock(request, project, idea, form):
    services.lock_comments(idea=idea, locked=form.cleaned_data["locked"])
    return ("Comments are locked." if idea.comments_locked else "Comments are open again."), None


@idea_action(MergeForm)
def idea_merge(request, project, idea, form):
    target = services.merge_ideas(source=idea, target=form.cleaned_data["into"])
    message = f"“{idea.title}” was merged into “{target.title}”: {target.vote_count} votes there now."
    return message, reverse("feedback-board-idea", kwargs={"slug": project.slug, "pk": target.pk})


@idea_action(PromoteForm)
def idea_promote(request, project, idea, form):
    entry = services.promote_to_roadmap(idea=idea, feature_name=form.cleaned_data["feature_name"])
    return f"On the roadmap as “{entry.feature_name}” (planned); the idea's status follows it.", None


@idea_action(TeamCommentForm)
def idea_team_comment(request, project, idea, form):
    services.add_team_comment(idea=idea, body=form.cleaned_data["body"], sender_id=request.user.pk)
    return "Comment posted as the team; the idea's followers are notified.", None


@require_POST
@project_view()
def comment_moderate(request, project, pk, comment_pk):
    """Approve, hide or mark as spam one comment of an idea (feedback.services.moderate_comment)."""
    idea = get_for_project(_public_ideas(project), project, pk=pk)
    comment = get_object_or_404(IdeaComment.objects.select_related("idea"), pk=comment_pk, idea=idea)
    form = IdeaModerationForm(request.POST)
    if form.is_valid():
        services.moderate_comment(comment=comment, moderation=form.cleaned_data["moderation"])
        messages.success(request, f"Comment: {Moderation(comment.moderation).label.lower()}.")
    else:
        messages.error(request, "Choose a valid moderation state.")
    return redirect(reverse("feedback-board-idea", kwargs={"slug": project.slug, "pk": idea.pk}) + "#comments")


@project_view(ADMIN)
def comment_delete(request, project, pk, comment_pk):
    """Confirm, then delete a comment with its replies (feedback.services.delete_comment)."""
    idea = get_for_project(_public_ideas(project), project, pk=pk)
    comment = get_object_or_404(IdeaComment.objects.select_related("idea"), pk=comment_pk, idea=idea)
    back = reverse("feedback-board-idea", kwargs={"slug": project.slug, "pk": idea.pk})
    return confirm_delete(
        request,
        project=project,
        kind="comment",
        name=comment.body[:60],
        consequences=["Its replies go with it.", "The idea's comment count follows."],
        delete=lambda: services.delete_comment(comment=comment),
        cancel_url=back,
        done_url=back,
    )


@project_view(ADMIN)
def idea_delete(request, project, pk):
    """Confirm, then delete an idea with its votes, comments and the notifications about it."""
    idea = get_for_project(_public_ideas(project), project, pk=pk)
    return confirm_delete(
        request,
        project=project,
        kind="idea",
        name=idea.title,
        consequences=[
            f"Its {idea.vote_count} vote{'s' if idea.vote_count != 1 else ''} and its comments go with it.",
            "Duplicates merged into it become ideas of their own again.",
        ],
        delete=lambda: services.delete_idea(idea=idea),
        cancel_url=reverse("feedback-board-idea", kwargs={"slug": project.slug, "pk": idea.pk}),
        done_url=reverse("feedback-board", kwargs={"slug": project.slug}),
    )


@require_POST
@project_view()
def publish(request, project, pk):
    """Put a private feedback item on the board: the team's explicit, confirmed action."""
    feedback = get_for_project(Feedback.objects.select_related("project"), project, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tick the box to confirm: the feedback becomes public on the board.")
        return redirect("feedback-dashboard-detail", slug=project.slug, pk=feedback.pk)
    idea = services.publish_to_board(feedback=feedback, display_name=form.cleaned_data["display_name"])
    messages.success(request, f"“{idea.title}” is on the board now.")
    return redirect("feedback-board-idea", slug=project.slug, pk=idea.pk)
