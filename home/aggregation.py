"""Newest items per column and per subsite, each in a constant number of queries."""

from collections import defaultdict

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber, Substr

from columns.models import ColumnPage
from content.models import ArticlePage
from sites.models import SiteProfile
from sites.units import without_nested_units


def latest_in_columns(root, models_by_key, per_column):
    """({column_key: [items]}, {column_key: column}) for columns below `root`, newest items first.

    `models_by_key` maps each column key to the page model its items are; one query per model.
    """
    columns = {
        c.column_key: c
        for c in ColumnPage.objects.live()
        .descendant_of(root)
        .filter(column_key__in=list(models_by_key))
        .order_by("-depth")
        .only("path", "column_key", "title", "url_path", "depth")
    }
    result = {key: [] for key in models_by_key}
    for model in set(models_by_key.values()):
        keys = [k for k, m in models_by_key.items() if m is model and k in columns]
        for depth in {columns[k].depth for k in keys}:
            # Items of one column share its path prefix, so one window ranks every column at once.
            prefix_len = depth * ColumnPage.steplen
            by_prefix = {columns[k].path: k for k in keys if columns[k].depth == depth}
            in_any = Q()
            for path in by_prefix:
                in_any |= Q(path__startswith=path)
            items = model.objects.live().filter(in_any, depth__gt=depth)
            if hasattr(model, "image"):
                items = items.select_related("image").prefetch_related("image__renditions")
            for item in _newest_per_prefix(items, prefix_len, per_column):
                result[by_prefix[item.path[:prefix_len]]].append(item)
    return result, columns


def latest_news_by_site(levels, per_site, parent=None):
    """[(profile, [news])] for open sites of these levels, each with its own newest news."""
    profiles = list(
        SiteProfile.objects.filter(level__in=levels, status=SiteProfile.Status.OPEN)
        .filter(**({"parent": parent} if parent else {}))
        .select_related("site", "root_page")
        .order_by("root_page__path")
    )
    if not profiles:
        return []
    roots = [p.root_page for p in profiles]
    grouped = defaultdict(list)
    for depth in {r.depth for r in roots}:
        in_any = Q()
        for root in roots:
            if root.depth == depth:
                in_any |= Q(path__startswith=root.path)
        news = ArticlePage.objects.live().filter(without_nested_units(in_any, [r.path for r in roots]))
        prefix_len = depth * ArticlePage.steplen
        for item in _newest_per_prefix(news, prefix_len, per_site):
            grouped[item.path[:prefix_len]].append(item)
    return [(p, grouped.get(p.root_page.path, [])) for p in profiles]


def _newest_per_prefix(queryset, prefix_len, limit):
    prefix = Substr("path", 1, prefix_len)
    return list(
        queryset.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[prefix],
                order_by=[F("first_published_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by(prefix, "rank")
    )
