"""What submitting, adopting, returning and withdrawing do, and who may do each."""

from uuid import uuid4

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.log_actions import log

from columns.models import ColumnPage, KeepingMethod
from content.models import ArticlePage, ItemPage, NoticePage
from home.models import PORTAL_BLOCKS
from sites.models import SiteGroup, SiteProfile
from sites.units import profile_of, unit_pages_q

from .models import Submission

SUBMITTED, ADOPTED, RETURNED, WITHDRAWN = (
    "submissions.submitted",
    "submissions.adopted",
    "submissions.returned",
    "submissions.withdrawn",
)
PHOTO_COLUMN = "homepage/photo-news"
# The portal home's item columns and the county/district news columns of 主页栏目 take submissions
# whatever their 保障方式 says; elsewhere only the columns kept by 信息报送.
HOME_ITEM_KEYS = [key for key, _, _ in PORTAL_BLOCKS]
HOME_ITEM_PREFIXES = ["homepage/county-news/", "homepage/district-news/"]
SUBMISSION_METHODS = [KeepingMethod.SUBMISSION, KeepingMethod.SUBMISSION_JOINT]
COPY_MODELS = {key: model for key, _, model in PORTAL_BLOCKS}


class SubmissionError(Exception):
    """A refusal, in words for the user."""


def portal_profile():
    return SiteProfile.objects.select_related("site", "root_page").filter(level=SiteProfile.Level.CITY).first()


