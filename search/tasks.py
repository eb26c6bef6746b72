from django_tasks import task

from . import indexing


@task()
def apply_pending_updates():
    indexing.apply_pending()
