from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from assurance.scope import oversees_cluster
from sites.visibility import public_q, reads

from .groups import TRANSLATOR_GROUPS
from .status import OUT_OF_DATE, translation_states


def can_see_report(user):
    """The city's staff and the translators: the portal's foreign versions are theirs."""
    if not user.is_active:
        return False
    return oversees_cluster(user) or user.groups.filter(name__in=TRANSLATOR_GROUPS.values()).exists()


class TranslationReportView(ReportView):
    """Every translatable page × foreign language: up to date, out of date since …, or missing."""

    page_title = "外文版翻译状态"
    header_icon = "globe"
    index_url_name = "translation_report"
    index_results_url_name = "translation_report_results"
    paginate_by = 100
    export_filename = "translation-report"
    list_export = [
        "source.title",
        "source.url_path",
        "language",
        "label",
        "since",
        "pending",
        "untranslated",
        "translation_title",
    ]
    export_headings = {
        "source.title": "中文页面",
        "source.url_path": "页面路径",
        "language": "语种",
        "label": "状态",
        "since": "待更新自",
        "pending": "未同步的原文改动",
        "untranslated": "未译段落",
        "translation_title": "译文标题",
    }
    columns = [
        TitleColumn(
            "source",
            label="中文页面",
            accessor="source.title",
            get_url=lambda state: reverse("wagtailadmin_pages:edit", args=[state.source.pk]),
        ),
        Column("language", label="语种"),
        StatusTagColumn("label", label="状态", primary=lambda state: state.state == OUT_OF_DATE),
        DateColumn("since", label="待更新自"),
        Column("pending", label="未同步的原文改动"),
        Column("untranslated", label="未译段落"),
        TitleColumn(
            "translation",
            label="译文",
            accessor="translation_title",
            get_url=lambda state: (
                reverse("wagtailadmin_pages:edit", args=[state.translation.pk]) if state.translation else None
            ),
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        """A translator reads the Chinese tree as residents do: a source page they do not read in
        full is listed once it is live and public (its row then holds its live title)."""
        states = translation_states()
        user = self.request.user
        unread = {state.source.pk for state in states if not reads(user, state.source)}
        if unread:
            unread -= set(Page.objects.filter(pk__in=unread).filter(public_q()).values_list("pk", flat=True))
        return [state for state in states if state.source.pk not in unread]
