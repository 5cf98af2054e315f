"""Admin API of the projects app: `GET /api/v1/admin/me`, the key's own validation."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from .serializers import ApiKeyInfoSerializer


class MeViewSet(AdminViewSet):
    """The API key making the request: which project it belongs to and what it may do."""

    serializer_class = ApiKeyInfoSerializer

    @extend_schema(
        operation_id="admin_me",
        summary="Validate the API key: its project, name, prefix, scopes and expiry",
        responses={200: ApiKeyInfoSerializer, **error_responses(401, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(request.auth).data)
