"""Bridges from Wagtail's task queues to django-q2.

Wagtail queues its own work (search and reference index updates) through django-tasks, and
wagtail-localize through its job backend (translations.jobs). Both hand the work to django-q2
once the surrounding transaction has committed, so a worker never looks for rows that a
rolled-back transaction never wrote.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.tasks import async_task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


def run(path, args, kwargs):
    """What the django-q2 worker runs: a django-tasks task or a plain function, by dotted path."""
    target = import_string(path)
    if isinstance(target, Task):
        return target.call(*args, **kwargs)
    return target(*args, **kwargs)


def enqueue_on_commit(path, args, kwargs):
    transaction.on_commit(lambda: async_task("cluster.tasks.run", path, args, kwargs))


class DjangoQ2TaskBackend(BaseTaskBackend):
    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        enqueue_on_commit(task.module_path, args, kwargs)
        return result
