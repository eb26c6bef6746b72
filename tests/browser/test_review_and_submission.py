"""One county news item, in the admin through Chromium: its editor submits the draft, the county's
三审三校 approves it stage by stage, the editor submits it to the portal, the city adopts it, the
portal's own review approves the copy, and it appears on the portal home credited to the county."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from content.models import ArticlePage
from sites.caching import forget_sites
from sites.models import SiteGroup
from tests.browser.helpers import login
from tests.conftest import build_base_cluster
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "集贤县召开秋季农业生产现场推进会"
ROLES = ["first_review", "second_review", "final_review"]


@pytest.fixture
def draft(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    users = {}
    for site in ("jixian.localhost", "localhost"):
        for role in ["editor", *ROLES]:
            group = SiteGroup.objects.get(profile__site__hostname=site, role=role).group
            users[site, role] = UserFactory(username=f"{site.split('.')[0]}_{role}", groups=[group]).username
    county = Site.objects.get(hostname="jixian.localhost")
    news = county.root_page.get_descendants().get(columnpage__column_key="news/local-news")
    page = ArticlePage(
        title=TITLE,
        slug="autumn-farming",
        summary="全县推进秋收秋种和黑土地保护。",
        body="<p>近日，集贤县在福利镇召开秋季农业生产现场推进会，部署秋收秋种和黑土地保护工作。</p>",
        live=False,
    )
    news.add_child(instance=page)
    page.save_revision()
    return {
        "admin": f"http://localhost:{port}/admin",
        "county": f"http://jixian.localhost:{port}",
        "portal": f"http://localhost:{port}",
        "page": page.pk,
        "users": users,
    }


def press(page, selector):
    """Footer actions sit in a dropdown; press the button as the dropdown item would."""
    with page.expect_navigation():
        page.locator(selector).first.evaluate("button => button.click()")


def approve_all_stages(browser, admin, users, site, edit_url):
    for role in ROLES:
        reviewer = login(browser, admin, users[site, role])
        reviewer.goto(edit_url)
        press(reviewer, "button[data-workflow-action-name='approve']")
        reviewer.context.close()


def test_a_county_item_goes_through_review_and_is_adopted_on_the_portal_home(draft, browser):
    admin, users = draft["admin"], draft["users"]
    edit_url = f"{admin}/pages/{draft['page']}/edit/"

    editor = login(browser, admin, users["jixian.localhost", "editor"])
    editor.goto(edit_url)
    press(editor, "button[name='action-submit']")
    editor.goto(edit_url)
    assert "初审·集贤县人民政府" in editor.content()
    public = editor.context.new_page()
    assert public.goto(f"{draft['county']}/news/local-news/autumn-farming/").status == 404

    approve_all_stages(browser, admin, users, "jixian.localhost", edit_url)
    assert public.goto(f"{draft['county']}/news/local-news/autumn-farming/").status == 200
    assert public.get_by_role("heading", level=1).inner_text() == TITLE

    editor.goto(f"{admin}/submissions/submit/{draft['page']}/")
    column = editor.locator("select[name='column']")
    label = next(o for o in column.locator("option").all_inner_texts() if o.endswith("时政信息") or "时政信息 ›" in o)
    column.select_option(label=label)
    editor.fill("textarea[name='note']", "建议在时政信息发布")
    with editor.expect_navigation():
        editor.locator("form button[type='submit']").last.click()
    editor.goto(f"{admin}/submissions/mine/")
    assert TITLE in editor.content() and "待处理" in editor.content()

    city = login(browser, admin, users["localhost", "editor"])
    city.goto(f"{admin}/submissions/")
    city.get_by_role("link", name="采用").first.click()
    with city.expect_navigation():
        city.locator("form button[type='submit']").last.click()
    assert "门户" in city.content()

    for role in ROLES:  # the portal's own 三审三校 of the adopted copy
        reviewer = login(browser, admin, users["localhost", role])
        reviewer.get_by_role("link", name=TITLE).first.click()
        reviewer.wait_for_load_state()
        press(reviewer, "button[data-workflow-action-name='approve']")
        reviewer.context.close()

    home = editor.context.new_page()
    home.goto(draft["portal"] + "/")
    block = home.locator("section", has=home.get_by_role("heading", name="时政信息"))
    block.get_by_role("link", name=TITLE).click()
    home.wait_for_load_state()
    credit = home.get_by_role("link", name="集贤县人民政府").first
    assert credit.get_attribute("href").startswith(draft["county"] + "/news/local-news/autumn-farming")

    editor.goto(f"{admin}/submissions/mine/")
    assert "已采用" in editor.content()
