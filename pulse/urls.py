"""Root URLs: the three API families, health checks, Django Admin, the portal and the dashboard.

The projects app's `urls.py` and each module's (pulse/modules.py) expose their patterns
per family; everything under /api/ that matches nothing is a JSON 404 (never an HTML page,
never a slash redirect).
"""

from importlib import import_module

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views, widget
from .modules import MODULES

APPS = [import_module("projects.urls"), *(import_module(module.urls_module) for module in MODULES)]


def patterns(family):
    return [pattern for app in APPS for pattern in getattr(app, family, [])]


def first_segments(family):
    """Robots paths of a URL family: `/<first segment>/` of each pattern, `/$` for the root."""
    segments = {str(pattern.pattern).split("/", 1)[0].split("<", 1)[0] for pattern in patterns(family)}
    return sorted(f"/{segment}/" if segment else "/$" for segment in segments)


ROBOTS_DISALLOWED = ["/admin/", "/api/", "/widget-demo/", *first_segments("dashboard_urlpatterns")]

# Swagger UI under the pages' CSP: the split view serves its start-up script as a file
# (`?script`), and drf-spectacular's template keeps one small <style> block, hence inline
# styles (never scripts) on this page only.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="schema"))

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, {"disallow": ROBOTS_DISALLOWED}, name="robots"),
    path("readyz", views.readyz, name="readyz"),
    path("api/v1/projects/<slug:slug>/", include(patterns("api_urlpatterns"))),
    path("api/v1/admin/", include(patterns("admin_api_urlpatterns"))),
    path("api/v1/pulse/", include(patterns("events_api_urlpatterns"))),
    re_path(r"^api/v1/schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^api/docs/?$", api_docs, name="api-docs"),
    re_path(r"^api/widget/widget\.js$", widget.widget_js, name="widget-js"),
    re_path(r"^api/widget/widget\.(?P<version>[0-9a-f]{16})\.js$", widget.versioned_widget_js, name="widget-js-v"),
    *([path("api/bench/baseline", views.bench_baseline)] if settings.PULSE_BENCH_BASELINE else []),
    re_path(r"^api/", views.api_not_found),
    path("admin/login/", views.admin_login),  # the admin's own log-in, throttled
    path("admin/", admin.site.urls),
    path("widget-demo/", widget.widget_demo, name="widget-demo"),
    # The public portal of each project (pulse/portal.py); at / on a custom domain (pulse/portal_urls.py).
    path("portal/<slug:slug>/", include(patterns("portal_urlpatterns"))),
    path("", include(patterns("dashboard_urlpatterns"))),
]

handler400 = "pulse.views.bad_request"
handler500 = "pulse.views.server_error"
