from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "changelog"
