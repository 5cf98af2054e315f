from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "announcements"

    def ready(self):
        from pulse.api.caching import invalidate_on_change

        from .models import Announcement

        # The cached public list (no visitor) is rebuilt after any change to an announcement.
        invalidate_on_change(Announcement, "announcements")
