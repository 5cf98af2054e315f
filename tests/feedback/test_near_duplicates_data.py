"""The labelled near-duplicate set (tests/feedback/data/near_duplicates.json) that the
similar-feedback precision test reads (issue 23): enough pairs, distinct, storable."""

import json
from pathlib import Path

from feedback.models import TITLE_MAX_LENGTH

DATA = json.loads((Path(__file__).parent / "data" / "near_duplicates.json").read_text())


def all_items():
    return [
        *(pair[side] for pair in DATA["pairs"] for side in ("existing", "new")),
        *DATA["unrelated"],
        *DATA["no_duplicate"],
    ]


def test_the_set_has_twenty_pairs_and_unrelated_items_and_queries_without_a_duplicate():
    assert len(DATA["pairs"]) >= 20
    assert len(DATA["unrelated"]) >= 10
    assert len(DATA["no_duplicate"]) >= 5


def test_every_title_is_unique():
    titles = [item["title"].lower() for item in all_items()]
    assert len(titles) == len(set(titles))


def test_every_item_is_a_storable_feedback_title_and_description():
    for item in all_items():
        assert set(item) == {"title", "description"}
        assert 0 < len(item["title"]) <= TITLE_MAX_LENGTH
        assert item["description"]
