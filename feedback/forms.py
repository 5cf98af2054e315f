"""Dashboard forms of the feedback inbox: filters, team messages and triage."""

from django import forms

from pulse.text import StorableTextFormMixin

from .models import MESSAGE_MAX_LENGTH, Feedback


def _any(choices, label):
    return [("", f"Any {label}")] + list(choices)


class InboxFilterForm(StorableTextFormMixin, forms.Form):
    status = forms.ChoiceField(choices=_any(Feedback.Status.choices, "status"), required=False)
    category = forms.ChoiceField(choices=_any(Feedback.Category.choices, "category"), required=False)
    priority = forms.ChoiceField(choices=_any(Feedback.Priority.choices, "priority"), required=False)
    q = forms.CharField(label="Search", max_length=200, required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


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
