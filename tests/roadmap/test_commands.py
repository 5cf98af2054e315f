"""`python manage.py recount_votes [SLUG]` and the demo data."""

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project
from roadmap.models import RoadmapEntry, RoadmapVote

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def add_votes(entry, ups, downs):
    """Votes written in bulk bypass the signals, as a raw import would."""
    RoadmapVote.objects.bulk_create(
        [RoadmapVote(entry=entry, visitor_id=uuid.uuid4(), vote_type="up") for _ in range(ups)]
        + [RoadmapVote(entry=entry, visitor_id=uuid.uuid4(), vote_type="down") for _ in range(downs)]
    )


def counts():
    return dict(RoadmapEntry.objects.values_list("feature_name", "vote_count"))


def test_recount_rebuilds_counts_from_votes_and_prints_the_corrections(project, make_entry):
    drifted = make_entry(project, "drifted")
    add_votes(drifted, ups=3, downs=1)
    make_entry(project, "right")
    output = run("recount_votes")
    assert counts() == {"drifted": 2, "right": 0}
    assert f"acme: drifted ({drifted.pk}): 0 -> 2" in output
    assert "right" not in output
    assert "Corrected 1 vote count(s) in all projects." in output


def test_recount_fixes_a_count_that_is_too_high(project, make_entry):
    entry = make_entry(project, "inflated")
    RoadmapEntry.objects.filter(pk=entry.pk).update(vote_count=40)
    output = run("recount_votes", "acme")
    assert counts() == {"inflated": 0}
    assert ": 40 -> 0" in output


def test_recount_with_slug_touches_only_that_project(project, other_project, make_entry):
    add_votes(make_entry(project, "ours"), ups=2, downs=0)
    add_votes(make_entry(other_project, "theirs"), ups=5, downs=0)
    output = run("recount_votes", "other")
    assert counts() == {"ours": 0, "theirs": 5}
    assert "Corrected 1 vote count(s) in project other." in output


def test_recount_of_consistent_counts_corrects_nothing(project, make_entry):
    entry = make_entry(project)
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    assert run("recount_votes").strip() == "Corrected 0 vote count(s) in all projects."
    assert counts() == {"Dark mode": 1}


def test_recount_of_unknown_slug_is_an_error(db):
    with pytest.raises(CommandError, match="No project with slug 'nope'"):
        run("recount_votes", "nope")


def test_demo_has_two_milestones_every_status_and_consistent_counts(db):
    run("seed_demo", "--force")
    entries = RoadmapEntry.objects.filter(project__slug="demo")
    assert set(entries.values_list("milestone_number", flat=True)) == {1, 2}
    assert set(entries.values_list("feature_status", flat=True)) == set(RoadmapEntry.Status.values)
    assert all(entry.tags for entry in entries)
    assert RoadmapVote.objects.filter(visitor_id=uuid.UUID("550e8400-e29b-41d4-a716-446655440000")).exists()
    assert RoadmapVote.objects.values("visitor_id").distinct().count() >= 5
    assert "Corrected 0" in run("recount_votes", "demo")


def test_demo_is_idempotent(db):
    run("seed_demo", "--force")
    before = (RoadmapEntry.objects.count(), RoadmapVote.objects.count(), counts())
    run("seed_demo", "--force")
    assert (RoadmapEntry.objects.count(), RoadmapVote.objects.count(), counts()) == before
    assert Project.objects.filter(slug="demo").count() == 1


def test_demo_roadmap_is_public(client, db):
    run("seed_demo", "--force")
    response = client.get("/api/v1/projects/demo/roadmap")
    assert response.status_code == 200
    assert len(response.json()["data"]) == RoadmapEntry.objects.filter(project__slug="demo").count()
