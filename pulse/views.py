"""Project-level views: health checks, and JSON errors for /api/ that Django raises itself."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from .api.envelopes import error_response


def healthz(request):
    """The process is alive; touches nothing else."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready when the database and the cache both answer; 503 otherwise."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        connection.close_if_unusable_or_obsolete()
        return False


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
