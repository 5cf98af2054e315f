"""Dashboard pages of the projects app: accounts, projects, members, API keys and install."""

import copy
import secrets
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from pulse.api.ratelimit import count_signup_attempt, rate_limit_headers, refused_login_usages
from pulse.security import widget_host_page

from . import install, overview, services
from .access import ADMIN, OWNER, get_for_project, project_view, role_at_least
from .forms import (
    AccountSettingsForm,
    ApiKeyForm,
    DeleteProjectForm,
    IdentitySettingsForm,
    InviteForm,
    MemberRoleForm,
    PortalSettingsForm,
    ProjectForm,
    SignupForm,
)
from .middleware import TIME_ZONE_SESSION_KEY
from .models import ApiKey, Invitation, Membership, validate_accent_color
from .portal import portal_preview_words, theme_variables
from .selectors import (
    api_keys_of,
    find_pending_invitation,
    members_of,
    memberships_for_user,
    pending_invitations_of,
)

KEY_FORM_TOKENS = "api_key_form_tokens"


# Accounts


class LoginView(auth_views.LoginView):
    """Django's login, throttled per (username, client address) with a per-address ceiling.

    Failures are counted by the `user_login_failed` receiver (pulse.api.ratelimit); the
    right password for another username is not refused.
    """

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        refused = refused_login_usages(request)
        if refused:
            # An unbound form: validating it would reveal whether the password was right.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            response = self.render_to_response(self.get_context_data(form=form, throttled=True))
            response.status_code = 429
            for name, value in rate_limit_headers(refused).items():
                response[name] = value
            return response
        return super().post(request, *args, **kwargs)


def signup(request):
    """Create an account, as `SIGNUP` allows: open, by invitation link only, or closed.

    Every POST counts against the `signup` limit of the client's address (429 past it).
    With `?invitation=<token>` of a pending invitation, the new account lands on its accept
    page; without one, SIGNUP=invite answers 403, and SIGNUP=closed always does.
    """
    token = request.GET.get("invitation", "")
    invitation = find_pending_invitation(token) if token else None
    if request.user.is_authenticated:
        return redirect("invitation-accept", token=token) if invitation else redirect("project-list")
    mode = settings.PULSE_SIGNUP
    if mode == "closed" or (mode == "invite" and invitation is None):
        response = render(request, "registration/signup_closed.html", {"mode": mode})
        response.status_code = 403
        return response
    form = SignupForm(request.POST or None)
    context = {"form": form, "invitation": invitation}
    if request.method == "POST":
        usages = count_signup_attempt(request)
        if any(usage.exceeded for usage in usages):
            form = SignupForm(
                initial={"username": request.POST.get("username", ""), "email": request.POST.get("email", "")}
            )
            response = render(request, "registration/signup.html", {**context, "form": form, "throttled": True})
            response.status_code = 429
            for name, value in rate_limit_headers(usages).items():
                response[name] = value
            return response
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if invitation is not None:
                return redirect("invitation-accept", token=token)
            messages.success(request, f"Welcome to Pulse, {user.username}! Create your first project.")
            return redirect("project-create")
    return render(request, "registration/signup.html", context)


