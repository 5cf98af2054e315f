"""Dashboard forms of the projects app: sign-up, projects, invitations, members and API keys."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone

from pulse.text import StorableTextFormMixin

from .models import ApiKey, Invitation, Membership, Project, time_zone_choices
from .scopes import ALL_SCOPES

SCOPE_HELP = {
    "read": "Read every module",
    "write": "Read and write every module",
}


def scope_label(scope):
    if scope in SCOPE_HELP:
        return f"{scope} — {SCOPE_HELP[scope]}"
    module, level = scope.split(":")
    return f"{scope} — {'Read' if level == 'read' else 'Read and write'} {module} only"


def label_in_zone(form, **labels):
    """Label date-time fields with the zone they are read in: the member's (UserTimeZoneMiddleware).

    `labels` maps field names to their label without the zone, e.g. expires_at="Expires".
    """
    zone = timezone.get_current_timezone_name()
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = f"{label} ({zone})"


class SignupForm(StorableTextFormMixin, UserCreationForm):
    """Username, email and password. The email is contact information, not an identity: it is
    not checked against other accounts, so this form answers the same whether or not an
    address is already used (issue 16: sign-up must not tell which addresses exist)."""

    email = forms.EmailField(
        max_length=get_user_model()._meta.get_field("email").max_length,  # the column's, not the form's 320
        help_text="Where your teammates can reach you.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        return self.cleaned_data["email"].strip()


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "slug", "ai_enabled"]
        help_texts = {"slug": "Lowercase letters, digits and hyphens. Used in API URLs and the widget snippet."}

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()


class IdentitySettingsForm(forms.ModelForm):
    """Signed visitor identity (issue 22): anonymous allowed or verified only."""

    class Meta:
        model = Project
        fields = ["identity_mode"]
        labels = {"identity_mode": "Visitors"}
        widgets = {"identity_mode": forms.RadioSelect}


class PortalSettingsForm(StorableTextFormMixin, forms.ModelForm):
    """The public portal's settings: visibility, look, language, custom domain, and the idea
    board's moderation (visitors' ideas and comments published at once or held, issue 20)."""

    logo_url = forms.URLField(required=False, max_length=500, assume_scheme="https", label="Logo URL")

    class Meta:
        model = Project
        fields = ["portal_public", "accent_color", "logo_url", "default_locale", "custom_domain", "board_moderation"]
        labels = {
            "portal_public": "Public portal",
            "logo_url": "Logo URL",
            "default_locale": "Default language",
            "board_moderation": "Idea board moderation",
        }
        widgets = {"accent_color": forms.TextInput(attrs={"type": "color"})}

    def clean_custom_domain(self):
        domain = (self.cleaned_data.get("custom_domain") or "").strip().lower().rstrip(".")
        return domain or None

    def clean_logo_url(self):
        url = self.cleaned_data.get("logo_url", "")
        if url and not url.startswith("https://"):
            raise forms.ValidationError("Use an https:// address.")
        return url


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


class InviteForm(StorableTextFormMixin, forms.Form):
    """Invite someone by address. Never looks the address up: whether an account uses it is
    not the inviter's business until the invitation is accepted."""

    email = forms.EmailField(
        max_length=Invitation._meta.get_field("email").max_length,
        help_text="You get a link to send them; they sign in (or sign up) and accept it.",
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


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
        label="Expires (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text="Leave empty for a key that does not expire.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_in_zone(self, expires_at="Expires (optional)")

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


class AccountSettingsForm(StorableTextFormMixin, forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        help_text="Dates and times in the dashboard are shown, and schedules are read, in this zone.",
    )
