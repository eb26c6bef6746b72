"""The demo's work in progress (`review.yaml`): items waiting at 复审, sent back by 复审, waiting for
the city's sensitive-item review and published through all three stages, and submissions to the
portal pending, adopted (its copy waiting for the portal's 初审) and returned.

Every step goes through the same calls as the admin's buttons, by the demo accounts, so the
histories, the 审核表 and the reports read as they would in use. Steps already taken are skipped.
"""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from columns.models import ColumnPage
from content.models import ArticlePage
from sites.routing import own_pages_q
from submissions.models import Submission
from submissions.services import adopt, return_submission, submit

REVIEW_FILE = Path(__file__).resolve().parent / "review.yaml"
PORTAL_EDITOR = "portal_editor"


class DemoReview:
    def __init__(self, sites, portal, slug_for, paragraphs, log):
        self.sites = sites
        self.portal = portal
        self.slug_for = slug_for
        self.paragraphs = paragraphs
        self.log = log
        self.data = yaml.safe_load(REVIEW_FILE.read_text(encoding="utf-8"))
        self.users = {user.username: user for user in get_user_model().objects.all()}

    def build(self):
        reviewed = sum(self._review(item) for item in self.data["reviews"])
        submitted = sum(self._submission(entry) for entry in self.data["submissions"])
        self.log(f"  三审三校：新增 {reviewed} 条示例信息；信息报送：新增 {submitted} 条示例报送")

    def _column(self, site, key):
        return ColumnPage.objects.filter(own_pages_q(site), column_key=key).get()

    def _review(self, item):
        column = self._column(self.sites[item["site"]], item["column"])
        slug = self.slug_for(item["title"])
        if column.get_children().filter(slug=slug).exists():
            return 0
        editor = self.users[f"{item['site']}_editor"]
        page = ArticlePage(
            title=item["title"],
            slug=slug,
            summary=item["summary"],
            body=self.paragraphs(item["body"]),
            sensitive=item.get("sensitive", False),
            kind=ArticlePage.Kind.NEWS,
            live=False,
            owner=editor,
        )
        column.add_child(instance=page)
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        for role, action, comment in item["decisions"]:
            state = page.current_workflow_state
            task_state = state.current_task_state
            reviewer = self.users[f"{item['site']}_{role}"]
            task_state.task.specific.on_action(task_state, reviewer, action, comment=comment)
            page.refresh_from_db()
        return 1

    def _submission(self, entry):
        site = self.sites[entry["site"]]
        source = ArticlePage.objects.filter(own_pages_q(site), title=entry["item"]).live().get()
        if Submission.objects.filter(source_page=source).exists():
            return 0
        column = self._column(self.portal, entry["column"])
        submission = submit(source, column, self.users[f"{entry['site']}_editor"], note=entry["note"])
        decision = entry.get("decision")
        if decision == "adopt":
            adopt(submission, self.users[PORTAL_EDITOR])
        elif decision == "return":
            return_submission(submission, self.users[PORTAL_EDITOR], entry["reason"])
        return 1
