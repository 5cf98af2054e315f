"""Dashboard pages of the changelog: the list by status and the Markdown editor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from projects.access import ADMIN, get_for_project, project_view
from projects.deletion import confirm_delete
from projects.forms import add_service_errors

from . import services, summaries
from .content import render_markdown, sanitize_html
from .forms import EntryForm
from .models import ChangelogEntry, EntryStatus
from .serializers import CONTENT_MAX_LENGTH

LIST_LIMIT = 200
ACTIONS = {"save", "publish", "schedule", "unpublish", "preview"}


@project_view()
def entry_list(request, project):
    status = request.GET.get("status")
    entries = ChangelogEntry.objects.filter(project=project)
    if status in EntryStatus.values:
        entries = entries.with_status(status)
    else:
        status = None
    context = {
        "project": project,
        # Drafts first on every database, then the newest publication.
        "entries": entries.order_by(F("published_at").desc(nulls_first=True), "-created_at")[:LIST_LIMIT],
        "status": status,
        "statuses": EntryStatus.choices,
    }
    return render(request, "changelog/entry_list.html", context)


@project_view()
def entry_create(request, project):
    return _editor(request, project, entry=None)


@project_view()
def entry_edit(request, project, pk):
    return _editor(request, project, entry=get_for_project(ChangelogEntry.objects.all(), project, pk=pk))


def _editor(request, project, entry):
    action = request.POST.get("action", "save") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        action = "save"
    html_source = EntryForm.edits_html(entry)
    if request.method == "POST":
        form = EntryForm(request.POST, action=action, html_source=html_source)
    else:
        form = EntryForm(initial=EntryForm.initial_for(entry) if entry else None, html_source=html_source)
    preview = None
    if action == "preview":
        if html_source:
            preview = sanitize_html(request.POST.get("content_html", "")[:CONTENT_MAX_LENGTH])
        else:
            preview = render_markdown(request.POST.get("content_markdown", "")[:CONTENT_MAX_LENGTH])
    elif action is not None and form.is_valid():
        try:
            entry = _save(entry=entry, project=project, form=form, action=action)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_message(entry, action))
            return redirect("changelog-dashboard-edit", slug=project.slug, pk=entry.pk)
    if preview is None and entry is not None and not form.is_bound:
        preview = entry.content
    context = {"project": project, "entry": entry, "form": form, "preview": preview}
    return render(request, "changelog/entry_form.html", context)


@transaction.atomic
def _save(*, entry, project, form, action):
    fields = form.entry_fields()
    if entry is None:
        entry = services.create_entry(project=project, **fields)
    else:
        entry = services.update_entry(entry=entry, **fields)
    if action == "publish":
        entry = services.publish_entry(entry=entry)
    elif action == "schedule":
        entry = services.publish_entry(entry=entry, published_at=form.cleaned_data["publish_at"])
    elif action == "unpublish":
        entry = services.unpublish_entry(entry=entry)
    return entry


def _saved_message(entry, action):
    if action == "publish":
        return f"“{entry.title}” is published."
    if action == "schedule":
        when = timezone.localtime(entry.published_at)
        return f"“{entry.title}” is scheduled for {when:%b %-d, %Y %H:%M} {when.tzname()}."
    if action == "unpublish":
        return f"“{entry.title}” is back to draft."
    return f"“{entry.title}” saved."


@require_POST
@project_view()
def entry_preview(request, project):
    """The sanitised HTML of posted Markdown, for the editor's live preview."""
    return HttpResponse(render_markdown(request.POST.get("content_markdown", "")[:CONTENT_MAX_LENGTH]))


@require_POST
@project_view()
def entry_regenerate_summary(request, project, pk):
    """Write the AI summary again (replacing an edited one: the team asked), off the request."""
    entry = get_for_project(ChangelogEntry.objects.all(), project, pk=pk)
    try:
        summaries.request_summary(entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "A new summary is being written; reload the page in a moment.")
    return redirect("changelog-dashboard-edit", slug=project.slug, pk=entry.pk)


@project_view(ADMIN)
def entry_delete(request, project, pk):
    """Confirm, then delete an entry with its views and the notifications pointing at it."""
    entry = get_for_project(ChangelogEntry.objects.all(), project, pk=pk)
    views = entry.views.count()
    return confirm_delete(
        request,
        project=project,
        kind="changelog entry",
        name=entry.title,
        consequences=[
            f"It is {entry.status}"
            + (": it leaves the public changelog, the feed and the widget." if entry.status == "published" else "."),
            f"Its {views} view record{'s' if views != 1 else ''} (unseen counts) go with it.",
        ],
        delete=lambda: services.delete_entry(entry=entry),
        cancel_url=reverse("changelog-dashboard-edit", kwargs={"slug": project.slug, "pk": entry.pk}),
        done_url=reverse("changelog-dashboard", kwargs={"slug": project.slug}),
    )
