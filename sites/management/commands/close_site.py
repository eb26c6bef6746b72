from django.core.management.base import BaseCommand, CommandError

from sites.provisioning import ProvisioningError, close_site


class Command(BaseCommand):
    help = "关停站点：下线站点的全部页面，其地址改为跳转到上级站点。"

    def add_arguments(self, parser):
        parser.add_argument("hostname", help="要关停的站点主机名")

    def handle(self, *args, hostname, **options):
        try:
            site = close_site(hostname)
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{site.site_name}（{hostname}）已关停，访问将跳转到上级站点。")
