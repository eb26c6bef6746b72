from django.core.management.base import BaseCommand, CommandError

from sites.consolidation import consolidate_site
from sites.provisioning import ProvisioningError


class Command(BaseCommand):
    help = (
        "集约化：把乡镇（街道）或部门的独立站点并为上级站点的专属网页（一个事务）。页面保留编号、"
        "历史、翻译和搜索条目，旧地址一律301跳转到新地址（可重复执行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("hostname", help="要并入的站点主机名，如 fuli.jixian.localhost")
        parser.add_argument("--into", required=True, help="并入的上级站点主机名，如 jixian.localhost")
        parser.add_argument("--path", required=True, help="专属网页在上级站点中的路径，如 towns/fuli")

    def handle(self, *args, hostname, into, path, **options):
        try:
            result = consolidate_site(hostname, into=into, path=path)
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        profile = result.profile
        if not result.done:
            self.stdout.write(f"{hostname} 已并为专属网页 {profile.web_address}，无需再次执行。")
            return
        extra = f"，外文版首页 {result.translations} 个随之移动" if result.translations else ""
        self.stdout.write(
            f"{profile.name}：{result.pages} 个页面已移至 {profile.url}{extra}，已排队更新搜索索引；"
            f"{hostname} 与上级站点中原路径下的地址一律301跳转到新地址，"
            f"原站点的 {result.redirects} 条重定向已移至 {into}。"
        )
