"""Celery tasks of the changelog: thin wrappers of changelog/summaries.py (issue 23)."""

from celery import shared_task

from . import summaries


@shared_task(name="changelog.tasks.generate_summary")
def generate_summary(entry_id):
    return summaries.generate(entry_id)


@shared_task(name="changelog.tasks.sweep_summaries")
def sweep_summaries():
    return summaries.sweep()
