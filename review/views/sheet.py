"""The 三审三校审核表 of an item: in the admin, and as a page of its own for printing and filing."""

from django.template.response import TemplateResponse
from django.urls import reverse

from assurance.scope import overseen_profiles
from sites.admin_views import PageActionView
from sites.units import profile_of

from ..sheet import person, review_sheet
from ..workflows import CITY_GROUP

FORBIDDEN = "您不是本信息所属站点的编辑或审核人员，不能查看其审核表。"


def may_read_sheet(user, page):
    """The page's editors, the reviewers and overseers of its site (a county's also see its
    townships'), and the city's reviewers of sensitive items."""
    if page.permissions_for_user(user).can_edit() or user.groups.filter(name=CITY_GROUP).exists():
        return True
    return any(page.path.startswith(profile.root_page.path) for profile in overseen_profiles(user))


class ReviewSheetView(PageActionView):
    template_name = "review/sheet.html"
    print_template_name = "review/sheet_print.html"
    page_title = "三审三校审核表"
    header_icon = "clipboard-list"
    forbidden = FORBIDDEN

    def allows(self, user, page):
        return may_read_sheet(user, page)

    def get(self, request, page_id):
        sheet = review_sheet(self.page)
        context = {
            "sheet": sheet,
            "submitter": person(sheet.state.requested_by) if sheet.state else "",
            "item_kind": self.page.specific_class._meta.verbose_name,
            "profile": profile_of(self.page),
            "column": self.page.get_parent(),
            "history_url": reverse("wagtailadmin_pages:history", args=[self.page.pk]),
            "print_url": f"{request.path}?print=1",
        }
        if request.GET.get("print"):
            return TemplateResponse(request, self.print_template_name, context)
        return self.render_to_response(self.get_context_data(**context))
