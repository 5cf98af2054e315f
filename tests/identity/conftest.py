"""Fixtures of the signed-visitor tests: a project with an identity secret, and tokens."""

import time

import jwt
import pytest

from projects.services import rotate_identity_secret


def mint(secret, *, sub="user-42", lifetime=300, algorithm="HS256", **claims):
    """A visitor token as a customer's server signs it (exp `lifetime` s from now)."""
    payload = {"sub": sub, "exp": int(time.time()) + lifetime, **claims}
    return jwt.encode(payload, secret, algorithm=algorithm)


def token_header(token):
    return {"HTTP_X_PULSE_USER_TOKEN": token}


@pytest.fixture
def secret(project):
    return rotate_identity_secret(project=project)


@pytest.fixture
def other_secret(other_project):
    return rotate_identity_secret(project=other_project)
