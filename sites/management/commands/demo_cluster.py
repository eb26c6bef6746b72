import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sites.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "建立演示站群：双鸭山市门户、四县四区、三个乡镇站点及其栏目和内容（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", 8000)),
            help="站点端口（默认 PORT 或 8000）",
        )
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", "zhanqun-demo"),
            help="演示账号 admin 和各县区编辑（如 jixian_editor）的密码",
        )

    def handle(self, *args, port, password, **options):
        self.stdout.write("正在建立演示站群……")
        created = DemoBuilder(port=port, password=password, stdout=self.stdout).build()
        # Pictures and documents are served once a live page is known to use them: index the
        # references now rather than leave it to the worker.
        call_command("rebuild_references_index", verbosity=0, stdout=self.stdout)
        call_command("search_reindex", verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"演示站群已就绪：新增 {created} 条信息。门户 http://localhost:{port}/"))
