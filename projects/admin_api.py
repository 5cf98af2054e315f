"""Admin API of the projects app: `GET /api/v1/admin/me`, the key's own validation."""

from rest_framework.response import Response

from pulse.api.views import AdminViewSet

from .serializers import ApiKeyInfoSerializer


class MeViewSet(AdminViewSet):
    serializer_class = ApiKeyInfoSerializer

    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(request.auth).data)
