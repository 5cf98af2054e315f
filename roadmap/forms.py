"""Dashboard forms of the roadmap: an entry, its status, its place in the milestone."""

from django import forms

from pulse.text import StorableTextFormMixin

from .models import MAX_TAG_LENGTH, MAX_TAGS, RoadmapEntry

_field = RoadmapEntry._meta.get_field


class RoadmapEntryForm(StorableTextFormMixin, forms.Form):
    feature_name = forms.CharField(label="Feature", max_length=_field("feature_name").max_length)
    feature_status = forms.ChoiceField(
        label="Status",
        choices=RoadmapEntry.Status.choices,
        help_text="Visitors vote on planned and in-progress items; completed and cancelled items are closed to votes.",
    )
    milestone_number = forms.IntegerField(
        min_value=0, max_value=10_000, initial=1, help_text="Milestones are shown in ascending order."
    )
    milestone_name = forms.CharField(max_length=_field("milestone_name").max_length, required=False)
    user_friendly_description = forms.CharField(
        label="Description",
        max_length=_field("user_friendly_description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    target_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.CharField(max_length=_field("category").max_length, required=False)
    tags = forms.CharField(required=False, help_text="Comma-separated, e.g. mobile, export.")
    is_highlight = forms.BooleanField(label="Highlight", required=False)
    is_public = forms.BooleanField(
        label="Show on the public roadmap", required=False, initial=True, help_text="Unticked: a draft only you see."
    )

    def clean_tags(self):
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"At most {MAX_TAGS} tags.")
        if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
            raise forms.ValidationError(f"Each tag must be at most {MAX_TAG_LENGTH} characters.")
        return list(dict.fromkeys(tags))

    def entry_fields(self):
        """The service's fields; `is_public` is applied by the view (it depends on the entry)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "is_public"}

    @classmethod
    def initial_for(cls, entry):
        fields = ["feature_name", "feature_status", "milestone_number", "milestone_name", "target_date", "category"]
        initial = {name: getattr(entry, name) for name in fields}
        initial.update(
            user_friendly_description=entry.user_friendly_description,
            tags=", ".join(entry.tags),
            is_highlight=entry.is_highlight,
            is_public=entry.published_at is not None,
        )
        return initial


class StatusForm(StorableTextFormMixin, forms.Form):
    feature_status = forms.ChoiceField(label="Status", choices=RoadmapEntry.Status.choices)


class MoveForm(StorableTextFormMixin, forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
