"""The database half of a backup set: pg_dump/pg_restore on PostgreSQL, sqlite3's online backup on
SQLite; and what a restore compares (row counts) and refuses (a database already in use)."""

import os
import re
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from psycopg.conninfo import make_conninfo
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from .errors import BackupError

# Debian's versioned client binaries; the tests point this elsewhere to see the "none fits" message.
PG_LIB = Path("/usr/lib/postgresql")
# libpq parameters that DATABASES[...]["OPTIONS"] may carry and the client tools understand.
LIBPQ_OPTIONS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "application_name",
    "options",
    "service",
    "passfile",
    "target_session_attrs",
    "gssencmode",
}
SQLITE_LOCK_SECONDS = 120
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
COUNTED = {"pages": Page, "revisions": Revision}
COUNT_LABELS = {"pages": "页面", "revisions": "修订版本", "documents": "文档", "images": "图片"}


def engine_of(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"不支持备份 {vendor} 数据库，只支持 PostgreSQL 和 SQLite。")
    return vendor


def describe(alias="default"):
    """Where the database is, for messages: 'zhanqun@127.0.0.1:5432' or the SQLite file."""
    s = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return str(s["NAME"])
    return f"{s['NAME']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"


def counted_tables():
    return {
        **{key: model._meta.db_table for key, model in COUNTED.items()},
        "documents": get_document_model()._meta.db_table,
        "images": get_image_model()._meta.db_table,
    }


def count_rows(cursor, tables):
    """{key: rows} of the counted tables; a table the database lacks counts 0."""
    counts = {}
    for key, table in counted_tables().items():
        if table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[key] = cursor.fetchone()[0]
        else:
            counts[key] = 0
    return counts


def current_counts(alias="default"):
    connection = connections[alias]
    with connection.cursor() as cursor:
        return count_rows(cursor, set(connection.introspection.table_names(cursor)))


def in_use(alias="default"):
    """Why the database is not empty, or None: no tables at all, or no pages beyond Wagtail's
    initial tree (its root and the welcome page, both plain wagtailcore.Page)."""
    connection = connections[alias]
    page_table = Page._meta.db_table
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if not tables:
            return None
        if page_table not in tables:
            return f"已有 {len(tables)} 张数据表"
        cursor.execute(f'SELECT COUNT(*) FROM "{page_table}"')
        pages = cursor.fetchone()[0]
        type_table = ContentType._meta.db_table
        cursor.execute(
            f'SELECT COUNT(*) FROM "{page_table}" p JOIN "{type_table}" t ON t.id = p.content_type_id'
            " WHERE NOT (t.app_label = 'wagtailcore' AND t.model = 'page') OR p.depth > 2"
        )
        own = cursor.fetchone()[0]
    if pages > 2 or own:
        return f"已有 {pages} 个页面"
    return None


# PostgreSQL


def libpq_settings(alias="default"):
    """(conninfo without the password, environment with PGPASSWORD) for the client tools."""
    s = connections[alias].settings_dict
    params = {key: value for key, value in (s.get("OPTIONS") or {}).items() if key in LIBPQ_OPTIONS}
    for key, setting in (("dbname", "NAME"), ("user", "USER"), ("host", "HOST"), ("port", "PORT")):
        if s.get(setting):
            params[key] = str(s[setting])
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(params.pop("connect_timeout", 10))}
    env.pop("PGPASSWORD", None)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return make_conninfo(**params), env


def tool_major(path):
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=20).stdout
    except OSError:
        return None
    match = re.search(r"\)\s*(\d+)", out)
    return int(match.group(1)) if match else None


def find_tool(name, server_major, at_least=0):
    """The client tool of the server's major version: PATH first, then PG_LIB/<major>/bin; a newer
    one (they read older servers) when none matches; a Chinese explanation when none fits."""
    candidates = []
    if on_path := shutil.which(name):
        candidates.append(Path(on_path))
    candidates.append(PG_LIB / str(server_major) / "bin" / name)
    versioned = [p for p in PG_LIB.glob(f"*/bin/{name}") if p.parent.parent.name.isdigit()]
    candidates += sorted(versioned, key=lambda p: int(p.parent.parent.name))
    found = {}
    for path in candidates:
        if path not in found and path.is_file() and os.access(path, os.X_OK):
            found[path] = tool_major(path)
    usable = [(major, path) for path, major in found.items() if major and major >= max(server_major, at_least)]
    exact = [path for major, path in usable if major == max(server_major, at_least)]
    if exact:
        return exact[0]
    if usable:
        return min(usable)[1]
    seen = "，".join(f"{path}（{major or '未知'} 版）" for path, major in found.items())
    seen = f"只找到 {seen}" if seen else f"PATH 和 {PG_LIB}/*/bin 中都没有"
    need = max(server_major, at_least)
    raise BackupError(
        f"找不到适用于 PostgreSQL {server_major} 的 {name}（需要 {need} 版或更新）：{seen}。"
        f"请安装 postgresql-client-{need}。"
    )


