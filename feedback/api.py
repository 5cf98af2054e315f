"""Public API of feedback: `/api/v1/projects/:slug/feedback[/:id[/messages]]`.

Visitors submit feedback (the visitor header is optional there), list and read their own,
and follow up on their own threads. Submissions and messages count in the `feedback`
rate-limit group.
"""

import uuid

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from pulse.api.caching import CachedRead
from pulse.api.pagination import limit_offset, limit_offset_parameters
from pulse.api.schema import IF_NONE_MATCH, VISITOR_ID_OPTIONAL, VISITOR_ID_REQUIRED, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id
from pulse.portal import visitor_locale
from pulse.votes import VotingClosed

from . import selectors, services
from .admin_api import choice_parameter
from .models import Feedback, IdeaComment, IdeaStatus, Moderation
from .selectors import BOARD_SORTS, SEARCH_MAX_LENGTH
from .serializers import (
    BOARD_PAGE_DEFAULT,
    BOARD_PAGE_MAX,
    BOARD_SORT_HELP,
    BoardQuerySerializer,
    FeedbackCreatedSerializer,
    FeedbackListItemSerializer,
    FeedbackSubmitSerializer,
    IdeaCommentEditSerializer,
    IdeaCommentSerializer,
    IdeaCommentSubmitSerializer,
    IdeaDetailSerializer,
    IdeaPageSerializer,
    IdeaSerializer,
    IdeaSimilarSerializer,
    IdeaSubmitSerializer,
    IdeaThreadSerializer,
    IdeaVoteResultSerializer,
    MessageSerializer,
    PublicFeedbackDetailSerializer,
    SimilarQuerySerializer,
    VisitorMessageSerializer,
)

NOT_FOUND = "Feedback not found"


