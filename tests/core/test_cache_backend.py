"""The Redis cache backend keeps Django's contract; the slug lookup follows renames."""

import pytest
from django.core.cache import cache

from projects.selectors import get_project_by_slug


@pytest.mark.redis
def test_incr_of_a_missing_key_raises_value_error_and_creates_nothing():
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.get("never-set") is None


@pytest.mark.redis
def test_incr_adds_to_an_existing_counter_and_keeps_its_expiry():
    cache.add("counter", 0, 60)
    assert cache.incr("counter") == 1
    assert cache.incr("counter", 5) == 6
    assert cache.get("counter") == 6
    client = cache._cache.get_client("counter")
    assert 0 < client.ttl(cache.make_key("counter")) <= 60


@pytest.mark.redis
def test_one_client_is_reused_across_calls():
    backend = cache._cache
    assert backend.get_client("a") is backend.get_client("b")


@pytest.mark.django_db
def test_renamed_slug_is_seen_at_once_in_this_process(project):
    assert get_project_by_slug("acme").id == project.id
    project.slug = "acme-2"
    project.save()
    assert get_project_by_slug("acme") is None
    assert get_project_by_slug("acme-2").id == project.id


@pytest.mark.django_db
def test_project_created_after_a_miss_is_found(db):
    from projects.services import create_project

    assert get_project_by_slug("late") is None
    created = create_project(name="Late", slug="late")
    assert get_project_by_slug("late").id == created.id
