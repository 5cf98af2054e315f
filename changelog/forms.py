"""Dashboard forms of the changelog: the entry editor (Markdown in, sanitised HTML stored).

The editor edits what was written: the Markdown source when the entry has one, else (an entry
written as HTML through the Admin API) its HTML, in an HTML box (issue 18, item 1).
"""

from django import forms
from django.utils import timezone

from projects.forms import label_in_zone
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
    ai_summary = forms.CharField(
        label="AI summary",
        max_length=ChangelogEntry._meta.get_field("ai_summary").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        # The value the page was loaded with travels along, so only a real change counts as
        # the team's edit (a summary generated while the page was open is not wiped).
        show_hidden_initial=True,
        help_text="Written for you once the entry is public; edit it and it is yours (never replaced). "
        "Empty it to have it written again.",
    )
    content_markdown = forms.CharField(
        label="Content (Markdown)",
        max_length=CONTENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "mono", "spellcheck": "true"}),
        help_text="Markdown: **bold**, _italic_, lists, `code`, [links](https://…), tables. HTML is sanitised.",
    )
    content_html = forms.CharField(
        label="Content (HTML)",
        max_length=CONTENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "mono", "spellcheck": "true"}),
        help_text="This entry was written as HTML, so it is edited as HTML. HTML is sanitised.",
    )
    is_highlight = forms.BooleanField(label="Highlight this entry", required=False)
    publish_at = forms.DateTimeField(
        label="Schedule for",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Used by “Schedule”: the entry goes public at this time.",
    )

    def __init__(self, *args, action=None, html_source=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        label_in_zone(self, publish_at="Schedule for")
        self.html_source = html_source
        del self.fields["content_markdown" if html_source else "content_html"]

    @staticmethod
    def edits_html(entry):
        """True for an entry written as HTML (content without a Markdown source)."""
        return entry is not None and bool(entry.content) and not entry.content_markdown

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
        edited = {"ai_summary": data["ai_summary"]} if "ai_summary" in self.changed_data else {}
        return {
            **edited,
            "title": data["title"],
            "version": data["version"],
            "type": data["type"],
            "category": data["category"],
            "summary": data["summary"],
            "is_highlight": data["is_highlight"],
            **(
                {"content": data["content_html"]}
                if self.html_source
                else {"content_markdown": data["content_markdown"]}
            ),
        }

    @classmethod
    def initial_for(cls, entry):
        return {
            "title": entry.title,
            "version": entry.version,
            "type": entry.type,
            "category": entry.category,
            "summary": entry.summary,
            "ai_summary": entry.ai_summary,
            "content_markdown": entry.content_markdown,
            "content_html": entry.content,
            "is_highlight": entry.is_highlight,
            "publish_at": entry.published_at if entry.status == "scheduled" else None,
        }
