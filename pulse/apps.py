from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "pulse"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from .api import schema  # noqa: F401  registers the API-key OpenAPI extension
        from .api.ratelimit import count_failed_login
        from .text import install_model_validators

        # Every failed log-in with a request (dashboard, Django Admin) counts in `auth`.
        # Every text field of Pulse's models refuses what XML and PostgreSQL cannot hold.
        install_model_validators()
        user_login_failed.connect(count_failed_login, dispatch_uid="pulse-count-failed-login")
