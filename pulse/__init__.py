# The Celery app is loaded with Django, so `shared_task` and `transaction.on_commit(task.delay)`
# use Pulse's broker settings in every process (web, worker, beat, manage.py).
from .celery import app as celery_app

__all__ = ("celery_app",)
