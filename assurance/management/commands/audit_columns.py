import csv
import json

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from assurance.audit import audit_cluster, local, record_audit
from assurance.models import ColumnStatus

FIELDS = ["site", "column", "status", "requirement", "last_update", "update_kind", "due", "days_overdue", "units"]


class Command(BaseCommand):
    help = "检查各站点栏目更新情况：正常、即将到期、逾期、空白、不适用，以及首页更新和单项否决。"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOST", help="只检查这个主机名的站点")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--record", action="store_true", help="保存检查结果和当日站点快照（定时任务即如此）")

    def handle(self, *args, site=None, format, record, **options):
        if site and not Site.objects.filter(hostname=site, profile__isnull=False).exists():
            known = "、".join(Site.objects.filter(profile__isnull=False).values_list("hostname", flat=True))
            raise CommandError(f"没有主机名为 {site} 的站点。已有站点：{known}")
        audits = (record_audit if record else audit_cluster)(hostname=site)
        if site and not audits:
            raise CommandError(f"站点 {site} 已关停，不再检查。")
        getattr(self, f"write_{format}")(audits)

    def rows(self, audits):
        for audit in audits:
            for row in audit.rows:
                v = row.verdict
                yield {
                    "site": audit.profile.web_address,
                    "column": row.trail,
                    "status": v.status,
                    "requirement": row.requirement,
                    "last_update": v.last_update.isoformat() if v.last_update else None,
                    "update_kind": v.last_update_kind,
                    "due": v.due.isoformat() if v.due else None,
                    "days_overdue": v.days_overdue,
                    "units": row.unit_names,
                }

    def write_json(self, audits):
        sites = [
            {
                "site": a.profile.web_address,
                "name": str(a.profile),
                "home_last_update": local(a.home_last_update).isoformat() if a.home_last_update else None,
                "counts": {status: a.counts[status] for status in ColumnStatus.values},
                "vetoes": [{"code": v.code, "label": v.label, "detail": v.detail} for v in a.vetoes],
                "flags": [{"code": v.code, "label": v.label, "detail": v.detail} for v in a.flags],
            }
            for a in audits
        ]
        json.dump({"sites": sites, "columns": list(self.rows(audits))}, self.stdout, ensure_ascii=False, indent=1)
        self.stdout.write("")

    def write_csv(self, audits):
        writer = csv.DictWriter(self.stdout, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows(audits))

    def write_table(self, audits):
        labels = dict(ColumnStatus.choices)
        for audit in audits:
            counts = audit.counts
            summary = "，".join(f"{labels[s]} {counts[s]}" for s in ColumnStatus.values)
            verdict = "；".join(f"{v.label}：{v.detail}" for v in audit.vetoes) or "无单项否决"
            self.stdout.write(self.style.MIGRATE_HEADING(f"{audit.profile}（{audit.profile.web_address}）"))
            self.stdout.write(f"  {summary}。{verdict}")
            for flag in audit.flags:
                self.stdout.write(f"  {flag.label}：{flag.detail}")
            for row in audit.rows:
                v = row.verdict
                state = f"逾期 {v.days_overdue} 天" if v.status == ColumnStatus.OVERDUE else labels[v.status]
                last = f"{v.last_update:%Y-%m-%d}" if v.last_update else "—"
                due = f"{v.due:%Y-%m-%d}" if v.due else "—"
                cells = [row.trail, row.requirement or "—", f"最近更新 {last}", f"应更新 {due}", row.unit_names]
                self.stdout.write(f"  {state:<8}\t" + "\t".join(cells))
        columns = sum(len(a.rows) for a in audits)
        failing = sum(1 for a in audits if a.vetoes)
        self.stdout.write(f"共检查 {len(audits)} 个站点、{columns} 个栏目，{failing} 个站点触发单项否决。")
