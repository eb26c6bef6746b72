from django.core.management.base import BaseCommand
from django.db import transaction

from keeping.grants import Summary, columns_to_sync, sync_columns


class Command(BaseCommand):
    help = "按各栏目的保障单位重新计算保障单位的栏目权限和审核流程（可重复执行；手工授予的权限不动）。"

    def handle(self, *args, **options):
        ids = sorted(columns_to_sync())
        summary = Summary()
        with transaction.atomic():
            for start in range(0, len(ids), 200):
                summary.add(sync_columns(ids[start : start + 200]))
                self.stdout.write(f"已核对 {min(start + 200, len(ids))}/{len(ids)} 个栏目")
        self.stdout.write(
            f"由其他单位保障的栏目 {summary.columns} 个（{len(summary.hosts)} 个单位的栏目）；"
            f"新授予权限 {summary.granted} 条，收回 {summary.revoked} 条；"
            f"指派审核流程 {summary.assigned} 个栏目，撤销 {summary.released} 个。"
        )
