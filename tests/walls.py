"""Another site's secrets (友谊县's unpublished item in review, and a live item with a draft under
another title, in review too), and how to look for them in an answer, JSON included."""

import json
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from content.models import ArticlePage
from sites.models import SiteGroup
from tests.factories import UserFactory
from translations.groups import TRANSLATOR_GROUPS, ensure_translator_groups

DRAFT = "友谊县未发布稿件"  # title of an item that was never published
DRAFT_SLUG = "youyi-unpublished"
LIVE = "友谊县公开动态"  # live title of a live item
LIVE_DRAFT = "友谊县改稿标题"  # the same item's draft title
STAGE = "初审·友谊县人民政府"  # where both stand in review
WORKFLOW = "友谊县人民政府三审三校"
SECRETS = (DRAFT, DRAFT_SLUG, LIVE_DRAFT, STAGE, WORKFLOW)


@dataclass
class Foreign:
    column: Page
    draft: ArticlePage
    live: ArticlePage
    editor: object


def staff(sites, key, role="editor"):
    return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group])


def translator():
    """A member of the English translators' group."""
    ensure_translator_groups()
    return UserFactory(groups=[Group.objects.get(name=TRANSLATOR_GROUPS["en"])])


def build_foreign(sites, column):
    """The live item is created after the draft but has the newer revision: neither order helps."""
    news = column("youyi", "news/local-news")
    editor = staff(sites, "youyi")
    draft = news.add_child(instance=ArticlePage(title=DRAFT, slug=DRAFT_SLUG, live=False, body="<p>正文</p>"))
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    now = timezone.now()
    live = ArticlePage(
        title=LIVE, slug="youyi-live", body="<p>正文</p>", live=True, first_published_at=now, last_published_at=now
    )
    news.add_child(instance=live)
    live.title = LIVE_DRAFT
    live.save_revision(user=editor)
    live.get_workflow().start(live, editor)
    live.refresh_from_db()
    draft.refresh_from_db()
    return Foreign(news, draft, live, editor)


def text_of(response):
    """The answer as a reader would see it: JSON decoded (Django escapes Chinese in JSON)."""
    body = response.content.decode()
    try:
        return json.dumps(json.loads(body), ensure_ascii=False)
    except ValueError:
        return body


def leaks(response, secrets=SECRETS):
    text = text_of(response)
    return [secret for secret in secrets if secret in text]
