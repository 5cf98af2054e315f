"""Health checks answered before host validation, so a load balancer probing by IP (any Host
header) gets the real answer instead of Django's 400 for a host not in ALLOWED_HOSTS.

ALLOWED_HOSTS stays as strict as configured for every other path: this middleware, first in
MIDDLEWARE, answers exactly GET/HEAD /healthz and /readyz with the views in pulse/views.py and
never reads the Host header. Issue 18, item 7.
"""

from . import views

HEALTH_VIEWS = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
