"""A backup set is a folder named by its local start time (20250114-023000) under BACKUP_ROOT,
holding the database, the media archives and manifest.json. It is written as .partial-* and
renamed only once complete, so a folder with a set's name and a manifest is a whole set."""

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path

from django.conf import settings

from .errors import BackupError

MANIFEST = "manifest.json"
FORMAT = 1
PARTIAL_PREFIX = ".partial-"
SET_NAME = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?$")
# A .partial-* folder nothing has written to for this long is left over from a killed backup.
STALE_PARTIAL_SECONDS = 12 * 3600
CHUNK = 1024 * 1024


def backup_root(dest=None):
    return Path(dest or settings.BACKUP_ROOT).expanduser().resolve()


def sort_key(path):
    stamp, suffix = SET_NAME.match(path.name).groups()
    return stamp, int(suffix or 1)


def complete_sets(root):
    """The whole sets in root, oldest first."""
    root = Path(root)
    if not root.is_dir():
        return []
    sets = [p for p in root.iterdir() if SET_NAME.match(p.name) and p.is_dir() and (p / MANIFEST).is_file()]
    return sorted(sets, key=sort_key)


def publish(partial, root, when):
    """Rename the finished partial folder to the first free name of its start time."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        final = Path(root) / (stamp if n == 1 else f"{stamp}-{n}")
        if final.exists():
            continue
        os.rename(partial, final)
        fsync_dir(root)
        return final
    raise BackupError(f"备份目录 {root} 中同一时刻的备份过多。")


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def last_written(path):
    times = [path.stat().st_mtime]
    for child in path.iterdir():
        with contextlib.suppress(FileNotFoundError):
            times.append(child.stat().st_mtime)
    return max(times)


def prune(root, keep):
    """Delete all but the newest `keep` whole sets, and partial folders abandoned long ago (a
    running backup's partial folder is never touched); returns the deleted sets' names."""
    sets = complete_sets(root)
    doomed = sets[: max(len(sets) - keep, 0)]
    for path in doomed:
        shutil.rmtree(path)
    now = time.time()
    for path in Path(root).glob(PARTIAL_PREFIX + "*"):
        try:
            if path.is_dir() and now - last_written(path) > STALE_PARTIAL_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
        except FileNotFoundError:  # it finished or failed meanwhile
            pass
    return [p.name for p in doomed]


def locate(name=None, root=None):
    """A set given by path or by name under BACKUP_ROOT; the newest whole set when none is named."""
    root = backup_root(root)
    if not name:
        sets = complete_sets(root)
        if not sets:
            raise BackupError(f"备份目录 {root} 中没有完整的备份。")
        return sets[-1]
    for candidate in (Path(name).expanduser(), root / name):
        if candidate.is_dir():
            return candidate.resolve()
    raise BackupError(f"找不到备份 {name}（既不是目录，也不在备份目录 {root} 中）。")


def hash_file(path, progress=None):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if progress is not None:
                progress.update(len(chunk))
    return {"size": size, "sha256": digest.hexdigest()}


def write_manifest(directory, manifest):
    path = Path(directory) / MANIFEST
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())


def plain_name(name):
    return isinstance(name, str) and name not in ("", ".", "..", MANIFEST) and "/" not in name and "\\" not in name


def read_manifest(path):
    path = Path(path)
    if not (path / MANIFEST).is_file():
        raise BackupError(f"备份 {path.name} 不完整：缺少清单 {MANIFEST}。")
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"备份 {path.name} 的清单 {MANIFEST} 已损坏：{error}") from error
    files = manifest.get("files") if isinstance(manifest, dict) else None
    database = manifest.get("database") if isinstance(manifest, dict) else None
    well_formed = (
        isinstance(files, dict)
        and isinstance(database, dict)
        and manifest.get("format") == FORMAT
        and all(
            plain_name(name)
            and isinstance(entry, dict)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            for name, entry in files.items()
        )
        and database.get("file") in files
    )
    if not well_formed:
        raise BackupError(f"备份 {path.name} 的清单 {MANIFEST} 格式不对，不是本系统写的备份清单。")
    return manifest


def verify(path, progress=None):
    """The manifest of a set whose every file has its recorded size and sha256; otherwise a
    BackupError naming each wrong file."""
    path = Path(path)
    manifest = read_manifest(path)
    files = manifest["files"]
    problems = []
    present = {p.name for p in path.iterdir()} - {MANIFEST}
    for name in sorted(present - set(files)):
        problems.append(f"{name} 不在清单中")
    sized = {}
    for name, entry in sorted(files.items()):
        file = path / name
        if not file.is_file():
            problems.append(f"缺少文件 {name}")
        elif file.stat().st_size != entry["size"]:
            problems.append(f"{name} 大小不符（清单 {entry['size']} 字节，实际 {file.stat().st_size} 字节）")
        else:
            sized[name] = entry
    if progress is not None:
        progress.reset(total=sum(entry["size"] for entry in sized.values()))
    for name, entry in sized.items():
        if progress is not None:
            progress.set_description(f"校验 {name}")
        if hash_file(path / name, progress)["sha256"] != entry["sha256"]:
            problems.append(f"{name} 的 SHA-256 校验值不符（文件已被改动或损坏）")
    if problems:
        raise BackupError(f"备份 {path.name} 校验未通过：" + "；".join(problems) + "。")
    return manifest
