"""Raw tracked events and their daily rollup per (project, day, name)."""

from django.db import models

from pulse.ids import uuid7


class Event(models.Model):
    """One tracked event. Written in bulk by `services.ingest_events`, never one by one."""

    id = models.BigAutoField(primary_key=True)  # internal only: global and sequential
    # What the API calls the event's "id": random after its time prefix, so ids say nothing
    # about how many events all projects track (issue 16).
    public_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    # No separate project index: both composite indexes below lead with the project.
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="events", db_index=False)
    name = models.TextField(help_text="Bounded by PULSE_EVENT_MAX_NAME_LENGTH on ingestion.")
    properties = models.JSONField(default=dict, blank=True)
    user_id = models.CharField(max_length=200, blank=True, default="")  # "" is shown as null
    session_id = models.CharField(max_length=200, blank=True, default="")
    timestamp = models.DateTimeField(help_text="When it happened: the client's time if sane, else arrival.")
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["project", "timestamp"], name="event_project_time"),
            models.Index(fields=["project", "name", "timestamp"], name="event_project_name_time"),
        ]

    def __str__(self):
        return f"{self.name} at {self.timestamp:%Y-%m-%d %H:%M:%S}"


class EventDailyCount(models.Model):
    """Events per (project, UTC day, name), kept in the ingesting transaction."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="event_daily_counts", db_index=False
    )
    day = models.DateField()
    name = models.TextField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["project", "day", "name"], name="unique_event_daily_count"),
        ]

    def __str__(self):
        return f"{self.day} {self.name}: {self.count}"
