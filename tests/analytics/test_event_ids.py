"""Event ids say nothing about how many events Pulse stores (issue 16, item 4).

The internal primary key is a global sequence; the API's "id" is the event's `public_id`, a
uuid7 whose random part carries no count. Every path that shows an event (track with a key,
the widget's track, the list) shows that id, and never the pk.
"""

import uuid

import pytest

from analytics.models import Event
from analytics.services import ingest_events
from pulse.ids import uuid7

from .conftest import EVENTS

pytestmark = pytest.mark.django_db
WIDGET_TRACK = "/api/v1/projects/acme/events"


def _as_uuid7(text):
    value = uuid.UUID(text)
    assert (value.version, str(value)) == (7, text)
    return value


def test_ids_from_every_path_are_uuid7s_that_do_not_count_the_events_of_other_projects(
    post, get, client, project, other_project, write_key, read_key, make_key
):
    other_key = make_key(other_project, "analytics:write")
    shown = []
    for key in (write_key, other_key, write_key, other_key):
        response = post(EVENTS, {"name": "page.viewed"}, key)
        assert response.status_code == 201
        shown.append(response.json()["data"]["id"])
    response = client.post(WIDGET_TRACK, data={"name": "widget.opened"}, content_type="application/json")
    assert response.status_code == 201
    shown.append(response.json()["data"]["id"])

    ids = [_as_uuid7(text) for text in shown]
    stored = {str(event.public_id): event.pk for event in Event.objects.all()}
    assert sorted(stored) == sorted(shown)
    assert not set(shown) & {str(pk) for pk in stored.values()}
    # Consecutive events (of any project) differ in their random bits, not by one.
    random_parts = [value.int & ((1 << 74) - 1) for value in ids]
    assert len(set(random_parts)) == len(ids)
    assert all(abs(b - a) > 1 for a, b in zip(random_parts, random_parts[1:], strict=False))

    listed = get(EVENTS, read_key).json()["data"]
    assert {event["id"] for event in listed} == {shown[0], shown[2], shown[4]}


def test_a_batch_gives_each_event_its_own_public_id(project):
    assert ingest_events(project=project, events=[{"name": f"e{n}"} for n in range(50)]) == 50
    public_ids = list(Event.objects.values_list("public_id", flat=True))
    assert len(set(public_ids)) == 50 and all(value.version == 7 for value in public_ids)


@pytest.mark.parametrize("at_ms", [0, 1, 1_772_712_000_000, 2**48 - 1])
def test_uuid7_keeps_the_time_in_its_first_48_bits_and_the_version_and_variant_bits(at_ms):
    first, second = uuid7(at_ms=at_ms), uuid7(at_ms=at_ms)
    for value in (first, second):
        assert (value.int >> 80, value.version, value.variant) == (at_ms, 7, uuid.RFC_4122)
    assert first != second
