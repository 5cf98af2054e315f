"""Members: owners and admins re-role and remove; the last owner always stays.

Adding people is by invitation: tests/dashboard/test_invitations.py."""

import pytest

from projects.models import Membership

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_admin_cannot_remove_an_owner(login, team, project):
    owner = Membership.objects.get(project=project, user=team["owner"])
    response = login(team["admin"]).post(f"/p/acme/members/{owner.pk}/remove/")
    assert response.status_code == 403
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_owner_changes_a_role(login, team, project):
    membership = Membership.objects.get(project=project, user=team["member"])
    response = login(team["owner"]).post(f"/p/acme/members/{membership.pk}/role/", {"role": "admin"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_last_owner_cannot_be_demoted(login, team, project):
    owner = Membership.objects.get(project=project, user=team["owner"])
    client = login(team["owner"])
    response = client.post(f"/p/acme/members/{owner.pk}/role/", {"role": "admin"}, follow=True)
    assert "A project needs at least one owner" in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_last_owner_cannot_be_removed(login, team, project):
    owner = Membership.objects.get(project=project, user=team["owner"])
    response = login(team["owner"]).post(f"/p/acme/members/{owner.pk}/remove/", follow=True)
    assert "A project needs at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_an_owner_can_step_down_when_another_owner_exists(login, team, project):
    second = make_user("second")
    Membership.objects.create(project=project, user=second, role="owner")
    owner = Membership.objects.get(project=project, user=team["owner"])
    response = login(team["owner"]).post(f"/p/acme/members/{owner.pk}/role/", {"role": "member"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.role == "member"


def test_admin_removes_a_member(login, team, project):
    membership = Membership.objects.get(project=project, user=team["member"])
    response = login(team["admin"]).post(f"/p/acme/members/{membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removed_member_loses_access(login, team, project):
    Membership.objects.filter(project=project, user=team["member"]).delete()
    assert login(team["member"]).get("/p/acme/install/").status_code == 404


def test_invalid_role_is_refused(login, team, project):
    membership = Membership.objects.get(project=project, user=team["member"])
    login(team["owner"]).post(f"/p/acme/members/{membership.pk}/role/", {"role": "god"})
    membership.refresh_from_db()
    assert membership.role == "member"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_one_owner(project):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so there is no race to test")
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier, BrokenBarrierError
    from unittest import mock

    from django.core.exceptions import ValidationError
    from django.db import connections

    from projects import services

    owners = [Membership.objects.create(project=project, user=make_user(name), role="owner") for name in ("ann", "bob")]
    start, after_check = Barrier(2), Barrier(2)
    lock_owners = services._lock_owners

    def slow_lock_owners(project):
        # Hold the window between the owner check and the write open: without the row
        # lock both threads pass the check here; with it the second waits for the first.
        result = lock_owners(project)
        try:
            after_check.wait(timeout=1)
        except BrokenBarrierError:
            pass
        return result

    def demote(pk):
        try:
            start.wait()
            membership = Membership.objects.select_related("project").get(pk=pk)
            services.change_member_role(membership=membership, role="member")
            return "demoted"
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    with mock.patch.object(services, "_lock_owners", slow_lock_owners), ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(demote, [owner.pk for owner in owners]))
    assert results == ["demoted", "refused"]
    assert Membership.objects.filter(project=project, role="owner").count() == 1
