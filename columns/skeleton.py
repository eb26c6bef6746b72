"""Build a site's standard channels and columns from the project's column data.

The portal's columns are the 分解表 of seed 001 (`data/portal_columns.yaml`); subsites get the
sets of `data/site_skeletons.yaml`. Building is idempotent: a column that already exists (by
slug under the same parent) is left as the editors made it.
"""

from functools import cache
from pathlib import Path

import yaml
from django.utils import timezone

from sites.models import Unit

from .models import ChannelPage, ColumnPage

DATA_DIR = Path(__file__).resolve().parent / "data"
COLLECTIVE_PREFIXES = ("各", "市直各", "要求")
# 单位分类（市直各单位名称）: its rows are the columns each city department keeps on its own 专属网页
# below it, not columns of the portal.
DEPARTMENT_INDEX_KEY = "homepage/disclosure-catalogue/by-organisation"
CENTRAL_PROVINCIAL_UNITS = {"双矿集团", "国　　电", "大唐热电", "电业局", "市地税局", "市银监局", "市国税局"}


@cache
def portal_channels():
    return yaml.safe_load((DATA_DIR / "portal_columns.yaml").read_text(encoding="utf-8"))["channels"]


@cache
def site_skeletons():
    return yaml.safe_load((DATA_DIR / "site_skeletons.yaml").read_text(encoding="utf-8"))


def count_columns(nodes):
    return sum(1 + count_columns(n.get("children") or n.get("columns") or []) for n in nodes)


def build_portal(home):
    """The portal's 11 channels and all their columns, with their units."""
    units = _portal_units()
    for channel in portal_channels():
        in_menu = not channel["key"].startswith("homepage")  # 主页栏目 are blocks of the home page
        page = _ensure_child(home, ChannelPage, channel["key"], channel["name"], show_in_menus=in_menu)
        _build_columns(page, channel["columns"], channel["key"], lambda node: _units_for(node, units))


def department_index():
    """(parent key, slug, name, columns) of 单位分类: where the city departments' 专属网页 live."""
    parent_key, slug = DEPARTMENT_INDEX_KEY.rsplit("/", 1)
    node = _node(parent_key.split("/") + [slug])
    return parent_key, slug, node["name"], node["children"]


def build_portal_department(home, unit):
    """The columns seed 001 gives every city department under 单位分类 (机构职能, 通知公告, …)."""
    *_, columns = department_index()
    _build_columns(home, columns, "", lambda node: [unit] if unit else [])


def _node(keys):
    nodes = portal_channels()
    node = None
    for key in keys:
        node = next(n for n in nodes if n["key"] == key)
        nodes = node.get("columns") or node.get("children") or []
    return node


def build_subsite(home, level, unit, level_word=""):
    """The standard column set of a county, district, township or department site."""
    skeleton = site_skeletons()["county" if level in ("county", "district") else level]
    owned_by = lambda node: [unit] if unit else []
    for node in skeleton:
        name = node["name"].format(level=level_word)
        if "columns" in node:
            channel = _ensure_child(home, ChannelPage, node["key"], name, show_in_menus=True)
            columns = [{**c, "name": c["name"].format(level=level_word)} for c in node["columns"]]
            _build_columns(channel, columns, node["key"], owned_by)
        else:
            _build_columns(home, [{**node, "name": name}], "", owned_by)


def _units_for(node, units):
    return [units[name] for name in node.get("departments") or [] if name in units]


def _portal_units():
    """Units named in the 分解表, created once; collective entries (各单位 …) stay text only."""
    names = set()

    def collect(nodes):
        for node in nodes:
            names.update(node.get("departments") or [])
            collect(node.get("children") or [])

    for channel in portal_channels():
        collect(channel["columns"])
    concrete = sorted(n for n in names if not n.startswith(COLLECTIVE_PREFIXES))
    existing = {u.name: u for u in Unit.objects.filter(name__in=concrete)}
    missing = [
        Unit(
            name=name,
            kind=Unit.Kind.CENTRAL_PROVINCIAL if name in CENTRAL_PROVINCIAL_UNITS else Unit.Kind.CITY_DEPARTMENT,
        )
        for name in concrete
        if name not in existing
    ]
    for unit in Unit.objects.bulk_create(missing):
        existing[unit.name] = unit
    return existing


def _build_columns(parent, nodes, key_prefix, units_of):
    for node in nodes:
        key = f"{key_prefix}/{node['key']}" if key_prefix else node["key"]
        if key == DEPARTMENT_INDEX_KEY:
            continue
        page = _ensure_child(
            parent,
            ColumnPage,
            node["key"],
            node["name"],
            column_key=key,
            scope=node.get("content") or "",
            keeping_method=node.get("method") or "",
            update_frequency=node.get("frequency") or "",
            duty_note="、".join(node.get("departments") or [])[:200],
            responsible_units=units_of(node),
        )
        _build_columns(page, node.get("children") or [], key, units_of)


def _ensure_child(parent, model, slug, title, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    now = timezone.now()
    units = fields.pop("responsible_units", [])
    page = model(title=title, slug=slug, live=True, first_published_at=now, last_published_at=now, **fields)
    if units:
        page.responsible_units = units
    parent.add_child(instance=page)
    return page
