from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from assurance.availability import UnknownSite, open_profiles
from assurance.models import TamperResult
from assurance.tamper import check_tampering

REASONS_SHOWN = 5


class Command(BaseCommand):
    help = (
        "防篡改检查：逐一比对各开放站点（或 --site 指定的一个站点）在用信息页面的公网页面与平台发布的内容，"
        "不一致的记为篡改告警并邮件通知市级管理员；定时任务每天夜间执行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOST", help="只检查这个主机名的站点，如 jixian.localhost")

    def handle(self, *args, site=None, **options):
        # tqdm redraws with \r; Django's OutputWrapper would end every redraw with a newline.
        bar = tqdm(total=0, desc="防篡改检查", unit="页", disable=options["verbosity"] == 0, file=self.stderr._out)
        try:
            summary = check_tampering(hostname=site, progress=bar)
        except UnknownSite:
            known = "、".join(p.site.hostname for p in open_profiles())
            raise CommandError(f"没有主机名为 {site} 的运行中站点。已有站点：{known}") from None
        finally:
            bar.close()
        for outcome in summary.outcomes:
            if outcome.result == TamperResult.MISMATCH:
                target = outcome.target
                self.stdout.write(self.style.ERROR(f"不一致  {target.profile}  {target.title}  {target.url}"))
        for reason, count in summary.reasons.most_common(REASONS_SHOWN):
            self.stdout.write(self.style.WARNING(f"无法检查 {count} 个页面：{reason}"))
        self.stdout.write(summary.line())
