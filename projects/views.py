"""Dashboard pages of the projects app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import projects_for_user


@login_required
def project_list(request):
    return render(request, "projects/project_list.html", {"projects": projects_for_user(request.user)})
