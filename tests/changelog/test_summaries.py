"""The generated `ai_summary` (issue 23): the offline summariser on the demo's real entries,
and the job (changelog/summaries.py) run inline when the test's transaction "commits"."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from changelog import demo, summaries
from changelog.models import ChangelogEntry, SummarySource, SummaryStatus
from changelog.services import create_entry, emit_due_published_events, publish_entry, update_entry
from projects.models import Membership
from pulse.ai import OfflineProvider, split_sentences
from tests.openai_server import SUMMARY

pytestmark = pytest.mark.django_db

CONTENT = (
    "<p>Pulse can now call your server when something happens in a project.</p>"
    "<p>Each delivery is signed with your project secret. Retries last about a day.</p>"
)
GENERATED = (
    "Pulse can now call your server when something happens in a project. "
    "Each delivery is signed with your project secret."
)


@pytest.fixture
def offline(settings):
    settings.PULSE_AI_PROVIDER = "offline"


def fresh(entry):
    return ChangelogEntry.objects.get(pk=entry.pk)


def published(project, **fields):
    fields.setdefault("title", "Webhooks for every event")
    fields.setdefault("content", CONTENT)
    return create_entry(project=project, published_at=timezone.now() - timedelta(minutes=1), **fields)


# The offline summariser on the demo's entries

DEMO_PUBLISHED = [fields for days, fields in demo.DEMO_ENTRIES if days is not None and days < 0]


@pytest.fixture
def demo_entries(project, offline):
    demo.seed(project=project, visitor_id=uuid.uuid4())
    return list(ChangelogEntry.objects.filter(project=project).published().select_related("project"))


def test_the_demo_has_published_entries_to_summarise(demo_entries):
    assert len(demo_entries) == len(DEMO_PUBLISHED) == 6


def test_offline_summaries_of_the_demo_entries_are_not_empty(demo_entries):
    for entry in demo_entries:
        summary = OfflineProvider().summarize(title=entry.title, text=summaries.source_text(entry))
        assert summary.strip(), entry.title


def test_offline_summaries_of_the_demo_entries_are_shorter_than_their_text(demo_entries):
    for entry in demo_entries:
        text = summaries.source_text(entry)
        assert len(OfflineProvider().summarize(title=entry.title, text=text)) < len(text), entry.title


def test_offline_summaries_of_the_demo_entries_are_made_of_their_sentences(demo_entries):
    for entry in demo_entries:
        text = summaries.source_text(entry)
        summary = OfflineProvider().summarize(title=entry.title, text=text)
        sentences = split_sentences(text)
        assert 1 <= len(split_sentences(summary)) <= 2, entry.title
        assert all(sentence in sentences for sentence in split_sentences(summary)), (entry.title, summary)


def test_offline_summaries_of_the_demo_entries_are_the_same_twice(demo_entries):
    for entry in demo_entries:
        text = summaries.source_text(entry)
        first = OfflineProvider().summarize(title=entry.title, text=text)
        assert OfflineProvider().summarize(title=entry.title, text=text) == first, entry.title


def test_an_offline_summary_leaves_out_headings_list_items_and_code(offline):
    entry = ChangelogEntry(title="Dark mode for the widget", content=demo.DEMO_ENTRIES[3][1]["content"])
    summary = OfflineProvider().summarize(title=entry.title, text=summaries.source_text(entry))
    assert "Dark mode is here" not in summary
    assert "script" not in summary
    assert not summary.endswith(":")


# The job


def test_the_job_fills_the_empty_summary_of_a_published_entry(project, commit, offline):
    entry = fresh(commit(published, project))
    assert entry.ai_summary == GENERATED
    assert entry.ai_summary_source == SummarySource.GENERATED
    assert entry.ai_summary_status == SummaryStatus.DONE
    assert entry.ai_summary_error == ""


def test_the_generated_summary_is_in_the_public_api(project, commit, offline, client):
    commit(published, project)
    (item,) = client.get("/api/v1/projects/acme/changelog").json()["data"]
    assert item["ai_summary"] == GENERATED


def test_the_job_leaves_a_summary_the_team_wrote(project, commit, offline):
    entry = fresh(commit(published, project, ai_summary="Our words."))
    assert entry.ai_summary == "Our words."
    assert entry.ai_summary_source == SummarySource.EDITED
    assert entry.ai_summary_status == SummaryStatus.NONE


def test_an_edit_made_while_the_job_waits_wins(project, django_capture_on_commit_callbacks, offline):
    with django_capture_on_commit_callbacks() as callbacks:
        entry = published(project)
    assert fresh(entry).ai_summary_status == SummaryStatus.PENDING
    update_entry(entry=fresh(entry), ai_summary="Typed while the worker was busy.")
    for callback in callbacks:
        callback()
    entry = fresh(entry)
    assert entry.ai_summary == "Typed while the worker was busy."
    assert entry.ai_summary_source == SummarySource.EDITED


def test_a_generated_summary_is_edited_by_changing_it(project, commit, offline):
    entry = commit(published, project)
    entry = fresh(commit(update_entry, entry=fresh(entry), ai_summary="Better words."))
    assert (entry.ai_summary, entry.ai_summary_source) == ("Better words.", SummarySource.EDITED)


def test_an_unchanged_summary_sent_back_stays_generated(project, commit, offline):
    entry = fresh(commit(published, project))
    entry = fresh(commit(update_entry, entry=entry, ai_summary=entry.ai_summary, title="Renamed"))
    assert entry.ai_summary_source == SummarySource.GENERATED


def test_an_emptied_summary_is_written_again(project, commit, offline):
    entry = commit(published, project, ai_summary="Our words.")
    entry = fresh(commit(update_entry, entry=fresh(entry), ai_summary=""))
    assert entry.ai_summary == GENERATED
    assert entry.ai_summary_source == SummarySource.GENERATED


def test_a_draft_gets_no_summary(project, commit, offline):
    entry = fresh(commit(create_entry, project=project, title="Draft", content=CONTENT))
    assert (entry.ai_summary, entry.ai_summary_status) == ("", SummaryStatus.NONE)


def test_publishing_a_draft_fills_its_summary(project, commit, offline):
    entry = create_entry(project=project, title="Draft", content=CONTENT)
    entry = fresh(commit(publish_entry, entry=entry))
    assert entry.ai_summary_status == SummaryStatus.DONE
    assert entry.ai_summary


def test_a_scheduled_entry_gets_its_summary_when_its_time_comes(project, commit, offline):
    entry = create_entry(
        project=project, title="Later", content=CONTENT, published_at=timezone.now() + timedelta(hours=1)
    )
    assert fresh(entry).ai_summary_status == SummaryStatus.NONE
    commit(emit_due_published_events, now=timezone.now() + timedelta(hours=2))
    assert fresh(entry).ai_summary_status == SummaryStatus.DONE


def test_an_entry_without_text_fails_visibly_and_stays_published(project, commit, offline):
    entry = fresh(commit(published, project, content=""))
    assert entry.status == "published"
    assert entry.ai_summary_status == SummaryStatus.FAILED
    assert entry.ai_summary_error == "The entry has no text to summarise."


def test_a_failing_server_does_not_block_publishing(project, commit, ai_server, client):
    ai_server.script = [500, 500, 500]
    entry = fresh(commit(published, project))
    assert entry.ai_summary_status == SummaryStatus.FAILED
    assert entry.ai_summary_error == "The AI server answered HTTP 500: The server had an error"
    assert client.get("/api/v1/projects/acme/changelog").json()["data"][0]["ai_summary"] == ""


def test_the_openai_provider_writes_the_summary(project, commit, ai_server):
    entry = fresh(commit(published, project))
    assert entry.ai_summary == SUMMARY
    assert "Title: Webhooks for every event" in ai_server.requests[0][2]["messages"][1]["content"]


def test_a_project_with_ai_off_gets_no_summary(project, commit, offline):
    project.ai_enabled = False
    project.save()
    entry = fresh(commit(published, project))
    assert (entry.ai_summary, entry.ai_summary_status) == ("", SummaryStatus.NONE)


def test_the_sweeper_sends_a_request_the_broker_lost(project, django_capture_on_commit_callbacks, offline, settings):
    with django_capture_on_commit_callbacks():  # the enqueue is dropped, as a lost message
        entry = published(project)
    assert summaries.sweep() == 0  # a job may still be running
    ChangelogEntry.objects.filter(pk=entry.pk).update(
        ai_summary_requested_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    )
    assert summaries.sweep() == 1
    assert fresh(entry).ai_summary_status == SummaryStatus.DONE


def test_the_job_for_a_deleted_entry_does_nothing(offline):
    assert summaries.generate(str(uuid.uuid4())) == "skipped"


# The dashboard


@pytest.fixture
def member(client, project):
    user = get_user_model().objects.create_user("team", "team@example.com", "pw-12345-long")
    Membership.objects.create(project=project, user=user, role=Membership.Role.MEMBER)
    client.force_login(user)
    return user


def edit_url(entry):
    return f"/p/acme/changelog/{entry.pk}/"


def test_the_editor_shows_a_failure_and_its_reason(project, commit, offline, member, client):
    entry = commit(published, project, content="")
    page = client.get(edit_url(entry)).content.decode()
    assert "Summary failed" in page
    assert "The entry has no text to summarise." in page


def test_the_editor_shows_a_generated_summary(project, commit, offline, member, client):
    entry = commit(published, project)
    page = client.get(edit_url(entry)).content.decode()
    assert "Generated" in page
    assert GENERATED in page


def editor_post(entry, **fields):
    data = {"title": entry.title, "type": entry.type, "action": "save", "content_html": entry.content}
    data.update(fields)
    return data


def test_the_editor_carries_the_summary_it_was_loaded_with(project, commit, offline, member, client):
    entry = commit(published, project)
    page = client.get(edit_url(entry)).content.decode()
    assert f'name="initial-ai_summary" value="{GENERATED}"' in page


def test_a_summary_typed_in_the_editor_is_the_teams(project, commit, offline, member, client):
    entry = fresh(commit(published, project))
    data = editor_post(entry, **{"ai_summary": "Our words.", "initial-ai_summary": entry.ai_summary})
    assert commit(client.post, edit_url(entry), data).status_code == 302
    entry = fresh(entry)
    assert (entry.ai_summary, entry.ai_summary_source) == ("Our words.", SummarySource.EDITED)


def test_saving_a_page_loaded_before_the_summary_was_written_keeps_it(project, commit, offline, member, client):
    entry = fresh(commit(published, project))
    data = editor_post(entry, **{"ai_summary": "", "initial-ai_summary": "", "title": "Renamed"})
    assert commit(client.post, edit_url(entry), data).status_code == 302
    entry = fresh(entry)
    assert entry.title == "Renamed"
    assert entry.ai_summary == GENERATED
    assert entry.ai_summary_source == SummarySource.GENERATED


def test_regenerate_replaces_an_edited_summary(project, commit, offline, member, client):
    entry = commit(published, project, ai_summary="Our words.")
    response = commit(client.post, f"/p/acme/changelog/{entry.pk}/summary/")
    assert response.status_code == 302
    entry = fresh(entry)
    assert entry.ai_summary == GENERATED
    assert entry.ai_summary_source == SummarySource.GENERATED


def test_regenerate_is_refused_when_ai_is_off(project, commit, offline, member, client):
    entry = commit(published, project, ai_summary="Our words.")
    project.ai_enabled = False
    project.save()
    response = client.post(f"/p/acme/changelog/{entry.pk}/summary/", follow=True)
    assert "AI features are off for this project" in response.content.decode()
    assert fresh(entry).ai_summary == "Our words."


def test_regenerate_needs_a_post(project, commit, offline, member, client):
    entry = commit(published, project)
    assert client.get(f"/p/acme/changelog/{entry.pk}/summary/").status_code == 405


def test_the_settings_page_turns_ai_off(project, member, client):
    Membership.objects.filter(user=member).update(role=Membership.Role.OWNER)
    response = client.post("/p/acme/settings/", {"name": project.name, "slug": "acme"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.ai_enabled is False


def test_a_summary_changed_in_django_admin_is_the_teams(project, commit, offline, client):
    entry = fresh(commit(published, project))
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")
    client.force_login(admin)
    url = f"/admin/changelog/changelogentry/{entry.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "project": str(project.pk),
        "title": entry.title,
        "type": entry.type,
        "content": entry.content,
        "ai_summary": "Typed in Django Admin.",
        "published_at_0": entry.published_at.strftime("%Y-%m-%d"),
        "published_at_1": entry.published_at.strftime("%H:%M:%S"),
        "_save": "Save",
    }
    assert client.post(url, data).status_code == 302
    entry = fresh(entry)
    assert (entry.ai_summary, entry.ai_summary_source) == ("Typed in Django Admin.", SummarySource.EDITED)
    assert entry.status == "published"
