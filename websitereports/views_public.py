from django.shortcuts import redirect, render
from wagtail.models import Site

from sites.models import SiteProfile

from .publishing import latest_page


def latest(request):
    """The footer's 政府网站工作年度报表: the newest published report of the site of this hostname."""
    site = Site.find_for_request(request)
    profile = SiteProfile.objects.filter(site=site).first() if site else None
    page = latest_page(profile) if profile else None
    if page is None:
        return render(request, "websitereports/no_report.html", status=404)
    return redirect(page.url)
