"""Dashboard form of announcements: a banner with its colour, window and priority."""

from django import forms

from projects.forms import label_in_zone

from .models import PRIORITY_BOUND, Announcement

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AnnouncementForm(forms.ModelForm):
    """The banner as the team edits it. "Colour of the type" ticked stores no colour (an
    `<input type=color>` cannot be empty): the widget then paints the type's colour, by the
    rule of static/widget/banner-colors.js."""

    type_color = forms.BooleanField(
        label="Colour of the type (info blue, warning amber, success green, error red)", required=False
    )
    starts_at = forms.DateTimeField(
        label="Starts", required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS,
        help_text="Empty: shown at once.",
    )  # fmt: skip
    ends_at = forms.DateTimeField(
        label="Ends", required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS,
        help_text="Empty: shown until you switch it off.",
    )  # fmt: skip

    # The model's range, also on the input (ModelForm does not copy Min/MaxValueValidator).
    priority = forms.IntegerField(
        min_value=-PRIORITY_BOUND, max_value=PRIORITY_BOUND, initial=0, help_text="Higher first."
    )

    field_order = ["title", "message", "type", "type_color", "banner_color"]

    class Meta:
        model = Announcement
        fields = [
            "title", "message", "type", "banner_color", "is_dismissible", "priority", "starts_at", "ends_at",
            "is_active",
        ]  # fmt: skip
        labels = {
            "banner_color": "Own banner colour (when the type's is unticked)",
            "is_dismissible": "Visitors can dismiss it",
            "is_active": "Active (unticked: switched off whatever the dates)",
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3}),
            "banner_color": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_in_zone(self, starts_at="Starts", ends_at="Ends")
        self.fields["type_color"].initial = not self.instance.banner_color
        if not self.instance.banner_color:
            self.initial["banner_color"] = "#2563eb"  # what the picker shows until ticked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("type_color"):
            cleaned["banner_color"] = ""
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The end must be after the start.")
        return cleaned
