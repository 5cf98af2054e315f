"""Template helpers of the dashboard: the project navigation and small display filters."""

from django import template
from django.urls import NoReverseMatch, reverse

from projects.access import ADMIN, MEMBER, role_at_least
from pulse.modules import in_nav_order

register = template.Library()

# (label, URL name, lowest role that sees it): the modules' pages (pulse/modules.py), then
# the project's own. A page appears once its URL exists.
PROJECT_NAV = [
    ("Overview", "project-overview", MEMBER),
    *((module.title, module.dashboard_url_name, MEMBER) for module in in_nav_order()),
    ("Webhooks & email", "webhooks-dashboard", ADMIN),  # notifications/ (outbound delivery)
    ("Install", "project-install", MEMBER),
    ("Keys", "project-keys", ADMIN),
    ("Members", "project-members", MEMBER),
    ("My emails", "email-preferences", MEMBER),  # notifications/: which team emails I get
    ("Settings", "project-settings", ADMIN),
]


@register.inclusion_tag("projects/_project_nav.html", takes_context=True)
def project_nav(context):
    request = context["request"]
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"items": []}
    items = []
    for label, name, role in PROJECT_NAV:
        if not role_at_least(membership.role, role):
            continue
        try:
            url = reverse(name, kwargs={"slug": membership.project.slug})
        except NoReverseMatch:
            continue
        # The overview's URL prefixes every project page: it is current only on itself.
        current = request.path == url if name == "project-overview" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"items": items, "project": membership.project, "role": membership.get_role_display()}
