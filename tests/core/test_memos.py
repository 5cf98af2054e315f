"""One call empties this process's memos (pulse/memos.py), as a fresh process has them."""

from django.core.cache import cache

from projects.models import Project
from projects.selectors import get_project_by_slug
from pulse import memos
from pulse.memos import clear_process_memos, register_memo


def test_a_registered_memo_is_emptied_and_registering_twice_empties_it_once(monkeypatch):
    monkeypatch.setattr(memos, "_clears", [])  # this test's registration ends with it
    memo = {"key": "value"}
    calls = []

    def clear():
        calls.append(1)
        memo.clear()

    register_memo(clear)
    register_memo(clear)
    clear_process_memos()
    assert memo == {}
    assert calls == [1]


def test_after_clearing_the_memos_the_slug_memo_reads_the_project_again(project):
    assert get_project_by_slug("acme").name == "Acme App"
    Project.objects.filter(pk=project.pk).update(name="Renamed")  # no signal: no invalidation
    cache.clear()
    assert get_project_by_slug("acme").name == "Acme App"  # still this process's memo
    clear_process_memos()
    assert get_project_by_slug("acme").name == "Renamed"
