"""The team's possible duplicates (issue 23, part 2): `feedback.selectors.possible_duplicates`.

The default ranks by the database's trigram similarity (pg_trgm on PostgreSQL, the Python
fallback on SQLite: this file runs on both). With the OpenAI-compatible provider (the local
server of tests/openai_server.py, whose vectors are the counts of the letters a to e of the
text) items are embedded by the job and ranked by cosine similarity.
"""

import json
import uuid
from pathlib import Path

import pytest

from feedback import duplicates
from feedback.models import Feedback
from feedback.selectors import possible_duplicates, similar_feedback
from feedback.services import delete_feedback, submit_feedback
from pulse.models import Embedding

pytestmark = pytest.mark.django_db

DATA = json.loads((Path(__file__).parent / "data" / "near_duplicates.json").read_text())


def submit(project, title, description="xyz", **fields):
    return submit_feedback(project=project, visitor_id=uuid.uuid4(), title=title, description=description, **fields)


def top_suggestion(project, item):
    found = possible_duplicates(project=project, feedback=item)
    return found[0].title if found else None


def test_the_top_trigram_suggestion_is_right_for_at_least_80_percent_of_the_labelled_set(project):
    for item in [pair["existing"] for pair in DATA["pairs"]] + DATA["unrelated"]:
        submit(project, item["title"], item["description"])
    queries = [(pair["new"], pair["existing"]["title"]) for pair in DATA["pairs"]]
    queries += [(item, None) for item in DATA["no_duplicate"]]
    right = wrong = 0
    for query, expected in queries:
        item = submit(project, query["title"], query["description"])
        top = top_suggestion(project, item)
        item.delete()  # the next query's candidates are the labelled pool only
        if top is not None:
            right, wrong = right + (top == expected), wrong + (top != expected)
    assert right + wrong >= len(DATA["pairs"]) * 0.8  # it does suggest something for most
    assert right / (right + wrong) >= 0.8


def test_trigram_suggestions_carry_their_similarity_and_leave_out_the_item_and_merged_ones(project):
    item = submit(project, "Dark mode for the dashboard")
    twin = submit(project, "Dark mode for the dashboard please")
    merged = submit(project, "Dark mode in the dashboard")
    Feedback.objects.filter(pk=merged.pk).update(merged_into=twin)
    submit(project, "Billing invoices in PDF")
    found = possible_duplicates(project=project, feedback=item)
    assert [entry.pk for entry in found] == [twin.pk]
    assert found[0].ranked_by == "trigrams" and 0.3 <= found[0].similarity < 1


def test_another_projects_feedback_is_never_suggested(project, other_project):
    item = submit(project, "Dark mode for the dashboard")
    submit(other_project, "Dark mode for the dashboard")
    assert possible_duplicates(project=project, feedback=item) == []


# With the OpenAI-compatible provider.


@pytest.fixture
def server(ai_server, settings):
    settings.PULSE_AI_EMBEDDING_MODEL = "embed-model"
    settings.PULSE_AI_RETRIES = 0
    settings.PULSE_AI_SIMILARITY_THRESHOLD = 0.6
    return ai_server


def sent_texts(server):
    return [text for path, _, body in server.requests if path.endswith("/embeddings") for text in body["input"]]


def test_a_new_item_is_embedded_by_the_job_with_its_title_and_description_only(project, server, commit):
    item = commit(submit, project, "abab", "xyz", email="ada@example.com", page_url="https://example.com/secret")
    assert sent_texts(server) == ["abab\n\nxyz"]
    vector = Embedding.objects.get(project=project, kind="feedback", object_id=item.pk)
    assert (vector.model, vector.dimensions) == ("embed-model", 5)


