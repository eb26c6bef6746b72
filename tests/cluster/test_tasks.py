import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django_q.models import OrmQ
from wagtail.models import ReferenceIndex, Site

from content.models import PolicyInterpretationPage
from sites.models import Unit
from tests.cluster.jobs import create_unit
from tests.conftest import build_base_cluster
from tests.factories import GovDocumentPageFactory
from translations.jobs import DjangoQ2JobBackend

Q2_TASKS = {"default": {"BACKEND": "cluster.tasks.DjangoQ2TaskBackend"}}
ROOT = Path(__file__).resolve().parents[2]


def add_interpretation(document):
    interpretation = PolicyInterpretationPage(title="解读", slug="reading", document=document, body="<p>解读</p>")
    document.get_parent().add_child(instance=interpretation)
    return interpretation


@pytest.mark.django_db
def test_wagtail_work_is_queued_only_when_the_transaction_commits(settings, column, django_capture_on_commit_callbacks):
    settings.TASKS = Q2_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        document = GovDocumentPageFactory(parent=column("portal", "homepage/notices"))
        assert OrmQ.objects.count() == 0
    queued = {q.task["args"][0] for q in OrmQ.objects.all()}
    assert "wagtail.tasks.update_reference_index_task" in queued, queued
    assert not ReferenceIndex.get_references_to(document).exists()


@pytest.mark.django_db
def test_work_of_a_rolled_back_transaction_is_never_queued(settings, column, django_capture_on_commit_callbacks):
    settings.TASKS = Q2_TASKS
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                GovDocumentPageFactory(parent=column("portal", "homepage/notices"))
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
    assert callbacks == [] and OrmQ.objects.count() == 0


@pytest.fixture
def qcluster():
    """Start a real `manage.py qcluster` on the test database; stop it afterwards."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cluster.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }

    def start():
        return subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    processes = []
    yield lambda: processes.append(start()) or processes[-1]
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_qcluster_runs_wagtail_tasks_and_localize_jobs(settings, qcluster):
    assert django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    settings.TASKS = Q2_TASKS
    build_base_cluster()
    portal = Site.objects.get(is_default_site=True)
    notices = portal.root_page.get_descendants().get(columnpage__column_key="homepage/notices")
    document = GovDocumentPageFactory(parent=notices)
    add_interpretation(document)
    DjangoQ2JobBackend({}).enqueue(create_unit, ["市数据局"], {})
    assert OrmQ.objects.exists()
    assert not ReferenceIndex.get_references_to(document).exists()

    worker = qcluster()
    done = wait_for(
        lambda: ReferenceIndex.get_references_to(document).exists() and Unit.objects.filter(name="市数据局").exists()
    )
    if not done:
        worker.terminate()
        pytest.fail("qcluster did not run the queued work:\n" + worker.communicate(timeout=30)[0].decode()[-3000:])
    assert wait_for(lambda: not OrmQ.objects.exists())
