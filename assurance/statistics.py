"""年度信息统计: the items each unit published in a year, as seed 001 reports the 2016 figures
(123 units, 19,860 items: 11,331 fixed-column items, 5,642 dynamic items, 2,887 picture items;
12 units answered 177 questions), per unit and per unit kind.

An item is a live Chinese page of a content item type (ColumnPage.ITEM_PAGE_TYPES) first
published in the year; translations are not new items. Each item falls in one category:
- picture (图片信息): a photo article (ArticlePage of kind photo);
- reply (答复网民问题): an item in a column handled in the back office (后台受理: mailboxes,
  consultations, disclosure on request) — and every resident's letter answered in the year, for
  the unit that answered it, published or sent privately (its published reply page, a LetterPage
  in the mailbox column, is not counted a second time);
- dynamic (动态信息): an item in a column the freshness rules treat as dynamic (rules.is_dynamic);
- fixed (固定栏目信息): any other item.
It counts for its own 发布单位 if set, else its column's first responsible unit (first as the admin
lists them: the through table keeps no order), else the unit of the deepest site holding it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import BooleanField, Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from columns.models import ITEM_PAGE_TYPES, ColumnPage, KeepingMethod
from content.models import ArticlePage
from interaction.models import Letter
from sites.models import SiteProfile, Unit
from sites.units import UnitIndex

from .rules import is_dynamic

FIXED, DYNAMIC, PICTURE, REPLIES = "fixed", "dynamic", "picture", "replies"
CATEGORIES = [FIXED, DYNAMIC, PICTURE, REPLIES]
KIND_LABELS = dict(Unit.Kind.choices)
KIND_ORDER = {kind: n for n, kind in enumerate(Unit.Kind.values)}
NO_UNIT = "未指定单位"
NO_KIND = "未分类"


class UnitRowLabels:
    """How a statistics row names itself: a unit, a unit kind's 小计 or the 合计, as seed 001 does.
    Rows have `kind`, `unit`, `units` (how many units a subtotal sums) and `row_type`."""

    @property
    def kind_label(self):
        return "" if self.row_type == "total" else KIND_LABELS.get(self.kind, NO_KIND)

    @property
    def name(self):
        if self.row_type == "subtotal":
            return f"{self.kind_label}小计（{self.units}家）"
        if self.row_type == "total":
            return f"合计（{self.units}家）"
        return self.unit.name if self.unit else NO_UNIT


@dataclass
class StatRow(UnitRowLabels):
    """A unit's figures, a unit kind's subtotal (小计), or the grand total (合计)."""

    kind: str = ""
    unit: Unit | None = None
    fixed: int = 0
    dynamic: int = 0
    picture: int = 0
    replies: int = 0
    units: int = 0  # the units a subtotal or the total sums
    row_type: str = "unit"  # unit, subtotal or total

    @property
    def pk(self):
        return self.unit.pk if self.unit else None

    @property
    def total(self):
        return self.fixed + self.dynamic + self.picture + self.replies

    def add(self, row):
        for category in CATEGORIES:
            setattr(self, category, getattr(self, category) + getattr(row, category))
        self.units += 1 if row.unit else 0


@dataclass
class AnnualStatistics:
    year: int
    rows: list  # unit rows, by kind, most items first
    subtotals: list  # one per unit kind that has items
    total: StatRow

    def table(self):
        """Each kind's unit rows followed by its 小计 row, then the 合计 row: the spreadsheet's order."""
        table = []
        for subtotal in self.subtotals:
            table += [row for row in self.rows if row.kind == subtotal.kind]
            table.append(subtotal)
        return [*table, self.total]


def year_bounds(year):
    return timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1))


def item_pages():
    """Live Chinese pages of the item types (joins instead of content-type lookups: no extra query)."""
    types = Q()
    for label in ITEM_PAGE_TYPES:
        app_label, model = label.lower().split(".")
        types |= Q(content_type__app_label=app_label, content_type__model=model)
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Page.objects.filter(types, live=True, locale__language_code=language)


def years_with_items(profiles=None):
    pages = item_pages()
    if profiles is not None:
        pages = pages.filter(_subtrees_q(_scope(profiles).values()))
    return sorted({d.year for d in pages.datetimes("first_published_at", "year")}, reverse=True)


def _scope(profiles):
    """{profile id: root page path} of these SiteProfiles (a queryset or instances), in one query."""
    ids = profiles.values("pk") if hasattr(profiles, "values") else [profile.pk for profile in profiles]
    return dict(SiteProfile.objects.filter(pk__in=ids).values_list("pk", "root_page__path"))


def _subtrees_q(root_paths):
    """Pages under any of these roots; a root inside another adds nothing (the city's is one LIKE)."""
    q = Q(pk__in=[])
    tops = []
    for path in sorted(root_paths):
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
            q |= Q(path__startswith=path)
    return q


def _own_unit():
    """The item's own unit, read through each item type's table in the same query."""
    fields = [
        f"{model._meta.model_name}__unit"
        for model in map(apps.get_model, ITEM_PAGE_TYPES)
        if any(field.name == "unit" for field in model._meta.get_fields())
    ]
    return Coalesce(*fields) if len(fields) > 1 else fields[0]


def _category(photo, column):
    if photo:
        return PICTURE
    if column["columnpage__keeping_method"] == KeepingMethod.HANDLING:
        return REPLIES
    if is_dynamic(column["columnpage__update_frequency"] or "", column["title"]):
        return DYNAMIC
    return FIXED


def _answered_letters(start, end, profile_ids):
    """[(unit id, letters)]: residents' letters answered from start to end, by the unit of the
    site that answered (答复部门, else the one handling it), within these profiles if given."""
    letters = Letter.objects.filter(state=Letter.State.ANSWERED, replied_at__gte=start, replied_at__lt=end)
    if profile_ids is not None:
        letters = letters.filter(Q(reply_unit__in=profile_ids) | Q(reply_unit__isnull=True, handler__in=profile_ids))
    rows = (
        letters.order_by()
        .values(unit=Coalesce("reply_unit__unit", "handler__unit"))
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return list(rows)


def annual_statistics(year, profiles=None):
    """The year's figures for the items of these SiteProfiles' units (all when None), in five
    queries however many items and units there are: items grouped by parent, unit and kind; their
    parents; the units' roots; the letters answered; the units (and one more for the scope)."""
    start, end = year_bounds(year)
    # A published letter's reply page is counted as its letter, below.
    items = (
        item_pages()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .exclude(letterpage__letter__isnull=False)
    )
    profile_ids = None
    if profiles is not None:
        scope = _scope(profiles)
        profile_ids = set(scope)
        items = items.filter(_subtrees_q(scope.values()))
    groups = list(
        items.annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen),
            own_unit=_own_unit(),
            photo=Case(
                When(articlepage__kind=ArticlePage.Kind.PHOTO, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by()
        .values("parent_path", "own_unit", "photo")
        .annotate(n=Count("pk"))
    )

    first_unit = (
        ColumnPage.responsible_units.through.objects.filter(columnpage_id=OuterRef("pk"))
        .order_by(*(f"unit__{name}" for name in Unit._meta.ordering))
        .values("unit_id")[:1]
    )
    parents = {
        parent["path"]: parent
        for parent in Page.objects.filter(path__in={g["parent_path"] for g in groups})
        .annotate(first_unit=Subquery(first_unit))
        .values("path", "title", "columnpage__keeping_method", "columnpage__update_frequency", "first_unit")
    }
    units_by_root = SiteProfile.objects.values_list("root_page__path", "pk", "unit_id")
    index = UnitIndex({path: (pk, unit_id) for path, pk, unit_id in units_by_root})
    for parent in parents.values():
        parent["profile_id"], parent["site_unit"] = index(parent["path"]) or (None, None)

    counts = defaultdict(lambda: defaultdict(int))
    for group in groups:
        parent = parents[group["parent_path"]]
        if profile_ids is not None and parent["profile_id"] not in profile_ids:
            continue  # an item of a nested unit outside the scope
        unit_id = group["own_unit"] or parent["first_unit"] or parent["site_unit"]
        counts[unit_id][_category(group["photo"], parent)] += group["n"]
    for unit_id, n in _answered_letters(start, end, profile_ids):
        counts[unit_id][REPLIES] += n

    units = Unit.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = [
        StatRow(kind=unit.kind if unit else "", unit=unit, **figures)
        for unit, figures in ((units.get(pk), figures) for pk, figures in counts.items())
    ]
    rows.sort(key=lambda row: (KIND_ORDER.get(row.kind, len(KIND_ORDER)), -row.total, row.name))

    subtotals = {}
    total = StatRow(row_type="total")
    for row in rows:
        subtotals.setdefault(row.kind, StatRow(kind=row.kind, row_type="subtotal")).add(row)
        total.add(row)
    return AnnualStatistics(year=year, rows=rows, subtotals=list(subtotals.values()), total=total)
