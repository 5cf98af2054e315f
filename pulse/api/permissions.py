"""Scope checks for API keys: the view names its module, the method says read or write."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from projects.models import ApiKey
from projects.scopes import required_scope, scopes_allow


class HasApiKeyScope(BasePermission):
    def has_permission(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return False
        module = getattr(view, "scope_module", None)
        write = request.method not in SAFE_METHODS
        if not scopes_allow(api_key.scopes, module=module, write=write):
            raise PermissionDenied(f"This API key lacks the {required_scope(module, write)} scope")
        return True
