"""Dashboard pages of announcements: the list by state and the editor with a live banner preview."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from projects.access import ADMIN, get_for_project, project_view
from projects.deletion import confirm_delete

from . import services
from .forms import AnnouncementForm
from .models import Announcement


def state_of(announcement, now):
    """live, scheduled, expired or off: what a visitor sees right now."""
    if not announcement.is_active:
        return "off"
    if announcement.ends_at is not None and announcement.ends_at <= now:
        return "expired"
    if announcement.starts_at is not None and announcement.starts_at > now:
        return "scheduled"
    return "live"


@project_view()
def announcement_list(request, project):
    now = timezone.now()
    announcements = list(Announcement.objects.filter(project=project).order_by("-priority", "-created_at"))
    for announcement in announcements:
        announcement.state = state_of(announcement, now)
    return render(request, "announcements/list.html", {"project": project, "announcements": announcements})


@project_view()
def announcement_create(request, project):
    return _editor(request, project, Announcement(project=project))


@project_view()
def announcement_edit(request, project, pk):
    return _editor(request, project, get_for_project(Announcement.objects.all(), project, pk=pk))


def _editor(request, project, announcement):
    creating = announcement._state.adding
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and form.is_valid():
        announcement = form.save()
        messages.success(request, f"Announcement “{announcement.title}” {'created' if creating else 'saved'}.")
        return redirect("announcements-dashboard", slug=project.slug)
    context = {
        "project": project,
        "form": form,
        "announcement": None if creating else announcement,
    }
    return render(request, "announcements/form.html", context)


@project_view(ADMIN)
def announcement_delete(request, project, pk):
    """Confirm, then delete an announcement with its dismissals and the notifications about it."""
    announcement = get_for_project(Announcement.objects.all(), project, pk=pk)
    state = state_of(announcement, timezone.now())
    return confirm_delete(
        request,
        project=project,
        kind="announcement",
        name=announcement.title,
        consequences=[
            f"It is {state}" + (": its banner disappears from the widget." if state == "live" else "."),
            "Its dismissal records go with it.",
        ],
        delete=lambda: services.delete_announcement(announcement=announcement),
        cancel_url=reverse("announcements-dashboard-edit", kwargs={"slug": project.slug, "pk": announcement.pk}),
        done_url=reverse("announcements-dashboard", kwargs={"slug": project.slug}),
    )
