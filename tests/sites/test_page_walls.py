"""What the walls test found in Wagtail's page admin, each checked from both sides: refused or
confined for another site, still working for one's own."""

from sites.models import SiteGroup
from tests.admin import refused
from tests.factories import ArticlePageFactory, UserFactory


def editor_of(sites, key):
    return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role="editor").group])


def test_move_confirmation_refuses_another_sites_page_and_keeps_ones_own(client, sites, column):
    youyi_item = ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县稿件")
    # Editors, who never publish, move only what is not live (Wagtail's rule).
    own_item = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县稿件", live=False)
    client.force_login(editor_of(sites, "jixian"))
    own_column = column("jixian", "news/photo-news")

    assert refused(client, f"/admin/pages/{youyi_item.pk}/move/{own_column.pk}/confirm/")
    assert refused(client, f"/admin/pages/{own_item.pk}/move/{column('youyi', 'news/photo-news').pk}/confirm/")
    response = client.get(f"/admin/pages/{own_item.pk}/move/{own_column.pk}/confirm/")
    assert response.status_code == 200
    assert "集贤县稿件" in response.content.decode()


def test_page_listing_filters_offer_only_sites_and_editors_within_reach(client, sites):
    youyi_editor = editor_of(sites, "youyi")
    home = sites["youyi"].root_page.specific
    home.save_revision(user=youyi_editor, log_action=True)
    client.force_login(editor_of(sites, "jixian"))

    page = client.get(f"/admin/pages/{sites['jixian'].root_page.pk}/").content.decode()

    assert "集贤县人民政府" in page
    assert "友谊县人民政府" not in page and youyi_editor.username not in page
