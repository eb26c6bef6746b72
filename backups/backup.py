"""Writing one backup set (manage.py backup and the nightly schedule)."""

import os
import platform
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.utils import timezone

from . import archives, database, sets
from .errors import BackupError

ARCHIVES = {"media.tar": "MEDIA_ROOT", "private-media.tar": "PRIVATE_MEDIA_ROOT"}


@dataclass
class Backup:
    path: Path
    manifest: dict
    seconds: float
    deleted: list

    @property
    def size(self):
        return sum(entry["size"] for entry in self.manifest["files"].values())

    def summary(self):
        media = sum(a["files"] for a in self.manifest["archives"].values())
        deleted = f"，删除旧备份 {len(self.deleted)} 份" if self.deleted else ""
        return (
            f"备份完成：{self.path}，{human_size(self.size)}，数据库和 {media} 个上传文件，"
            f"用时 {self.seconds:.1f} 秒{deleted}。"
        )


def human_size(size):
    for unit in ("字节", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "字节" else f"{size:.1f} {unit}"
        size /= 1024


def inside(path, root):
    path, root = Path(path).resolve(), Path(root).resolve()
    return path == root or root in path.parents


def make_backup(dest=None, keep=None, alias="default", progress=None):
    """Write a set under dest (BACKUP_ROOT), then keep the newest `keep` (BACKUP_KEEP) sets."""
    started = time.monotonic()
    when = timezone.localtime()
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError(f"保留份数须至少为 1（收到 {keep}）。")
    root = sets.backup_root(dest)
    for setting in ARCHIVES.values():
        if inside(root, getattr(settings, setting)):
            raise BackupError(f"备份目录 {root} 不能在 {setting}（{getattr(settings, setting)}）之内。")
    database.engine_of(alias)
    try:
        root.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=sets.PARTIAL_PREFIX, dir=root))
    except OSError as error:
        raise BackupError(f"无法在备份目录 {root} 中写入：{error}") from error
    try:
        final, manifest = _write_set(partial, root, when, alias, progress)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError):
            raise BackupError(f"备份失败，未留下不完整的备份：{error}") from error
        raise
    deleted = sets.prune(root, keep)
    return Backup(final, manifest, time.monotonic() - started, deleted)


def _write_set(partial, root, when, alias, progress):
    sources = {}
    for name, setting in ARCHIVES.items():
        skip = (archives.RENDITIONS,) if setting == "MEDIA_ROOT" else ()
        sources[name] = (getattr(settings, setting), archives.media_files(getattr(settings, setting), skip))
    if progress is not None:
        progress.reset(total=1 + sum(len(files) for _root, files in sources.values()))
        progress.set_description("导出数据库")
    dump, info = database.dump(alias, partial)
    os.chmod(dump, 0o600)
    files = {dump.name: sets.hash_file(dump)}
    if progress is not None:
        progress.update(1)
    described = {}
    for name, (source, listed) in sources.items():
        if progress is not None:
            progress.set_description(f"打包 {name}")
        files[name], count = archives.write_tar(listed, partial / name, progress)
        os.chmod(partial / name, 0o600)
        described[name] = {"source": str(source), "files": count}
    counts = info.pop("counts")
    manifest = {
        "format": sets.FORMAT,
        "created_at": when.isoformat(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "python": platform.python_version(),
        "database": {"file": dump.name, "name": str(database.describe(alias)), **info},
        "counts": counts,
        "archives": described,
        "skipped": [f"MEDIA_ROOT/{archives.RENDITIONS}/（图片缩略图，恢复后按需重新生成）"],
        "files": files,
    }
    sets.write_manifest(partial, manifest)
    os.chmod(partial, 0o700)
    sets.fsync_dir(partial)
    return sets.publish(partial, root, when), manifest
