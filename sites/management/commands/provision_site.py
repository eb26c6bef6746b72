from django.core.management.base import BaseCommand, CommandError

from sites.provisioning import SUBSITE_LEVELS, ProvisioningError, provision_portal, provision_site


class Command(BaseCommand):
    help = (
        "开通站点或专属网页：在上级站点的页面树下建立站点（--hostname）或专属网页（--path），"
        "以及站点档案、首页、标准栏目、用户组和三审三校流程（可重复执行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--parent", help="上级站点的主机名（开通市级门户时不填）")
        parser.add_argument("--level", required=True, help=f"city 或 {' / '.join(SUBSITE_LEVELS)}")
        parser.add_argument("--name", required=True, help="站点中文名称，如 集贤县人民政府")
        parser.add_argument("--hostname", help="独立站点的主机名，如 jixian.localhost")
        parser.add_argument(
            "--path", help="专属网页在上级站点中的路径，如 towns/fuli（乡镇、部门专属网页，不另设主机名）"
        )
        parser.add_argument("--code", help="网站标识码（10位）；不填则按上级的行政区划代码顺延")
        parser.add_argument("--sponsor", help="主办单位（不填则为本级人民政府办公室）")
        parser.add_argument("--port", type=int, default=80, help="开通市级门户时的端口（默认 80）")

    def handle(self, *args, level, name, hostname, path, code, parent, sponsor, port, **options):
        try:
            if level == "city":
                if parent:
                    raise ProvisioningError("市级门户没有上级站点：开通门户时不要给 --parent。")
                if path:
                    raise ProvisioningError("市级门户不能是专属网页：开通门户时用 --hostname。")
                if not code:
                    raise ProvisioningError("开通市级门户须用 --code 给出网站标识码。")
                result = provision_portal(name=name, hostname=hostname, code=code, port=port)
            else:
                if not parent:
                    raise ProvisioningError("请用 --parent 给出上级站点的主机名。")
                result = provision_site(
                    parent=parent, level=level, name=name, hostname=hostname, path=path, code=code, sponsor=sponsor
                )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        verb = "已开通" if result.created else "已存在，已补齐栏目和用户组"
        self.stdout.write(f"{result.profile.name}（{result.profile.url}）{verb}。")
