from django.core.management.base import BaseCommand, CommandError

from sites.provisioning import ProvisioningError, close_site


class Command(BaseCommand):
    help = "关停站点或专属网页：下线其全部页面，其地址改为跳转到上级站点。"

    def add_arguments(self, parser):
        parser.add_argument("address", help="站点主机名，或专属网页的地址（如 jixian.localhost/towns/fuli）")

    def handle(self, *args, address, **options):
        try:
            profile = close_site(address)
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{profile.name}（{address}）已关停，访问将跳转到上级站点。")
