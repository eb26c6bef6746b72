"""`manage.py check_links [--site HOST]`: a progress bar on stderr, a one-line summary, a clear
refusal of an unknown site; and the weekly schedule on django-q2."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_q.models import Schedule

from tests.factories import ArticlePageFactory

from .conftest import rich_link


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("check_links", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_shows_progress_over_the_links_and_a_summary(column, server, fast_checks):
    ArticlePageFactory(
        parent=column("jixian", "news/local-news"),
        body=rich_link(server.url("/ok")) + rich_link(server.url("/missing")) + rich_link(server.url("/error")),
    )

    out, err = run_command()

    assert "检查链接" in err
    assert "3/3" in err and "100%" in err
    assert "\n\r" not in err  # redraws stay on one line
    assert out.startswith("链接检查完成：页面 ")
    assert "链接 3，站外地址 3，失效 2（确认 1，疑似 1），新修复 0，用时 " in out
    assert out.count("\n") == 1


def test_the_command_checks_one_site(column, server, fast_checks):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/missing")))
    ArticlePageFactory(parent=column("youyi", "news/local-news"), body=rich_link(server.url("/gone")))

    out, _err = run_command("--site", "youyi.localhost")

    assert out.startswith("链接检查完成（youyi.localhost）：")
    assert "失效 1（确认 1，疑似 0）" in out
    assert server.hits("/missing") == []


def test_an_unknown_site_is_refused_with_the_hostnames_there_are(db):
    with pytest.raises(CommandError) as refused:
        run_command("--site", "nosuch.localhost")
    message = str(refused.value)
    assert "nosuch.localhost" in message
    for hostname in ("localhost", "jixian.localhost", "youyi.localhost", "jianshan.localhost", "fuli.jixian.localhost"):
        assert hostname in message


def test_the_check_runs_weekly_on_sunday_night(db):
    schedule = Schedule.objects.get(func="linkcheck.checker.check_links")
    assert schedule.schedule_type == Schedule.WEEKLY
    assert schedule.repeats == -1
    next_run = timezone.localtime(schedule.next_run)
    assert (next_run.weekday(), next_run.hour, next_run.minute) == (6, 2, 0)
