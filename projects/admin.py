"""Django Admin for projects, memberships and keys (the raw key is shown once on creation)."""

from django import forms
from django.contrib import admin, messages

from .models import ApiKey, Membership, Project, VerifiedVisitor
from .scopes import ALL_SCOPES
from .services import issue_secret


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "project__slug"]


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=[(s, s) for s in ALL_SCOPES], widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ["project", "name", "scopes", "expires_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "project", "prefix", "scopes", "status", "last_used_at", "expires_at", "created_at"]
    list_filter = ["project"]
    search_fields = ["name", "prefix", "project__slug"]
    readonly_fields = ["prefix", "last_used_at", "revoked_at", "created_by", "created_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            raw_key = issue_secret(api_key=obj)
            messages.warning(request, f"Copy this API key now, it will not be shown again: {raw_key}")
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke selected keys")
    def revoke(self, request, queryset):
        from .services import revoke_api_key

        for api_key in queryset:
            revoke_api_key(api_key=api_key)


@admin.register(VerifiedVisitor)
class VerifiedVisitorAdmin(admin.ModelAdmin):
    """Who signed visitors are, as the customer's server signed them: read-only (only a
    verified token changes a row, pulse/api/visitors.py)."""

    list_display = ["name", "email", "subject", "project", "last_seen_at"]
    search_fields = ["name", "email", "subject", "project__slug"]
    readonly_fields = ["project", "visitor_id", "subject", "name", "email", "avatar", "first_seen_at", "last_seen_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
