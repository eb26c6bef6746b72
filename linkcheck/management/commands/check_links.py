from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from linkcheck.checker import check_links
from linkcheck.extract import UnknownSite


class Command(BaseCommand):
    help = (
        "检查所有开放站点（或 --site 指定的一个站点）在用页面的链接：站内链接对照页面树和文件检查，"
        "站外链接并发请求检查；记录失效链接和已修复的链接。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOST", help="只检查这个主机名的站点，如 jixian.localhost")

    def handle(self, *args, **options):
        # tqdm redraws with \r; Django's OutputWrapper would end every redraw with a newline.
        bar = tqdm(total=0, desc="检查链接", unit="链接", disable=options["verbosity"] == 0, file=self.stderr._out)
        try:
            run = check_links(site=options["site"], progress=bar)
        except UnknownSite as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self.stdout.write(run.summary())
