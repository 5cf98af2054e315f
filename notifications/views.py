"""Dashboard page of notifications: send one to a visitor, see the recent ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from projects.access import ADMIN, get_for_project, project_view

from .emails import member_preference_from_token, subscriber_from_token
from .forms import EndpointForm, MemberEmailPreferencesForm, SendNotificationForm
from .models import Notification, Subscriber, WebhookEndpoint
from .outbox import redeliver
from .services import (
    confirm_subscription,
    create_endpoint,
    delete_endpoint,
    member_preferences,
    notify,
    rotate_secret,
    send_test,
    set_member_preferences,
    unsubscribe,
    update_endpoint,
)

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
    """GET: a page with a "Confirm" button and the changelog's rhythm (each entry or a weekly
    digest, form field `digest`); POST: confirm the subscription (double opt-in)."""

    def confirm(*, subscriber):
        confirm_subscription(subscriber=subscriber, digest=request.POST.get("digest"))

    return _token_page(
        request, token, purpose="confirm", act=confirm, done_message="Subscription confirmed. Thank you!"
    )


@csrf_exempt  # RFC 8058 one-click from a mail client; the signed token is the authority
@require_http_methods(["GET", "POST"])
def team_unsubscribe_email(request, token):
    """A team email's one-click unsubscribe: turns that kind of team email off for the member
    (GET: a page with the button; POST: done). No login needed: the link is signed."""
    found = member_preference_from_token(token)
    if found is None:
        return render(request, "notifications/email_link.html", {"invalid": True, "purpose": "unsubscribe"}, status=404)
    membership, kind = found
    done = request.method == "POST"
    if done:
        set_member_preferences(membership=membership, **{kind: False})
    label = MemberEmailPreferencesForm.Meta.labels[kind]
    context = {
        "project": membership.project,
        "purpose": "unsubscribe",
        "done": done,
        "done_message": f"Done: no more “{label}” emails to {membership.user.email}.",
        "question": f"Stop “{label}” emails from {membership.project.name} to {membership.user.email}?",
    }
    return render(request, "notifications/email_link.html", context)


@project_view()
def email_preferences(request, project):
    """The signed-in member's team emails of this project (every member chooses their own)."""
    form = MemberEmailPreferencesForm(request.POST or None, instance=member_preferences(membership=request.membership))
    if request.method == "POST" and form.is_valid():
        set_member_preferences(membership=request.membership, **form.cleaned_data)
        messages.success(request, "Email preferences saved.")
        return redirect("email-preferences", slug=project.slug)
    context = {"project": project, "form": form, "address": request.user.email}
    return render(request, "notifications/email_preferences.html", context)


@project_view(ADMIN)
def webhook_list(request, project):
    """Endpoints (with a banner for disabled ones), the create form and email subscribers' counts.
    The secret of a new endpoint is shown once, on the page that answers the creation."""
    form = EndpointForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = create_endpoint(project=project, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Endpoint {endpoint.url} created. Copy its secret now: it is not shown again.")
            form = EndpointForm()
    endpoints = list(WebhookEndpoint.objects.filter(project=project))
    subscribers = Subscriber.objects.filter(project=project)
    context = {
        "project": project,
        "form": form,
        "secret": secret,
        "endpoints": endpoints,
        "disabled": [endpoint for endpoint in endpoints if endpoint.disabled_reason],
        "confirmed_count": subscribers.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).count(),
        "pending_count": subscribers.filter(confirmed_at__isnull=True).count(),
        "recent_subscribers": subscribers.order_by("-created_at")[:RECENT],
    }
    return render(request, "notifications/webhooks.html", context)


@project_view(ADMIN)
def webhook_detail(request, project, endpoint_id):
    """One endpoint: enable/disable, rotate the secret, send a test, delete; its delivery log
    with "Redeliver"."""
    endpoint = get_for_project(WebhookEndpoint.objects, project, pk=endpoint_id)
    secret = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "toggle":
            update_endpoint(endpoint=endpoint, enabled=not endpoint.enabled)
            messages.success(request, "Endpoint enabled." if endpoint.enabled else "Endpoint disabled.")
        elif action == "rotate":
            secret = rotate_secret(endpoint=endpoint)
            messages.success(request, "New secret made; the previous one keeps signing for 24 hours.")
        elif action == "test":
            send_test(endpoint=endpoint)
            messages.success(request, "Test message queued.")
        elif action == "redeliver":
            delivery = endpoint.deliveries.filter(pk=request.POST.get("delivery_id")).first()
            if delivery is not None:
                redeliver(delivery=delivery)
                messages.success(request, "Redelivery queued.")
        elif action == "delete":
            delete_endpoint(endpoint=endpoint)
            messages.success(request, "Endpoint deleted.")
            return redirect("webhooks-dashboard", slug=project.slug)
        if secret is None:
            return redirect("webhook-detail", slug=project.slug, endpoint_id=endpoint.pk)
    deliveries = endpoint.deliveries.select_related("event").prefetch_related("attempt_log")[:RECENT]
    context = {"project": project, "endpoint": endpoint, "deliveries": deliveries, "secret": secret}
    return render(request, "notifications/webhook_detail.html", context)
