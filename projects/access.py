"""The one membership check of the dashboard: load a project by slug for the user, check the role.

Every dashboard view of every app that shows a project's pages is decorated with
`project_view(role)`. A user who is not a member gets a 404 (the project's existence is
not revealed); a member whose role is too low gets a 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership

ROLE_RANK = {Membership.Role.MEMBER: 1, Membership.Role.ADMIN: 2, Membership.Role.OWNER: 3}
MEMBER = Membership.Role.MEMBER
ADMIN = Membership.Role.ADMIN
OWNER = Membership.Role.OWNER


def role_at_least(role, required):
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[required]


def get_membership(user, slug):
    """The user's membership in the project `slug` (project loaded alongside), or 404."""
    membership = Membership.objects.select_related("project").filter(project__slug=slug, user=user).first()
    if membership is None:
        raise Http404("Project not found")
    return membership


def project_view(role=MEMBER):
    """Decorate `view(request, project, ...)`: login required, membership checked, role enforced.

    Sets `request.project` and `request.membership` (the templates use them for the
    project navigation) and passes the project as the view's second argument.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            membership = get_membership(request.user, slug)
            if not role_at_least(membership.role, role):
                raise PermissionDenied(f"This page needs the {role} role or higher.")
            request.membership = membership
            request.project = membership.project
            return view(request, membership.project, *args, **kwargs)

        return wrapper

    return decorator


def get_for_project(queryset, project, **lookup):
    """One object of `project` or 404: ids of another project's objects are simply not found."""
    return get_object_or_404(queryset, project=project, **lookup)
