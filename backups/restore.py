"""Restoring one backup set into an empty database and empty media folders (manage.py restore)."""

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from . import archives, database, sets
from .backup import ARCHIVES
from .errors import BackupError


@dataclass
class Restored:
    manifest: dict
    counts: dict
    overridden: list

    @property
    def differences(self):
        return {k: (v, self.counts.get(k)) for k, v in self.manifest["counts"].items() if self.counts.get(k) != v}

    def lines(self):
        rows = []
        for key, label in database.COUNT_LABELS.items():
            expected = self.manifest["counts"].get(key)
            found = self.counts.get(key)
            rows.append(f"  {label}：备份时 {expected}，恢复后 {found}{'' if found == expected else '  ✗ 不一致'}")
        return rows


def obstacles(alias="default"):
    """What makes the target not empty, in words."""
    found = []
    if why := database.in_use(alias):
        found.append(f"目标数据库 {database.describe(alias)} 不是空的（{why}）")
    for setting in ARCHIVES.values():
        root = getattr(settings, setting)
        if count := archives.file_count(root):
            found.append(f"{setting} 目录 {root} 不是空的（已有 {count} 个文件）")
    return found


def check(path, alias="default", force=False, progress=None):
    """The verified manifest and what --force would override; refuses a damaged set, another
    engine's set, and (without force) a target in use."""
    manifest = sets.verify(path, progress)
    engine = database.engine_of(alias)
    if manifest["database"]["engine"] != engine:
        names = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
        raise BackupError(
            f"备份 {Path(path).name} 是 {names.get(manifest['database']['engine'], '未知')} 数据库的备份，"
            f"当前数据库是 {names[engine]}，不能恢复到这里。"
        )
    missing = [name for name in ARCHIVES if name not in manifest["files"]]
    if missing:
        raise BackupError(f"备份 {Path(path).name} 缺少 {'、'.join(missing)}，不能恢复。")
    found = obstacles(alias)
    if found and not force:
        raise BackupError(
            "拒绝恢复：" + "；".join(found) + "。恢复只写入空的数据库和空的文件目录；确需覆盖请加 --force。"
        )
    return manifest, found


def restore_set(path, manifest, alias="default", progress=None):
    """Unpack the media beside their targets, restore the database (one transaction on
    PostgreSQL), then move the media into place; a failure before the move changes nothing."""
    path = Path(path)
    staged = []
    try:
        if progress is not None:
            progress.reset(total=len(ARCHIVES) + 1)
        for name, setting in ARCHIVES.items():
            target = Path(getattr(settings, setting))
            target.mkdir(parents=True, exist_ok=True)
            staging = target / f".restoring-{secrets.token_hex(4)}"
            staged.append((staging, target))
            if progress is not None:
                progress.set_description(f"解包 {name}")
            archives.extract(path / name, staging)
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.set_description("恢复数据库")
        database.restore(alias, path, manifest["database"])
        database.clear_renditions(alias)
        if progress is not None:
            progress.update(1)
        for staging, target in staged:
            archives.move_into(staging, target)
    except OSError as error:
        raise BackupError(f"恢复失败：{error}") from error
    finally:
        for staging, _target in staged:
            shutil.rmtree(staging, ignore_errors=True)
    # Cached site roots and renditions describe the database that was there before.
    cache.clear()
    return database.current_counts(alias)
