"""Bridges from Wagtail's task queues to django-q2.

Wagtail queues its own work (search and reference index updates) through django-tasks, and
wagtail-localize through its job backend (translations.jobs). Both hand the work to django-q2
once the surrounding transaction has committed, so a worker never looks for rows that a
rolled-back transaction never wrote. A task deferred with run_after becomes a one-off django-q2
schedule; the scheduler looks every 30 seconds, so it runs up to that much after its time.
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


def schedule_on_commit(path, args, kwargs, run_after):
    def create():
        from django_q.models import Schedule  # a model: not importable before the apps are ready

        Schedule.objects.create(
            name=f"{path} {timezone.localtime(run_after):%Y-%m-%d %H:%M:%S}"[:100],
            func="cluster.tasks.run",
            args=repr((path, tuple(args), dict(kwargs))),
            schedule_type=Schedule.ONCE,
            repeats=-1,  # a run ONCE schedule is deleted
            next_run=run_after,
        )

    transaction.on_commit(create)


class DjangoQ2TaskBackend(BaseTaskBackend):
    supports_defer = True

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
        if task.run_after is not None and task.run_after > timezone.now():
            schedule_on_commit(task.module_path, args, kwargs, task.run_after)
        else:
            enqueue_on_commit(task.module_path, args, kwargs)
        return result
