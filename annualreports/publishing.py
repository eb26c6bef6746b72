"""Checking and publishing a report: the tables computed now, the figures the unit entered, the
texts; a report that does not add up or lacks a text is refused with every reason and nothing
changes. Publishing freezes the tables into the report and its AnnualReportPage (one page per
report: republishing adds a revision to it)."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.coreutils import find_available_slug

from columns.models import ColumnPage
from sites.units import UnitIndex, unit_pages_q

from . import layout, tables
from .models import AnnualReportPage, DisclosureReport, report_title

REPORTS_COLUMN_KEY = "annual-disclosure-reports"
REQUIRED_TEXTS = (
    ("overview", "一、总体情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)


class ReportError(Exception):
    """Refused: `errors` is [(field or None, message)]."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("；".join(message for _field, message in errors))


def reports_column_q(prefix=""):
    return Q(**{f"{prefix}column_key": REPORTS_COLUMN_KEY}) | Q(
        **{f"{prefix}column_key__endswith": "/" + REPORTS_COLUMN_KEY}
    )


def report_column(profile):
    """The unit's own 信息公开年报 column, or None."""
    return ColumnPage.objects.filter(unit_pages_q(profile), reports_column_q()).order_by("path").first()


def columns_by_unit(profiles, all_profiles):
    """{profile id: column id} of the units among `profiles` keeping a 信息公开年报 column (one query;
    `all_profiles` — every SiteProfile with root_page — decides which unit a column belongs to)."""
    index = UnitIndex.of(all_profiles)
    wanted = {p.pk for p in profiles}
    found = {}
    for pk, path in ColumnPage.objects.filter(reports_column_q()).order_by("path").values_list("pk", "path"):
        unit = index(path)
        if unit is not None and unit.pk in wanted:
            found.setdefault(unit.pk, pk)
    return found


def computed_tables(report, documents=None, applications=None):
    """Tables 二, 三, 四 as they stand now (the documents and applications read unless given)."""
    profile = report.profile
    if documents is None:
        documents = tables.documents_by_unit([profile], report.year)[profile.pk]
    if applications is None:
        applications = tables.applications_by_unit([profile.pk], report.year)[profile.pk]
    return {
        "documents": documents,
        "decisions": {"licences": report.licences, "penalties": report.penalties, "coercions": report.coercions},
        "fees": str(report.fees if report.fees is not None else Decimal(0)),
        "applications": applications,
        "appeals": report.appeal_cells,
    }


def offered_overview(report, figures):
    """A draft of 一、总体情况 from the figures, for the unit to insert and rewrite."""
    documents, apps, appeals = figures["documents"], figures["applications"], figures["appeals"]
    rule, normative = documents["rule"], documents["normative"]
    total = {code: apps[code]["total"] for code in apps}
    results = "、".join(
        f"{text}{total[code]}件"
        for code, text in (
            ("disclose", "予以公开"),
            ("partial", "部分公开"),
            ("withhold", "不予公开"),
            ("unavailable", "无法提供"),
            ("not_handled", "不予处理"),
            ("other", "其他处理"),
        )
        if total[code]
    )
    lines = [
        f"{report.year}年，{report.profile.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，持续做好政府信息公开工作。",
        f"（一）主动公开。全年制发行政规范性文件{normative['issued']}件，废止{normative['repealed']}件，"
        f"现行有效{normative['in_force']}件"
        + (
            f"；制发规章{rule['issued']}件，废止{rule['repealed']}件，现行有效{rule['in_force']}件"
            if any(rule.values())
            else ""
        )
        + "。",
        f"（二）依申请公开。全年新收政府信息公开申请{total['new']}件，上年结转{total['carried']}件，"
        f"办结{total['closed']}件"
        + (f"（其中{results}）" if results else "")
        + f"，结转下年度继续办理{total['forward']}件。",
        f"（三）复议诉讼。因政府信息公开被申请行政复议{appeals['review_total']}件，"
        f"被提起行政诉讼{appeals['direct_total'] + appeals['after_review_total']}件。",
    ]
    return "\n".join(lines)


def check(report, figures):
    """[(field or None, message)]: what stops this report from being published."""
    errors = [
        (field, f"请填写“{heading}”。") for field, heading in REQUIRED_TEXTS if not getattr(report, field).strip()
    ]
    for field in ("licences", "penalties", "coercions"):
        value = getattr(report, field)
        if value is None or value < 0:
            errors.append((field, "请填写不小于0的整数。"))
    if report.fees is None or Decimal(report.fees) < 0:
        errors.append(("fees", "收费金额不能小于0。"))
    for cell in layout.APPEAL_ENTERED:
        value = (report.appeals or {}).get(cell, 0)
        if not isinstance(value, int) or value < 0:
            errors.append((cell, f"“{layout.appeal_label(cell)}”请填写不小于0的整数。"))
    errors += [(None, message) for message in tables.invariant_errors(figures["applications"])]
    return errors


def publish(report, user, today=None):
    """Check and publish the report (or its correction) as the AnnualReportPage in the unit's
    信息公开年报 column; raises ReportError and changes nothing when refused."""
    with transaction.atomic():
        locked = DisclosureReport.objects.select_for_update().select_related("profile__root_page").get(pk=report.pk)
        figures = computed_tables(locked)
        errors = check(locked, figures)
        column = report_column(locked.profile)
        if column is None:
            errors.append((None, f"{locked.profile.name}没有“信息公开年报”栏目，无法发布。"))
        if errors:
            raise ReportError(errors)
        fields = {
            "title": report_title(locked.profile.name, locked.year),
            "year": locked.year,
            "unit_name": locked.profile.name,
            "overview": locked.overview.strip(),
            "problems": locked.problems.strip(),
            "other_matters": locked.other_matters.strip(),
            "tables": figures,
        }
        page = _existing_page(locked)
        if page is None:
            page = AnnualReportPage(slug=find_available_slug(column, f"report-{locked.year}"), owner=user, **fields)
            page.live = False
            column.add_child(instance=page)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
        page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        locked.tables = figures
        locked.page = page
        locked.state = DisclosureReport.State.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = user
        locked.save()
    report.refresh_from_db()
    page.refresh_from_db()
    return page


def _existing_page(report):
    if report.page_id is None:
        return None
    return AnnualReportPage.objects.filter(pk=report.page_id).first()
