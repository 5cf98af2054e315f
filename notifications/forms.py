"""Dashboard form of notifications: one message to one visitor."""

from django import forms

from pulse.links import validate_site_link
from pulse.text import StorableTextFormMixin

from .models import Notification

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
