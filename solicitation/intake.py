"""Taking a resident's comment: the window, the per-address limit, then one row."""

from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Comment


def per_address_limit():
    return settings.SOLICITATION_COMMENTS_PER_ADDRESS_PER_DAY


def window_message(page, today=None):
    """Why the page takes no comment today, or "" when it does."""
    today = today or timezone.localdate()
    if page.feedback_published_at:
        return "本次征集已结束并已公布意见采纳情况，不再接受意见。"
    if today < page.starts_on:
        return f"本次征集尚未开始，{_day(page.starts_on)}起接受意见。"
    if today > page.ends_on:
        return f"本次征集已于{_day(page.ends_on)}截止，不再接受意见。"
    return ""


def _day(value):
    return f"{value.year}年{value.month}月{value.day}日"


def comments_today(remote_addr, now=None):
    """Comments from this address since local midnight, on any solicitation."""
    now = now or timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    return Comment.objects.filter(remote_addr=remote_addr, received_at__gte=midnight).count()


def limit_message(remote_addr, now=None):
    limit = per_address_limit()
    if remote_addr and comments_today(remote_addr, now) >= limit:
        return f"同一网络地址每天最多提交 {limit} 条意见，今天的次数已用完，请明天再提。"
    return ""


def save_comment(page, form, remote_addr):
    """The comment of a valid form, saved in one transaction; None with the form's error set when
    the window or the address's daily limit refuses it."""
    with transaction.atomic():
        # One comment at a time per solicitation: two racing posts of one address count each other.
        type(page).objects.select_for_update().filter(pk=page.pk).first()
        message = window_message(page) or limit_message(remote_addr)
        if message:
            form.add_error(None, message)
            return None
        return Comment.objects.create(
            page=page,
            article=form.chosen_article(),
            content=form.cleaned_data["content"],
            name=form.cleaned_data["name"].strip(),
            phone=form.cleaned_data["phone"].strip(),
            remote_addr=remote_addr,
            received_at=timezone.now(),
        )
