"""The vote path (pulse/votes.py through roadmap.services.toggle_vote): the toggle rule, the
count it returns and keeps, and how few statements it takes. Runs on SQLite and PostgreSQL.
"""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.models import RoadmapEntry, RoadmapVote
from roadmap.services import delete_roadmap_entry, recount_votes, toggle_vote

pytestmark = pytest.mark.django_db


def vote(entry, visitor_id, vote_type):
    return toggle_vote(
        entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type=vote_type, published_only=True
    )


def stored_count(entry):
    return RoadmapEntry.objects.get(pk=entry.pk).vote_count


def votes_of(entry):
    return dict(RoadmapVote.objects.filter(entry=entry).values_list("visitor_id", "vote_type"))


@pytest.fixture
def others(entry):
    """Three other visitors' votes first (up, up, down: net 1), so counts are not trivially 0."""
    for vote_type in ["up", "up", "down"]:
        vote(entry, uuid.uuid4(), vote_type)
    return 1


def test_a_switch_from_up_to_down_moves_the_count_by_two(entry, others):
    visitor_id = uuid.uuid4()
    assert vote(entry, visitor_id, "up") == (others + 1, "up")
    assert vote(entry, visitor_id, "down") == (others - 1, "down")
    assert stored_count(entry) == others - 1
    assert votes_of(entry)[visitor_id] == "down"


def test_a_switch_from_down_to_up_moves_the_count_by_two(entry, others):
    visitor_id = uuid.uuid4()
    assert vote(entry, visitor_id, "down") == (others - 1, "down")
    assert vote(entry, visitor_id, "up") == (others + 1, "up")
    assert stored_count(entry) == others + 1
    assert votes_of(entry)[visitor_id] == "up"


@pytest.mark.parametrize("vote_type", ["up", "down"])
def test_the_same_type_again_removes_the_vote_and_takes_the_count_back(entry, others, vote_type):
    visitor_id = uuid.uuid4()
    vote(entry, visitor_id, vote_type)
    assert vote(entry, visitor_id, vote_type) == (others, None)
    assert stored_count(entry) == others
    assert visitor_id not in votes_of(entry)


def test_the_returned_count_is_the_stored_one_after_a_bulk_change_it_did_not_make(entry, others):
    RoadmapEntry.objects.filter(pk=entry.pk).update(vote_count=50)
    assert vote(entry, uuid.uuid4(), "up") == (51, "up")
    assert stored_count(entry) == 51


def test_a_vote_on_an_unpublished_entry_is_refused_and_stores_nothing(project, make_entry):
    draft = make_entry(project, "draft", published_at=None)
    with pytest.raises(RoadmapEntry.DoesNotExist):
        vote(draft, uuid.uuid4(), "up")
    assert not RoadmapVote.objects.exists() and stored_count(draft) == 0


def test_a_vote_through_another_project_is_refused(entry, other_project):
    with pytest.raises(RoadmapEntry.DoesNotExist):
        toggle_vote(entry_id=entry.pk, project_id=other_project.pk, visitor_id=uuid.uuid4(), vote_type="up")
    assert not RoadmapVote.objects.exists()


def test_deleting_an_entry_takes_its_votes_and_leaves_other_entries_counts(project, make_entry, entry, others):
    kept = make_entry(project, "kept")
    vote(kept, uuid.uuid4(), "down")
    delete_roadmap_entry(entry=entry)
    assert not RoadmapVote.objects.filter(entry_id=entry.pk).exists()
    assert (stored_count(kept), len(votes_of(kept))) == (-1, 1)


def test_recount_repairs_counts_broken_by_a_bulk_update(project, make_entry, entry, others):
    untouched = make_entry(project, "untouched")
    vote(untouched, uuid.uuid4(), "up")
    RoadmapEntry.objects.filter(pk=entry.pk).update(vote_count=-7)
    corrections = recount_votes(project=project)
    assert [(corrected.pk, stored, counted) for corrected, stored, counted in corrections] == [(entry.pk, -7, others)]
    assert (stored_count(entry), stored_count(untouched)) == (others, 1)


def statements(queries):
    """The SQL a toggle ran, without the savepoint around it (the test's transaction makes
    its atomic block a savepoint; in production it is BEGIN/COMMIT, not logged)."""
    return [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]


@pytest.mark.parametrize(
    ("earlier", "vote_type", "write"),
    [
        (None, "up", 'INSERT INTO "roadmap_roadmapvote"'),
        ("up", "down", 'UPDATE "roadmap_roadmapvote"'),
        ("down", "down", 'DELETE FROM "roadmap_roadmapvote"'),
    ],
    ids=["first vote", "switch", "removal"],
)
def test_a_toggle_runs_four_statements_and_reads_no_count_after_writing_it(entry, earlier, vote_type, write):
    visitor_id = uuid.uuid4()
    if earlier:
        vote(entry, visitor_id, earlier)
    with CaptureQueriesContext(connection) as queries:
        vote(entry, visitor_id, vote_type)
    lock, read, written, counted = statements(queries)
    assert len(queries.captured_queries) == 6  # the four, in a savepoint
    assert lock.startswith('SELECT "roadmap_roadmapentry"."id"')
    if connection.vendor == "postgresql":
        assert lock.endswith("FOR NO KEY UPDATE")
    assert read.startswith("SELECT") and 'FROM "roadmap_roadmapvote"' in read
    assert written.startswith(write)
    assert counted.startswith('UPDATE "roadmap_roadmapentry" SET "vote_count" = ("roadmap_roadmapentry"."vote_count" +')
