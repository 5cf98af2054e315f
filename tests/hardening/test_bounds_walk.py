"""Issue 15, item 2: every writable serializer field and form field is bounded like its column.

Walks every Serializer and Form class defined in the modules' `serializers.py`/`forms.py`
(and projects'): each must be listed below (what model it writes, or that it writes none),
so a new one cannot slip by. For each writable field that maps to a model field, the model's
`max_length`, choices and numeric bounds must hold there too; every form CharField carries
the core's text rule.
"""

import inspect
from importlib import import_module

import pytest
from django import forms
from django.core import validators as dj_validators
from django.db import models
from rest_framework import serializers

from analytics.models import Event
from announcements.models import Announcement
from changelog.models import ChangelogEntry
from feedback.models import Feedback, FeedbackMessage, IdeaComment
from notifications.models import Notification, Subscriber, WebhookEndpoint
from projects.models import ApiKey, Invitation, Project, UserSettings
from pulse.modules import LABELS
from pulse.text import validate_storable_text
from roadmap.models import RoadmapEntry

APPS = ("projects", *LABELS)

# Plain serializers and forms: the model they write, and their field names that differ.
WRITES = {
    "analytics.serializers.EventInputSerializer": (Event, {"userId": "user_id", "sessionId": "session_id"}),
    "feedback.serializers.FeedbackSubmitSerializer": (Feedback, {}),
    "feedback.serializers.VisitorMessageSerializer": (FeedbackMessage, {}),
    "feedback.serializers.TeamMessageSerializer": (FeedbackMessage, {}),
    "feedback.serializers.AdminFeedbackUpdateSerializer": (Feedback, {}),
    "notifications.serializers.NotificationCreateSerializer": (Notification, {}),
    "changelog.forms.EntryForm": (ChangelogEntry, {}),
    "feedback.forms.TeamMessageForm": (FeedbackMessage, {}),
    "feedback.forms.TriageForm": (Feedback, {}),
    "notifications.forms.SendNotificationForm": (Notification, {}),
    "notifications.forms.EndpointForm": (WebhookEndpoint, {}),
    "notifications.forms.SubscribeForm": (Subscriber, {}),
    "projects.forms.ApiKeyForm": (ApiKey, {}),
    "projects.forms.InviteForm": (Invitation, {}),
    "projects.forms.AccountSettingsForm": (UserSettings, {}),
    "roadmap.forms.RoadmapEntryForm": (RoadmapEntry, {}),
    # The idea board (issue 20); an idea's status speaks the board's words (IdeaStatus), mapped
    # to the feedback status column by the services, so it is no column of its own here.
    "feedback.serializers.IdeaSubmitSerializer": (Feedback, {}),
    "feedback.serializers.AdminIdeaUpdateSerializer": (Feedback, {"status": "idea_status"}),
    "feedback.serializers.AdminPublishSerializer": (Feedback, {}),
    "feedback.serializers.AdminIdeaPromoteSerializer": (RoadmapEntry, {}),
    "feedback.serializers.IdeaCommentSubmitSerializer": (IdeaComment, {}),
    "feedback.serializers.IdeaCommentEditSerializer": (IdeaComment, {}),
    "feedback.serializers.AdminTeamCommentSerializer": (IdeaComment, {}),
    "feedback.serializers.AdminCommentModerationSerializer": (IdeaComment, {}),
    "feedback.serializers.BoardSettingsSerializer": (Project, {}),
    "feedback.forms.IdeaPostForm": (Feedback, {}),
    "feedback.forms.IdeaCommentForm": (IdeaComment, {}),
    "feedback.forms.TeamCommentForm": (IdeaComment, {}),
    "feedback.forms.PublishForm": (Feedback, {}),
    "feedback.forms.PromoteForm": (RoadmapEntry, {}),
    "feedback.forms.IdeaStatusForm": (Feedback, {"status": "idea_status"}),
    "feedback.forms.IdeaModerationForm": (Feedback, {}),
    "feedback.forms.CommentsLockForm": (Feedback, {"locked": "comments_locked"}),
}
# Writing no row (query filters, request shapes, responses) or a model of Django's own.
WRITES_NOTHING = {
    "analytics.serializers.EventBatchInputSerializer",  # a list of EventInputSerializer
    "analytics.forms.DateRangeForm",
    "announcements.serializers.AnnouncementFilterSerializer",
    "changelog.serializers.PublishSerializer",
    "feedback.serializers.AdminFeedbackFilterSerializer",
    "feedback.forms.InboxFilterForm",
    "notifications.serializers.MarkReadSerializer",
    "notifications.serializers.AdminNotificationFilterSerializer",
    "projects.forms.SignupForm",  # django.contrib.auth's User: its own bounds
    "projects.forms.DeleteProjectForm",
    "projects.forms.MemberRoleForm",
    "roadmap.serializers.VoteRequestSerializer",
    "roadmap.serializers.ReorderRequestSerializer",
    "roadmap.forms.StatusForm",
    "roadmap.forms.MoveForm",
    "feedback.serializers.BoardQuerySerializer",
    "feedback.serializers.SimilarQuerySerializer",
    "feedback.serializers.AdminIdeaFilterSerializer",
    "feedback.serializers.AdminCommentFilterSerializer",
    "feedback.serializers.AdminIdeaMergeSerializer",
    "feedback.forms.BoardFilterForm",
    "feedback.forms.BoardAdminFilterForm",
    "feedback.forms.FilterForm",
    "feedback.forms.MergeForm",
}
# Output only: response bodies (their fields are never read from a request).
RESPONSES = {
    "changelog.serializers.ChangelogEntrySerializer",
    "changelog.serializers.UnseenSerializer",
    "changelog.serializers.ViewedSerializer",
    "roadmap.serializers.RoadmapEntrySerializer",
    "roadmap.serializers.VoteResultSerializer",
    "feedback.serializers.AdminFeedbackSerializer",
    "feedback.serializers.AdminFeedbackDetailSerializer",
    "feedback.serializers.AdminFeedbackPageSerializer",
    "feedback.serializers.FeedbackCreatedSerializer",
    "feedback.serializers.FeedbackListItemSerializer",
    "feedback.serializers.MessageSerializer",
    "feedback.serializers.PublicMessageSerializer",
    "feedback.serializers.PublicFeedbackDetailSerializer",
    "notifications.serializers.NotificationSerializer",
    "notifications.serializers.NotificationListSerializer",
    "notifications.serializers.NotificationsCreatedSerializer",
    "notifications.serializers.AdminNotificationSerializer",
    "analytics.serializers.EventSerializer",
    "analytics.serializers.IngestedSerializer",
    "analytics.serializers.TopEventSerializer",
    "announcements.serializers.AnnouncementSerializer",
    "projects.serializers.ProjectSummarySerializer",
    "projects.serializers.ApiKeyInfoSerializer",
    "feedback.serializers.IdeaSerializer",
    "feedback.serializers.IdeaPageSerializer",
    "feedback.serializers.IdeaDetailSerializer",
    "feedback.serializers.IdeaCommentSerializer",
    "feedback.serializers.IdeaThreadSerializer",
    "feedback.serializers.IdeaSimilarSerializer",
    "feedback.serializers.IdeaVoteResultSerializer",
    "feedback.serializers.AdminIdeaSerializer",
    "feedback.serializers.AdminIdeaPageSerializer",
    "feedback.serializers.AdminIdeaDetailSerializer",
    "feedback.serializers.AdminIdeaCommentSerializer",
    "feedback.serializers.AdminIdeaCommentPageSerializer",
}
# Documented leniencies: a field that takes more than its column, and what it does with it.
LENIENT = {
    "feedback.serializers.FeedbackSubmitSerializer.category": "an unknown category is stored as general (the seed)",
}
FORM_ARGS = {"projects.forms.DeleteProjectForm": {"project": None}, "projects.forms.AddMemberForm": {"project": None}}