def target_columns(portal=None):
    """The portal's columns that take submissions, in tree order."""
    portal = portal or portal_profile()
    if portal is None:
        return ColumnPage.objects.none()
    takes = Q(column_key__in=HOME_ITEM_KEYS) | Q(keeping_method__in=SUBMISSION_METHODS)
    for prefix in HOME_ITEM_PREFIXES:
        takes |= Q(column_key__startswith=prefix)
    return (
        ColumnPage.objects.live()
        .filter(unit_pages_q(portal), takes, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
    )


def column_label(column, parent_title=None):
    """A portal column named with its parent, as 县域动态 › 集贤县: several columns share a name."""
    parent_title = parent_title if parent_title is not None else column.get_parent().title
    return f"{parent_title} › {column.title}" if parent_title else column.title


def page_refusal(page, profile):
    """Why this page cannot be submitted at all, or None."""
    if not isinstance(page, ItemPage):
        return "只有信息（新闻、通知公告、政府文件等）可以报送到门户，栏目和频道不能报送。"
    if profile is None or profile.level == SiteProfile.Level.CITY:
        return "这是门户网站自己的信息，无需报送。信息报送用于县区、乡镇和部门网站向门户报送信息。"
    if not page.live:
        return f"“{page.title}”尚未发布（草稿），只有已发布的信息才能报送。请先发布，再报送。"
    return None


def column_refusal(page, column):
    """Why this page cannot go to this column, or None."""
    if not target_columns().filter(pk=column.pk).exists():
        return f"门户栏目“{column.title}”不接受信息报送。"
    if column.column_key == PHOTO_COLUMN and not getattr(page, "image_id", None):
        return "“图片信息”栏目只采用带图片的信息，本信息没有图片。请在原信息中加上图片后再报送。"
    earlier = Submission.objects.filter(
        source_page=page, column=column, status__in=[Submission.Status.SUBMITTED, Submission.Status.ADOPTED]
    ).first()
    if earlier and earlier.status == Submission.Status.SUBMITTED:
        return f"本信息已报送到“{column.title}”，正在等待门户处理，请勿重复报送。"
    if earlier:
        return f"本信息已被门户“{column.title}”栏目采用，不能重复报送。"
    return None


def can_submit(user, page):
    return page.permissions_for_user(user).can_edit()


def is_city_editor(user):
    """Who works the inbox: superusers and the portal's editors."""
    if not user.is_active:
        return False
    return (
        user.is_superuser
        or SiteGroup.objects.filter(
            group__user=user, profile__level=SiteProfile.Level.CITY, role=SiteGroup.Role.EDITOR
        ).exists()
    )


def submit(page, column, user, note=""):
    profile = profile_of(page)
    refusal = page_refusal(page, profile) or column_refusal(page, column)
    if refusal:
        raise SubmissionError(refusal)
    with transaction.atomic():
        submission = Submission.objects.create(
            source_page=page,
            title=page.title,
            source_url=page.get_full_url() or "",
            source_profile=profile,
            unit=page.unit or profile.unit,
            column=column,
            column_label=column_label(column),
            note=note,
            submitted_by=user,
        )
        log(page, SUBMITTED, user=user, data=_log_data(submission, note=note))
    return submission


def _log_data(submission, **extra):
    return {
        "submission": submission.pk,
        "column": submission.column_title,
        "site": str(submission.source_profile) if submission.source_profile else "",
        **extra,
    }


def _locked_open(submission):
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if not locked.is_open:
        raise SubmissionError(f"这条报送{locked.get_status_display()}，不能再处理。")
    return locked


def credit(submission):
    """来源 of the portal copy: the submitting site's name, else its unit's."""
    if submission.source_profile:
        return str(submission.source_profile)
    return submission.unit.name if submission.unit else ""


def _copy(source, column, submission):
    model = COPY_MODELS.get(column.column_key, ArticlePage)
    fields = {
        "title": source.title,
        "summary": source.summary,
        "body": source.body,
        "source": credit(submission)[:100],
        "unit": submission.unit,
        "live": False,
    }
    if model is ArticlePage:
        image = getattr(source, "image", None)
        photo = column.column_key == PHOTO_COLUMN or getattr(source, "kind", "") == ArticlePage.Kind.PHOTO
        fields.update(
            kind=ArticlePage.Kind.PHOTO if photo and image else ArticlePage.Kind.NEWS,
            image=image,
            image_caption=getattr(source, "image_caption", ""),
        )
    elif model is NoticePage:
        fields["attachment"] = getattr(source, "attachment", None)
    slug = source.slug
    if column.get_children().filter(slug=slug).exists():
        slug = f"{source.slug}-{submission.pk}"
    return model(slug=slug, **fields)


def adopt(submission, user):
    """Put a copy of the item into the column as a draft and send it through the portal's review:
    its workflow when one applies to the column, else straight to publication. Returns
    (copy, workflow or None)."""
    with transaction.atomic():
        submission = _locked_open(submission)
        source = submission.source_page.specific if submission.source_page else None
        if source is None or not source.live:
            raise SubmissionError("原信息已撤回或删除，不能采用。请退回并说明原因。")
        column = submission.column
        if column is None or not column.live:
            raise SubmissionError("报送栏目已不存在，不能采用。请退回并说明原因。")
        copy = _copy(source, column.specific, submission)
        copy.owner = user
        column.add_child(instance=copy)
        log(copy, "wagtail.create", user=user)
        revision = copy.save_revision(user=user, log_action=False)
        workflow = copy.get_workflow()
        if workflow is not None and workflow.active:
            workflow.start(copy, user)
        else:
            workflow = None
            revision.publish(user=user)
        submission.status = Submission.Status.ADOPTED
        submission.decided_by = user
        submission.decided_at = timezone.now()
        submission.adopted_page = copy
        submission.save()
        data = _log_data(submission, adopted_page=copy.pk, source_page=source.pk, workflow=bool(workflow))
        # Own uuids: Wagtail's history shows one entry per (uuid, action) across all pages.
        log(source, ADOPTED, user=user, uuid=uuid4(), data={**data, "role": "source"})
        log(copy, ADOPTED, user=user, uuid=uuid4(), data={**data, "role": "copy", "title": submission.title})
    return copy, workflow


def return_submission(submission, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionError("退回时必须填写退回原因。")
    with transaction.atomic():
        submission = _locked_open(submission)
        submission.status = Submission.Status.RETURNED
        submission.reason = reason
        submission.decided_by = user
        submission.decided_at = timezone.now()
        submission.save()
        if submission.source_page:
            log(submission.source_page.specific, RETURNED, user=user, data=_log_data(submission, reason=reason))
    notify_returned(submission)
    return submission


def withdraw(submission, user):
    with transaction.atomic():
        submission = _locked_open(submission)
        submission.status = Submission.Status.WITHDRAWN
        submission.decided_by = user
        submission.decided_at = timezone.now()
        submission.save()
        if submission.source_page:
            log(submission.source_page.specific, WITHDRAWN, user=user, data=_log_data(submission))
    return submission


def notify_returned(submission):
    """E-mail the submitter (or, failing an address, the unit) that the portal returned the item."""
    to = [address for address in [getattr(submission.submitted_by, "email", "")] if address]
    if not to and submission.unit and submission.unit.email:
        to = [submission.unit.email]
    if not to:
        return 0
    context = {"submission": submission, "portal": portal_profile()}
    subject = render_to_string("submissions/mail/returned_subject.txt", context).strip()
    body = render_to_string("submissions/mail/returned_body.txt", context)
    return send_mail(subject, body, None, to)
