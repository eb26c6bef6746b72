"""A resident comments on a draft: only from its start to its end date (local), on the whole draft
or one article of it; every bad input is refused with a message beside the field, the text kept,
nothing saved."""

import pytest
from django.test import override_settings

from solicitation.models import Comment

from .conftest import address, at, comment_data, post_comment, travel

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_draft_article_by_article_with_a_link_to_comment_on_each(client, portal_draft):
    host, path = address(portal_draft)
    with travel(at(2025, 9, 25)):
        response = client.get(path, HTTP_HOST=host)
    text = response.content.decode()
    assert response.status_code == 200
    assert "双鸭山市住房和城乡建设局" in text
    assert "征集中（剩 14 天）" in text
    for article in portal_draft.articles.all():
        assert article.text in text
        assert f'href="?article={article.pk}#comment-form"' in text
    assert 'name="captcha_1"' in text
    assert 'data-limit="1000"' in text


def test_a_link_to_one_article_preselects_it(client, portal_draft):
    second = portal_draft.articles.all()[1]
    host, path = address(portal_draft)
    with travel(at(2025, 9, 25)):
        response = client.get(f"{path}?article={second.pk}", HTTP_HOST=host)
    assert response.context["form"].initial["article"] == second.pk


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (at(2025, 9, 19, 23, 59), "未开始"),
        (at(2025, 9, 20, 0, 1), "征集中（剩 19 天）"),
        (at(2025, 10, 8, 23, 59), "征集中（剩 1 天）"),
        (at(2025, 10, 9, 0, 1), "已截止"),
    ],
)
def test_the_state_follows_local_dates(client, portal_draft, moment, state):
    host, path = address(portal_draft)
    with travel(moment):
        assert state in client.get(path, HTTP_HOST=host).content.decode()


@pytest.mark.parametrize("moment", [at(2025, 9, 20, 0, 1), at(2025, 10, 1, 9), at(2025, 10, 8, 23, 59)])
def test_comments_are_taken_from_the_first_to_the_last_day_inclusive(client, portal_draft, moment):
    article = portal_draft.articles.all()[1]
    with travel(moment):
        response = post_comment(client, portal_draft, comment_data(article=article, name="王建国", phone="13912345678"))
    assert response.status_code == 302
    assert response["Location"].endswith("?sent=1#comment-form")
    comment = Comment.objects.get(page=portal_draft)
    assert (comment.article, comment.name, comment.phone, comment.remote_addr) == (
        article,
        "王建国",
        "13912345678",
        "203.0.113.7",
    )
    assert comment.disposition == Comment.Disposition.PENDING
    host, path = address(portal_draft)
    with travel(moment):
        page = client.get(response["Location"], HTTP_HOST=host).content.decode()
    assert "您的意见已提交" in page
    assert "建议明确物业公示" not in page  # comments are not published one by one


def test_a_comment_on_the_whole_draft_has_no_article(client, portal_draft):
    with travel(at(2025, 9, 22)):
        assert post_comment(client, portal_draft, comment_data()).status_code == 302
    assert Comment.objects.get(page=portal_draft).article is None


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (at(2025, 9, 19, 23, 59), "本次征集尚未开始，2025年9月20日起接受意见。"),
        (at(2025, 10, 9, 0, 0), "本次征集已于2025年10月8日截止，不再接受意见。"),
    ],
)
def test_before_and_after_the_window_nothing_is_saved(client, portal_draft, moment, message):
    host, path = address(portal_draft)
    with travel(moment):
        response = post_comment(client, portal_draft, comment_data())
        page = client.get(path, HTTP_HOST=host).content.decode()
    assert response.status_code == 403
    assert message in response.content.decode()
    assert message in page
    assert 'name="content"' not in page
    assert not Comment.objects.exists()


def test_an_article_of_another_solicitation_is_refused(client, portal_draft, jixian_draft):
    foreign = jixian_draft.articles.first()
    with travel(at(2025, 9, 25)):
        response = post_comment(client, portal_draft, comment_data(content="我的意见原文", article=foreign))
    assert response.status_code == 400
    text = response.content.decode()
    assert "所选条款不属于本次征集的草案" in text
    assert "我的意见原文" in text
    assert not Comment.objects.exists()


def test_the_honeypot_refuses(client, portal_draft):
    with travel(at(2025, 9, 25)):
        response = post_comment(client, portal_draft, comment_data(homepage="http://spam.example"))
    assert response.status_code == 400
    assert "提交未成功，请刷新页面后重新填写" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_wrong_captcha_keeps_the_text_and_says_so(client, portal_draft):
    data = comment_data(content="第二条应写明公示期限。", name="李梅")
    data["captcha_1"] = "wrong"
    with travel(at(2025, 9, 25)):
        response = post_comment(client, portal_draft, data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "验证码不正确" in text
    assert "第二条应写明公示期限。" in text
    assert 'value="李梅"' in text
    assert not Comment.objects.exists()


def test_an_oversized_text_is_refused(client, portal_draft):
    with travel(at(2025, 9, 25)):
        response = post_comment(client, portal_draft, comment_data(content="长" * 1001))
        fits = post_comment(client, portal_draft, comment_data(content="长" * 1000))
    assert response.status_code == 400
    assert "意见内容最多 1000 字" in response.content.decode()
    assert fits.status_code == 302
    assert Comment.objects.count() == 1


def test_an_empty_text_and_a_bad_phone_are_refused_beside_their_fields(client, portal_draft):
    with travel(at(2025, 9, 25)):
        response = post_comment(client, portal_draft, comment_data(content="   ", phone="打电话给我"))
    errors = response.context["form"].errors
    assert errors["content"] == ["请填写意见内容。"]
    assert errors["phone"] == ["请填写正确的手机号码或带区号的固定电话。"]
    assert not Comment.objects.exists()


@override_settings(SOLICITATION_COMMENTS_PER_ADDRESS_PER_DAY=3)
def test_an_address_has_a_daily_limit_counted_from_stored_comments(client, portal_draft, jixian_draft):
    with travel(at(2025, 9, 25, 8)):
        for _ in range(2):
            assert post_comment(client, portal_draft, comment_data()).status_code == 302
        assert post_comment(client, jixian_draft, comment_data()).status_code == 302
        refused = post_comment(client, portal_draft, comment_data(content="第四条意见"))
        other_address = post_comment(client, portal_draft, comment_data(), remote_addr="198.51.100.9")
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "同一网络地址每天最多提交 3 条意见" in text
    assert "第四条意见" in text
    assert other_address.status_code == 302
    with travel(at(2025, 9, 26, 0, 5)):  # a new local day
        assert post_comment(client, portal_draft, comment_data()).status_code == 302
    assert Comment.objects.filter(remote_addr="203.0.113.7").count() == 4


def test_the_default_limit_is_ten(client, portal_draft):
    with travel(at(2025, 9, 25)):
        for _ in range(10):
            assert post_comment(client, portal_draft, comment_data()).status_code == 302
        assert post_comment(client, portal_draft, comment_data()).status_code == 400
    assert Comment.objects.count() == 10
