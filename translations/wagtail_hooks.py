from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from sites.caching import hosts

from .groups import LANGUAGE_NAMES
from .languages import foreign_language
from .localize_views import LocalizeReportView, UpdateOwnTranslationsView
from .status import counts, translation_states
from .views import TranslationReportView, can_see_report


@hooks.register("before_serve_page")
def serve_pages_under_their_own_language_only(page, request, serve_args, serve_kwargs):
    """/en/… on a subsite, or under a Chinese-only channel of the portal, is not found: Wagtail
    would otherwise fall back to the Chinese page under the foreign prefix. (Unprefixed addresses
    route inside the Chinese tree only, so they need no check and no query.)"""
    language = foreign_language()
    if language and ((locale := hosts().locales.get(language)) is None or page.locale_id != locale.pk):
        raise Http404


@hooks.register("register_admin_urls")
def report_urls():
    # Before wagtail-localize's own patterns at the same addresses (this app's hooks load first).
    localize = [
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateOwnTranslationsView.as_view(),
            name="localize_update_translations",
        ),
        path("localize/reports/translations/", LocalizeReportView.as_view(), name="localize_translations_report"),
        path(
            "localize/reports/translations/results/",
            LocalizeReportView.as_view(results_only=True),
            name="localize_translations_report_results",
        ),
    ]
    return localize + [
        path("reports/translations/", TranslationReportView.as_view(), name="translation_report"),
        path(
            "reports/translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="translation_report_results",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return ReportMenuItem("外文版翻译状态", reverse("translation_report"), icon_name="globe", order=800)


@hooks.register("construct_reports_menu")
def hide_localize_report(request, menu_items):
    """wagtail-localize's report (翻译) shows itself to everyone."""
    if not can_see_report(request.user):
        menu_items[:] = [item for item in menu_items if item.url != reverse("wagtail_localize:translations_report")]


class TranslationStatusPanel(Component):
    """The dashboard's count of up-to-date, out-of-date and missing translations per language."""

    name = "translation_status"
    order = 150
    template_name = "translations/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {
            "rows": [
                (LANGUAGE_NAMES.get(locale.language_code, locale.get_display_name()), list(by_state.items()))
                for locale, by_state in counts(translation_states()).items()
            ],
            "report_url": reverse("translation_report"),
        }


@hooks.register("construct_homepage_panels")
def translation_status_panel(request, panels):
    if can_see_report(request.user):
        panels.append(TranslationStatusPanel())
