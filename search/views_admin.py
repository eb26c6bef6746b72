"""搜索统计 in 内容保障: what residents searched on the sites the user oversees (search.report),
exported as XLSX or CSV; city staff add a synonym from a query that found nothing in one step."""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput

from assurance.scope import oversees_cluster
from assurance.views.menu import OversightMenuItem
from assurance.views.reports import OversightReport, report_paths
from sites.models import SiteProfile

from .models import SearchLog, Synonym
from .report import monday, weekly_report
from .synonyms import add_synonym

WEEKS_SHOWN = 4  # by default: this week and the three before


class SearchReportFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label="站点", queryset=SiteProfile.objects.none(), empty_label="全部站点", method="keep_all"
    )
    week_from = django_filters.DateFilter(label="起始周（含该日所在周）", widget=AdminDateInput, method="keep_all")
    week_to = django_filters.DateFilter(label="截止周（含该日所在周）", widget=AdminDateInput, method="keep_all")

    class Meta:
        model = SearchLog
        fields = []

    def __init__(self, *args, profiles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = profiles.filter(site__isnull=False)

    def keep_all(self, queryset, name, value):
        return queryset

    def value(self, name):
        """A field's value when valid, even if another is not (a site outside the user's scope
        is refused beside its field and the rest still applies)."""
        self.is_valid()
        return self.form.cleaned_data.get(name)


class SynonymCellColumn(Column):
    cell_template_name = "search/admin/synonym_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        params = request.GET.copy() if request else QueryDict(mutable=True)
        params.pop("export", None)
        context.update(
            url=reverse("search_report_synonym"),
            csrf_token=parent_context.get("csrf_token"),
            back=reverse("search_report") + ("?" + params.urlencode() if params else ""),
        )
        return context


class SynonymForm(forms.Form):
    max_length = Synonym._meta.get_field("term").max_length
    term = forms.CharField(
        label="群众用语",
        max_length=max_length,
        error_messages={"required": "请填写群众用语。", "max_length": f"群众用语不能超过{max_length}个字。"},
    )
    expansion = forms.CharField(
        label="规范用语",
        max_length=max_length,
        error_messages={"required": "请填写规范用语。", "max_length": f"规范用语不能超过{max_length}个字。"},
    )

    def clean(self):
        data = super().clean()
        term, expansion = data.get("term"), data.get("expansion")
        if any(c in value for value in (term or "", expansion or "") for c in "\r\n\t"):
            raise ValidationError("每次只添加一个群众用语和一个规范用语，不能换行。")
        if term and expansion and term == expansion:
            raise ValidationError("规范用语与群众用语相同，无需添加。")
        return data


class SearchReportView(OversightReport):
    page_title = "搜索统计"
    header_icon = "search"
    index_url_name = "search_report"
    index_results_url_name = "search_report_results"
    filterset_class = SearchReportFilterSet
    paginate_by = 200
    export_headings = {
        "section_label": "类别",
        "week_label": "周",
        "site_name": "站点",
        "query": "搜索词",
        "searches": "搜索次数",
        "empty": "无结果次数",
        "opened": "打开结果次数",
    }
    list_export = list(export_headings)

    @cached_property
    def city(self):
        return oversees_cluster(self.request.user)

    @cached_property
    def columns(self):
        columns = [Column(name, label=label) for name, label in self.export_headings.items()]
        if self.city:
            columns.append(SynonymCellColumn("synonym", label="添加同义词"))
        return columns

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "profiles": self.profiles}

    @cached_property
    def weeks(self):
        today = timezone.localdate()
        last = self.filters.value("week_to") or today
        first = self.filters.value("week_from") or monday(last) - timedelta(weeks=WEEKS_SHOWN - 1)
        return monday(min(first, last)), monday(max(first, last))

    def get_page_subtitle(self):
        first, last = self.weeks
        return f"{first:%Y年%m月%d日}至{last + timedelta(days=6):%Y年%m月%d日}"

    def get_filename(self):
        first, last = self.weeks
        return f"search-report-{first:%Y%m%d}-{last + timedelta(days=6):%Y%m%d}"

    def get_queryset(self):
        chosen = self.filters.value("site")
        profiles = [chosen] if chosen else list(self.profiles.filter(site__isnull=False).order_by("root_page__path"))
        site_names = {p.site.hostname: p.name for p in profiles}
        hostnames = None if self.city and not chosen else site_names
        return weekly_report(*self.weeks, site_names, hostnames=hostnames)

    def filter_queryset(self, queryset):
        return queryset


@require_POST
def add_synonym_view(request):
    """From a query that found nothing: the everyday word (the query) and the official word."""
    if not oversees_cluster(request.user):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("search_report")
    form = SynonymForm(request.POST)
    if form.is_valid():
        term, expansion = form.cleaned_data["term"], form.cleaned_data["expansion"]
        try:
            add_synonym(term, expansion, request.user)
        except ValidationError as error:
            messages.error(request, "未能添加同义词：" + "；".join(error.messages))
        else:
            messages.success(request, f"已添加同义词：“{term}”→“{expansion}”，搜索立即生效。")
    else:
        problems = [message for errors in form.errors.values() for message in errors]
        messages.error(request, "未能添加同义词：" + "；".join(problems))
    return redirect(back)


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        *report_paths("search/report/", SearchReportView, "search_report"),
        path("search/report/synonym/", add_synonym_view, name="search_report_synonym"),
    ]


@hooks.register("register_assurance_menu_item")
def search_report_menu_item():
    return OversightMenuItem("搜索统计", reverse("search_report"), icon_name="search", order=180)
