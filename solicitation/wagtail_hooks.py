from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .access import handles_any, may_handle
from .models import SolicitationPage
from .views import CommentsView, DisposeView, FeedbackView, PersonView, SolicitationIndexView


@hooks.register("register_admin_urls")
def solicitation_urls():
    return [
        path("solicitation/", SolicitationIndexView.as_view(), name="solicitation_index"),
        path("solicitation/<int:solicitation_id>/", CommentsView.as_view(), name="solicitation_comments"),
        path("solicitation/<int:solicitation_id>/feedback/", FeedbackView.as_view(), name="solicitation_feedback"),
        path("solicitation/comments/<int:comment_id>/", DisposeView.as_view(), name="solicitation_dispose"),
        path("solicitation/comments/<int:comment_id>/person/", PersonView.as_view(), name="solicitation_person"),
    ]


class SolicitationMenuItem(MenuItem):
    def is_shown(self, request):
        return handles_any(request.user)


@hooks.register("register_admin_menu_item")
def solicitation_menu_item():
    url = reverse("solicitation_index")
    return SolicitationMenuItem("意见征集", url, name="solicitation", icon_name="comment", order=270)


class CommentsMenuItem(PageMenuItem):
    label = "征集意见"
    icon_name = "comment"
    url_name = "solicitation_comments"

    def is_shown(self, user):
        return may_handle(user, self.page)


@hooks.register("register_page_header_buttons")
def comments_button(page, user, view_name, next_url=None):
    if page.pk and page.specific_class is SolicitationPage:
        yield CommentsMenuItem(page=page, priority=67)
