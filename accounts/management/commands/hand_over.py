from django.core.management.base import BaseCommand, CommandError

from accounts.handover import HandOverError, find_users, hand_over


class Command(BaseCommand):
    help = "交接: 把离岗人员的草稿、页面锁定和审核中的提交移交给同站点的接手人，并停用其账号。"

    def add_arguments(self, parser):
        parser.add_argument("from_username")
        parser.add_argument("--to", required=True, dest="to_username")

    def handle(self, from_username, to_username, **options):
        try:
            leaver, successor = find_users(from_username, to_username)
            counts = hand_over(leaver, successor)
        except HandOverError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已将 {leaver.username} 的草稿 {counts['drafts']} 篇、锁定 {counts['locks']} 篇、"
            f"审核中的提交 {counts['workflows']} 项移交给 {successor.username}，账号 {leaver.username} 已停用。"
        )
