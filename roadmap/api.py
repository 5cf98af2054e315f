"""Public roadmap API: `GET /roadmap` and `POST /roadmap/:id/vote` (toggle)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from pulse.api.caching import CachedRead
from pulse.api.schema import IF_NONE_MATCH, VISITOR_ID_OPTIONAL, VISITOR_ID_REQUIRED, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id
from pulse.votes import VotingClosed

from .models import RoadmapEntry
from .selectors import PUBLIC_CACHE_RESOURCE, public_roadmap, with_user_votes
from .serializers import (
    RoadmapEntrySerializer,
    VisitorRoadmapEntrySerializer,
    VoteRequestSerializer,
    VoteResultSerializer,
)
from .services import toggle_vote

ENTRY_NOT_FOUND = "Entry not found"


def public_roadmap_payload(project_id):
    """The cached `GET /roadmap` payload and when it next changes by itself."""
    entries, next_change = public_roadmap(project_id=project_id)
    return RoadmapEntrySerializer(entries, many=True).data, next_change


INVALID_VOTE_TYPE = 'vote_type must be "up" or "down"'
ENTRY_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Roadmap entry id")


class RoadmapViewSet(PublicProjectViewSet):
    """The project's published roadmap and the visitors' votes on it."""

    lookup_field = "id"
    lookup_value_regex = "[^/]+"
    serializer_class = RoadmapEntrySerializer
    cached_reads = {
        # Everyone's list is cached; with a visitor id, each entry also says how they voted.
        "list": CachedRead(resource=PUBLIC_CACHE_RESOURCE, build=public_roadmap_payload, for_visitor=with_user_votes)
    }

    @extend_schema(
        operation_id="roadmap_list",
        summary="Published roadmap entries, by milestone number, then sort order, then creation",
        description=(
            "With x-pulse-user-id each entry also carries `user_vote`: the visitor's vote "
            '("up", "down") or null. Without it the body is the seed\'s, with a strong ETag.'
        ),
        parameters=[VISITOR_ID_OPTIONAL, IF_NONE_MATCH],
        responses={
            200: VisitorRoadmapEntrySerializer(many=True),
            304: OpenApiResponse(description="Not modified: the If-None-Match ETag is current"),
            **error_responses(400, 404, 429),
        },
    )
    def list(self, request, *args, **kwargs):
        return self.cached_read(request)

    @extend_schema(
        operation_id="roadmap_vote",
        summary="Vote on an entry: the same vote_type again removes the vote, the other switches it",
        description=(
            "Toggle: sending the same vote_type again removes the vote (user_vote null), sending the "
            "other type switches it. vote_count is the entry's net score (upvotes minus downvotes)."
        ),
        parameters=[VISITOR_ID_REQUIRED, ENTRY_ID],
        request=VoteRequestSerializer,
        responses={200: VoteResultSerializer, **error_responses(400, 401, 404, 429)},
    )
    def vote(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=True)
        body = VoteRequestSerializer(data=request.data)
        if not body.is_valid():
            raise ValidationError(INVALID_VOTE_TYPE)
        try:
            vote_count, user_vote = toggle_vote(
                entry_id=self.parse_id_or_404(kwargs["id"], ENTRY_NOT_FOUND),
                project_id=self.project.id,
                visitor_id=visitor_id,
                vote_type=body.validated_data["vote_type"],
                published_only=True,
            )
        except RoadmapEntry.DoesNotExist:
            raise NotFound(ENTRY_NOT_FOUND)
        except VotingClosed as closed:
            raise ValidationError(str(closed))
        return Response({"vote_count": vote_count, "user_vote": user_vote})
