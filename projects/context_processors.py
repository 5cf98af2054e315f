"""Template context of every dashboard page."""

from django.conf import settings


def signup(request):
    """`signup_open`: whether the page header offers "Sign up" (only when SIGNUP=open)."""
    return {"signup_open": settings.PULSE_SIGNUP == "open"}
