from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.backup import make_backup
from backups.errors import BackupError

from ._common import database_alias, progress_bar


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件（含群众来信附件）：在 BACKUP_ROOT（或 --dest）下写入一份以时间命名的完整备份，"
        "写完才改名生效，然后只保留最新的 N 份。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dest", metavar="DIR", help="备份写到这个目录下（默认 BACKUP_ROOT）")
        parser.add_argument("--keep", metavar="N", help="保留最新的 N 份完整备份（默认 BACKUP_KEEP）")
        parser.add_argument("--database", default="default", help="备份哪个数据库（settings.DATABASES 的名称）")

    def handle(self, *args, **options):
        keep = options["keep"]
        if keep is None:
            keep = settings.BACKUP_KEEP
        elif not str(keep).isdigit() or int(keep) < 1:
            raise CommandError(f"--keep 须为正整数（收到 {keep!r}）。")
        bar = progress_bar(self, options, desc="备份", unit="项")
        try:
            backup = make_backup(options["dest"], int(keep), database_alias(options), progress=bar)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt as error:
            raise CommandError("备份被中断，未留下不完整的备份。") from error
        finally:
            bar.close()
        self.stdout.write(backup.summary())
