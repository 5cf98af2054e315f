"""Dashboard middleware of the projects app: the team member's time zone."""

import zoneinfo

from django.utils import timezone

# The session key holding the member's IANA zone name (set at log-in and on the account page).
TIME_ZONE_SESSION_KEY = "pulse_time_zone"


class UserTimeZoneMiddleware:
    """Activate the logged-in member's time zone (UserSettings) for the request.

    Templates and forms then show and read times in it (Django converts aware datetimes to
    the current zone). The zone comes from the session, already loaded for authentication,
    so it costs no query; API paths, which have no session, stay in UTC.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = None
        if not request.path.startswith("/api/"):
            name = request.session.get(TIME_ZONE_SESSION_KEY)
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
