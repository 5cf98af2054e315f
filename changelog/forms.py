"""Dashboard forms of the changelog: the entry editor (Markdown in, sanitised HTML stored)."""

from django import forms
from django.utils import timezone

from pulse.text import StorableTextFormMixin

from .models import ChangelogEntry, EntryType
from .serializers import CONTENT_MAX_LENGTH


class EntryForm(StorableTextFormMixin, forms.Form):
    title = forms.CharField(max_length=ChangelogEntry._meta.get_field("title").max_length)
    version = forms.CharField(
        max_length=ChangelogEntry._meta.get_field("version").max_length, required=False, help_text="e.g. 2.4.0"
    )
    type = forms.ChoiceField(choices=EntryType.choices, initial=EntryType.FEATURE)
    category = forms.CharField(
        max_length=ChangelogEntry._meta.get_field("category").max_length,
        required=False,
        help_text="Free text, e.g. ui, api, billing.",
    )
    summary = forms.CharField(
        max_length=ChangelogEntry._meta.get_field("summary").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences for lists and the widget.",
    )
    content_markdown = forms.CharField(
        label="Content (Markdown)",
        max_length=CONTENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "mono", "spellcheck": "true"}),
        help_text="Markdown: **bold**, _italic_, lists, `code`, [links](https://…), tables. HTML is sanitised.",
    )
    is_highlight = forms.BooleanField(label="Highlight this entry", required=False)
    publish_at = forms.DateTimeField(
        label="Schedule for (UTC)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Used by “Schedule”: the entry goes public at this time.",
    )

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        cleaned = super().clean()
        if self.action == "schedule":
            publish_at = cleaned.get("publish_at")
            if publish_at is None:
                self.add_error("publish_at", "Choose when to publish.")
            elif publish_at <= timezone.now():
                self.add_error("publish_at", "A schedule must be in the future; use “Publish now” instead.")
        return cleaned

    def entry_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "version": data["version"],
            "type": data["type"],
            "category": data["category"],
            "summary": data["summary"],
            "is_highlight": data["is_highlight"],
            "content_markdown": data["content_markdown"],
        }

    @classmethod
    def initial_for(cls, entry):
        return {
            "title": entry.title,
            "version": entry.version,
            "type": entry.type,
            "category": entry.category,
            "summary": entry.summary,
            # Stored content is sanitised HTML; Markdown passes HTML through, so it edits as is.
            "content_markdown": entry.content,
            "is_highlight": entry.is_highlight,
            "publish_at": entry.published_at if entry.status == "scheduled" else None,
        }
