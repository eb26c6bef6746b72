"""Backups: a set written by manage.py backup restores into a fresh database and empty media folders
with the same pages, revisions, documents and images (bytes included); damaged sets, databases in
use, keep-N beside other backups' folders, and backups that fail half-way."""

import json
import os
import shutil
import socket
import sqlite3
import time
import uuid
from datetime import time as clock
from io import StringIO

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.utils import load_backend
from django.utils import timezone
from django_q.models import Schedule
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from backups import database
from backups.backup import make_backup
from backups.errors import BackupError
from backups.jobs import nightly_backup
from backups.sets import MANIFEST, complete_sets
from columns.models import ColumnPage
from sites.models import SiteGroup
from sites.routing import own_pages_q
from tests.conftest import build_base_cluster, ensure_wagtail_roots, in_ci
from tests.factories import ArticlePageFactory, ImageFactory, NoticePageFactory, UserFactory

POSTGRES = connection.vendor == "postgresql"
pytestmark = pytest.mark.django_db
needs_postgres = pytest.mark.skipif(not POSTGRES and not in_ci(), reason="PostgreSQL only (CI runs it there)")


# Databases the settings do not name (the fresh restore target, standalone SQLite files): made in
# this thread only, as Django's tests allow for connections they did not set up.


def register(alias, **overrides):
    settings_dict = {**connections["default"].settings_dict, **overrides}
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    return connections[alias]


def unregister(alias):
    connections[alias].close()
    del connections[alias]


def server_connection():
    s = connections["default"].settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"], autocommit=True
    )


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database beside the test database: CREATE DATABASE on PostgreSQL, a new file on SQLite."""
    if POSTGRES:
        name = f"restore_{uuid.uuid4().hex[:10]}"
        with server_connection() as server:
            server.execute(f'CREATE DATABASE "{name}"')
        register("restored", NAME=name)
    else:
        register("restored", ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "restored.sqlite3"), OPTIONS={})
    yield "restored"
    unregister("restored")
    if POSTGRES:
        with server_connection() as server:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def rows(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT * FROM wagtailcore_page ORDER BY id")
        return cursor.fetchall()


@pytest.fixture
def standalone(db, tmp_path):
    """standalone(name) -> the alias of a SQLite file of its own (a few Wagtail-named tables)."""
    made = []

    def make(name, schema=True, journal="wal", **options):
        alias = f"standalone-{name}"
        register(alias, ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / f"{name}.sqlite3"), OPTIONS=options)
        made.append(alias)
        if schema:
            with connections[alias].cursor() as cursor:
                cursor.execute(f"PRAGMA journal_mode={journal}")  # rows in a -wal file must reach the copy
                cursor.execute("CREATE TABLE django_content_type (id integer primary key, app_label text, model text)")
                cursor.execute(
                    "CREATE TABLE wagtailcore_page (id integer primary key, depth int, content_type_id int, title text)"
                )
                cursor.execute("CREATE TABLE wagtailcore_revision (id integer primary key, object_id text)")
                cursor.execute("INSERT INTO django_content_type VALUES (1, 'wagtailcore', 'page'), (9, 'content', 'x')")
                pages = [(1, 1, 1, "Root"), (7, 2, 9, "门户"), (3, 3, 9, "公开"), (12, 3, 9, "通知💡")]
                pages.append((5, 4, 9, "x" * 5000))
                cursor.executemany("INSERT INTO wagtailcore_page VALUES (%s, %s, %s, %s)", pages)
                cursor.executemany("INSERT INTO wagtailcore_revision VALUES (%s, %s)", [(2, "12"), (9, "3"), (4, "12")])
        return alias

    yield make
    for alias in made:
        unregister(alias)


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.BACKUP_ROOT = tmp_path / "backups"
    return tmp_path


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue()


def only_set(root):
    sets = complete_sets(root)
    assert len(sets) == 1 and sorted(os.listdir(root)) == [sets[0].name]
    return sets[0]


# A whole cluster, backed up and restored into a fresh database


def build_content(media_root, private_root):
    """Pages on two sites made in alternating order, one deleted (ids with a gap), a draft, a
    second revision, a document and an image with a rendition, and a resident's attachment."""
    ensure_wagtail_roots()
    if not Site.objects.filter(hostname="jixian.localhost").exists():
        build_base_cluster()
    sites = {s.hostname: s for s in Site.objects.select_related("profile")}
    columns = {h: ColumnPage.objects.filter(own_pages_q(sites[h])).order_by("-path").first() for h in sites}
    pages = []
    for n in range(3):
        for host in ("youyi.localhost", "jixian.localhost"):
            pages.append(ArticlePageFactory(parent=columns[host], title=f"{host} 第{n}条 «引号» 💡"))
    pages.pop(2).delete()
    draft = NoticePageFactory(parent=columns["jianshan.localhost"], title="未发布的通知", live=False)
    draft.save_revision()
    pages[0].title = "改过标题的信息"
    pages[0].save_revision().publish()
    image = ImageFactory(collection=sites["jixian.localhost"].profile.collection, title="集贤县图片")
    image.get_rendition("fill-120x80")
    document = get_document_model().objects.create(
        title="通知附件",
        file=ContentFile(b"%PDF-1.4 " + os.urandom(4000), name="通知附件.pdf"),
        collection=sites["youyi.localhost"].profile.collection,
    )
    attachment = private_root / "interaction" / "2025" / "来信附件.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(os.urandom(3000))
    return {
        image.file.name: (media_root / image.file.name).read_bytes(),
        document.file.name: (media_root / document.file.name).read_bytes(),
    }, {"interaction/2025/来信附件.pdf": attachment.read_bytes()}


