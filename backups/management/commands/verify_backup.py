from django.core.management.base import BaseCommand, CommandError

from backups.backup import human_size
from backups.errors import BackupError
from backups.sets import locate, verify

from ._common import progress_bar


class Command(BaseCommand):
    help = "按清单（manifest.json）逐个核对一份备份的文件大小和 SHA-256；不写备份名时核对最新的一份。"

    def add_arguments(self, parser):
        parser.add_argument("set", nargs="?", metavar="SET", help="备份名（如 20250114-023000）或备份目录路径")

    def handle(self, *args, **options):
        bar = progress_bar(self, options, desc="校验", unit="B", unit_scale=True)
        try:
            path = locate(options["set"])
            manifest = verify(path, progress=bar)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        size = sum(entry["size"] for entry in manifest["files"].values())
        self.stdout.write(
            f"备份 {path.name} 完好：{len(manifest['files'])} 个文件，共 {human_size(size)}，"
            f"写于 {manifest['created_at']}（{manifest['database']['engine']} 数据库，"
            f"Django {manifest['django']}，Wagtail {manifest['wagtail']}）。"
        )
