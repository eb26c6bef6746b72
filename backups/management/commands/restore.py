import sys
import time

import django
import wagtail
from django.core.management.base import BaseCommand, CommandError

from backups import database
from backups.errors import BackupError
from backups.restore import Restored, check, restore_set
from backups.sets import locate

from ._common import database_alias, progress_bar


class Command(BaseCommand):
    help = (
        "从一份备份恢复数据库和上传文件：先核对清单，只恢复到空的数据库和空的文件目录（--force 可覆盖），"
        "恢复后对照备份时的页面、修订版本、文档和图片数量。恢复前请先停止 web 和 worker。"
    )

    def add_arguments(self, parser):
        parser.add_argument("set", metavar="SET", help="备份名（如 20250114-023000）或备份目录路径")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
        parser.add_argument("--force", action="store_true", help="目标数据库或文件目录不是空的也恢复（覆盖同名数据）")
        parser.add_argument("--database", default="default", help="恢复到哪个数据库（settings.DATABASES 的名称）")

    def handle(self, *args, **options):
        alias = database_alias(options)
        started = time.monotonic()
        bar = progress_bar(self, options, desc="校验", unit="B", unit_scale=True)
        try:
            path = locate(options["set"])
            manifest, overridden = check(path, alias, force=options["force"], progress=bar)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        if overridden:
            self.stderr.write(
                self.style.WARNING(
                    "警告：使用了 --force，以下内容将被备份中的同名数据覆盖，备份中没有的数据会留下：\n  "
                    + "\n  ".join(overridden)
                )
            )
        if (manifest["django"], manifest["wagtail"]) != (django.get_version(), wagtail.__version__):
            self.stderr.write(
                self.style.WARNING(
                    f"注意：备份来自 Django {manifest['django']} / Wagtail {manifest['wagtail']}，"
                    f"当前为 Django {django.get_version()} / Wagtail {wagtail.__version__}；"
                    "恢复后请运行 manage.py migrate。"
                )
            )
        self.confirm(options, path, alias, manifest)
        bar = progress_bar(self, options, desc="恢复", unit="步")
        try:
            counts = restore_set(path, manifest, alias, progress=bar)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt as error:
            raise CommandError("恢复被中断：数据库和文件可能只恢复了一部分，请重新运行（加 --force）。") from error
        finally:
            bar.close()
        restored = Restored(manifest, counts, overridden)
        self.stdout.write("\n".join(["数量对照：", *restored.lines()]))
        if restored.differences:
            raise CommandError("恢复已完成，但上面标 ✗ 的数量与备份时不一致，请检查。")
        self.stdout.write(
            f"恢复完成：备份 {path.name}（{manifest['created_at']}）已恢复到 {database.describe(alias)}，"
            f"用时 {time.monotonic() - started:.1f} 秒。请重启 web 和 worker。"
        )

    def confirm(self, options, path, alias, manifest):
        if options["yes"]:
            return
        question = f"将把备份 {path.name}（{manifest['created_at']}）恢复到数据库 {database.describe(alias)}。"
        if not sys.stdin.isatty():
            raise CommandError(question + "确认无误后请加 --yes 再运行。")
        if input(question + "输入 yes 继续：").strip().lower() != "yes":
            raise CommandError("已取消，没有做任何改动。")
