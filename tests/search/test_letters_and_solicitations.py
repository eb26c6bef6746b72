"""Published letter replies and opinion solicitations are in residents' search, on both engines,
without the writer's personal data."""

from datetime import date

import pytest

from interaction.models import MailboxPage
from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from solicitation.models import DraftArticle, SolicitationPage
from tests.interaction.residents import mailbox_of, publish_reply, receive


@pytest.fixture(params=["database", "elasticsearch"])
def indexed(request, sites, column):
    letter, _code = receive(
        mailbox_of(sites["jixian"]),
        title="福利镇供暖温度不达标",
        content="我是王建国，家里暖气温度只有十五度，电话13912345678。",
    )
    publish_reply(
        letter, "经热力公司检修，供暖温度已恢复正常。", "集贤县住房和城乡建设局", replied_on=date(2024, 11, 20)
    )
    solicitation = SolicitationPage(
        title="关于《集贤县城区养犬管理办法（征求意见稿）》公开征求意见的公告",
        slug="dog-rules",
        summary="为规范城区养犬行为，现公开征求社会各界意见。",
        starts_on=date(2024, 10, 1),
        ends_on=date(2024, 10, 31),
        feedback="共收到意见12条，采纳5条。",
    )
    solicitation.articles = [DraftArticle(label="第三条", text="城区内携犬出户应当束犬链。")]
    column("jixian", "interaction/opinion-solicitation").add_child(instance=solicitation)
    engine = DatabaseEngine() if request.param == "database" else request.getfixturevalue("es_engine")
    engine.replace(build_entries(searchable_pages().specific()))
    engine.refresh()
    return engine


def test_a_published_reply_is_found_with_its_type_and_date(client, indexed):
    data = client.get("/api/search/", {"q": "供暖温度"}, HTTP_HOST="localhost").json()
    hits = [hit for hit in data["results"] if hit["type"] == "letter"]
    assert [hit["title"] for hit in hits] == ["福利镇供暖温度不达标"]
    assert hits[0]["type_label"] == "信件答复" and hits[0]["date"].startswith("2024-11-20")
    assert hits[0]["url"].startswith("http://jixian.localhost/interaction/mailbox/")
    by_reply = client.get("/api/search/", {"q": "热力公司检修", "type": "letter"}, HTTP_HOST="jixian.localhost").json()
    assert by_reply["total"] == 1


def test_the_writers_data_is_not_searchable(client, indexed):
    for query in ("王建国", "13912345678"):
        data = client.get("/api/search/", {"q": query}, HTTP_HOST="localhost").json()
        assert data["total"] == 0, query


def test_a_solicitation_is_found_by_its_summary_articles_and_feedback(client, indexed):
    for query in ("养犬管理办法", "束犬链", "采纳5条", "规范城区养犬"):
        data = client.get("/api/search/", {"q": query, "type": "solicitation"}, HTTP_HOST="localhost").json()
        assert data["total"] == 1, query
        assert data["results"][0]["type_label"] == "意见征集"


def test_a_mailbox_with_an_intro_is_indexed_as_a_column(sites, db):
    mailbox = mailbox_of(sites["jixian"])
    MailboxPage.objects.filter(pk=mailbox.pk).update(intro="<p>县长信箱受理群众来信。</p>")
    entries = {e["page_id"]: e for e in build_entries(searchable_pages().specific())}
    assert entries[mailbox.pk]["content_type"] == "column"