def _run(tool, args, env, what):
    result = subprocess.run([str(tool), *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what}失败（{tool.name} 退出码 {result.returncode}）：{detail}")
    return result


def _connect(alias, what):
    """A connection of its own (not the request's or the task's), or a Chinese error."""
    connection = connections[alias].copy()
    try:
        connection.ensure_connection()
    except Exception as error:
        raise BackupError(f"{what}：无法连接数据库 {describe(alias)}：{error}") from error
    return connection


def dump_postgresql(alias, path):
    """pg_dump of one REPEATABLE READ snapshot, and the counts in that same snapshot."""
    connection = _connect(alias, "备份数据库")
    try:
        raw = connection.connection
        raw.autocommit = True
        server_major = connection.pg_version // 10000
        tool = find_tool("pg_dump", server_major)
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = {row[0] for row in cursor.fetchall()}
            counts = count_rows(cursor, tables)
            conninfo, env = libpq_settings(alias)
            args = ["--format=custom", "--no-owner", "--no-privileges", "--no-password", f"--snapshot={snapshot}"]
            _run(tool, [*args, f"--file={path}", f"--dbname={conninfo}"], env, "导出数据库")
            cursor.execute("ROLLBACK")
        return {
            "server_version": connection.pg_version,
            "tool": f"{tool} ({tool_major(tool)})",
            "tool_major": tool_major(tool),
            "counts": counts,
        }
    finally:
        connection.close()


def restore_postgresql(alias, path, dumped_with):
    """pg_restore in one transaction: a failure leaves the database as it was."""
    connection = _connect(alias, "恢复数据库")
    try:
        server_major = connection.pg_version // 10000
    finally:
        connection.close()
    tool = find_tool("pg_restore", server_major, at_least=dumped_with or 0)
    conninfo, env = libpq_settings(alias)
    args = ["--no-owner", "--no-privileges", "--clean", "--if-exists", "--single-transaction", "--exit-on-error"]
    _run(tool, [*args, "--no-password", f"--dbname={conninfo}", str(path)], env, "恢复数据库")


# SQLite


def copy_sqlite(source, target, what):
    """sqlite3's backup, given up when locked for SQLITE_LOCK_SECONDS (Python retries forever)."""
    started = time.monotonic()

    def give_up_when_locked(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() - started > SQLITE_LOCK_SECONDS:
            raise BackupError(f"{what}失败：SQLite 数据库被其他连接锁住，{SQLITE_LOCK_SECONDS} 秒内无法读取。")

    try:
        source.backup(target, pages=1024, progress=give_up_when_locked)
    except sqlite3.Error as error:
        raise BackupError(f"{what}失败：{error}") from error


def dump_sqlite(alias, path):
    """A consistent copy through sqlite3's online backup API (in-memory test databases too)."""
    connection = connections[alias]
    connection.ensure_connection()
    if connection.in_atomic_block:
        # The backup of a connection's own unfinished write transaction waits for ever.
        raise BackupError("备份数据库：当前连接处于事务中，不能复制 SQLite 数据库。")
    target = sqlite3.connect(path)
    try:
        copy_sqlite(connection.connection, target, "备份数据库")
        # A self-contained file: no write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        tables = {row[0] for row in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = count_rows(target.cursor(), tables)
    finally:
        target.close()
    return {"server_version": sqlite3.sqlite_version, "tool": "sqlite3 backup API", "counts": counts}


def restore_sqlite(alias, path):
    connection = connections[alias]
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("恢复数据库：当前连接处于事务中，不能恢复 SQLite 数据库。")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy_sqlite(source, connection.connection, "恢复数据库")
    finally:
        source.close()
    connection.close()


def dump(alias, directory):
    engine = engine_of(alias)
    path = Path(directory) / DUMP_FILES[engine]
    info = dump_postgresql(alias, path) if engine == "postgresql" else dump_sqlite(alias, path)
    return path, {"engine": engine, **info}


def restore(alias, directory, manifest_database):
    engine = engine_of(alias)
    path = Path(directory) / DUMP_FILES[engine]
    if engine == "postgresql":
        restore_postgresql(alias, path, manifest_database.get("tool_major"))
    else:
        restore_sqlite(alias, path)
    connections[alias].close()


def clear_renditions(alias="default"):
    """Renditions are not in the set: their rows would point at files that are not there; Wagtail
    makes them again on first use."""
    table = get_image_model().get_rendition_model()._meta.db_table
    connection = connections[alias]
    with connection.cursor() as cursor:
        if table in connection.introspection.table_names(cursor):
            cursor.execute(f'DELETE FROM "{table}"')
