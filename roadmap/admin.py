"""Django Admin for roadmap entries and votes; entry edits go through the services, so a
status change notifies upvoters here too.
"""

from django.contrib import admin

from . import services
from .models import RoadmapEntry, RoadmapVote


@admin.register(RoadmapEntry)
class RoadmapEntryAdmin(admin.ModelAdmin):
    list_display = [
        "feature_name",
        "project",
        "milestone_number",
        "milestone_name",
        "feature_status",
        "vote_count",
        "sort_order",
        "is_highlight",
        "published_at",
    ]
    list_filter = ["feature_status", "milestone_number", "is_highlight", "project"]
    search_fields = ["feature_name", "milestone_name", "user_friendly_description", "category"]
    list_select_related = ["project"]
    readonly_fields = ["vote_count", "created_at", "updated_at"]
    ordering = ["project", "milestone_number", "sort_order", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # An entry stays in its project: its votes and notifications belong there.
        return [*self.readonly_fields, "project"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            services.update_roadmap_entry(entry=obj, **{name: form.cleaned_data[name] for name in form.changed_data})
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.delete_roadmap_entry(entry=obj)


@admin.register(RoadmapVote)
class RoadmapVoteAdmin(admin.ModelAdmin):
    list_display = ["entry", "visitor_id", "vote_type", "created_at"]
    list_filter = ["vote_type", "entry__project"]
    search_fields = ["visitor_id", "entry__feature_name"]
    list_select_related = ["entry"]
    raw_id_fields = ["entry"]
