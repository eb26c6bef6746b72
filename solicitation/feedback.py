"""The unit's side: disposing of each comment and publishing the feedback (意见采纳情况)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from interaction.redaction import redact

from .intake import _day
from .models import Comment, SolicitationPage

D = Comment.Disposition


class Refused(Exception):
    """A refusal, with the message shown to the staff member; nothing was changed."""


def counts(page):
    """{"received", "pending", "adopted", "partly", "not_adopted"} in one query."""
    return page.comments.aggregate(
        received=Count("pk"),
        pending=Count("pk", filter=Q(disposition=D.PENDING)),
        adopted=Count("pk", filter=Q(disposition=D.ADOPTED)),
        partly=Count("pk", filter=Q(disposition=D.PARTLY)),
        not_adopted=Count("pk", filter=Q(disposition=D.NOT_ADOPTED)),
    )


def dispose(comment, disposition, reason, user=None):
    if comment.page.feedback_published_at:
        raise Refused("意见采纳情况已经公布，处理结果不能再修改。")
    if disposition not in (D.ADOPTED, D.PARTLY, D.NOT_ADOPTED):
        raise Refused("请选择采纳、部分采纳或未采纳。")
    reason = (reason or "").strip()
    if disposition != D.ADOPTED and not reason:
        raise Refused("部分采纳或未采纳的意见须说明理由。")
    comment.disposition = disposition
    comment.reason = reason
    comment.save(update_fields=["disposition", "reason"])
    return comment


def publish_feedback(page, text, user, today=None):
    """Publish the feedback: after ends_on, with every comment disposed of, a text given. Saves a
    new revision of the live page with the feedback and publishes it."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    with transaction.atomic():
        live = SolicitationPage.objects.select_for_update().get(pk=page.pk)
        if live.feedback_published_at:
            raise Refused("意见采纳情况已经公布过了。")
        if not live.live:
            raise Refused("征集页面尚未发布，不能公布意见采纳情况。")
        if today <= live.ends_on:
            raise Refused(f"征集到{_day(live.ends_on)}截止，截止之后才能公布意见采纳情况。")
        pending = live.comments.filter(disposition=D.PENDING).count()
        if pending:
            raise Refused(f"还有 {pending} 条意见未处理，全部处理后才能公布意见采纳情况。")
        if not text:
            raise Refused("请填写意见采纳情况说明。")
        live.feedback = text
        live.feedback_published_at = timezone.now()
        revision = live.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
    return live


@dataclass
class Group:
    label: str
    opinions: list = field(default_factory=list)


@dataclass
class Opinion:
    disposition: str
    label: str
    text: str
    reason: str


def published_opinions(page):
    """The disposed comments, redacted, grouped by article in the draft's order; whole-draft
    opinions first."""
    groups = {None: Group("对草案整体的意见")}
    for article in page.articles.all():
        groups[article.pk] = Group(article.label)
    comments = list(page.comments.order_by("received_at", "pk"))
    # Every writer's name is masked everywhere: a reason may name the writer of another opinion.
    names = [comment.name for comment in comments]
    for comment in comments:
        if comment.disposition == D.PENDING:
            continue
        group = groups.get(comment.article_id, groups[None])
        group.opinions.append(
            Opinion(
                comment.disposition,
                comment.get_disposition_display(),
                redact(comment.content, names=names),
                redact(comment.reason, names=names),
            )
        )
    return [group for group in groups.values() if group.opinions]
