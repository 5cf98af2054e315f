"""Forms of feedback: the dashboard inbox (filters, team messages, triage), the idea board's
portal forms (visitors) and its dashboard board view (team)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pulse.text import StorableTextFormMixin

from .models import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    DISPLAY_NAME_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Feedback,
    IdeaStatus,
    Moderation,
)
from .selectors import SEARCH_MAX_LENGTH


def _any(choices, label):
    return [("", f"Any {label}")] + list(choices)


class FilterForm(StorableTextFormMixin, forms.Form):
    """A dashboard list's filters: `filters()` gives the valid, non-empty ones."""

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class InboxFilterForm(FilterForm):
    status = forms.ChoiceField(choices=_any(Feedback.Status.choices, "status"), required=False)
    category = forms.ChoiceField(choices=_any(Feedback.Category.choices, "category"), required=False)
    priority = forms.ChoiceField(choices=_any(Feedback.Priority.choices, "priority"), required=False)
    q = forms.CharField(label="Search", max_length=200, required=False)


class TeamMessageForm(StorableTextFormMixin, forms.Form):
    """A team message: `visibility` comes from the button pressed, "Reply to the visitor"
    (public) or "Add internal note", never from a preselected default (issue 18, item 4: a
    reset-to-public radio sent internal notes to visitors)."""

    VISIBILITY = [("public", "Reply to the visitor"), ("internal", "Add internal note")]

    message = forms.CharField(max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        label="Send as",
        choices=VISIBILITY,
        error_messages={"required": "Choose “Reply to the visitor” or “Add internal note”."},
    )

    @property
    def is_public(self):
        return self.cleaned_data["visibility"] == "public"


class TriageForm(StorableTextFormMixin, forms.Form):
    status = forms.ChoiceField(choices=Feedback.Status.choices)
    priority = forms.ChoiceField(
        choices=Feedback.Priority.choices,
        # The seed's visitor list (GET /feedback with x-pulse-user-id) carries `priority`.
        help_text="The visitor sees this priority in their list of feedback (widget and public API).",
    )


# The idea board (issue 20): the portal's forms (visitors) and the dashboard's board view (team).


class BoardFilterForm(StorableTextFormMixin, forms.Form):
    """The portal board's query string: order, filters, search and page. An invalid value
    is dropped (`query()` keeps the valid ones), as a filter link from elsewhere may be stale."""

    SORTS = [("trending", _("Trending")), ("top", _("Top")), ("new", _("New"))]

    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *IdeaStatus.choices], required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any category")), *Feedback.Category.choices], required=False
    )
    q = forms.CharField(label=_("Search"), max_length=SEARCH_MAX_LENGTH, required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    @classmethod
    def query(cls, data):
        """{sort, status, category, q, page}: the valid values of `data`, defaults elsewhere."""
        form = cls(data)
        form.is_valid()
        cleaned = form.cleaned_data
        return {
            "sort": cleaned.get("sort") or "trending",
            "status": cleaned.get("status") or "",
            "category": cleaned.get("category") or "",
            "q": (cleaned.get("q") or "").strip(),
            "page": cleaned.get("page") or 1,
        }


class HoneypotField(forms.CharField):
    """The spam trap of the portal's forms: hidden from people (static/portal/portal.css), a
    filled one is a bot's, answered as a success and stored nowhere (as the public API's)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Leave this field empty"),
            max_length=200,
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            **kwargs,
        )


class IdeaPostForm(StorableTextFormMixin, forms.Form):
    """A visitor's new idea from the portal (feedback.services.submit_idea)."""

    title = forms.CharField(
        label=_("Your idea"), max_length=TITLE_MAX_LENGTH, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    description = forms.CharField(
        label=_("Details"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What problem would it solve for you?"),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Feedback.Category.choices, initial="feature")
    display_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Shown with your idea. Leave empty to post anonymously."),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        max_length=254,
        required=False,
        help_text=_("For the team only, never shown."),
    )
    website = HoneypotField()


class IdeaCommentForm(StorableTextFormMixin, forms.Form):
    """A visitor's comment or reply from the portal (feedback.services.add_visitor_comment)."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown works."),
    )
    display_name = forms.CharField(label=_("Your name (optional)"), max_length=DISPLAY_NAME_MAX_LENGTH, required=False)
    parent_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    website = HoneypotField()


class BoardAdminFilterForm(FilterForm):
    """The dashboard board view's filters (feedback.selectors.board_admin_ideas)."""

    moderation = forms.ChoiceField(choices=_any(Moderation.choices, "moderation"), required=False)
    status = forms.ChoiceField(choices=_any(IdeaStatus.choices, "status"), required=False)
    category = forms.ChoiceField(choices=_any(Feedback.Category.choices, "category"), required=False)
    q = forms.CharField(label="Search", max_length=200, required=False)


class IdeaModerationForm(StorableTextFormMixin, forms.Form):
    """Approve, hold, hide or mark as spam (feedback.services.moderate_idea)."""

    moderation = forms.ChoiceField(choices=Moderation.choices)


class IdeaStatusForm(StorableTextFormMixin, forms.Form):
    """An idea's status (feedback.services.change_idea_status); its followers are told."""

    status = forms.ChoiceField(choices=IdeaStatus.choices)


class CommentsLockForm(StorableTextFormMixin, forms.Form):
    locked = forms.BooleanField(required=False)


class MergeForm(StorableTextFormMixin, forms.Form):
    """Merge this idea (the duplicate) into the one picked here (feedback.services.merge_ideas)."""

    into = forms.ModelChoiceField(
        label="Merge into",
        queryset=Feedback.objects.none(),
        empty_label="Pick the idea it duplicates",
        help_text="Its votes (a visitor who voted both counts once) and comments move there; its page redirects.",
    )

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        if idea is None:
            return
        candidates = Feedback.objects.filter(
            project_id=idea.project_id, visibility=Feedback.Visibility.PUBLIC, merged_into__isnull=True
        ).exclude(pk=idea.pk)
        self.fields["into"].queryset = candidates.order_by("-vote_count", "-created_at")
        self.fields["into"].label_from_instance = lambda target: f"{target.title} ({target.vote_count} votes)"


class PromoteForm(StorableTextFormMixin, forms.Form):
    """Promote to the roadmap (feedback.services.promote_to_roadmap): the entry's name,
    the idea's title unless changed."""

    feature_name = forms.CharField(label="Roadmap entry name", max_length=200)


class TeamCommentForm(StorableTextFormMixin, forms.Form):
    """A team member's public comment on an idea (feedback.services.add_team_comment)."""

    body = forms.CharField(label="Comment", max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(StorableTextFormMixin, forms.Form):
    """Put a private feedback item on the board (feedback.services.publish_to_board): the
    team's explicit action; the author shows only under a name given here."""

    display_name = forms.CharField(
        label="Author name on the board (optional)",
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text="Only a name the author agreed to show; empty: anonymous. Their email and page are never shown.",
    )
    confirm = forms.BooleanField(label="Yes, publish this feedback on the public board")
