"""The uploaded files of a set: MEDIA_ROOT (less Wagtail's renditions) and PRIVATE_MEDIA_ROOT, each
as an uncompressed tar (images and office files are compressed already)."""

import hashlib
import os
import shutil
import tarfile
from pathlib import Path

# Wagtail writes renditions under MEDIA_ROOT/images/ (originals are in original_images/); they are
# made again on first use.
RENDITIONS = "images"


def media_files(root, skip=()):
    """[(path, name in the archive)] of the regular files under root, in a stable order."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for directory, dirs, files in os.walk(root):
        here = Path(directory)
        if here == root:
            dirs[:] = [d for d in dirs if d not in skip]
        dirs.sort()
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                found.append((path, path.relative_to(root).as_posix()))
    return found


def file_count(root):
    return len(media_files(root))


class HashingWriter:
    """The file tarfile writes to, hashing what passes."""

    def __init__(self, f):
        self.f, self.digest, self.size = f, hashlib.sha256(), 0

    def write(self, data):
        self.f.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def tell(self):
        return self.size


def write_tar(files, path, progress=None):
    """The archive of `files`, its size and sha256; files deleted meanwhile are left out."""
    vanished = 0
    with open(path, "wb") as f:
        writer = HashingWriter(f)
        with tarfile.open(fileobj=writer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for source, name in files:
                try:
                    tar.add(source, arcname=name, recursive=False)
                except FileNotFoundError:
                    vanished += 1
                if progress is not None:
                    progress.update(1)
        f.flush()
        os.fsync(f.fileno())
    return {"size": writer.size, "sha256": writer.digest.hexdigest()}, len(files) - vanished


def extract(path, into):
    """Unpack with tarfile's "data" filter: no absolute names, nothing outside `into`, no devices."""
    with tarfile.open(path, mode="r:") as tar:
        tar.extractall(into, filter="data")


def move_into(staging, target):
    """Move every file of the staging folder to the same place under target (replacing)."""
    staging, target = Path(staging), Path(target)
    for directory, _dirs, files in os.walk(staging):
        here = Path(directory)
        destination = target / here.relative_to(staging)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(here / name, destination / name)
    shutil.rmtree(staging, ignore_errors=True)
