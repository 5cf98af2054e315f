"""Idea votes under real concurrency (PostgreSQL): 200 concurrent upvotes through the API are
counted exactly; a merge running while visitors vote loses no vote and counts none twice."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.test import Client

from feedback import services
from feedback.models import Feedback, IdeaVote
from tests.helpers import visitor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every write, so nothing races",
    ),
]
THREADS = 8


def run_in_threads(jobs):
    """Run each job (a callable) in its own thread, all released at once."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def voting(url, visitors, statuses):
    def job():
        client = Client()
        for visitor_id in visitors:
            statuses.append(client.post(url, **visitor(visitor_id)).status_code)

    return job


def test_200_concurrent_upvotes_are_counted_exactly(transactional_db, project, settings):
    settings.PULSE_RATE_LIMITS_ENABLED = False
    idea = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    visitors = [uuid.uuid4() for _ in range(200)]
    statuses = []
    url = f"/api/v1/projects/acme/ideas/{idea.pk}/vote"
    run_in_threads([voting(url, visitors[i::THREADS], statuses) for i in range(THREADS)])
    assert statuses == [200] * 200
    assert IdeaVote.objects.filter(idea=idea).count() == 200
    assert Feedback.objects.get(pk=idea.pk).vote_count == 200


def test_a_merge_concurrent_with_votes_loses_none_and_counts_none_twice(transactional_db, project, settings):
    settings.PULSE_RATE_LIMITS_ENABLED = False
    a = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark theme")
    b = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    both = [uuid.uuid4() for _ in range(20)]
    for visitor_id in both:  # voted on A before; their votes on B below must count once
        services.toggle_idea_vote(project_id=project.pk, idea_id=a.pk, visitor_id=visitor_id)
    fresh = [uuid.uuid4() for _ in range(120)]
    statuses = []
    url = f"/api/v1/projects/acme/ideas/{b.pk}/vote"
    voters = both + fresh
    jobs = [voting(url, voters[i :: THREADS - 1], statuses) for i in range(THREADS - 1)]
    jobs.append(lambda: services.merge_ideas(source=b, target=a))
    run_in_threads(jobs)
    assert statuses == [200] * len(voters)
    # A visitor of `both` whose vote on B reached A after the merge took their vote back
    # (a toggle); one who voted on B before the merge counts once. Either way: the count is
    # the number of distinct voters, as stored.
    a_votes = set(IdeaVote.objects.filter(idea=a).values_list("visitor_id", flat=True))
    assert set(fresh) <= a_votes
    assert not IdeaVote.objects.filter(idea=b).exists()
    assert Feedback.objects.get(pk=a.pk).vote_count == len(a_votes) == IdeaVote.objects.filter(idea=a).count()
    assert Feedback.objects.get(pk=b.pk).merged_into_id == a.pk
