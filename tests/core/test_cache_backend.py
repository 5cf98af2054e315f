"""The Redis cache backend keeps Django's contract; the slug lookup follows renames."""

import pytest
from django.core.cache import cache

from projects.models import Project
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


@pytest.mark.django_db
def test_deleted_project_is_forgotten_at_once(project):
    assert get_project_by_slug("acme").id == project.id
    project.delete()
    assert get_project_by_slug("acme") is None


@pytest.mark.django_db
def test_projects_deleted_in_bulk_are_forgotten_at_once(project, other_project):
    assert get_project_by_slug("acme") is not None and get_project_by_slug("other") is not None
    Project.objects.filter(slug__in=["acme", "other"]).delete()
    assert get_project_by_slug("acme") is None
    assert get_project_by_slug("other") is None


@pytest.mark.django_db
def test_another_process_sees_a_rename_within_the_local_memo_bound(project, monkeypatch):
    """Other processes keep their copy at most LOCAL_SECONDS: simulated by renaming behind
    this process's back (a queryset update sends no signal) and moving the clock on."""
    from projects import selectors

    assert get_project_by_slug("acme").id == project.id
    Project.objects.filter(pk=project.pk).update(slug="acme-2")
    assert get_project_by_slug("acme") is not None  # this process's copy, younger than the bound
    now = selectors.time.monotonic()
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now + selectors.LOCAL_SECONDS + 0.01)
    assert get_project_by_slug("acme") is None
    assert get_project_by_slug("acme-2").id == project.id
