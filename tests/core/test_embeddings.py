"""pulse/embeddings.py: vectors stored per item and compared by cosine similarity, against
the local OpenAI-compatible server (its vectors are the counts of the letters a to e, so
the expected order can be worked out by hand)."""

import uuid

import pytest

from pulse import embeddings
from pulse.ai import AIError
from pulse.models import Embedding

pytestmark = pytest.mark.django_db

A, B, C = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
ITEMS = [(A, "aaaa"), (B, "bbbb"), (C, "aab")]


@pytest.fixture
def server(ai_server, settings):
    settings.PULSE_AI_MODEL = "chat-model"
    settings.PULSE_AI_EMBEDDING_MODEL = "embed-model"
    settings.PULSE_AI_RETRIES = 0
    settings.PULSE_AI_SIMILARITY_THRESHOLD = 0.6
    return ai_server


def test_vectors_are_available_only_with_an_embeddings_provider_and_ai_on(project, settings, server):
    assert embeddings.available(project)
    project.ai_enabled = False
    assert not embeddings.available(project)
    project.ai_enabled = True
    settings.PULSE_AI_PROVIDER = "offline"
    assert not embeddings.available(project)


def test_store_sends_each_text_once_in_one_batch(project, server):
    assert embeddings.store(project=project, kind="feedback", items=ITEMS) == 3
    assert [body["input"] for _, _, body in server.requests] == [["aaaa", "bbbb", "aab"]]
    assert Embedding.objects.filter(project=project, kind="feedback", model="embed-model").count() == 3


def test_an_unchanged_text_is_not_sent_again(project, server):
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    assert embeddings.store(project=project, kind="feedback", items=ITEMS) == 0
    assert len(server.requests) == 1


def test_a_changed_text_is_sent_again(project, server):
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    assert embeddings.store(project=project, kind="feedback", items=[(A, "eeee"), (B, "bbbb")]) == 1
    assert server.requests[-1][2]["input"] == ["eeee"]


def test_batches_follow_the_setting(project, server, settings):
    settings.PULSE_AI_EMBED_BATCH = 2
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    assert [len(body["input"]) for _, _, body in server.requests] == [2, 1]


def test_nearest_ranks_by_cosine_similarity_above_the_threshold(project, server):
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    ranked = embeddings.nearest(project=project, kind="feedback", text="aaab")
    assert [pk for pk, _ in ranked] == [C, A]  # B ("bbbb", cosine 0.32) is under the threshold
    assert ranked[0][1] == pytest.approx(7 / (10**0.5 * 5**0.5), abs=1e-6)
    assert ranked[1][1] == pytest.approx(3 / 10**0.5, abs=1e-6)


def test_nearest_leaves_out_excluded_items_and_keeps_to_among(project, server):
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    assert [pk for pk, _ in embeddings.nearest(project=project, kind="feedback", text="aaab", exclude_ids=[C])] == [A]
    assert [pk for pk, _ in embeddings.nearest(project=project, kind="feedback", text="aaab", among_ids=[A, B])] == [A]


def test_nearest_never_compares_another_projects_or_kinds_vectors(project, other_project, server):
    embeddings.store(project=other_project, kind="feedback", items=ITEMS)
    embeddings.store(project=project, kind="changelog", items=ITEMS)
    assert embeddings.nearest(project=project, kind="feedback", text="aaab") == []


def test_vectors_of_another_model_are_not_compared(project, server, settings):
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    settings.PULSE_AI_EMBEDDING_MODEL = "newer-model"
    assert embeddings.nearest(project=project, kind="feedback", text="aaab") == []
    assert embeddings.store(project=project, kind="feedback", items=ITEMS) == 3


def test_forget_deletes_the_items_vectors(project, server):
    embeddings.store(project=project, kind="feedback", items=ITEMS)
    assert embeddings.forget(project=project, kind="feedback", object_ids=[A, C]) == 2
    assert [pk for pk, _ in embeddings.nearest(project=project, kind="feedback", text="bbb")] == [B]


def test_a_failing_server_is_an_ai_error_and_stores_nothing(project, server):
    server.script = [500]
    with pytest.raises(AIError, match="HTTP 500"):
        embeddings.store(project=project, kind="feedback", items=ITEMS)
    assert not Embedding.objects.exists()


def test_packed_vectors_are_unit_length_float32():
    values = embeddings.unpack(embeddings.pack([3.0, 4.0]))
    assert list(values) == pytest.approx([0.6, 0.8])
    assert len(embeddings.pack([3.0, 4.0])) == 8
    assert embeddings.cosine(values, values) == pytest.approx(1.0)
    assert embeddings.cosine(values, embeddings.unpack(embeddings.pack([1.0, 2.0, 3.0]))) == 0.0
