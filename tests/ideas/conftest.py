"""Fixtures of the idea board's tests: ideas on the `project` fixture's board."""

import uuid

import pytest
from django.test import TestCase

from feedback import services


@pytest.fixture
def make_idea(project):
    """make_idea(title="...", **fields) -> a published idea of `project` (or `project=`)."""

    def make(title="Dark mode", project=project, visitor_id=None, **fields):
        return services.submit_idea(project=project, visitor_id=visitor_id or uuid.uuid4(), title=title, **fields)

    return make


@pytest.fixture
def idea(make_idea):
    return make_idea("Dark mode", description="A dark theme for the dashboard", display_name="Ada")


@pytest.fixture
def fan_out():
    """Run the commit callbacks of the block (the outbox dispatch, inline like the worker)."""
    return lambda: TestCase.captureOnCommitCallbacks(execute=True)