def _classes(module_name, base):
    module = import_module(module_name)
    return [
        (f"{module_name}.{name}", cls)
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, base) and cls.__module__ == module_name
    ]


def _serializers():
    return [item for label in APPS for item in _classes(f"{label}.serializers", serializers.BaseSerializer)]


def _forms():
    found = [item for label in APPS for item in _classes(f"{label}.forms", forms.BaseForm)]
    return found


def _writable(fields):
    return {name: field for name, field in fields.items() if not getattr(field, "read_only", False)}


def _model_bounds(model_field):
    """(max_length, choices, min, max) of a column, from its options and validators."""
    low = high = None
    for validator in model_field.validators:
        if isinstance(validator, dj_validators.MinValueValidator):
            low = validator.limit_value
        if isinstance(validator, dj_validators.MaxValueValidator):
            high = validator.limit_value
    if isinstance(model_field, models.PositiveIntegerField | models.PositiveBigIntegerField) and low is None:
        low = 0
    choices = {value for value, _ in model_field.choices} if model_field.choices else None
    return model_field.max_length, choices, low, high


def _field_bounds(field):
    if isinstance(field, serializers.ListField | serializers.DictField):
        return None
    max_length = getattr(field, "max_length", None)
    choices = set(field.choices) if hasattr(field, "choices") and field.choices else None
    if choices is not None and isinstance(field, forms.ChoiceField):
        choices = {value for value, _ in field.choices if value != ""}
    low = getattr(field, "min_value", None)
    high = getattr(field, "max_value", None)
    for validator in getattr(field, "validators", []):
        if isinstance(validator, dj_validators.MinValueValidator):
            low = validator.limit_value if low is None else max(low, validator.limit_value)
        if isinstance(validator, dj_validators.MaxValueValidator):
            high = validator.limit_value if high is None else min(high, validator.limit_value)
        if isinstance(validator, dj_validators.MaxLengthValidator) and max_length is None:
            max_length = validator.limit_value
    return max_length, choices, low, high