def test_the_ranking_follows_cosine_similarity_not_trigrams(project, server, commit):
    item = commit(submit, project, "abab")
    same_letters = commit(submit, project, "baba")  # cosine 1, trigram similarity 0.25 (below 0.3)
    close = commit(submit, project, "abab c")  # cosine 0.94, trigram similarity 0.71
    commit(submit, project, "eeee")  # cosine 0
    found = possible_duplicates(project=project, feedback=item)
    assert [entry.pk for entry in found] == [same_letters.pk, close.pk]
    assert [entry.ranked_by for entry in found] == ["embeddings", "embeddings"]
    assert found[0].similarity == pytest.approx(1.0, abs=1e-6)
    assert found[1].similarity == pytest.approx(8 / (8**0.5 * 3), abs=1e-6)
    assert [entry.pk for entry in similar_feedback(project=project, text="abab", exclude_id=item.pk)] == [close.pk]


def test_showing_possible_duplicates_sends_nothing_to_the_ai_server(project, server, commit):
    item = commit(submit, project, "abab")
    commit(submit, project, "baba")
    before = len(server.requests)
    possible_duplicates(project=project, feedback=item)
    assert len(server.requests) == before


def test_a_changed_title_is_embedded_again_and_an_unchanged_save_sends_nothing(project, server, commit):
    item = commit(submit, project, "abab")
    commit(item.save, update_fields=["status", "updated_at"])
    commit(item.save)
    assert sent_texts(server) == ["abab\n\nxyz"]
    item.title = "eeee"
    commit(item.save, update_fields=["title", "updated_at"])
    assert sent_texts(server) == ["abab\n\nxyz", "eeee\n\nxyz"]


def test_trigrams_answer_while_the_items_vector_is_missing_or_stale(project, server, commit):
    item = submit(project, "Dark mode for the dashboard")  # no commit: the job never ran
    commit(submit, project, "Dark mode for the dashboard please")
    assert [entry.ranked_by for entry in possible_duplicates(project=project, feedback=item)] == ["trigrams"]
    commit(duplicates.embed, item.pk)
    Feedback.objects.filter(pk=item.pk).update(title="Dark mode for the dashboard!")
    item.refresh_from_db()
    assert [entry.ranked_by for entry in possible_duplicates(project=project, feedback=item)] == ["trigrams"]


def test_the_sweep_embeds_items_without_a_vector(project, server):
    first, second = submit(project, "abab"), submit(project, "baba")
    assert duplicates.sweep() == 2
    assert set(Embedding.objects.values_list("object_id", flat=True)) == {first.pk, second.pk}
    assert duplicates.sweep() == 0


def test_a_deleted_item_takes_its_vector_with_it(project, server, commit):
    item = commit(submit, project, "abab")
    delete_feedback(feedback=item)
    assert not Embedding.objects.exists()


def test_a_provider_failure_leaves_no_vector_and_trigrams_answer(project, server, commit):
    server.script = [500]
    item = commit(submit, project, "Dark mode for the dashboard")
    other = commit(submit, project, "Dark mode for the dashboard please")
    assert not Embedding.objects.filter(object_id=item.pk).exists()
    assert Embedding.objects.filter(object_id=other.pk).exists()
    found = possible_duplicates(project=project, feedback=item)
    assert [(entry.pk, entry.ranked_by) for entry in found] == [(other.pk, "trigrams")]


def test_with_ai_off_nothing_is_sent_and_trigram_suggestions_stay(project, server, commit):
    project.ai_enabled = False
    project.save(update_fields=["ai_enabled"])
    item = commit(submit, project, "Dark mode for the dashboard")
    twin = commit(submit, project, "Dark mode for the dashboard please")
    assert duplicates.sweep() == 0
    assert duplicates.embed(item.pk) == "skipped"
    assert server.requests == []
    assert not Embedding.objects.exists()
    found = possible_duplicates(project=project, feedback=item)
    assert [(entry.pk, entry.ranked_by) for entry in found] == [(twin.pk, "trigrams")]


def test_with_ai_turned_off_stored_vectors_are_not_used(project, server, commit):
    item = commit(submit, project, "abab")
    commit(submit, project, "baba")
    project.ai_enabled = False
    project.save(update_fields=["ai_enabled"])
    assert possible_duplicates(project=project, feedback=item) == []  # "baba" is not a similar title
