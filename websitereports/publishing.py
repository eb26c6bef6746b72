"""Saving, recomputing and publishing a site's report: each in one transaction on the locked
report row, so two staff members acting at once leave one report and one page per site-year."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from . import figures as platform
from . import items
from .models import WebsiteReport, WebsiteReportPage


class ReportError(Exception):
    pass


def page_title(year):
    return f"政府网站工作年度报表（{year}年度）"


def page_slug(year):
    return f"website-report-{year}"


def draft(profile, year):
    """The stored report, or an unsaved one with the figures computed now (for showing)."""
    report = WebsiteReport.objects.filter(profile=profile, year=year).first()
    if report is None:
        report = WebsiteReport(profile=profile, year=year, figures=platform.compute(profile, year))
        report.computed_at = timezone.now()
    return report


def locked(profile, year):
    """The report row locked for this transaction, created (with its figures) when missing."""
    report = WebsiteReport.objects.select_for_update().filter(profile=profile, year=year).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return WebsiteReport.objects.create(
                profile=profile, year=year, figures=platform.compute(profile, year), computed_at=timezone.now()
            )
    except IntegrityError:  # created meanwhile by someone else
        return WebsiteReport.objects.select_for_update().get(profile=profile, year=year)


def check_version(report, version):
    if version and report.pk and version != version_of(report):
        raise ReportError("该报表已被他人修改，请重新打开后再填写。您填写的内容未保存。")


def version_of(report):
    return report.updated_at.isoformat() if report.updated_at else ""


@transaction.atomic
def save(profile, year, entered, version=""):
    report = locked(profile, year)
    check_version(report, version)
    report.entered = entered
    report.save()
    return report


@transaction.atomic
def recompute(profile, year, version=""):
    report = locked(profile, year)
    check_version(report, version)
    report.figures = platform.compute(profile, year)
    report.computed_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def publish(profile, year, entered, user, version=""):
    """Save the entered items and publish the report as it stands: its page under the site's home
    page (made once, updated by a second publication), its figures and items frozen."""
    report = locked(profile, year)
    check_version(report, version)
    missing = [items.full_label(i) for i in items.HAND_ITEMS if i.required and entered.get(i.key) in (None, "")]
    if missing:
        raise ReportError("以下项目尚未填写，不能发布：" + "、".join(missing))
    home = Page.objects.get(pk=profile.root_page_id).specific
    report.entered = entered
    page = report.page or WebsiteReportPage.objects.child_of(home).filter(year=year).first()
    if page is None:
        page = WebsiteReportPage(title=page_title(year), slug=page_slug(year), year=year, live=False, owner=user)
        home.add_child(instance=page)
    page.title = page_title(year)
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    report.page = WebsiteReportPage.objects.get(pk=page.pk)
    report.state = WebsiteReport.State.PUBLISHED
    report.published = report.snapshot()
    report.published_at = timezone.now()
    report.published_by = user
    report.save()
    return report


def latest_page(profile):
    """The newest published report page of a site, or None (one query)."""
    return (
        WebsiteReportPage.objects.live()
        .filter(report__profile=profile, report__state=WebsiteReport.State.PUBLISHED)
        .order_by("-year")
        .first()
    )
