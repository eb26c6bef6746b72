"""The demo's 意见征集 (`solicitations.yaml`): on the portal's 民意征集平台 a closed solicitation
with every comment disposed of and the feedback published, and an open one with comments pending;
on 集贤县's 意见征集 a closed one whose feedback was never published (内容保障 flags it).

Dates count from the day the demo is built. A solicitation already there is left as it is."""

from datetime import datetime, time, timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from columns.models import ColumnPage
from sites.routing import own_pages_q
from solicitation.drafts import publish_draft
from solicitation.feedback import dispose, publish_feedback
from solicitation.models import Comment

DATA_FILE = Path(__file__).resolve().parent / "solicitations.yaml"
DEMO_ADDRESS = "192.0.2.10"  # TEST-NET-1: no resident's address


class DemoSolicitations:
    def __init__(self, sites, unit_for, log):
        self.sites = sites  # key -> Site, "portal" included
        self.unit_for = unit_for
        self.log = log
        self.data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))

    def build(self):
        added = sum(self._solicitation(entry) for entry in self.data["solicitations"])
        self.log(f"  意见征集：新增 {added} 项")
        return added

    def _solicitation(self, entry):
        site = self.sites[entry["site"]]
        column = ColumnPage.objects.filter(own_pages_q(site), column_key=entry["column"]).get()
        if column.get_children().filter(slug=entry["slug"]).exists():
            return 0
        today = timezone.localdate()
        starts_on = today + timedelta(days=entry["starts"])
        ends_on = today + timedelta(days=entry["ends"])
        editor = get_user_model().objects.filter(username=f"{entry['site']}_editor").first()
        page = publish_draft(
            column,
            entry["title"],
            entry["summary"],
            self.unit_for(entry["unit"]),
            starts_on,
            ends_on,
            [tuple(article) for article in entry["articles"]],
            user=editor,
            slug=entry["slug"],
        )
        published = _at(starts_on, 9)
        Page.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
        articles = {article.label: article for article in page.articles.all()}
        for number, item in enumerate(entry["comments"]):
            comment = Comment.objects.create(
                page=page,
                article=articles.get(item.get("article")),
                content=item["content"],
                name=item.get("name", ""),
                phone=item.get("phone", ""),
                remote_addr=DEMO_ADDRESS,
                received_at=_at(starts_on + timedelta(days=item["day"]), 8 + number % 10, 7 * number % 60),
            )
            if item.get("disposition"):
                dispose(comment, item["disposition"], item.get("reason", ""), editor)
        if entry.get("feedback"):
            publish_feedback(page, entry["feedback"], editor)
        return 1


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
