"""The demo's solicitations, built on the base cluster: a closed one with its feedback, an open
one with comments pending, 集贤县's closed one without feedback; building again adds nothing."""

import pytest

from sites.demo.solicitations import DemoSolicitations
from sites.models import Unit
from solicitation.feedback import counts
from solicitation.models import Comment, SolicitationPage

from .conftest import address

pytestmark = pytest.mark.django_db


def unit_for(name):
    return Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.CITY_DEPARTMENT})[0]


def test_the_demo_solicitations(client, sites):
    assert DemoSolicitations(sites, unit_for, print).build() == 3
    assert DemoSolicitations(sites, unit_for, print).build() == 0
    closed, open_, jixian = (
        SolicitationPage.objects.get(slug=slug)
        for slug in ("wuye-guanli-banfa", "jujia-yanglao-butie", "renju-huanjing-fangan")
    )
    assert closed.state()[1] == "已反馈"
    assert counts(closed) == {"received": 8, "pending": 0, "adopted": 4, "partly": 2, "not_adopted": 2}
    assert open_.state()[1] == "征集中（剩 15 天）"
    assert counts(open_)["pending"] == 3
    assert jixian.state()[1] == "已截止" and not jixian.feedback_published_at
    assert jixian.comments.filter(disposition=Comment.Disposition.PENDING).count() == 3
    host, path = address(closed)
    text = client.get(path, HTTP_HOST=host).content.decode()
    assert "共收到意见 <strong>8</strong> 条" in text
    for personal in ("刘振华", "13904691234", "王秀芬", "向阳路18号", "4221234"):
        assert personal not in text
