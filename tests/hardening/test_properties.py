"""Property tests beyond the core's (tests/core/test_properties.py): the vote toggle state
machine of the roadmap and the event batch validator of analytics."""

import string
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.validators import InvalidEvent, Limits, validate_batch
from roadmap.models import RoadmapEntry, RoadmapVote
from roadmap.services import toggle_vote

VISITORS = [uuid.UUID(int=n) for n in range(1, 5)]
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
LIMITS = Limits(
    name_length=200, properties_bytes=8192, batch=1000, max_future=timedelta(days=1), max_age=timedelta(days=365)
)

votes = st.lists(st.tuples(st.sampled_from(VISITORS), st.sampled_from(["up", "down"])), max_size=30)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=votes)
def test_any_vote_sequence_leaves_vote_count_the_net_of_each_visitors_last_state(project, sequence):
    with transaction.atomic():
        entry = RoadmapEntry.objects.create(project=project, feature_name="Dark mode")
        state = {}  # the model: visitor -> "up" / "down" / None (no vote)
        net = 0
        for visitor_id, vote_type in sequence:
            state[visitor_id] = None if state.get(visitor_id) == vote_type else vote_type
            net = sum({"up": 1, "down": -1}[kind] for kind in state.values() if kind)
            result = toggle_vote(
                entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type=vote_type
            )
            assert result == (net, state[visitor_id])
        rows = dict(RoadmapVote.objects.filter(entry=entry).values_list("visitor_id", "vote_type"))
        assert rows == {visitor: kind for visitor, kind in state.items() if kind}
        assert RoadmapEntry.objects.get(pk=entry.pk).vote_count == net
        transaction.set_rollback(True)


# The core's text rule (pulse/text.py): no C0 control but tab/LF/CR, no U+FFFE/U+FFFF, no surrogate.
UNSTORABLE_CHARACTERS = "".join(map(chr, [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
storable_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters=UNSTORABLE_CHARACTERS), max_size=10
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | storable_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(storable_text, children, max_size=3),
    max_leaves=8,
)
good_events = st.fixed_dictionaries(
    {"name": st.text(string.ascii_letters + "._", min_size=1, max_size=40)},
    optional={
        "properties": st.dictionaries(st.text(string.ascii_letters, max_size=8), json_values, max_size=4),
        "userId": st.text(string.ascii_letters + string.digits, max_size=30),
        "sessionId": st.text(string.ascii_letters + string.digits, max_size=30),
        "timestamp": st.datetimes(
            min_value=datetime(2000, 1, 1), max_value=datetime(2026, 3, 5), timezones=st.just(timezone.utc)
        ).map(lambda moment: moment.isoformat()),
    },
)
bad_events = st.one_of(
    st.none() | st.integers() | st.text() | st.lists(st.integers(), max_size=2),
    st.fixed_dictionaries({"name": st.sampled_from(["", "   ", None, 3, "x" * 201, "a\x00b"])}),
    st.fixed_dictionaries(
        {"name": st.just("ok"), "properties": st.sampled_from([[], "x", 1, {"a": "\x00"}, {"a": "\x0b"}, {"\x01": 1}])}
    ),
    st.fixed_dictionaries({"name": st.just("ok"), "userId": st.sampled_from([1, [], "u" * 201, "a\x00"])}),
    st.fixed_dictionaries(
        {
            "name": st.just("ok"),
            "timestamp": st.sampled_from(["yesterday", "2026-03-05", 17, "2026-13-01T00:00:00Z"]),
        }
    ),
)


@given(st.lists(good_events, min_size=1, max_size=20))
def test_a_batch_of_valid_events_validates_whole_and_in_order(events):
    valid = validate_batch(events, now=NOW, limits=LIMITS)
    assert [event.name for event in valid] == [event["name"].strip() for event in events]
    assert all(event.timestamp <= NOW + timedelta(days=1) for event in valid)


@given(st.lists(good_events, max_size=10), bad_events, st.lists(good_events, max_size=10))
def test_one_bad_event_refuses_the_batch_naming_its_index(before, bad, after):
    with pytest.raises(InvalidEvent) as raised:
        validate_batch([*before, bad, *after], now=NOW, limits=LIMITS)
    assert raised.value.message.startswith(f"events[{len(before)}]")


@given(st.none() | st.just([]) | st.integers() | st.text() | st.dictionaries(st.text(max_size=3), st.integers()))
def test_anything_but_a_non_empty_list_is_refused_with_a_message(events):
    with pytest.raises(InvalidEvent) as raised:
        validate_batch(events, now=NOW, limits=LIMITS)
    assert raised.value.message.startswith("events ")


@given(st.integers(min_value=1, max_value=5))
def test_a_batch_over_the_limit_is_refused(extra):
    limits = LIMITS._replace(batch=3)
    with pytest.raises(InvalidEvent, match="at most 3 events"):
        validate_batch([{"name": "x"}] * (3 + extra), now=NOW, limits=limits)