def snapshot(alias):
    return {
        "pages": list(Page.objects.using(alias).order_by("pk").values_list("pk", "title", "url_path", "live")),
        "revisions": list(Revision.objects.using(alias).order_by("pk").values_list("pk", "object_id", "content")),
        "documents": list(get_document_model().objects.using(alias).order_by("pk").values_list("pk", "title", "file")),
        "images": list(get_image_model().objects.using(alias).order_by("pk").values_list("pk", "title", "file")),
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_pages_and_files(folders, fresh_database, settings):
    public, private = build_content(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    before = snapshot("default")
    assert len(before["pages"]) > 20 and before["documents"] and before["images"]
    renditions = get_image_model().get_rendition_model().objects.values_list("file", flat=True)
    assert renditions and (settings.MEDIA_ROOT / renditions[0]).is_file()

    summary = run("backup")
    backup = only_set(settings.BACKUP_ROOT)
    assert summary.startswith(f"备份完成：{backup}") and "3 个上传文件" in summary
    manifest = json.loads((backup / MANIFEST).read_text())
    expected_engine = "postgresql" if POSTGRES else "sqlite"
    assert manifest["database"]["engine"] == expected_engine
    assert manifest["counts"] == {k: len(v) for k, v in before.items()}
    assert set(manifest["files"]) == {manifest["database"]["file"], "media.tar", "private-media.tar"}
    if password := connections["default"].settings_dict["PASSWORD"]:
        assert password not in (backup / MANIFEST).read_text()

    # A damaged copy is refused, naming the file, and nothing is written.
    damaged = folders / "damaged"
    shutil.copytree(backup, damaged)
    with open(damaged / manifest["database"]["file"], "r+b") as f:
        f.seek(manifest["files"][manifest["database"]["file"]]["size"] // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))
    settings.MEDIA_ROOT = folders / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = folders / "restored-private"
    with pytest.raises(CommandError, match=f"{manifest['database']['file']} 的 SHA-256 校验值不符"):
        run("restore", str(damaged), "--yes", database=fresh_database)
    assert database.in_use(fresh_database) is None and not settings.MEDIA_ROOT.exists()

    output = run("restore", backup.name, "--yes", database=fresh_database)
    assert "✗" not in output and "页面：备份时" in output and "恢复完成" in output
    assert snapshot(fresh_database) == before
    for name, data in public.items():
        assert (settings.MEDIA_ROOT / name).read_bytes() == data
    for name, data in private.items():
        assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == data
    # Renditions were left out: neither their files nor their rows come back.
    assert not (settings.MEDIA_ROOT / "images").exists()
    assert not get_image_model().get_rendition_model().objects.using(fresh_database).exists()
    assert not [p for p in settings.MEDIA_ROOT.iterdir() if p.name.startswith(".restoring")]
    if POSTGRES:
        with connections[fresh_database].cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id'))")
            assert cursor.fetchone()[0] > before["pages"][-1][0]

    # Now in use: a second restore is refused and names what is there.
    with pytest.raises(CommandError, match=r"目标数据库 .* 不是空的（已有 \d+ 个页面）"):
        run("restore", backup.name, "--yes", database=fresh_database)


# Damaged sets


@pytest.fixture
def small_set(folders, standalone, settings):
    alias = standalone("source")
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "a.pdf").write_bytes(b"%PDF" + os.urandom(500))
    run("backup", database=alias)
    return only_set(settings.BACKUP_ROOT)


def rewrite_manifest(path, **changes):
    manifest = json.loads((path / MANIFEST).read_text())
    for key, change in changes.items():
        manifest[key] = change(manifest[key]) if callable(change) else change
    (path / MANIFEST).write_text(json.dumps(manifest))


def flip_last_byte(path):
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda s: flip_last_byte(s / "media.tar"), "media.tar 的 SHA-256 校验值不符"),
        (lambda s: (s / "private-media.tar").write_bytes(b""), "private-media.tar 大小不符"),
        (lambda s: (s / "database.sqlite3").unlink(), "缺少文件 database.sqlite3"),
        (lambda s: (s / "extra.sql").write_text("DROP TABLE x;"), "extra.sql 不在清单中"),
        (lambda s: (s / MANIFEST).unlink(), "缺少清单 manifest.json"),
        (lambda s: (s / MANIFEST).write_text("{not json"), "清单 manifest.json 已损坏"),
        (lambda s: rewrite_manifest(s, files=lambda f: {"../../etc/passwd": f.pop("media.tar"), **f}), "格式不对"),
        (lambda s: rewrite_manifest(s, format=2), "格式不对"),
    ],
    ids=["flipped", "truncated", "missing", "extra", "no-manifest", "bad-json", "path-in-manifest", "format"],
)
def test_a_damaged_set_is_named_by_verify_and_refused_by_restore(small_set, damage, message, standalone, settings):
    assert "完好" in run("verify_backup")
    damage(small_set)
    with pytest.raises(CommandError, match=message):
        run("verify_backup", small_set.name)
    settings.MEDIA_ROOT = settings.MEDIA_ROOT.parent / "empty-media"
    target = standalone("target", schema=False)
    with pytest.raises(CommandError, match=message):
        run("restore", str(small_set), "--yes", database=target)
    assert database.in_use(target) is None and not settings.MEDIA_ROOT.exists()


