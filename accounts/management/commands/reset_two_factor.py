from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import reset_two_factor


class Command(BaseCommand):
    help = "作废账号的全部两步验证器；该账号下次登录时重新绑定。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号。")
        count = reset_two_factor(user)
        self.stdout.write(f"已重置 {username} 的两步验证，作废验证器 {count} 个。")
