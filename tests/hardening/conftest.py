"""A world of two projects and two visitors, for the abuse and access matrices.

`acme` (the caller's project, its key has every scope) and `other`; `me` (the caller's
visitor id) and `them`. Each object kind exists in `other`, and the visitor-owned ones also
in `acme` belonging to `them`: whatever the caller names, it is never its own.
"""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement
from changelog.models import ChangelogEntry
from feedback.models import Feedback, FeedbackMessage
from notifications.models import Notification
from projects.scopes import ALL_SCOPES
from roadmap.models import RoadmapEntry


@pytest.fixture
def world(project, other_project, make_key):
    me, them = uuid.uuid4(), uuid.uuid4()
    yesterday = timezone.now() - timedelta(days=1)

    def objects(owner_project, visitor):
        feedback = Feedback.objects.create(project=owner_project, user_id=visitor, title="Theirs")
        FeedbackMessage.objects.create(feedback=feedback, message="secret thread", sender_role="user")
        return {
            "announcement": Announcement.objects.create(project=owner_project, title="Theirs"),
            "changelog": ChangelogEntry.objects.create(project=owner_project, title="Theirs", published_at=yesterday),
            "feedback": feedback,
            "notification": Notification.objects.create(project=owner_project, user_id=visitor, title="Theirs"),
            "roadmap": RoadmapEntry.objects.create(
                project=owner_project, feature_name="Theirs", published_at=yesterday
            ),
        }

    return {
        "me": me,
        "them": them,
        "key": make_key(project, ",".join(ALL_SCOPES)),
        # Everything of another project, even what belongs to the caller's own visitor id there.
        "other_project": objects(other_project, me),
        # Visitor-owned objects of the caller's project that belong to another visitor.
        "other_visitor": {
            "feedback": Feedback.objects.create(project=project, user_id=them, title="Theirs"),
            "notification": Notification.objects.create(project=project, user_id=them, title="Theirs"),
        },
    }
