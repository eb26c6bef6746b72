import pytest
import yaml

from columns.models import ChannelPage, ColumnPage, LinkColumnPage
from columns.skeleton import DATA_DIR, count_columns, portal_channels
from content.models import ArticlePage, GovDocumentPage, ServiceGuidePage
from home.models import PortalHomePage, SiteHomePage, UnitIndexPage
from sites.routing import own_pages_q

pytestmark = pytest.mark.django_db


def test_the_project_owns_the_whole_breakdown_table():
    data = yaml.safe_load((DATA_DIR / "portal_columns.yaml").read_text(encoding="utf-8"))
    assert data["source"].startswith("双政办文〔2017〕3号")
    assert len(data["channels"]) == 11
    assert count_columns([{"columns": c["columns"]} for c in data["channels"]]) - 11 == 199


def test_portal_has_every_channel_and_column_of_the_table(sites):
    home = sites["portal"].root_page
    channels = ChannelPage.objects.child_of(home)
    assert [c.title for c in channels] == [c["name"] for c in portal_channels()]
    # 单位分类 and its six rows are the 专属网页 of the city departments, not the portal's columns
    assert ColumnPage.objects.filter(own_pages_q(sites["portal"])).count() == 199 - 7
    index = home.get_descendants().get(url_path=f"{home.url_path}homepage/disclosure-catalogue/by-organisation/")
    assert (index.specific_class, index.title) == (UnitIndexPage, "单位分类")


def test_columns_carry_their_duties(column):
    climate = column("portal", "city-profile/climate")
    assert (climate.keeping_method, climate.update_frequency) == ("backend", "yearly-by-march")
    assert [u.name for u in climate.responsible_units.all()] == ["市气象局"]
    assert climate.scope.startswith("气候")
    activities = column("portal", "homepage/current-affairs/secretary-mayor-activities")
    assert (activities.keeping_method, activities.update_frequency) == ("submission", "daily")
    assert activities.get_keeping_method_display() == "信息报送"
    collective = column("portal", "homepage/notices")
    assert collective.duty_note == "市直各部门" and not collective.responsible_units.exists()
    enterprises = column("portal", "homepage/key-areas/state-owned-enterprises")
    kinds = {u.name: u.kind for u in enterprises.responsible_units.all()}
    assert kinds["双矿集团"] == "central_provincial" and kinds["市财政局"] == "city_department"


def test_editors_choose_only_sensible_child_types():
    assert set(PortalHomePage.allowed_subpage_models()) >= {ChannelPage, SiteHomePage}
    assert ArticlePage not in PortalHomePage.allowed_subpage_models()
    assert ArticlePage not in ChannelPage.allowed_subpage_models()
    assert {ArticlePage, GovDocumentPage, ServiceGuidePage} <= set(ColumnPage.allowed_subpage_models())
    assert ArticlePage.allowed_subpage_models() == []
    assert LinkColumnPage.allowed_subpage_models() == []
    assert SiteHomePage.allowed_parent_page_models() == [PortalHomePage, SiteHomePage, UnitIndexPage]
    assert SiteHomePage not in PortalHomePage.creatable_subpage_models()  # sites come from provision_site


def test_channel_page_lists_its_columns_and_column_page_its_duties(client, sites):
    html = client.get("/city-profile/", HTTP_HOST="localhost").content.decode()
    for title in ["地理地貌", "气候概况", "统计公报"]:
        assert f">{title}</a>" in html
    column_html = client.get("/city-profile/climate/", HTTP_HOST="localhost").content.decode()
    assert "更新要求：每年3月底前" in column_html and "保障单位：市气象局" in column_html
