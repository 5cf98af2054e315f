"""Dashboard page of notifications: send one to a visitor, see the recent ones."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from projects.access import project_view

from .emails import subscriber_from_token
from .forms import SendNotificationForm
from .models import Notification
from .services import confirm_subscription, notify, unsubscribe

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


def _token_page(request, token, *, purpose, act, done_message):
    subscriber = subscriber_from_token(token, purpose=purpose)
    if subscriber is None:
        return render(request, "notifications/email_link.html", {"invalid": True, "purpose": purpose}, status=404)
    done = request.method == "POST"
    if done:
        act(subscriber=subscriber)
    context = {"subscriber": subscriber, "project": subscriber.project, "purpose": purpose, "done": done}
    context["done_message"] = done_message
    return render(request, "notifications/email_link.html", context)


@csrf_exempt  # mail clients POST the one-click unsubscribe without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe_email(request, token):
    """GET: a page with an "Unsubscribe" button (link scanners must not unsubscribe);
    POST (the button, or a mail client's `List-Unsubscribe=One-Click`): unsubscribe."""
    return _token_page(
        request, token, purpose="unsubscribe", act=unsubscribe, done_message="You are unsubscribed. No more emails."
    )


@csrf_exempt  # the token is the proof; no session is involved
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """GET: a page with a "Confirm" button; POST: confirm the subscription (double opt-in)."""
    return _token_page(
        request, token, purpose="confirm", act=confirm_subscription, done_message="Subscription confirmed. Thank you!"
    )
