import pytest

from annualreports.models import DisclosureReport

TEXTS = {
    "overview": "2025年，本单位认真贯彻落实《条例》。",
    "problems": "政策解读形式还不够丰富，下一步将加强图解、视频解读。",
    "other_matters": "本年度未收取信息处理费。",
}


@pytest.fixture
def report(sites):
    """report(site_key, year=2025, **fields) -> a draft with the three texts written."""

    def make(site_key, year=2025, **fields):
        return DisclosureReport.objects.create(profile=sites[site_key].profile, year=year, **{**TEXTS, **fields})

    return make
