"""我为政府网站找错: linked from every page's footer, saved for the site of the hostname with a
working-day deadline; captcha, honeypot and a per-address limit hold off abuse."""

from datetime import date

import pytest
import time_machine

from interaction.models import ErrorReport

from .residents import solved_captcha

URL = "/letters/report-error/"


def report(client, host="jixian.localhost", remote_addr="10.3.0.1", **overrides):
    data = {
        "kind": "broken_link",
        "description": "“政府文件”栏目第二条链接打不开。",
        "url": "/disclosure/government-documents/",
        "contact": "",
        "homepage": "",
        **solved_captcha(),
        **overrides,
    }
    return client.post(URL, data, HTTP_HOST=host, REMOTE_ADDR=remote_addr)


def test_every_page_footer_links_to_the_form_with_its_address(client, db):
    html = client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert '<a href="/letters/report-error/?url=/">我为政府网站找错</a>' in html
    html = client.get("/interaction/mailbox/", HTTP_HOST="jixian.localhost").content.decode()
    assert "/letters/report-error/?url=/interaction/mailbox/" in html


def test_the_form_is_prefilled_with_the_page_address_only_when_it_is_a_path(client, db):
    html = client.get(URL, {"url": "/news/local-news/"}, HTTP_HOST="jixian.localhost").content.decode()
    assert 'value="/news/local-news/"' in html and "3个工作日内" in html
    for hostile in ("javascript:alert(1)", "//evil.example/", "https://evil.example/"):
        html = client.get(URL, {"url": hostile}, HTTP_HOST="jixian.localhost").content.decode()
        assert "evil" not in html and "javascript:" not in html


@time_machine.travel(date(2024, 9, 29), tick=False)  # a 调休 Sunday before 国庆
def test_a_report_goes_to_the_site_of_the_hostname_with_a_working_day_deadline(client, sites):
    response = report(client)
    html = response.content.decode()
    saved = ErrorReport.objects.get()
    assert "感谢您的纠错" in html and saved.number in html
    assert saved.number.startswith("JC20240929")
    assert saved.profile == sites["jixian"].profile
    assert saved.kind == "broken_link" and saved.url == "/disclosure/government-documents/"
    assert saved.remote_addr == "10.3.0.1" and saved.state == ErrorReport.State.OPEN
    # 3 working days after Sunday 29 September (worked): 30 September, then 国庆 until 7 October
    assert saved.due == date(2024, 10, 9)
    assert "2024年10月9日" in html
    assert report(client, host="youyi.localhost").status_code == 200
    assert ErrorReport.objects.get(profile=sites["youyi"].profile).number != saved.number


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": ""}, "请选择问题类型。"),
        ({"kind": "hack"}, "选择一个有效的选项"),
        ({"description": ""}, "请描述您发现的问题。"),
        ({"description": "长" * 1001}, "问题描述不能超过1000字。"),
        ({"url": ""}, "请填写出错页面的地址。"),
        ({"captcha_1": "nope"}, "验证码不正确或已过期"),
        ({"homepage": "spam"}, "提交未成功，请刷新页面后重新填写。"),
    ],
)
def test_refusals_keep_the_input_and_save_nothing(client, db, overrides, message):
    html = report(client, **{"contact": "王先生 13912345678", **overrides}).content.decode()
    assert message in html
    assert "王先生 13912345678" in html
    assert ErrorReport.objects.count() == 0


def test_reports_per_address_are_limited(client, db, settings):
    settings.INTERACTION_ERROR_REPORTS_PER_ADDRESS_PER_DAY = 2
    assert "感谢您的纠错" in report(client).content.decode()
    assert "感谢您的纠错" in report(client).content.decode()
    html = report(client).content.decode()
    assert "同一网络24小时内最多提交2次纠错" in html
    assert ErrorReport.objects.count() == 2
    assert "感谢您的纠错" in report(client, remote_addr="10.3.0.2").content.decode()


def test_a_replayed_report_is_refused(client, db):
    captcha = solved_captcha()
    report(client, **captcha)
    assert "验证码不正确或已过期" in report(client, **captcha).content.decode()
    assert ErrorReport.objects.count() == 1
