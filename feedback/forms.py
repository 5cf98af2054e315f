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
    VISIBILITY = [("public", "Public reply (the visitor sees it and is notified)"), ("internal", "Internal note")]

    message = forms.CharField(max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(choices=VISIBILITY, initial="public", widget=forms.RadioSelect)

    @property
    def is_public(self):
        return self.cleaned_data["visibility"] == "public"


class TriageForm(StorableTextFormMixin, forms.Form):
    status = forms.ChoiceField(choices=Feedback.Status.choices)
    priority = forms.ChoiceField(choices=Feedback.Priority.choices)
