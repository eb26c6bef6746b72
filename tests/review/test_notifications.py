"""Each stage's reviewers are told in Chinese that an item waits for them; the submitter is told
when it is sent back; the city's administrators are not copied on every item."""

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def mailed(address):
    return [message.subject for message in mail.outbox if address in message.to]


def test_reviewers_are_notified_stage_by_stage_in_chinese(submit, act, member):
    first, second = (member("jixian", role) for role in ("first_review", "second_review"))
    first.email, second.email = "first@jixian.gov.cn", "second@jixian.gov.cn"
    first.save(), second.save()
    outsider = member("youyi", "first_review")
    outsider.email = "first@youyi.gov.cn"
    outsider.save()
    admin = UserFactory(is_superuser=True, email="admin@shuangyashan.gov.cn")

    editor = UserFactory(groups=list(member("jixian", "editor").groups.all()), email="editor@jixian.gov.cn")
    page = submit("jixian", "news/local-news", "notify", title="集贤县通报秋收进度", editor=editor)
    assert mailed(first.email) == ["“集贤县通报秋收进度”待您审核：初审·集贤县人民政府"]
    assert mailed(second.email) == [] and mailed(outsider.email) == [] and mailed(admin.email) == []

    act(first, page, comment="同意")
    assert mailed(second.email) == ["“集贤县通报秋收进度”待您审核：复审·集贤县人民政府"]

    act(second, page, "reject", comment="数据需核实")
    assert "“集贤县通报秋收进度”在集贤县人民政府三审三校中被退回修改" in mailed(editor.email)
    assert mailed(admin.email) == []
    body = next(message.body for message in mail.outbox if editor.email in message.to and "退回" in message.subject)
    assert "数据需核实" in body
