"""Admin API of outbound destinations: `/api/v1/admin/webhooks[/:id[/rotate|/test|/deliveries|
/redeliver]]`, scopes `notifications:read` / `notifications:write`, writes through
notifications/services.py. The signing secret is in the answer of create and rotate only.

Public API: `POST /api/v1/projects/:slug/subscribe` (email updates, double opt-in).
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pulse.api.fields import StrictBooleanField, StrictEmailField, StrictModelSerializer
from pulse.api.pagination import limit_offset, limit_offset_parameters
from pulse.api.schema import VISITOR_ID_OPTIONAL, error_responses
from pulse.api.views import AdminViewSet, PublicProjectViewSet
from pulse.api.visitors import get_visitor_id
from pulse.portal import LOCALES, visitor_locale
from roadmap.api import ENTRY_NOT_FOUND
from roadmap.selectors import published_entries

from .formats import EVENT_TYPES
from .models import Subscriber, WebhookDelivery, WebhookEndpoint
from .outbox import redeliver
from .services import create_endpoint, delete_endpoint, rotate_secret, send_test, subscribe, update_endpoint

NOT_FOUND = "Webhook endpoint not found"


class EndpointSerializer(StrictModelSerializer):
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(EVENT_TYPES)),
        required=False,
        help_text="Empty: every type but the opt-in ones (roadmap.vote)",
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "kind",
            "url",
            "description",
            "event_types",
            "include_internal",
            "enabled",
            "disabled_reason",
            "failing_since",
            "created_at",
        ]
        read_only_fields = ["id", "disabled_reason", "failing_since", "created_at"]


class EndpointWithSecretSerializer(EndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="whsec_...: shown only in this answer")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer):
    event_type = serializers.CharField(source="event.type")
    webhook_id = serializers.CharField(source="event.message_id")
    attempt_log = serializers.SerializerMethodField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_type",
            "webhook_id",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "last_response_status",
            "last_error",
            "created_at",
            "attempt_log",
        ]

    def get_attempt_log(self, delivery) -> list[dict]:
        return [
            {
                "number": attempt.number,
                "at": attempt.at,
                "duration_ms": attempt.duration_ms,
                "response_status": attempt.response_status,
                "response_body": attempt.response_body,
                "error": attempt.error,
            }
            for attempt in delivery.attempt_log.all()
        ]


class WebhookAdminViewSet(AdminViewSet):
    """Manage the key's project's webhook, Slack and Discord endpoints and see their deliveries."""

    scope_module = "notifications"
    serializer_class = EndpointSerializer
    lookup_value_regex = "[^/]+"

    def get_endpoint(self, pk):
        return self.get_object_or_404(WebhookEndpoint.objects.filter(project_id=self.project.id), pk, NOT_FOUND)

    @extend_schema(
        operation_id="admin_webhooks_list",
        summary="List endpoints",
        responses={200: EndpointSerializer(many=True), **error_responses(401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        endpoints = WebhookEndpoint.objects.filter(project_id=self.project.id)
        return Response(EndpointSerializer(endpoints, many=True).data)

    @extend_schema(
        operation_id="admin_webhooks_create",
        summary="Create an endpoint; the answer has its signing secret, shown only this once",
        request=EndpointSerializer,
        responses={201: EndpointWithSecretSerializer, **error_responses(400, 401, 403, 429)},
    )
    def create(self, request, *args, **kwargs):
        serializer = EndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "enabled"}
        endpoint, secret = create_endpoint(project=self.project, **fields)
        return Response({**EndpointSerializer(endpoint).data, "secret": secret}, status=201)

    @extend_schema(
        operation_id="admin_webhooks_retrieve",
        summary="One endpoint",
        responses={200: EndpointSerializer, **error_responses(401, 403, 404, 429)},
    )
    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(EndpointSerializer(self.get_endpoint(pk)).data)

    @extend_schema(
        operation_id="admin_webhooks_update",
        summary="Change an endpoint (re-enabling clears its failure state)",
        request=EndpointSerializer,
        responses={200: EndpointSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def partial_update(self, request, pk=None, *args, **kwargs):
        endpoint = self.get_endpoint(pk)
        serializer = EndpointSerializer(endpoint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(EndpointSerializer(update_endpoint(endpoint=endpoint, **serializer.validated_data)).data)

    @extend_schema(
        operation_id="admin_webhooks_delete",
        summary="Delete an endpoint and its delivery log",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def destroy(self, request, pk=None, *args, **kwargs):
        delete_endpoint(endpoint=self.get_endpoint(pk))
        return Response(status=204)

    @extend_schema(
        operation_id="admin_webhooks_rotate_secret",
        summary="New signing secret (shown once); the previous one also signs for 24 hours",
        request=None,
        responses={200: EndpointWithSecretSerializer, **error_responses(401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None, *args, **kwargs):
        endpoint = self.get_endpoint(pk)
        secret = rotate_secret(endpoint=endpoint)
        return Response({**EndpointSerializer(endpoint).data, "secret": secret})

    @extend_schema(
        operation_id="admin_webhooks_test",
        summary="Send a `pulse.test` event to this endpoint only",
        request=None,
        responses={
            202: inline_serializer("WebhookTestQueued", {"event_id": serializers.UUIDField()}),
            **error_responses(401, 403, 404, 429),
        },
    )
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None, *args, **kwargs):
        event = send_test(endpoint=self.get_endpoint(pk))
        return Response({"event_id": str(event.pk)}, status=202)

    @extend_schema(
        operation_id="admin_webhooks_deliveries",
        summary="The endpoint's deliveries, newest first, each with its attempt log",
        parameters=limit_offset_parameters(default_limit=50),
        responses={200: DeliverySerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None, *args, **kwargs):
        endpoint = self.get_endpoint(pk)
        limit, offset = limit_offset(request.query_params, default_limit=50)
        rows = endpoint.deliveries.select_related("event").prefetch_related("attempt_log")[offset : offset + limit]
        return Response(DeliverySerializer(rows, many=True).data)

    @extend_schema(
        operation_id="admin_webhooks_redeliver",
        summary="Attempt one delivery again now (same webhook-id)",
        request=inline_serializer("Redeliver", {"delivery_id": serializers.UUIDField()}),
        responses={
            202: inline_serializer("RedeliverQueued", {"delivery_id": serializers.UUIDField()}),
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None, *args, **kwargs):
        endpoint = self.get_endpoint(pk)
        body = inline_serializer("Redeliver", {"delivery_id": serializers.UUIDField()})(data=request.data)
        body.is_valid(raise_exception=True)
        delivery = self.get_object_or_404(
            endpoint.deliveries.all(), str(body.validated_data["delivery_id"]), "Delivery not found"
        )
        redeliver(delivery=delivery)
        return Response({"delivery_id": str(delivery.pk)}, status=202)


class SubscribeSerializer(serializers.Serializer):
    email = StrictEmailField(max_length=Subscriber._meta.get_field("email").max_length)
    changelog = StrictBooleanField(default=True, help_text="Email me new changelog entries")
    digest = serializers.ChoiceField(
        choices=Subscriber.Digest.choices,
        required=False,
        help_text="How changelog entries come: each one when published, or a weekly digest (default: each one)",
    )
    locale = serializers.ChoiceField(
        choices=LOCALES,
        required=False,
        help_text="The emails' language (the widget's locale); default: from Accept-Language, else the project's",
    )
    entry_id = serializers.UUIDField(
        required=False, help_text="Email me when this ships: follow this published roadmap entry's status changes"
    )


class SubscribeViewSet(PublicProjectViewSet):
    rate_limit_group = "feedback"
    serializer_class = SubscribeSerializer

    @extend_schema(
        operation_id="subscribe_create",
        summary="Ask for email updates (double opt-in: a confirmation link is emailed)",
        description=(
            "With the visitor header, the address is also tied to the visitor: status changes of "
            "what they upvoted and replies to their feedback are emailed once confirmed. With "
            "`entry_id`, that roadmap entry's status changes are emailed too (\"email me when this "
            'ships"); an entry that is not published in the project is a 404. The answer is the '
            "same whether or not the address was known."
        ),
        parameters=[VISITOR_ID_OPTIONAL],
        request=SubscribeSerializer,
        responses={
            202: inline_serializer("SubscribeQueued", {"status": serializers.CharField()}),
            **error_responses(400, 404, 429),
        },
    )
    def create(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False)
        serializer = SubscribeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry_id = data.pop("entry_id", None)
        subscribe(
            project=self.project,
            visitor_id=visitor_id,
            locale=data.pop("locale", None) or visitor_locale(request, self.project),
            entry=None if entry_id is None else self.published_entry(entry_id),
            **data,
        )
        return Response({"status": "confirmation_sent"}, status=202)

    def published_entry(self, entry_id):
        entry = published_entries(project_id=self.project.id).filter(pk=entry_id).first()
        if entry is None:
            raise NotFound(ENTRY_NOT_FOUND)
        return entry
