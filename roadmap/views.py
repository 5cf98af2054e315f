"""Dashboard pages of the roadmap: the board by milestone and status, the entry editor."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from projects.access import ADMIN, get_for_project, project_view
from projects.deletion import confirm_delete
from projects.forms import add_service_errors

from . import services
from .forms import MoveForm, RoadmapEntryForm, StatusForm
from .models import RoadmapEntry


@project_view()
def board(request, project):
    entries = RoadmapEntry.objects.filter(project=project).order_by("milestone_number", "sort_order", "created_at")
    milestones = []
    for number, group in groupby(entries, key=lambda entry: entry.milestone_number):
        group = list(group)
        name = next((entry.milestone_name for entry in group if entry.milestone_name), "")
        columns = [
            {"status": value, "label": label, "entries": [entry for entry in group if entry.feature_status == value]}
            for value, label in RoadmapEntry.Status.choices
        ]
        milestones.append({"number": number, "name": name, "columns": columns, "count": len(group)})
    context = {"project": project, "milestones": milestones, "statuses": RoadmapEntry.Status.choices}
    return render(request, "roadmap/board.html", context)


@project_view()
def entry_create(request, project):
    return _editor(request, project, entry=None)


@project_view()
def entry_edit(request, project, pk):
    return _editor(request, project, entry=get_for_project(RoadmapEntry.objects.all(), project, pk=pk))


def _editor(request, project, entry):
    if request.method == "POST":
        form = RoadmapEntryForm(request.POST)
    else:
        form = RoadmapEntryForm(initial=RoadmapEntryForm.initial_for(entry) if entry else None)
    if form.is_bound and form.is_valid():
        fields = form.entry_fields()
        fields["published_at"] = _published_at(entry, form.cleaned_data["is_public"])
        try:
            if entry is None:
                entry = services.create_roadmap_entry(project=project, **fields)
            else:
                entry = services.update_roadmap_entry(entry=entry, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{entry.feature_name}” saved.")
            return redirect("roadmap-dashboard", slug=project.slug)
    return render(request, "roadmap/entry_form.html", {"project": project, "entry": entry, "form": form})


def _published_at(entry, is_public):
    if not is_public:
        return None
    if entry is not None and entry.published_at is not None:
        return entry.published_at
    return timezone.now()


@require_POST
@project_view()
def entry_status(request, project, pk):
    entry = get_for_project(RoadmapEntry.objects.select_related("project"), project, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.update_roadmap_entry(entry=entry, feature_status=form.cleaned_data["feature_status"])
        messages.success(request, f"“{entry.feature_name}” is now {entry.get_feature_status_display().lower()}.")
    else:
        messages.error(request, "Choose a valid status.")
    return redirect("roadmap-dashboard", slug=project.slug)


@require_POST
@project_view()
def entry_move(request, project, pk):
    """Swap the entry with its neighbour in the same milestone and status column."""
    entry = get_for_project(RoadmapEntry.objects.all(), project, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        milestone = list(
            RoadmapEntry.objects.filter(project=project, milestone_number=entry.milestone_number)
            .order_by("sort_order", "created_at")
            .values_list("pk", "feature_status")
        )
        ids = [pk for pk, _ in milestone]
        column = [pk for pk, status in milestone if status == entry.feature_status]
        position = column.index(entry.pk)
        neighbour = position - 1 if form.cleaned_data["direction"] == "up" else position + 1
        if 0 <= neighbour < len(column):
            a, b = ids.index(entry.pk), ids.index(column[neighbour])
            ids[a], ids[b] = ids[b], ids[a]
            services.reorder_entries(project=project, ids=ids)
    return redirect(f"{reverse('roadmap-dashboard', kwargs={'slug': project.slug})}#entry-{entry.pk}")


@project_view(ADMIN)
def entry_delete(request, project, pk):
    """Confirm, then delete an item with its votes and the notifications pointing at it."""
    entry = get_for_project(RoadmapEntry.objects.all(), project, pk=pk)
    votes = entry.votes.count()
    return confirm_delete(
        request,
        project=project,
        kind="roadmap item",
        name=entry.feature_name,
        consequences=[
            f"It is {entry.visibility}"
            + (": it disappears from the public roadmap and the widget." if entry.visibility == "public" else "."),
            f"Its {votes} vote{'s' if votes != 1 else ''} and the notifications sent to its upvoters go with it.",
        ],
        delete=lambda: services.delete_roadmap_entry(entry=entry),
        cancel_url=reverse("roadmap-dashboard-edit", kwargs={"slug": project.slug, "pk": entry.pk}),
        done_url=reverse("roadmap-dashboard", kwargs={"slug": project.slug}),
    )
