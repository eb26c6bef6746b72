"""What the admin pages about one page (column check, proofreading, submission) share."""

from django.shortcuts import get_object_or_404
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.models import Page


class PageActionView(WagtailAdminTemplateMixin, View):
    """An admin page about `self.page`, shown under the page's breadcrumbs. A user it is not for
    gets a 403 with `forbidden` inside the admin's frame, where Wagtail would redirect to the
    dashboard; the refusal names nothing of the page (no title, no breadcrumbs)."""

    page_model = Page
    forbidden = ""

    def allows(self, user, page):
        raise NotImplementedError

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(self.page_model, pk=page_id).specific
        self.allowed = self.allows(request.user, self.page)
        if not self.allowed:
            return self.render_to_response(self.get_context_data(forbidden=self.forbidden), status=403)
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title() if self.allowed else ""

    def get_breadcrumbs_items(self):
        if not self.allowed:
            return []
        return get_breadcrumbs_items_for_page(self.page, self.request.user) + [{"url": "", "label": self.page_title}]
