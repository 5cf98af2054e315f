"""Browser hardening of the pages Pulse renders: Content Security Policy and no-store.

The pages are the dashboard, Django Admin, the log-in/sign-up pages and the widget demo:
everything outside /api/. The API's JSON, widget.js and the schema get neither: a CSP means
nothing on JSON or on a script fetched by another site's page, and their caching is the
API's own (pulse.api.caching, per-visitor no-store there).

- `PagesCSPMiddleware`: django-csp's middleware (policy `CONTENT_SECURITY_POLICY` in
  settings: `default-src 'self'`, no inline script or style, no plugins, no framing) on
  every page; a response under /api/ gets a policy only when its view asks for one with
  django-csp's decorators (the API docs page does).
- `PrivatePagesMiddleware`: `Cache-Control: private, no-store` on every HTML page, so no
  shared cache or back-forward cache keeps a signed-in user's page (merged with what a
  view already set, e.g. `never_cache`), unless its view declared it `public`: the
  portal's pages are everyone's and cached by ETag (pulse/portal.py).
"""

from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"

# The pages that embed the real widget (demo, install preview) stand in for a customer's
# site: the widget shows the images of changelog entries, which may live on any HTTPS host.
widget_host_page = csp_update({"img-src": ["https:"]})


def _view_chose_a_policy(response):
    return any(getattr(response, name, None) is not None for name in ("_csp_config", "_csp_update", "_csp_replace"))


class PagesCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX) and not _view_chose_a_policy(response):
            return response
        return super().process_response(request, response)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(API_PREFIX) or not response.get("Content-Type", "").startswith("text/html"):
            return response
        if "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
