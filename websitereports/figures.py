"""The items of the 政府网站工作年度报表 the platform knows from its own records of one year, for one
site on a hostname of its own, in FIGURE_QUERIES queries whatever the size of the site.

A site's figures cover its own pages and those of the 专属网页 inside it (a township's or a
department's section is part of its host site, as the national rules count websites), never the
pages of the sites on hostnames of their own nested below it (a county's township site files its
own report). Translations are not new information: only the Chinese tree is counted.

The mappings (where the national form's items come from):
- 信息发布: live item pages (columns.ITEM_PAGE_TYPES) first published in the year; 总数 all of
  them, the three kinds by the column key of the nearest column above the item (CATEGORY_RULES):
  概况类 = the 概况 and 领导 channels, 机构职能 and 联系方式; 政务动态 = news channels and columns,
  通知公告, 政务信息, 新闻发布会; 信息公开目录 = the 政务公开 / 主页栏目 (公开目录) channels and the
  disclosure columns of 专属网页 (文件, 规划计划, 信息公开年报 …). Other items (办事指南, replies to
  letters, 招商项目 …) count in 总数 only.
- 专栏专题: content.SpecialTopicPage live now (维护数量), and those first published in the year.
- 解读材料数量: live PolicyInterpretationPage first published in the year.
- 留言办理: interaction.Letter received in the year by the site or its 专属网页; 办结 = answered;
  平均办理时间 = mean calendar days from received_at to replied_at of those answered; 公开答复 =
  live LetterPage first published in the year.
- 征集调查: SolicitationPage live with starts_on in the year; comments received in the year on the
  site's solicitations; 公布调查结果 = feedback published in the year.
- 依申请公开 (the platform's own addition): disclosure.Application received_on / closed_on in the year.
- 安全防护: 安全检测评估次数 = availability probes of the site's home page in the year + link-check
  runs over the site (or the whole cluster) in the year; 发现问题数量 = outages (a run of failed
  probes counts once) + broken links first found in the year; 问题整改数量 = outages that ended
  (a later probe succeeded) + broken links fixed in the year.
- 是否发布服务事项目录: the site has live 办事指南; 是否使用统一平台: yes (the cluster is one
  集约化 platform); 搜索即服务: yes (every site has /search/); 多语言版本: the home page has a
  translation; 站内搜索次数: the residents' searches the search log (search.SearchLog) kept for the
  site's hostname in the year (the portal's searches across all sites count for the portal).
"""

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from assurance.models import Probe
from columns.models import ITEM_PAGE_TYPES, ColumnPage
from disclosure.models import Application
from interaction.models import Letter
from linkcheck.models import BrokenLink, LinkCheckRun
from search.models import SearchLog
from sites.models import SiteProfile
from solicitation.models import SolicitationPage

STEP = Page.steplen
PROFILE, NEWS, CATALOGUE = "info_profile", "info_news", "info_catalogue"

# (category, first segments of the column key, any segment of it): the first rule that matches wins.
CATEGORY_RULES = [
    (
        PROFILE,
        {"city-profile", "profile", "leadership", "overview", "leaders"},
        {"functions", "contacts", "institution-directory", "working-bodies"},
    ),
    (
        NEWS,
        {"news"},
        {
            "current-affairs",
            "notices",
            "photo-news",
            "department-news",
            "county-news",
            "district-news",
            "government-affairs-info",
            "press-conferences",
        },
    ),
    (
        CATALOGUE,
        {"homepage", "gov-disclosure", "disclosure"},
        {
            "documents",
            "department-documents",
            "policies-regulations",
            "plans",
            "annual-disclosure-reports",
            "disclosure-guide",
            "disclosure-on-request",
        },
    ),
]
# the site and its profiles, items, columns, topics and guides, letters, solicitations, applications,
# probes (2), broken links, link-check runs, translations, search hits
FIGURE_QUERIES = 14
SITE_TYPES = {SiteProfile.Level.DEPARTMENT: "部门网站"}  # every government's own site is its 门户


def category_of(column_key):
    """The 信息发布 kind of an item in a column with this key, or None (counted in 总数 only)."""
    if not column_key:
        return None
    segments = column_key.split("/")
    for category, firsts, anywhere in CATEGORY_RULES:
        if segments[0] in firsts or anywhere.intersection(segments):
            return category
    return None


def year_bounds(year):
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time())),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time())),
    )


def _types_q(labels, prefix=""):
    q = Q()
    for label in labels:
        app_label, model = label.lower().split(".")
        q |= Q(**{f"{prefix}content_type__app_label": app_label, f"{prefix}content_type__model": model})
    return q


def _scope(profile):
    """(pages Q, own profile ids): the site's subtree without the hostnamed sites nested in it (one query)."""
    root = profile.root_page.path
    rows = SiteProfile.objects.filter(root_page__path__startswith=root).values_list("pk", "site_id", "root_page__path")
    nested = [path for pk, site_id, path in rows if site_id and pk != profile.pk]
    q = Q(path__startswith=root)
    for path in nested:
        q &= ~Q(path__startswith=path)
    own = [pk for pk, _site, path in rows if not any(path.startswith(n) for n in nested)]
    return q, own


