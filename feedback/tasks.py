"""Celery tasks of feedback: thin wrappers of feedback/duplicates.py (issue 23)."""

from celery import shared_task

from . import duplicates


@shared_task(name="feedback.tasks.embed_feedback")
def embed_feedback(feedback_id):
    return duplicates.embed(feedback_id)


@shared_task(name="feedback.tasks.sweep_embeddings")
def sweep_embeddings():
    return duplicates.sweep()