class FeedbackViewSet(PublicProjectViewSet):
    """Visitors' feedback: submit, list and read their own, follow up on their threads."""

    queryset = Feedback.objects.none()  # for the schema's path parameter type; views scope by project
    rate_limit_groups = {"create": "feedback", "messages": "feedback"}

    @extend_schema(
        operation_id="feedback_submit",
        summary="Submit feedback",
        description=(
            "Status is `new`; an unknown category becomes `general`; bugs get `medium` priority, "
            "everything else `low`. With `x-pulse-user-id` the feedback belongs to that visitor."
        ),
        parameters=[VISITOR_ID_OPTIONAL],
        request=FeedbackSubmitSerializer,
        responses={201: FeedbackCreatedSerializer, **error_responses(400, 404, 413, 429)},
    )
    def create(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False, authors=True)
        serializer = FeedbackSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.submit_feedback(
            project=self.project,
            visitor_id=visitor_id,
            locale=visitor_locale(request, self.project),
            **serializer.validated_data,
        )
        return Response({"id": feedback.pk}, status=201)

    @extend_schema(
        operation_id="feedback_list",
        summary="List the visitor's own feedback, newest first",
        parameters=[VISITOR_ID_REQUIRED],
        responses={200: FeedbackListItemSerializer(many=True), **error_responses(400, 401, 404, 429)},
    )
    def list(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = selectors.visitor_feedback(project_id=self.project.id, visitor_id=visitor_id)
        return Response(FeedbackListItemSerializer(queryset, many=True).data)

    @extend_schema(
        operation_id="feedback_retrieve",
        summary="One of the visitor's own feedback, with its public messages oldest first",
        parameters=[VISITOR_ID_REQUIRED],
        responses={200: PublicFeedbackDetailSerializer, **error_responses(400, 401, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = selectors.visitor_feedback_with_public_thread(project_id=self.project.id, visitor_id=visitor_id)
        feedback = self.get_object_or_404(queryset, kwargs["pk"], NOT_FOUND)
        return Response(PublicFeedbackDetailSerializer(feedback).data)

    @extend_schema(
        operation_id="feedback_add_message",
        summary="Add a message to the visitor's own feedback thread",
        parameters=[VISITOR_ID_REQUIRED],
        request=VisitorMessageSerializer,
        responses={201: MessageSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = Feedback.objects.filter(project_id=self.project.id).only("id", "user_id", "project_id")
        feedback = self.get_object_or_404(queryset, kwargs["pk"], NOT_FOUND)
        if feedback.user_id != visitor_id:
            raise PermissionDenied("Forbidden")
        serializer = VisitorMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.add_visitor_message(feedback=feedback, visitor_id=visitor_id, **serializer.validated_data)
        return Response(MessageSerializer(message).data, status=201)


# The idea board (issue 20): `/api/v1/projects/:slug/ideas[...]` and `.../idea-comments/:id`.

IDEA_NOT_FOUND = "Idea not found"
COMMENT_NOT_FOUND = "Comment not found"
BOARD_PARAMETERS = [
    choice_parameter("sort", [(name, name) for name in BOARD_SORTS], f"{BOARD_SORT_HELP}; empty: trending"),
    choice_parameter("status", IdeaStatus.choices, "Only ideas in this status; empty: all"),
    choice_parameter("category", Feedback.Category.choices, "Only this category; empty: all"),
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
        description="Search title and description (PostgreSQL full-text search, web-search syntax)",
    ),
    *limit_offset_parameters(max_limit=BOARD_PAGE_MAX, default_limit=BOARD_PAGE_DEFAULT),
    VISITOR_ID_OPTIONAL,
]


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def board_page(ideas, *, limit, voted_ids=()):
    """The list payload of `ideas` (up to limit + 1 rows: one more says a next page exists)."""
    data = IdeaSerializer(ideas[:limit], many=True, context={"voted_ids": voted_ids}).data
    return {"results": data, "has_more": len(ideas) > limit}


def first_board_page(project_id):
    """The board's default page (trending, first BOARD_PAGE_DEFAULT), as cached for everyone."""
    ideas = list(selectors.board_ideas(project_id=project_id)[: BOARD_PAGE_DEFAULT + 1])
    return board_page(ideas, limit=BOARD_PAGE_DEFAULT), None


def with_visitor_votes(payload, *, project_id, visitor_id):
    """The cached first page with `voted` for the visitor: one query of their votes on it."""
    ids = [row["id"] for row in payload["results"]]
    voted = {str(pk) for pk in selectors.voted_idea_ids(idea_ids=ids, visitor_id=visitor_id)}
    return {**payload, "results": [{**row, "voted": row["id"] in voted} for row in payload["results"]]}


class IdeaViewSet(PublicProjectViewSet):
    """The public idea board: list, read, post, upvote and comment."""

    queryset = Feedback.objects.none()  # for the schema's path parameter type; views scope by project
    rate_limit_groups = {"create": "feedback", "add_comment": "feedback"}
    cached_reads = {
        # The default page (no query string) is everyone's: cached, with `voted` added per visitor.
        "list": CachedRead(
            resource=selectors.PUBLIC_CACHE_RESOURCE, build=first_board_page, for_visitor=with_visitor_votes
        )
    }

    def get_idea(self, pk):
        """(idea, merged_from) on the board; 404 `Idea not found` otherwise."""
        try:
            idea, merged_from = selectors.board_idea(
                project_id=self.project.id, idea_id=self.parse_id_or_404(pk, IDEA_NOT_FOUND)
            )
        except Feedback.DoesNotExist:
            raise NotFound(IDEA_NOT_FOUND) from None
        idea.project = self.project
        return idea, merged_from

    def page(self, request, queryset, visitor_id):
        limit, offset = limit_offset(request.query_params, max_limit=BOARD_PAGE_MAX, default_limit=BOARD_PAGE_DEFAULT)
        ideas = list(queryset[offset : offset + limit + 1])  # one more: is there a next page?
        voted = selectors.voted_idea_ids(idea_ids=[idea.pk for idea in ideas[:limit]], visitor_id=visitor_id)
        return Response(board_page(ideas, limit=limit, voted_ids=voted))

    @extend_schema(
        operation_id="ideas_list",
        summary="The board: ideas by trending, top or new, filtered, searched, paginated",
        description=f"Trending score: {BOARD_SORT_HELP}. Two queries with a visitor id (the page, the "
        "visitor's votes on it), one without, whatever the number of ideas, votes or comments. Without a "
        "query string the page is served from the public cache (strong ETag, 304 on If-None-Match; with "
        "a visitor id only their votes are read).",
        parameters=[*BOARD_PARAMETERS, IF_NONE_MATCH],
        responses={
            200: IdeaPageSerializer,
            304: OpenApiResponse(description="Not modified: the If-None-Match ETag is current"),
            **error_responses(400, 404, 429),
        },
    )
    def list(self, request, *args, **kwargs):
        if not request.query_params:
            return self.cached_read(request)
        visitor_id = get_visitor_id(request, required=False)
        query = _valid(BoardQuerySerializer, request.query_params)
        queryset = selectors.board_ideas(project_id=self.project.id, **query)
        return self.page(request, queryset, visitor_id)

    @extend_schema(
        operation_id="ideas_submit",
        summary="Post an idea",
        description="Published at once or held for the team's approval (the project's setting). "
        "The `feedback` rate limit applies. A filled `website` (spam trap) is answered 201 and stored nowhere.",
        parameters=[VISITOR_ID_OPTIONAL],
        request=IdeaSubmitSerializer,
        responses={201: IdeaSerializer, **error_responses(400, 404, 413, 429)},
    )
    def create(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False, authors=True)
        fields = _valid(IdeaSubmitSerializer, request.data)
        if fields.pop("website", ""):
            now = timezone.now()
            trap = Feedback(
                id=uuid.uuid4(), title=fields["title"], description=fields.get("description", ""), published_at=now
            )
            return Response(IdeaSerializer(trap).data, status=201)
        idea = services.submit_idea(project=self.project, visitor_id=visitor_id, **fields)
        return Response(IdeaSerializer(idea).data, status=201)

    @extend_schema(
        operation_id="ideas_retrieve",
        summary="One idea with its comments (threaded one level)",
        description="A duplicate merged into another idea answers with that idea, `merged_from` naming it.",
        parameters=[VISITOR_ID_OPTIONAL],
        responses={200: IdeaDetailSerializer, **error_responses(400, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False)
        idea, merged_from = self.get_idea(kwargs["pk"])
        idea.comments_tree = selectors.idea_comments(idea_id=idea.pk, visitor_id=visitor_id)
        idea.merged_from = merged_from.pk if merged_from else None
        voted = selectors.voted_idea_ids(idea_ids=[idea.pk], visitor_id=visitor_id)
        return Response(IdeaDetailSerializer(idea, context={"voted_ids": voted}).data)

    @extend_schema(
        operation_id="ideas_vote",
        summary="Upvote an idea, or take the upvote back (toggle)",
        parameters=[VISITOR_ID_REQUIRED],
        request=None,
        responses={200: IdeaVoteResultSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def vote(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        try:
            idea_id, count, voted = services.toggle_idea_vote(
                project_id=self.project.id,
                idea_id=self.parse_id_or_404(kwargs["pk"], IDEA_NOT_FOUND),
                visitor_id=visitor_id,
            )
        except Feedback.DoesNotExist:
            raise NotFound(IDEA_NOT_FOUND) from None
        except VotingClosed as closed:
            raise ValidationError(str(closed)) from None
        return Response({"id": idea_id, "vote_count": count, "voted": voted})

    @extend_schema(
        operation_id="ideas_comments",
        summary="An idea's comments, oldest first, threaded one level",
        parameters=[VISITOR_ID_OPTIONAL],
        responses={200: IdeaThreadSerializer(many=True), **error_responses(400, 404, 429)},
    )
    @action(detail=True, methods=["get"])
    def comments(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False)
        idea, _ = self.get_idea(kwargs["pk"])
        return Response(
            IdeaThreadSerializer(selectors.idea_comments(idea_id=idea.pk, visitor_id=visitor_id), many=True).data
        )

    @extend_schema(
        operation_id="ideas_add_comment",
        summary="Comment on an idea, or reply to a comment",
        description="Markdown, rendered and sanitised. Published at once or held for approval (the project's "
        "setting). The idea's author and voters are notified. Locked comments: 400.",
        parameters=[VISITOR_ID_REQUIRED],
        request=IdeaCommentSubmitSerializer,
        responses={201: IdeaCommentSerializer, **error_responses(400, 401, 404, 413, 429)},
    )
    @comments.mapping.post
    def add_comment(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        idea, _ = self.get_idea(kwargs["pk"])
        fields = _valid(IdeaCommentSubmitSerializer, request.data)
        if fields.pop("website", ""):
            trap = IdeaComment(
                id=uuid.uuid4(),
                body=fields["body"],
                author_role=IdeaComment.AuthorRole.VISITOR,
                created_at=timezone.now(),
            )
            return Response(IdeaCommentSerializer(trap).data, status=201)
        try:
            comment = services.add_visitor_comment(idea=idea, visitor_id=visitor_id, **fields)
        except services.CommentsLocked as exc:
            raise ValidationError(str(exc)) from None
        return Response(IdeaCommentSerializer(comment).data, status=201)

    @extend_schema(
        operation_id="ideas_voted",
        summary="Ideas I voted on: the board ideas the visitor upvoted, most recent vote first",
        parameters=[
            VISITOR_ID_REQUIRED,
            *limit_offset_parameters(max_limit=BOARD_PAGE_MAX, default_limit=BOARD_PAGE_DEFAULT),
        ],
        responses={200: IdeaPageSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(detail=False, methods=["get"])
    def voted(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = selectors.visitor_voted_ideas(project_id=self.project.id, visitor_id=visitor_id)
        return self.page(request, queryset, visitor_id)

    @extend_schema(
        operation_id="ideas_similar",
        summary="Ideas like a title being typed (duplicates), most similar first",
        parameters=[
            OpenApiParameter(
                "title",
                {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
                required=True,
                description="The title typed so far",
            )
        ],
        responses={200: IdeaSimilarSerializer(many=True), **error_responses(400, 404, 429)},
    )
    @action(detail=False, methods=["get"])
    def similar(self, request, *args, **kwargs):
        text = _valid(SimilarQuerySerializer, request.query_params)["title"]  # "" finds nothing
        return Response(IdeaSimilarSerializer(selectors.similar_ideas(project=self.project, text=text), many=True).data)


class IdeaCommentViewSet(PublicProjectViewSet):
    """A visitor edits their own comment: `PATCH /api/v1/projects/:slug/idea-comments/:id`."""

    queryset = IdeaComment.objects.none()
    http_method_names = ["patch", "options"]
    rate_limit_group = "feedback"

    @extend_schema(
        operation_id="idea_comments_edit",
        summary="Edit your own comment",
        parameters=[VISITOR_ID_REQUIRED],
        request=IdeaCommentEditSerializer,
        responses={200: IdeaCommentSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = IdeaComment.objects.filter(idea__project_id=self.project.id, idea__visibility="public").exclude(
            moderation__in=[Moderation.HIDDEN, Moderation.SPAM]
        )
        comment = self.get_object_or_404(queryset, kwargs["pk"], COMMENT_NOT_FOUND)
        fields = _valid(IdeaCommentEditSerializer, request.data)
        comment = services.edit_comment(comment=comment, visitor_id=visitor_id, **fields)
        return Response(IdeaCommentSerializer(comment).data)
