"""Fixtures shared by every test: a project, keys, an API client, a clean cache."""

import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from projects.services import create_api_key, create_project


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def project(db):
    return create_project(name="Acme App", slug="acme")


@pytest.fixture
def other_project(db):
    return create_project(name="Other App", slug="other")


@pytest.fixture
def make_key(db):
    """make_key(project, "read,write") -> raw key string."""

    def make(project, scopes="read,write", **kwargs):
        _, raw_key = create_api_key(project=project, name="test key", scopes=scopes.split(","), **kwargs)
        return raw_key

    return make


@pytest.fixture
def visitor_id():
    return str(uuid.uuid4())
