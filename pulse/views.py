"""Project-level views: health checks, JSON errors for /api/ that Django raises itself, and
Django Admin's log-in behind the failed-login throttle."""

import threading
import time

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .api.envelopes import error_response
from .api.ratelimit import rate_limit_headers, refused_login_usages

READY_SECONDS = 0.9  # /readyz answers within a second, whatever its checks do


def favicon(request):
    """/favicon.ico for browsers and tools that ask for it: the SVG icon, permanently."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def robots_txt(request, disallow):
    """`/robots.txt` of the Pulse host (RFC 9309): the public portals (`/portal/`) may be
    crawled; `disallow` (the admin, the API, every dashboard path: pulse/urls.py) may not.
    Each portal keeps its own robots.txt naming its sitemap, which is `/robots.txt` on the
    project's custom domain (projects/portal.py)."""
    lines = ["User-agent: *", "Allow: /portal/", *(f"Disallow: {path}" for path in disallow)]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def healthz(request):
    """The process is alive; touches nothing else (no database, no cache), so it answers
    whenever a worker is free, whatever PostgreSQL and Redis do."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready (200) when the database and the cache both answer within READY_SECONDS; else
    503 naming what did not (`checks`: {"database": bool, "cache": bool}).

    The checks run side by side in threads of their own, so a frozen dependency makes this
    answer late by at most READY_SECONDS; a check still waiting then ends within its own
    bounds (the client timeouts of the settings) and its thread with it.
    """
    results = {}
    threads = [
        threading.Thread(target=_check, args=(results, name, check), daemon=True)
        for name, check in (("database", _database_ok), ("cache", _cache_ok))
    ]
    deadline = time.monotonic() + READY_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    checks = {name: results.get(name, False) for name in ("database", "cache")}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check(results, name, check):
    results[name] = check()


def _database_ok():
    # This thread's own connection, closed at the end: requests' connections are untouched.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False
    finally:
        connection.close()


def _cache_ok():
    try:
        cache.set("readyz", "1", 5)
        return cache.get("readyz") == "1"
    except Exception:
        return False


def bench_baseline(request):
    """Constant JSON through the full middleware stack: the benchmarks' yardstick."""
    return JsonResponse({"data": {"ok": True}, "error": None})


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return error_response(request, 404, "Not found")


def bad_request(request, exception):
    """Django's own 400s (a disallowed Host, say) stay JSON under /api/."""
    if request.path.startswith("/api/"):
        return error_response(request, 400, "Bad request")
    return defaults.bad_request(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return error_response(request, 500, "Internal server error")
    return defaults.server_error(request)


@never_cache
@login_not_required
def admin_login(request, extra_context=None):
    """`/admin/login/`: Django Admin's own log-in, unless the POST's (username, address) or
    address is over the failed-login limit: then its page with the throttle's message, 429,
    without checking the password (as the dashboard's LoginView). Failures are counted by
    the `user_login_failed` receiver."""
    refused = refused_login_usages(request) if request.method == "POST" else []
    if not refused:
        return admin.site.login(request, extra_context)
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": "",
        "form": AdminAuthenticationForm(request, initial={"username": request.POST.get("username", "")}),
        REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME) or reverse("admin:index"),
        "throttled": True,
    }
    response = TemplateResponse(request, "admin/login.html", context, status=429)
    for name, value in rate_limit_headers(refused).items():
        response[name] = value
    return response
