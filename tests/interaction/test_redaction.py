"""What redaction takes out of a resident's text before it is public, and what it leaves alone;
and that the public pages never show a letter's writer, even when the text named them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interaction.redaction import MASK, contains_personal_data, redact

from .residents import mailbox_of, path_of, publish_reply, receive

HOST = "jixian.localhost"


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("我的身份证号是23050219800101123X，请核实。", "23050219800101123X", "请核实"),
        ("身份证230502198001011234。", "230502198001011234", "身份证"),
        ("小写的23050219800101123x也算。", "23050219800101123x", "也算"),
        ("请打+86 139 1234 5678联系我", "139 1234 5678", "联系我"),
        ("电话+8613912345678", "13912345678", "电话"),
        ("手机139-1234-5678", "1234-5678", "手机"),
        ("座机0469-4221234转分机", "4221234", "转分机"),
        ("办公室电话（0469）4221234", "4221234", "办公室电话"),
        ("邮箱wang.jg@example.com", "wang.jg@example.com", "邮箱"),
        ("我住在福利镇福兴路12号3单元402室，门前路灯坏了", "福兴路12号", "福利镇"),
        ("集贤县福利镇福兴路12号", "福兴路12号", "集贤县福利镇"),
        ("家在幸福家园5号楼2单元301", "幸福家园5号楼", "家在"),
    ],
)
def test_personal_data_is_masked(text, gone, kept):
    result = redact(text)
    assert gone not in result and MASK in result and kept in result
    assert contains_personal_data(text)


def test_the_writers_name_keeps_only_the_family_name():
    text = "我是王建国，王建国的邻居李四也反映过。"
    assert redact(text, names=["王建国", "李四"]) == "我是王某某，王某某的邻居李某也反映过。"


@pytest.mark.parametrize(
    "text",
    [
        "根据集政发〔2024〕12号文件精神，县里安排资金350万元。",
        "双政办规〔2023〕5号已于2023年12月31日废止。",
        "2024年全县投入1200万元，惠及1,350户、4000余人。",
        "会议于2024年9月30日召开，第3季度完成率98.5%。",
        "福利镇中心街的路灯已经坏了两个星期，晚上出行很不方便。",
        "请拨打12345政务服务便民热线或110报警。",
        "",
    ],
)
def test_text_without_personal_data_is_unchanged(text):
    assert redact(text) == text
    assert not contains_personal_data(text)


@pytest.fixture
def published(sites):
    """Three replies in 集贤县's 县长信箱, created newest 答复日期 first; their letters named the
    writer, phone, e-mail and address in the text."""
    from datetime import date

    mailbox = mailbox_of(sites["jixian"])
    pages = []
    for n, (replied, kind) in enumerate(
        [(date(2024, 9, 20), "complaint"), (date(2024, 9, 10), "consultation"), (date(2024, 8, 30), "complaint")]
    ):
        letter, _code = receive(
            mailbox,
            kind=kind,
            name="王建国",
            phone=f"1391234567{n}",
            email="wang@example.com",
            title=f"王建国反映路灯问题{n}",
            content=f"我是王建国，电话1391234567{n}，邮箱wang@example.com，住福利镇福兴路1{n}号，路灯不亮。",
        )
        pages.append(
            publish_reply(letter, f"王建国您好，路灯已修复{n}。", "集贤县住房和城乡建设局", replied_on=replied)
        )
    return mailbox, pages


def test_the_public_list_and_reply_pages_never_show_the_writer(client, published):
    mailbox, pages = published
    html = client.get(path_of(mailbox), HTTP_HOST=HOST).content.decode()
    html += "".join(client.get(path_of(p), HTTP_HOST=HOST).content.decode() for p in pages)
    for personal in ("王建国", "13912345670", "1391234567", "wang@example.com", "福兴路1"):
        assert personal not in html, personal
    assert "王某某反映路灯问题0" in html and "福利镇" in html


def test_the_mailbox_lists_replies_newest_reply_first_with_their_facts(client, published):
    mailbox, pages = published
    html = client.get(path_of(mailbox), HTTP_HOST=HOST).content.decode()
    assert "我要写信" in html and 'href="/letters/lookup/"' in html and "write/" in html
    positions = [html.index(f"王某某反映路灯问题{n}") for n in range(3)]
    assert positions == sorted(positions)
    for fact in (
        "类型：投诉",
        "类型：咨询",
        "受理日期：2024-09-02",
        "答复日期：2024-09-20",
        "答复部门：集贤县住房和城乡建设局",
    ):
        assert fact in html
    assert "路灯已修复0。" in html


def test_the_list_is_searchable_and_filtered_by_type(client, published):
    mailbox, _pages = published
    found = client.get(path_of(mailbox), {"q": "已修复1"}, HTTP_HOST=HOST).content.decode()
    assert "问题1" in found and "问题0" not in found and "问题2" not in found
    consultations = client.get(path_of(mailbox), {"type": "consultation"}, HTTP_HOST=HOST).content.decode()
    assert "问题1" in consultations and "问题0" not in consultations
    nothing = client.get(path_of(mailbox), {"q": "不存在的词"}, HTTP_HOST=HOST).content.decode()
    assert "没有找到符合条件的答复" in nothing
    hostile = client.get(path_of(mailbox), {"q": "%' OR 1=1 --" * 20, "type": "<x>", "page": "-3"}, HTTP_HOST=HOST)
    assert hostile.status_code == 200


def test_a_reply_page_shows_question_reply_and_the_four_facts(client, published):
    _mailbox, pages = published
    html = client.get(path_of(pages[0]), HTTP_HOST=HOST).content.decode()
    for text in ("来信内容", "答复内容", "受理日期", "2024年9月2日", "答复日期", "2024年9月20日", "答复部门", "投诉"):
        assert text in html
    assert "我是王某某，电话＊＊＊" in html


def test_the_list_costs_the_same_queries_whatever_its_length(client, published, django_assert_num_queries):
    mailbox, pages = published
    url = path_of(mailbox)
    client.get(url, HTTP_HOST=HOST)  # warm the site caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, HTTP_HOST=HOST)
    queries = len(few)  # read now: the assertion below empties the connection's log
    assert queries > 0
    for n in range(12):
        letter, _code = receive(mailbox, phone=f"1380000{n:04d}")
        publish_reply(letter, f"答复{n}", "集贤县民政局", title=f"更多答复{n}")
    client.get(url, HTTP_HOST=HOST)
    with django_assert_num_queries(queries):
        html = client.get(url, HTTP_HOST=HOST).content.decode()
    assert html.count("<li>\n    <h3>") == 15