def compute(profile, year):
    """{item key: value} for the FIGURE items of websitereports.items (FIGURE_QUERIES queries)."""
    profile = SiteProfile.objects.select_related("site", "root_page").get(pk=profile.pk)
    start, end = year_bounds(year)
    pages, own = _scope(profile)
    chinese = Q(locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    figures = {
        "site_name": profile.name if profile.site_id is None else (profile.site.site_name or profile.name),
        "home_url": profile.url,
        "sponsor": profile.sponsor,
        "site_type": SITE_TYPES.get(profile.level, "政府门户网站"),
        "site_code": profile.site_code or "",
        "icp_number": profile.icp_number,
        "public_security_number": profile.public_security_number,
        "unified_platform": True,
        "search_service": True,
    }
    figures.update(_information(pages, chinese, start, end))
    figures.update(_topics_and_guides(pages, chinese, start, end))
    figures.update(_letters(own, start, end))
    figures.update(_surveys(pages, year, start, end))
    requests = Application.objects.filter(profile__in=own).aggregate(
        requests_received=Count("pk", filter=Q(received_on__year=year)),
        requests_closed=Count("pk", filter=Q(closed_on__year=year)),
    )
    figures.update(requests)
    figures.update(_safety(profile, own, start, end))
    root = profile.root_page
    figures["multilingual"] = (
        Page.objects.filter(translation_key=root.translation_key).exclude(locale_id=root.locale_id).exists()
    )
    hostname = profile.site.hostname if profile.site_id else None
    searches = SearchLog.objects.filter(site_hostname=hostname, at__gte=start, at__lt=end)
    figures["search_queries"] = searches.count() if hostname else None
    return figures


def _information(pages, chinese, start, end):
    """信息发布, 解读材料 and 公开答复: the year's items grouped by parent and type, and the site's
    column keys (two queries)."""
    groups = list(
        Page.objects.filter(
            pages,
            chinese,
            _types_q(ITEM_PAGE_TYPES),
            live=True,
            first_published_at__gte=start,
            first_published_at__lt=end,
        )
        .annotate(parent_path=Substr("path", 1, Length("path") - STEP))
        .order_by()
        .values("parent_path", "content_type__model")
        .annotate(n=Count("pk"))
    )
    keys = dict(ColumnPage.objects.filter(pages).exclude(column_key="").values_list("path", "column_key"))
    figures = {"info_total": 0, PROFILE: 0, NEWS: 0, CATALOGUE: 0, "readings": 0, "letters_published": 0}
    for group in groups:
        n, path = group["n"], group["parent_path"]
        figures["info_total"] += n
        if group["content_type__model"] == "policyinterpretationpage":
            figures["readings"] += n
        if group["content_type__model"] == "letterpage":
            figures["letters_published"] += n
        key = next((keys[path[:k]] for k in range(len(path), 0, -STEP) if keys.get(path[:k])), "")
        if category := category_of(key):
            figures[category] += n
    return figures


def _topics_and_guides(pages, chinese, start, end):
    topics = _types_q(["content.SpecialTopicPage"])
    guides = _types_q(["content.ServiceGuidePage"])
    found = Page.objects.filter(pages, chinese, topics | guides, live=True).aggregate(
        topics_maintained=Count("pk", filter=topics),
        topics_new=Count("pk", filter=topics & Q(first_published_at__gte=start, first_published_at__lt=end)),
        guides=Count("pk", filter=guides),
    )
    return {
        "topics_maintained": found["topics_maintained"],
        "topics_new": found["topics_new"],
        "service_catalogue": found["guides"] > 0,
    }


def _letters(own, start, end):
    answered = Q(state=Letter.State.ANSWERED, replied_at__isnull=False)
    found = Letter.objects.filter(profile__in=own, received_at__gte=start, received_at__lt=end).aggregate(
        received=Count("pk"),
        closed=Count("pk", filter=answered),
        average=Avg(
            ExpressionWrapper(F("replied_at") - F("received_at"), output_field=DurationField()), filter=answered
        ),
    )
    average = found["average"]
    return {
        "letters_received": found["received"],
        "letters_closed": found["closed"],
        "letters_average_days": round(average.total_seconds() / 86400, 1) if average is not None else None,
    }


def _surveys(pages, year, start, end):
    found = SolicitationPage.objects.filter(pages, live=True).aggregate(
        surveys=Count("pk", filter=Q(starts_on__year=year), distinct=True),
        survey_results=Count(
            "pk", filter=Q(feedback_published_at__gte=start, feedback_published_at__lt=end), distinct=True
        ),
        survey_opinions=Count(
            "comments", filter=Q(comments__received_at__gte=start, comments__received_at__lt=end), distinct=True
        ),
    )
    return found


def _safety(profile, own, start, end):
    """Probes (two queries), broken links (one), link-check runs (one)."""
    probes = Probe.objects.filter(profile=profile, probed_at__gte=start, probed_at__lt=end)
    checks = probes.count()
    # Each failed probe of the year with the probe just before it (whenever) and just after it
    # (within the year): an outage starts after a success and ends before one.
    site_probes = Probe.objects.filter(profile=profile)
    before = site_probes.filter(probed_at__lt=OuterRef("probed_at")).order_by("-probed_at", "-pk")
    after = site_probes.filter(probed_at__gt=OuterRef("probed_at"), probed_at__lt=end).order_by("probed_at", "pk")
    failed = (
        probes.filter(ok=False)
        .annotate(before=Subquery(before.values("ok")[:1]), after=Subquery(after.values("ok")[:1]))
        .values_list("before", "after")
    )
    started = ended = 0
    for before, after in failed:
        started += before is None or bool(before)
        ended += after is not None and bool(after)
    links = BrokenLink.objects.filter(profile__in=own).aggregate(
        found=Count("pk", filter=Q(first_seen__gte=start, first_seen__lt=end)),
        fixed=Count("pk", filter=Q(fixed_at__gte=start, fixed_at__lt=end)),
    )
    hostname = profile.site.hostname if profile.site_id else ""
    runs = LinkCheckRun.objects.filter(Q(site="") | Q(site=hostname), started_at__gte=start, started_at__lt=end).count()
    return {
        "security_checks": checks + runs,
        "problems_found": started + links["found"],
        "problems_fixed": ended + links["fixed"],
    }
