"""Dashboard page of notifications: send one to a visitor, see the recent ones."""

from django.contrib import messages
from django.shortcuts import redirect, render

from projects.access import project_view

from .forms import SendNotificationForm
from .models import Notification
from .services import notify

RECENT = 50


@project_view()
def notification_list(request, project):
    form = SendNotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notify(
            project=project,
            user_ids=[data["user_id"]],
            type=data["type"],
            title=data["title"],
            message=data["message"],
            link=data["link"],
        )
        messages.success(request, f"Notification sent to {data['user_id']}.")
        return redirect("notifications-dashboard", slug=project.slug)
    recent = Notification.objects.filter(project=project).order_by("-created_at")[:RECENT]
    return render(request, "notifications/list.html", {"project": project, "form": form, "recent": recent})
