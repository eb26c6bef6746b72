from django_tasks import task

from . import tamper


@task()
def check_published_page(page_id):
    return tamper.check_published_page(page_id)
