"""Dashboard form of announcements: a banner with its colour, window and priority."""

from django import forms

from .models import PRIORITY_BOUND, Announcement

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AnnouncementForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Starts (UTC)", required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS,
        help_text="Empty: shown at once.",
    )  # fmt: skip
    ends_at = forms.DateTimeField(
        label="Ends (UTC)", required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS,
        help_text="Empty: shown until you switch it off.",
    )  # fmt: skip

    # The model's range, also on the input (ModelForm does not copy Min/MaxValueValidator).
    priority = forms.IntegerField(
        min_value=-PRIORITY_BOUND, max_value=PRIORITY_BOUND, initial=0, help_text="Higher first."
    )

    class Meta:
        model = Announcement
        fields = [
            "title", "message", "type", "banner_color", "is_dismissible", "priority", "starts_at", "ends_at",
            "is_active",
        ]  # fmt: skip
        labels = {
            "banner_color": "Banner colour",
            "is_dismissible": "Visitors can dismiss it",
            "is_active": "Active (unticked: switched off whatever the dates)",
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3}),
            "banner_color": forms.TextInput(attrs={"type": "color"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The end must be after the start.")
        return cleaned