def invitation_accept(request, token):
    """The page of an invitation link: who invites you where; POST (signed in) accepts it.

    Anyone signed in holding the link may accept (see services.accept_invitation). Signed
    out, the page offers to log in or, as `SIGNUP` allows, to sign up, then come back. An
    unknown, used, cancelled or expired link is a 404 page saying so.
    """
    invitation = find_pending_invitation(token)
    if invitation is None:
        response = render(request, "projects/invitation_invalid.html", {"message": services.INVITATION_GONE_MESSAGE})
        response.status_code = 404
        return response
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            membership = services.accept_invitation(raw_token=token, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("project-list")
        messages.success(request, f"You joined “{membership.project.name}” as {membership.get_role_display().lower()}.")
        return redirect("project-overview", slug=membership.project.slug)
    context = {
        "invitation": invitation,
        "token": token,
        "can_sign_up": settings.PULSE_SIGNUP != "closed",
    }
    return render(request, "projects/invitation_accept.html", context)


# Projects


@login_required
def project_list(request):
    return render(request, "projects/project_list.html", {"memberships": memberships_for_user(request.user)})


@login_required
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.create_project(
            name=form.cleaned_data["name"], slug=form.cleaned_data["slug"], owner=request.user
        )
        messages.success(request, f"Project “{project.name}” created. Add the widget to your site to get started.")
        return redirect("project-install", slug=project.slug)
    return render(request, "projects/project_form.html", {"form": form})


@project_view()
def project_overview(request, project):
    """The project's landing page: what needs attention now (projects/overview.py)."""
    context = {"project": project, "overview": overview.project_overview(project=project)}
    return render(request, "projects/overview.html", context)


@login_required
def account(request):
    """The member's own settings: the time zone of the dashboard (UserSettings)."""
    current = request.session.get(TIME_ZONE_SESSION_KEY) or "UTC"
    form = AccountSettingsForm(request.POST or None, initial={"time_zone": current})
    if request.method == "POST" and form.is_valid():
        zone = services.set_time_zone(user=request.user, time_zone=form.cleaned_data["time_zone"]).time_zone
        request.session[TIME_ZONE_SESSION_KEY] = zone
        messages.success(request, f"Times are now shown in {zone}.")
        return redirect("account")
    return render(request, "registration/account.html", {"form": form})


def settings_context(project, *, form=None, portal_form=None):
    """The Settings page's context: its forms (project, portal, identity), the delete form
    and the portal preview's words."""
    return {
        "project": project,
        "form": form or ProjectForm(instance=copy.copy(project)),
        "delete_form": DeleteProjectForm(project=project),
        "portal_form": portal_form or PortalSettingsForm(instance=copy.copy(project)),
        "identity_form": IdentitySettingsForm(instance=copy.copy(project)),
        "preview_words": portal_preview_words(),
    }


@widget_host_page  # the live preview shows the logo, an https image on the team's host
@project_view(ADMIN)
def project_settings(request, project):
    old_slug = project.slug
    # The form edits a copy: a rejected slug must not leak into the page's navigation links.
    form = ProjectForm(request.POST or None, instance=copy.copy(project))
    if request.method == "POST" and form.is_valid():
        project = services.update_project(
            project=project,
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            ai_enabled=form.cleaned_data["ai_enabled"],
        )
        if project.slug != old_slug:
            messages.warning(
                request, f"Slug changed from “{old_slug}” to “{project.slug}”: update every embedded widget snippet."
            )
        messages.success(request, "Project settings saved.")
        return redirect("project-settings", slug=project.slug)
    return render(request, "projects/project_settings.html", settings_context(project, form=form))


@require_POST
@widget_host_page
@project_view(ADMIN)
def portal_settings(request, project):
    """The portal section of the Settings page: saved, or the page again with the errors."""
    form = PortalSettingsForm(request.POST, instance=copy.copy(project))
    if form.is_valid():
        services.update_portal(project=project, **{name: form.cleaned_data[name] for name in services.PORTAL_FIELDS})
        messages.success(request, "Portal settings saved.")
        return redirect("project-settings", slug=project.slug)
    return render(request, "projects/project_settings.html", settings_context(project, portal_form=form), status=400)


@require_GET
@project_view(ADMIN)
def portal_theme(request, project):
    """`settings/portal/theme?accent=%23rrggbb`: {"light": {css variable: colour}, "dark": {...}},
    the portal's colours for that accent (`projects.portal.theme_variables`, what theme.css
    serves), for the Settings page's live preview (static/js/portal-preview.js). 400
    {"error": message} for a value that is not # and six hex digits."""
    accent = request.GET.get("accent", "")
    try:
        validate_accent_color(accent)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    return JsonResponse(theme_variables(accent))


@require_POST
@project_view(ADMIN)
def identity_settings(request, project):
    """The identity section of the Settings page: anonymous allowed or verified only."""
    form = IdentitySettingsForm(request.POST, instance=copy.copy(project))
    if form.is_valid():
        try:
            services.set_identity_mode(project=project, mode=form.cleaned_data["identity_mode"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Visitor identity settings saved.")
    return redirect(reverse("project-settings", kwargs={"slug": project.slug}) + "#identity")


@never_cache
@require_POST
@project_view(ADMIN)
def identity_secret_rotate(request, project):
    """A new identity secret, shown in the response to this POST only (like an API key: the
    page is no-store and the secret is in no URL, session or log). The previous secret
    keeps verifying for `PULSE_IDENTITY_SECRET_OVERLAP_SECONDS`."""
    had_secret = bool(project.identity_secret_encrypted)
    secret = services.rotate_identity_secret(project=project)
    context = {
        "project": project,
        "secret": secret,
        "had_secret": had_secret,
        "overlap_hours": settings.PULSE_IDENTITY_SECRET_OVERLAP_SECONDS // 3600,
    }
    return render(request, "projects/identity_secret_created.html", context)


@project_view(OWNER)
def project_delete(request, project):
    form = DeleteProjectForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        name = project.name
        services.delete_project(project=project)
        messages.success(request, f"Project “{name}” and all its data were deleted.")
        return redirect("project-list")
    return render(request, "projects/project_delete.html", {"project": project, "delete_form": form})


# Members


@project_view()
def members(request, project, add_form=None):
    """Members (accepted: name and email) and pending invitations (only the address typed)."""
    can_manage = role_at_least(request.membership.role, ADMIN)
    context = {
        "project": project,
        "memberships": members_of(project),
        "invitations": pending_invitations_of(project).select_related("invited_by") if can_manage else [],
        "add_form": add_form or InviteForm(),
        "can_manage": can_manage,
        "is_owner": request.membership.role == OWNER,
        "roles": Membership.Role.choices,
    }
    return render(request, "projects/members.html", context)


@require_POST
@project_view(ADMIN)
def member_add(request, project):
    """Invite by address: the answer shows the invitation link, once (only its digest is kept)."""
    form = InviteForm(request.POST)
    if not form.is_valid():
        return members(request, project.slug, add_form=form)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    _check_may_grant(request, role)
    invitation, raw_token = services.invite_member(project=project, email=email, role=role, invited_by=request.user)
    link = request.build_absolute_uri(reverse("invitation-accept", kwargs={"token": raw_token}))
    return render(
        request, "projects/invitation_created.html", {"project": project, "invitation": invitation, "link": link}
    )


@require_POST
@project_view(ADMIN)
def invitation_cancel(request, project, pk):
    invitation = get_for_project(Invitation.objects.filter(accepted_at__isnull=True), project, pk=pk)
    _check_may_grant(request, None, current=invitation.role)
    services.cancel_invitation(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} was cancelled; its link no longer works.")
    return redirect("project-members", slug=project.slug)


@require_POST
@project_view(ADMIN)
def member_role(request, project, pk):
    membership = get_for_project(Membership.objects.select_related("user", "project"), project, pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid role.")
        return redirect("project-members", slug=project.slug)
    role = form.cleaned_data["role"]
    _check_may_grant(request, role, current=membership.role)
    _apply_member_change(
        request,
        lambda: services.change_member_role(membership=membership, role=role),
        f"{membership.user.username} is now {Membership.Role(role).label.lower()}.",
    )
    return redirect("project-members", slug=project.slug)


@require_POST
@project_view(ADMIN)
def member_remove(request, project, pk):
    membership = get_for_project(Membership.objects.select_related("user", "project"), project, pk=pk)
    _check_may_grant(request, None, current=membership.role)
    removed = _apply_member_change(
        request,
        lambda: services.remove_member(membership=membership),
        f"{membership.user.username} was removed from the project.",
    )
    if removed and membership.user_id == request.user.id:
        return redirect("project-list")
    return redirect("project-members", slug=project.slug)


def _apply_member_change(request, change, success_message):
    """Run a membership service; its refusal (e.g. of the last owner) becomes the page's error."""
    try:
        change()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return False
    messages.success(request, success_message)
    return True


def _check_may_grant(request, role, current=None):
    """Only owners grant, change or take away the owner role."""
    if OWNER in (role, current) and request.membership.role != OWNER:
        raise PermissionDenied("Only owners can grant or change the owner role.")


# API keys


@project_view(ADMIN)
def api_keys(request, project):
    return render(request, "projects/api_keys.html", {"project": project, "api_keys": api_keys_of(project)})


@never_cache
@project_view(ADMIN)
def api_key_create(request, project):
    """Create a key and show it in the response to the POST itself, never again.

    The raw key is not put in a URL, the session or any store: reloading the page re-sends
    the form, whose one-time token is spent by then, so it lands on the key list instead.
    """
    if request.method == "POST":
        token = request.POST.get("form_token", "")
        if token not in request.session.get(KEY_FORM_TOKENS, []):
            messages.info(request, "That key was already created and shown once; it cannot be shown again.")
            return redirect("project-keys", slug=project.slug)
        form = ApiKeyForm(request.POST)
        if form.is_valid():
            _spend_form_token(request, token)
            api_key, raw_key = services.create_api_key(
                project=project,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data["expires_at"],
                created_by=request.user,
            )
            # never_cache makes this response no-store: not even the browser's cache keeps it.
            return render(
                request, "projects/api_key_created.html", {"project": project, "api_key": api_key, "raw_key": raw_key}
            )
    else:
        form = ApiKeyForm(initial={"scopes": ["read"]})
        token = _new_form_token(request)
    return render(request, "projects/api_key_form.html", {"project": project, "form": form, "form_token": token})


def _new_form_token(request):
    token = secrets.token_urlsafe(16)
    request.session[KEY_FORM_TOKENS] = request.session.get(KEY_FORM_TOKENS, [])[-4:] + [token]
    return token


def _spend_form_token(request, token):
    request.session[KEY_FORM_TOKENS] = [t for t in request.session.get(KEY_FORM_TOKENS, []) if t != token]


@require_POST
@project_view(ADMIN)
def api_key_revoke(request, project, pk):
    api_key = get_for_project(ApiKey.objects.all(), project, pk=pk)
    was_active = api_key.revoked_at is None
    services.revoke_api_key(api_key=api_key)
    if was_active:
        messages.success(request, f"Key “{api_key.name}” ({api_key.prefix}…) revoked. Clients using it now get 401.")
    return redirect("project-keys", slug=project.slug)


# Install


def _widget_options(request, project):
    """Snippet options from the query string. Unchosen, the page suggests every feature and
    the theme that follows the visitor's system, so a team sees all the widget does (the
    widget's own defaults without attributes stay the seed's: three features, light).
    `portal`: the project's public portal (its entries' "open in a new tab" links), when public."""
    theme, position, locale = (request.GET.get(name) for name in ("theme", "position", "locale"))
    chosen = [feature for feature in request.GET.getlist("features") if feature in install.FEATURES]
    return {
        "theme": theme if theme in install.THEMES else "auto",
        "position": position if position in install.POSITIONS else "bottom-right",
        "features": ",".join(chosen or install.FEATURES),
        "locale": locale if locale in install.LOCALES else "",
        "portal": install.portal_root(request, project),
    }


@project_view()
def install_page(request, project):
    options = _widget_options(request, project)
    pinned = request.GET.get("pin", "1") != "0"
    tag = install.script_tag(request, project.slug, pinned=pinned, **options)
    other_variant = request.GET.copy()
    other_variant["pin"] = "0" if pinned else "1"
    context = {
        "project": project,
        "options": options,
        "pinned": pinned,
        "snippet": install.one_attribute_per_line(tag),
        "attributes": install.ATTRIBUTES,
        "themes": install.THEMES,
        "positions": install.POSITIONS,
        "locales": install.LOCALES,
        "features": install.FEATURES,
        "enabled_features": options["features"].split(","),
        "preview_query": request.GET.urlencode(),
        "identity_leeway": settings.PULSE_IDENTITY_LEEWAY_SECONDS,
        "other_variant_query": other_variant.urlencode(),
    }
    return render(request, "projects/install.html", context)


@widget_host_page
@project_view()
def install_preview(request, project):
    """A stand-in customer page that embeds the real widget, as a visitor tied to this user."""
    options = _widget_options(request, project)
    visitor = uuid.uuid5(uuid.NAMESPACE_URL, f"pulse-preview:{project.pk}:{request.user.pk}")
    context = {
        "project": project,
        "options": options,
        "visitor_id": visitor,
        "widget_tag": install.script_tag(request, project.slug, user=str(visitor), **options),
    }
    return render(request, "projects/install_preview.html", context)
