"""Dashboard forms of the projects app: sign-up, projects, members and API keys."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone

from pulse.text import StorableTextFormMixin

from .models import ApiKey, Membership, Project
from .scopes import ALL_SCOPES
from .selectors import find_user

SCOPE_HELP = {
    "read": "Read every module",
    "write": "Read and write every module",
}


def scope_label(scope):
    if scope in SCOPE_HELP:
        return f"{scope} — {SCOPE_HELP[scope]}"
    module, level = scope.split(":")
    return f"{scope} — {'Read' if level == 'read' else 'Read and write'} {module} only"


class SignupForm(StorableTextFormMixin, UserCreationForm):
    email = forms.EmailField(
        max_length=get_user_model()._meta.get_field("email").max_length,  # the column's, not the form's 320
        help_text="Teammates can add you to their projects by this address.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "slug"]
        help_texts = {"slug": "Lowercase letters, digits and hyphens. Used in API URLs and the widget snippet."}

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()


class DeleteProjectForm(StorableTextFormMixin, forms.Form):
    confirm = forms.CharField(label="Type the project slug to confirm", max_length=60)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.project.slug:
            raise forms.ValidationError(f"Type “{self.project.slug}” exactly to delete this project.")
        return value


class AddMemberForm(StorableTextFormMixin, forms.Form):
    identifier = forms.CharField(label="Username or email", max_length=254)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"]
        try:
            user = find_user(identifier)
        except get_user_model().MultipleObjectsReturned:
            raise forms.ValidationError("Several accounts use this email; add the person by username.")
        if user is None:
            raise forms.ValidationError("No account with this username or email. Ask them to sign up first.")
        if Membership.objects.filter(project=self.project, user=user).exists():
            raise forms.ValidationError(f"{user.username} is already a member of this project.")
        self.cleaned_data["user"] = user
        return identifier


class MemberRoleForm(StorableTextFormMixin, forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class ApiKeyForm(StorableTextFormMixin, forms.Form):
    name = forms.CharField(
        max_length=ApiKey._meta.get_field("name").max_length, help_text="What uses this key, e.g. “CI deploy”."
    )
    scopes = forms.MultipleChoiceField(
        choices=[(scope, scope_label(scope)) for scope in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one scope."},
    )
    expires_at = forms.DateTimeField(
        label="Expires (optional, UTC)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text="Leave empty for a key that does not expire.",
    )

    def clean_scopes(self):
        chosen = set(self.cleaned_data["scopes"])
        return [scope for scope in ALL_SCOPES if scope in chosen]

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError("The expiry must be in the future.")
        return expires_at


def add_service_errors(form, error):
    """Show a service's Django ValidationError on the form: next to its field when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