def test_verify_and_restore_name_a_set_that_is_not_there(folders):
    with pytest.raises(CommandError, match="没有完整的备份"):
        run("verify_backup")
    with pytest.raises(CommandError, match="找不到备份 20990101-000000"):
        run("restore", "20990101-000000", "--yes")


# SQLite, on a file of its own whatever the test database is


def test_a_sqlite_file_restores_with_its_rows_and_refuses_a_second_time(folders, standalone, settings):
    source = standalone("source")
    before = rows(source)
    run("backup", database=source)
    backup = only_set(settings.BACKUP_ROOT)
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["counts"] == {"pages": 5, "revisions": 3, "documents": 0, "images": 0}
    copy = sqlite3.connect(backup / "database.sqlite3")
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert not list(backup.glob("*-wal"))

    target = standalone("target", schema=False)
    output = run("restore", backup.name, "--yes", database=target)
    assert "页面：备份时 5，恢复后 5" in output and "修订版本：备份时 3，恢复后 3" in output
    assert rows(target) == before
    settings.MEDIA_ROOT = folders / "other-media"
    with pytest.raises(CommandError, match="不是空的（已有 5 个页面）"):
        run("restore", backup.name, "--yes", database=target)
    if POSTGRES:
        with pytest.raises(CommandError, match="是 SQLite 数据库的备份，当前数据库是 PostgreSQL"):
            run("restore", backup.name, "--yes")