def _problems(path, fields, model, renames):
    problems = []
    for name, field in fields.items():
        column_name = renames.get(name, getattr(field, "source", None) or name)
        try:
            column = model._meta.get_field(column_name)
        except Exception:  # a field of the request that is no column (content_markdown, user_ids ...)
            continue
        if not column.concrete or isinstance(column, models.UUIDField) or f"{path}.{name}" in LENIENT:
            continue
        bounds = _field_bounds(field)
        if bounds is None:
            continue
        max_length, choices, low, high = _model_bounds(column)
        got_length, got_choices, got_low, got_high = bounds
        if max_length is not None and (got_length is None or got_length > max_length) and not got_choices:
            problems.append(f"{path}.{name}: max_length {got_length}, column {max_length}")
        if choices is not None and (got_choices is None or not got_choices <= choices):
            problems.append(f"{path}.{name}: choices {got_choices}, column {choices}")
        if low is not None and (got_low is None or got_low < low):
            problems.append(f"{path}.{name}: min {got_low}, column {low}")
        if high is not None and (got_high is None or got_high > high):
            problems.append(f"{path}.{name}: max {got_high}, column {high}")
    return problems


def test_every_serializer_and_form_is_classified():
    found = {path for path, _ in [*_serializers(), *_forms()]}
    writable = set()
    for path, cls in _serializers():
        if path in RESPONSES or issubclass(cls, serializers.ModelSerializer):  # checked below, from its model
            continue
        instance = cls()
        if _writable(instance.fields) and path not in WRITES and path not in WRITES_NOTHING | RESPONSES:
            writable.add(path)
    for path, cls in _forms():
        if not issubclass(cls, forms.ModelForm) and path not in WRITES and path not in WRITES_NOTHING:
            writable.add(path)
    assert writable == set(), "classify these in WRITES or WRITES_NOTHING"
    assert set(WRITES) | WRITES_NOTHING | RESPONSES <= found


def test_every_writable_serializer_field_is_bounded_like_its_column():
    problems = []
    for path, cls in _serializers():
        if path in RESPONSES:
            continue
        if issubclass(cls, serializers.ModelSerializer):
            model, renames = cls.Meta.model, {}
        elif path in WRITES:
            model, renames = WRITES[path]
        else:
            continue
        problems += _problems(path, _writable(cls().fields), model, renames)
    assert problems == []


def test_every_form_field_is_bounded_like_its_column_and_refuses_unstorable_text():
    problems = []
    for path, cls in _forms():
        form = cls(**FORM_ARGS.get(path, {}))
        if isinstance(form, forms.ModelForm):
            model, renames = cls._meta.model, {}
        elif path in WRITES:
            model, renames = WRITES[path]
        else:
            model, renames = None, {}
        if model is not None:
            problems += _problems(path, form.fields, model, renames)
        for name, field in form.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(form, forms.ModelForm):
                if validate_storable_text not in field.validators:
                    problems.append(f"{path}.{name}: no text rule")
    assert problems == []


@pytest.mark.parametrize("model", [Project, ApiKey, Announcement])
def test_model_forms_and_serializers_get_the_column_bounds_from_the_model(model):
    # ModelForm / ModelSerializer fields are built from the model field: nothing to keep in step.
    assert all(field.max_length for field in model._meta.concrete_fields if isinstance(field, models.CharField))
