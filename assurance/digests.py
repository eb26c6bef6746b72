"""The daily e-mail to each responsible unit: its overdue and empty columns in the latest audit.

Sent to the unit's own address; a subsite's unit without one is reached through the editors of
its site. Units with nothing overdue or empty get no mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from sites.models import SiteGroup, SiteProfile

from .models import ColumnFinding, ColumnStatus


def unit_findings():
    """{unit: [finding]} of the overdue and empty columns, most overdue first."""
    findings = (
        ColumnFinding.objects.filter(status__in=[ColumnStatus.OVERDUE, ColumnStatus.EMPTY])
        .select_related("profile__site", "profile__root_page")
        .prefetch_related("units")
        .order_by("-days_overdue", "trail")
    )
    by_unit = {}
    for finding in findings:
        for unit in finding.units.all():
            by_unit.setdefault(unit, []).append(finding)
    return by_unit


def editor_emails():
    """{unit id: {e-mail}} of the active editors of the sites each unit runs."""
    rows = SiteGroup.objects.filter(
        role=SiteGroup.Role.EDITOR, profile__unit__isnull=False, group__user__is_active=True
    ).values_list("profile__unit", "group__user__email")
    emails = {}
    for unit_id, email in rows:
        if email:
            emails.setdefault(unit_id, set()).add(email)
    return emails


def city_staff_emails():
    """{e-mail} of the city's administrators (scope.oversees_cluster): active superusers and the
    active members of the portal's groups."""
    city = Q(groups__site_role__profile__level=SiteProfile.Level.CITY)
    users = get_user_model().objects.filter(Q(is_superuser=True) | city, is_active=True).exclude(email="")
    return set(users.values_list("email", flat=True))


def send_unit_digests():
    """One mail per unit with overdue or empty columns; returns {unit name: columns named}."""
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    fallback = editor_emails()
    sent = {}
    for unit, findings in unit_findings().items():
        recipients = [unit.email] if unit.email else sorted(fallback.get(unit.pk, ()))
        if not recipients:
            continue
        for finding in findings:
            finding.edit_url = admin + reverse("wagtailadmin_pages:edit", args=[finding.column_id])
        overdue = [f for f in findings if f.status == ColumnStatus.OVERDUE]
        empty = [f for f in findings if f.status == ColumnStatus.EMPTY]
        context = {"unit": unit, "overdue": overdue, "empty": empty, "report_url": admin + reverse("assurance_columns")}
        send_mail(
            subject=f"【内容保障】{unit.name}：{len(overdue)} 个栏目逾期未更新，{len(empty)} 个空白栏目",
            message=render_to_string("assurance/digest.txt", context),
            html_message=render_to_string("assurance/digest.html", context),
            from_email=None,
            recipient_list=recipients,
        )
        sent[unit.name] = len(findings)
    return sent
