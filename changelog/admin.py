"""Django Admin for changelog entries (content is sanitised by the model on save) and views."""

from django.contrib import admin
from django.utils import timezone

from . import summaries
from .models import ChangelogEntry, ChangelogView, EntryStatus


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return EntryStatus.choices

    def queryset(self, request, queryset):
        if self.value() in EntryStatus.values:
            return queryset.with_status(self.value(), timezone.now())
        return queryset


@admin.register(ChangelogEntry)
class ChangelogEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "type", "category", "is_highlight", "status", "published_at", "project"]
    list_filter = [StatusFilter, "type", "is_highlight", "project"]
    search_fields = ["title", "version", "summary", "category", "project__slug"]
    date_hierarchy = "published_at"
    # The AI summary's state is the job's (changelog/summaries.py); an edit here is the team's.
    readonly_fields = ["id", "ai_summary_source", "ai_summary_status", "ai_summary_error", "created_at", "updated_at"]
    list_select_related = ["project"]

    def save_model(self, request, obj, form, change):
        if "ai_summary" in form.changed_data:
            summaries.note_edit(obj)
        super().save_model(request, obj, form, change)


@admin.register(ChangelogView)
class ChangelogViewAdmin(admin.ModelAdmin):
    list_display = ["entry", "visitor_id", "viewed_at", "project"]
    list_filter = ["project"]
    search_fields = ["visitor_id", "entry__title"]
    list_select_related = ["entry", "project"]
    raw_id_fields = ["entry"]
