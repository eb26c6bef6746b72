from django.core.management.base import BaseCommand, CommandError

from assurance.availability import UnknownSite, open_profiles, probe_sites, probe_summary


class Command(BaseCommand):
    help = "探测各站点首页可用性（超时或错误状态码记为失败），并记录结果；定时任务每15分钟执行一次。"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOST", help="只探测这个主机名的站点")

    def handle(self, *args, site=None, **options):
        try:
            probes = probe_sites(hostname=site)
        except UnknownSite:
            known = "、".join(p.site.hostname for p in open_profiles())
            raise CommandError(f"没有主机名为 {site} 的运行中站点。已有站点：{known}") from None
        for probe in probes:
            where = f"{probe.profile}（{probe.profile.site.hostname}）"
            if probe.ok:
                self.stdout.write(f"正常  {where}  状态码 {probe.status_code}  {probe.elapsed_ms} 毫秒")
            else:
                self.stdout.write(self.style.ERROR(f"失败  {where}  {probe.error}  {probe.elapsed_ms} 毫秒"))
        failed = sum(1 for p in probes if not p.ok)
        self.stdout.write(f"共探测 {len(probes)} 个站点：正常 {len(probes) - failed} 个，失败 {failed} 个。")
        summaries = probe_summary(profile_ids=[p.profile_id for p in probes])
        vetoed = [str(p.profile) for p in probes if summaries[p.profile_id].veto]
        self.stdout.write(f"近7天失败率达到5%（单项否决）的站点：{'、'.join(vetoed) or '无'}。")
