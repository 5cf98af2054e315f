from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "pulse"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from .api import schema  # noqa: F401  registers the API-key OpenAPI extension
        from .api.ratelimit import count_failed_login

        # Every failed log-in with a request (dashboard, Django Admin) counts in `auth`.
        user_login_failed.connect(count_failed_login, dispatch_uid="pulse-count-failed-login")
