"""Tables 二 and 三 of the report, computed for any number of units in a fixed number of queries.

Table 二 counts a unit's own live government documents (sites.units: not those of the units
nested in it) of the kinds 规章 and 行政规范性文件: issued in the year (publish_date), repealed or
invalidated in the year (validity_changed_on), in force on 31 December (issued by then and not
repealed by then).

Table 三 counts the applications whose *handler* is the unit: the unit deciding it, so that an
application forwarded to the unit that holds the information counts once, there. 本年新收 by
received_on in the year; 上年结转: received before the year and not closed before 1 January; the
results by closed_on in the year and outcome; 结转下年度: received by 31 December and not closed by
then. One query, grouped by handler, applicant kind and outcome.
"""

from datetime import date

from django.db.models import Count, Q

from content.models import GovDocumentPage
from disclosure.models import Application
from disclosure.outcomes import LEAVES, group_of
from sites.models import SiteProfile
from sites.units import UnitIndex

from .layout import APPLICANT_COLUMNS, COLUMN_LABELS, COUNTED_ROWS, DOCUMENT_FIGURES, DOCUMENT_KINDS

# Closed in the year without an outcome: no row of the report holds it (the invariant then fails).
UNCLASSIFIED = "unclassified"


def empty_documents():
    return {kind: {figure: 0 for figure, _l in DOCUMENT_FIGURES} for kind, _k in DOCUMENT_KINDS}


def empty_applications():
    return {row: {column: 0 for column in APPLICANT_COLUMNS} for row in (*COUNTED_ROWS, UNCLASSIFIED)}


def _outermost(paths):
    tops = []
    for path in sorted(paths):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def documents_by_unit(profiles, year):
    """{profile id: table 二's documents} for these SiteProfiles (with root_page) — two queries."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    wanted = {p.pk for p in profiles}
    result = {pk: empty_documents() for pk in wanted}
    if not wanted:
        return result
    index = UnitIndex(dict(SiteProfile.objects.values_list("root_page__path", "pk")))
    scope = Q(pk__in=[])
    for root in _outermost(p.root_page.path for p in profiles):
        scope |= Q(path__startswith=root)
    documents = GovDocumentPage.objects.filter(
        scope, live=True, document_kind__in=[kind for kind, _k in DOCUMENT_KINDS], publish_date__lte=end
    ).values_list("path", "document_kind", "publish_date", "validity", "validity_changed_on")
    for path, kind, published, validity, changed in documents.order_by():
        unit = index(path)
        if unit not in wanted:
            continue
        figures = result[unit][kind]
        ended = validity != GovDocumentPage.Validity.VALID
        if published >= start:
            figures["issued"] += 1
        if ended and changed and start <= changed <= end:
            figures["repealed"] += 1
        if not ended or (changed and changed > end):
            figures["in_force"] += 1
    return result


def applications_by_unit(profile_ids, year):
    """{profile id: table 三} — {row: {column: count}} with every row of layout.COUNTED_ROWS (each
    outcome leaf, each group's subtotal, 总计 "closed") and UNCLASSIFIED — one query."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    profile_ids = list(profile_ids)
    result = {pk: empty_applications() for pk in profile_ids}
    open_at_start = Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    open_at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    closed_in_year = Q(closed_on__gte=start, closed_on__lte=end)
    rows = (
        Application.objects.filter(handler__in=profile_ids)
        .filter((Q(received_on__lte=end) & open_at_start) | closed_in_year)
        .order_by()
        .values("handler", "applicant_kind", "outcome")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
            carried=Count("pk", filter=Q(received_on__lt=start) & open_at_start),
            closed=Count("pk", filter=closed_in_year),
            forward=Count("pk", filter=Q(received_on__lte=end) & open_at_end),
        )
    )
    for row in rows:
        table, kind = result[row["handler"]], row["applicant_kind"]
        for figure in ("new", "carried", "forward"):
            _add(table[figure], kind, row[figure])
        if not row["closed"]:
            continue
        if row["outcome"] in LEAVES:
            _add(table[row["outcome"]], kind, row["closed"])
            if group_of(row["outcome"]) != row["outcome"]:
                _add(table[group_of(row["outcome"])], kind, row["closed"])
            _add(table["closed"], kind, row["closed"])
        else:
            _add(table[UNCLASSIFIED], kind, row["closed"])
    return result


def _add(cells, kind, count):
    column = kind if kind in cells else "other"
    cells[column] += count
    cells["total"] += count


def invariant_errors(applications):
    """The columns where 一 + 二 ≠ 三(七) + 四, each as a sentence with its figures."""
    errors = []
    for column in APPLICANT_COLUMNS:
        new, carried = applications["new"][column], applications["carried"][column]
        closed, forward = applications["closed"][column], applications["forward"][column]
        if new + carried == closed + forward:
            continue
        sentence = (
            f"表三“{COLUMN_LABELS[column]}”列不平衡：本年新收 {new} + 上年结转 {carried} = {new + carried}，"
            f"而办理结果总计 {closed} + 结转下年度 {forward} = {closed + forward}"
        )
        if unclassified := applications.get(UNCLASSIFIED, {}).get(column):
            sentence += f"（其中 {unclassified} 件申请已办结但没有记录办理结果）"
        errors.append(sentence + "。请核对申请的收到日期、办结日期和办理结果。")
    return errors
