from django.core.management.base import BaseCommand, CommandError

from workdays.models import CalendarDay
from workdays.seeding import seed


class Command(BaseCommand):
    help = "从 chinese-calendar 补齐节假日与调休（不覆盖人工维护的日期）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="只补这一年（可重复）")

    def handle(self, *args, year=None, **options):
        if year and any(y < 2004 or y > 2100 for y in year):
            raise CommandError("--year 应在 2004 至 2100 之间。")
        added, kept = seed(CalendarDay, set(year) if year else None)
        self.stdout.write(f"新增 {added} 天，已有 {kept} 天保持不变。")
