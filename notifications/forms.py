"""Dashboard form of notifications: one message to one visitor."""

from django import forms

from pulse.links import validate_site_link
from pulse.text import StorableTextFormMixin

from .formats import EVENT_TYPES
from .models import MemberEmailPreferences, Notification, Subscriber, WebhookEndpoint

_field = Notification._meta.get_field


class SendNotificationForm(StorableTextFormMixin, forms.Form):
    user_id = forms.UUIDField(
        label="Visitor id", help_text="The visitor's x-pulse-user-id (data-pulse-user in the widget snippet)."
    )
    type = forms.ChoiceField(choices=Notification.Type.choices, initial=Notification.Type.GENERAL)
    title = forms.CharField(max_length=_field("title").max_length)
    message = forms.CharField(
        max_length=_field("message").max_length, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    link = forms.CharField(
        max_length=_field("link").max_length,
        required=False,
        validators=[validate_site_link],
        help_text="Optional: https://… or a path on your site, e.g. /pricing.",
    )


class EndpointForm(StorableTextFormMixin, forms.Form):
    """A webhook, Slack or Discord endpoint (the dashboard's; the Admin API has the same fields)."""

    kind = forms.ChoiceField(choices=WebhookEndpoint.Kind.choices, initial=WebhookEndpoint.Kind.WEBHOOK)
    url = forms.URLField(max_length=2000, assume_scheme="https", label="URL")
    description = forms.CharField(max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        choices=[(name, name) for name in sorted(EVENT_TYPES) if name != "pulse.test"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None checked: every event type but roadmap.vote (high volume: check it to get it).",
    )
    include_internal = forms.BooleanField(required=False, label="Also send internal feedback notes")


class MemberEmailPreferencesForm(forms.ModelForm):
    """Which team emails the signed-in member gets from this project."""

    class Meta:
        model = MemberEmailPreferences
        fields = list(MemberEmailPreferences.KINDS)
        labels = {
            "new_feedback": "New feedback",
            "visitor_messages": "A visitor's new message in a feedback thread",
            "mentions": "A teammate mentions me (@username) in a reply or internal note",
        }


class SubscribeForm(StorableTextFormMixin, forms.Form):
    """The portal's "email me when this ships" form (the public subscribe API's `email`)."""

    email = forms.EmailField(max_length=Subscriber._meta.get_field("email").max_length)