def test_restore_without_yes_asks_and_without_a_terminal_refuses(folders, standalone, settings):
    run("backup", database=standalone("source"))
    settings.MEDIA_ROOT = folders / "other-media"
    settings.PRIVATE_MEDIA_ROOT = folders / "other-private"
    target = standalone("target", schema=False)
    with pytest.raises(CommandError, match="确认无误后请加 --yes"):
        run("restore", only_set(settings.BACKUP_ROOT).name, database=target)
    assert database.in_use(target) is None


# Keep N


def test_keep_deletes_only_the_oldest_whole_sets(folders, standalone, settings):
    root = settings.BACKUP_ROOT
    source = standalone("source")
    run("backup", database=source)
    first = only_set(root)
    # Older sets whose files were touched most recently (mtime says nothing), suffixes past 9.
    old = ["20200101-000000", "20200101-000000-2", "20200101-000000-10", "20210101-000000"]
    for age, name in enumerate(old):
        shutil.copytree(first, root / name)
        os.utime(root / name, (time.time() - age, time.time() - age))
    running = root / ".partial-another"  # another backup still writing, named oldest of all
    running.mkdir()
    (running / "database.dump").write_bytes(b"PGDMP")
    os.utime(running, (0, 0))
    abandoned = root / ".partial-killed"  # a backup killed two days ago
    abandoned.mkdir()
    (abandoned / "database.dump").write_bytes(b"PGDMP")
    for path in (abandoned / "database.dump", abandoned):
        os.utime(path, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    unfinished = root / "20190101-000000"  # a set's name without a manifest: not a whole set
    unfinished.mkdir()
    (root / "notes").mkdir()

    summary = run("backup", "--keep", "3", database=source)
    assert "删除旧备份 3 份" in summary
    left = sorted(os.listdir(root))
    newest = [p.name for p in complete_sets(root)]
    assert len(newest) == 3 and newest[:2] == ["20210101-000000", first.name]
    assert left == sorted([*newest, ".partial-another", "20190101-000000", "notes"])


@pytest.mark.parametrize("keep", ["0", "-1", "abc", "1.5"])
def test_keep_must_be_a_positive_number(folders, keep):
    with pytest.raises(CommandError, match="--keep 须为正整数"):
        run("backup", "--keep", keep)
    assert not settings_root_has_files(folders)


def settings_root_has_files(folders):
    return (folders / "backups").exists() and any((folders / "backups").iterdir())


def test_backups_inside_the_media_folder_are_refused(folders, settings):
    with pytest.raises(CommandError, match="不能在 MEDIA_ROOT"):
        run("backup", "--dest", str(settings.MEDIA_ROOT / "backups"))


def test_an_unknown_database_alias_is_named(folders):
    with pytest.raises(CommandError, match="没有名为 nowhere 的数据库"):
        run("backup", database="nowhere")


# Backups that fail half-way


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_postgres
@pytest.mark.parametrize("where", ["port", "database"])
def test_a_backup_of_an_unreachable_database_leaves_no_set_and_keeps_the_old_ones(folders, standalone, where):
    run("backup", database=standalone("source"))
    good = only_set(folders / "backups")
    overrides = {"PORT": str(free_port())} if where == "port" else {"NAME": "no_such_database"}
    broken = register("broken", **overrides).alias
    try:
        with pytest.raises(CommandError, match="备份数据库：无法连接数据库") as error:
            run("backup", "--keep", "1", database=broken)
    finally:
        unregister(broken)
    assert overrides.get("PORT", overrides.get("NAME")) in str(error.value)
    assert only_set(folders / "backups") == good


class Interrupt:
    """A progress bar whose third step is Ctrl-C."""

    def __init__(self):
        self.steps = 0

    def reset(self, total):
        pass

    def set_description(self, text):
        pass

    def update(self, n=1):
        self.steps += 1
        if self.steps == 3:
            raise KeyboardInterrupt


def test_a_backup_interrupted_while_archiving_leaves_nothing(folders, standalone, settings):
    for n in range(5):
        path = settings.MEDIA_ROOT / "documents" / f"{n}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(1000))
    with pytest.raises(KeyboardInterrupt):
        make_backup(alias=standalone("source"), progress=Interrupt())
    assert list((folders / "backups").iterdir()) == []


def test_a_sqlite_database_in_a_transaction_is_refused_at_once(folders, standalone):
    alias = standalone("source")
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO wagtailcore_revision VALUES (99, '7')")
        with pytest.raises(CommandError, match="当前连接处于事务中"):
            run("backup", database=alias)
    assert list((folders / "backups").iterdir()) == []


def test_a_sqlite_database_locked_by_another_process_is_given_up(folders, standalone, monkeypatch):
    alias = standalone("source", journal="delete", timeout=0.1)
    monkeypatch.setattr(database, "SQLITE_LOCK_SECONDS", 1)
    locker = sqlite3.connect(connections[alias].settings_dict["NAME"], isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CommandError, match="SQLite 数据库被其他连接锁住，1 秒内无法读取"):
            run("backup", database=alias)
    finally:
        locker.rollback()
        locker.close()
    assert list((folders / "backups").iterdir()) == []


def test_the_client_tool_that_fits_is_found_or_the_missing_one_named(tmp_path, monkeypatch):
    if shutil.which("pg_dump") or list(database.PG_LIB.glob("*/bin/pg_dump")):
        major = database.tool_major(database.find_tool("pg_dump", 15))
        assert major is not None and major >= 15
    elif in_ci():
        pytest.fail("CI has PostgreSQL's client tools")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(database, "PG_LIB", tmp_path)
    with pytest.raises(BackupError, match="找不到适用于 PostgreSQL 16 的 pg_restore.*请安装 postgresql-client-16"):
        database.find_tool("pg_restore", 16)


@needs_postgres
@pytest.mark.django_db
def test_the_password_goes_to_the_environment_not_the_command_line():
    register("secret", PASSWORD="s3cret-pw", OPTIONS={"sslmode": "prefer", "pool": True})
    try:
        conninfo, env = database.libpq_settings("secret")
    finally:
        unregister("secret")
    assert "s3cret-pw" not in conninfo and "pool" not in conninfo and "sslmode=prefer" in conninfo
    assert env["PGPASSWORD"] == "s3cret-pw"


# The nightly schedule


@pytest.mark.django_db
def test_the_backup_runs_every_night_at_half_past_two():
    schedule = Schedule.objects.get(func="backups.jobs.nightly_backup")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
    assert timezone.localtime(schedule.next_run).time() == clock(2, 30)


@pytest.mark.django_db
def test_a_failed_nightly_backup_is_logged_and_mailed_to_the_administrators(settings, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.BACKUP_ROOT = blocker / "backups"  # cannot be made
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    UserFactory(is_superuser=True, email="admin@city.gov.cn")
    UserFactory(is_superuser=True, email="gone@city.gov.cn", is_active=False)
    UserFactory(email="editor@city.gov.cn")
    with pytest.raises(BackupError, match="无法在备份目录"):
        nightly_backup()
    assert [m.to for m in mail.outbox] == [["admin@city.gov.cn"]]
    assert "每日自动备份失败" in mail.outbox[0].subject and "无法在备份目录" in mail.outbox[0].body
    assert any(r.levelname == "ERROR" and "Nightly backup failed" in r.message for r in caplog.records)


@pytest.mark.django_db
def test_without_an_administrators_address_the_portals_editors_are_told(settings, tmp_path, sites):
    settings.BACKUP_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path  # the backups would be inside MEDIA_ROOT: refused
    get_user_model().objects.filter(is_superuser=True).update(email="")
    UserFactory(is_superuser=True)
    portal = SiteGroup.objects.get(profile__site=sites["portal"], role="editor").group
    county = SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group
    UserFactory(groups=[portal], email="web-office@city.gov.cn")
    UserFactory(groups=[county], email="county@jixian.gov.cn")
    with pytest.raises(BackupError):
        nightly_backup()
    assert [m.to for m in mail.outbox] == [["web-office@city.gov.cn"]]


@pytest.mark.django_db(transaction=True)
def test_a_nightly_backup_that_works_mails_nobody(folders, settings):
    """Transactional: nothing backs up a test's open transaction (on SQLite it would wait for ever)."""
    assert nightly_backup().startswith("备份完成")
    only_set(settings.BACKUP_ROOT)
    assert mail.outbox == []
