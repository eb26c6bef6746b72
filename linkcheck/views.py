import django_filters
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn

from assurance.scope import overseen_profiles
from assurance.views.reports import OversightReport

from .models import BrokenLink, LinkCheckRun, LinkKind


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value


class BrokenLinkFilterSet(WagtailFilterSet):
    profile = django_filters.ModelChoiceFilter(label="站点", queryset=lambda request: overseen_profiles(request.user))
    confirmed = django_filters.ChoiceFilter(label="判定", choices=[(True, "确认失效"), (False, "疑似失效")])
    kind = django_filters.ChoiceFilter(label="类型", choices=LinkKind.choices)

    class Meta:
        model = BrokenLink
        fields = ["profile", "confirmed", "kind"]


class BrokenLinkReportView(OversightReport):
    """失效链接: the open broken links of the sites the user oversees (a county sees its own site and
    its townships; the city sees every site)."""

    page_title = "失效链接"
    header_icon = "link"
    index_url_name = "linkcheck_report"
    index_results_url_name = "linkcheck_report_results"
    filterset_class = BrokenLinkFilterSet
    paginate_by = 100
    export_filename = "broken-links"
    fixed = False
    default_ordering = ["-confirmed", "-last_seen", "pk"]
    list_export = [
        "page_title",
        "site_name",
        "unit_name",
        "url",
        "get_kind_display",
        "field",
        "status_code",
        "error",
        "verdict",
        "first_seen",
        "last_seen",
    ]
    export_headings = {
        "page_title": "页面",
        "site_name": "站点",
        "unit_name": "责任单位",
        "url": "链接地址",
        "get_kind_display": "类型",
        "field": "所在位置",
        "status_code": "状态码",
        "error": "错误说明",
        "verdict": "判定",
        "first_seen": "首次发现",
        "last_seen": "最近发现",
        "fixed_at": "修复时间",
    }
    columns = [
        TitleColumn(
            "page",
            label="页面",
            accessor="page_title",
            get_url=lambda link: reverse("wagtailadmin_pages:edit", args=[link.page_id]),
        ),
        Column("site_name", label="站点"),
        Column("unit_name", label="责任单位"),
        Column("target", label="链接地址"),
        Column("field", label="所在位置"),
        Column("problem", label="状态"),
        StatusTagColumn("verdict", label="判定", primary=lambda link: link.confirmed),
        DateColumn("first_seen", label="首次发现", sort_key="first_seen"),
        DateColumn("last_seen", label="最近发现", sort_key="last_seen"),
    ]

    def get_base_queryset(self):
        links = BrokenLink.objects.filter(fixed_at__isnull=not self.fixed, profile__in=self.profiles)
        return links.select_related("page", "profile__site", "unit")

    def get_page_subtitle(self):
        run = LinkCheckRun.objects.filter(site="").first()
        return f"最近一次全面检查：{local_time(run.started_at)}" if run else "尚未检查"


class FixedLinkReportView(BrokenLinkReportView):
    """已修复链接: each episode of a broken link that a later check found gone or working."""

    page_title = "已修复链接"
    header_icon = "history"
    index_url_name = "linkcheck_fixed_report"
    index_results_url_name = "linkcheck_fixed_report_results"
    export_filename = "fixed-links"
    fixed = True
    default_ordering = ["-fixed_at", "pk"]
    list_export = [*BrokenLinkReportView.list_export, "fixed_at"]
    columns = [
        *BrokenLinkReportView.columns,
        DateColumn("fixed_at", label="修复时间", sort_key="fixed_at"),
    ]
