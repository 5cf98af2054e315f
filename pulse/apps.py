from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "pulse"

    def ready(self):
        from .api import schema  # noqa: F401  registers the API-key OpenAPI extension
