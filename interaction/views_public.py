"""Residents' pages: a mailbox's public replies and its letter form (MailboxPage routes), 信件查询
and 我为政府网站找错 (/letters/ on every hostname)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from accounts.addresses import client_ip

from . import intake, receipts
from .forms import ErrorReportForm, LetterForm, LookupForm, RatingForm
from .models import Letter, LetterKind, LetterPage

PAGE_SIZE = 15
WRONG_CODE = "编号或查询码不正确，请核对后重新输入。"


# The mailbox column -------------------------------------------------------------------------


def public_replies(mailbox, params):
    """The mailbox's live replies, newest 答复日期 first, narrowed by `q` and `type`."""
    replies = LetterPage.objects.child_of(mailbox).live().order_by("-replied_on", "-pk")
    query = (params.get("q") or "").strip()[:50]
    if query:
        replies = replies.filter(Q(title__icontains=query) | Q(question__icontains=query) | Q(reply__icontains=query))
    kind = params.get("type") or ""
    if kind in LetterKind.values:
        replies = replies.filter(letter_kind=kind)
    else:
        kind = ""
    fields = ("title", "url_path", "path", "depth", "locale_id", "letter_kind", "received_on", "replied_on")
    return replies.only(*fields, "reply_unit", "reply"), query, kind


def mailbox_index(request, mailbox):
    replies, query, kind = public_replies(mailbox, request.GET)
    page = Paginator(replies, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = mailbox.get_context(request)
    context.update(
        replies=page,
        query=query,
        kind=kind,
        kinds=LetterKind.choices,
        page_params=params.urlencode(),
        write_url=mailbox.url + mailbox.reverse_subpage("write"),
    )
    return TemplateResponse(request, "interaction/mailbox_page.html", context)


@never_cache
def write_letter(request, mailbox):
    remote_addr = client_ip(request)
    context = mailbox.get_context(request)
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES, remote_addr=remote_addr)
        if form.is_valid():
            files = form.cleaned_data["attachments"]
            letter, code = intake.receive_letter(mailbox, form.cleaned_data, files, remote_addr)
            context.update(letter=letter, code=code)
            return TemplateResponse(request, "interaction/letter_received.html", context)
    else:
        form = LetterForm(remote_addr=remote_addr)
    context["form"] = form
    return TemplateResponse(request, "interaction/letter_write.html", context)


# 信件查询 -----------------------------------------------------------------------------------


def find_letter(site, number, code):
    """The letter with this number and code written to a mailbox of `site`, or None: another
    site's letter is as unknown here as a wrong code."""
    letter = (
        Letter.objects.select_related("profile__site", "profile__parent__site", "reply_unit", "mailbox")
        .filter(number=number)
        .first()
    )
    if not receipts.code_matches(letter, code):
        return None
    if site is None or letter.profile.host_site.pk != site.pk:
        return None
    return letter


@never_cache
def lookup(request):
    site = Site.find_for_request(request)
    remote_addr = client_ip(request)
    context = {"page": None}
    status = 200
    if request.method != "POST":
        context["form"] = LookupForm()
        return TemplateResponse(request, "interaction/lookup.html", context)
    form = LookupForm(request.POST)
    context["form"] = form
    if receipts.too_many_lookups("interaction", remote_addr):
        minutes = settings.INTERACTION_LOOKUP_WINDOW_SECONDS // 60
        form.add_error(None, f"查询次数过多，请{minutes}分钟后再试。")
        return TemplateResponse(request, "interaction/lookup.html", context, status=429)
    if not form.is_valid():
        return TemplateResponse(request, "interaction/lookup.html", context, status=400)
    letter = find_letter(site, form.cleaned_data["number"], form.cleaned_data["code"])
    if letter is None:
        receipts.count_failed_lookup("interaction", remote_addr)
        form.add_error(None, WRONG_CODE)
        return TemplateResponse(request, "interaction/lookup.html", context, status=400)

    rating_form = RatingForm()
    action = request.POST.get("action")
    if action == "rate":
        rating_form = RatingForm(request.POST)
        if rating_form.is_valid():
            try:
                letter = intake.rate(letter, rating_form.cleaned_data["rating"], rating_form.cleaned_data["reason"])
                context["done"] = "感谢您的评价。"
                rating_form = RatingForm()
            except intake.RefusedAction as refusal:
                context["refused"] = str(refusal)
                status = 400
        if rating_form.errors:
            status = 400
    elif action == "second":
        try:
            letter = intake.request_second_handling(letter)
            context["done"] = "已提交二次办理申请，工作人员将重新办理并答复，请留意查询。"
        except intake.RefusedAction as refusal:
            context["refused"] = str(refusal)
            status = 400
    if action in ("rate", "second"):
        letter = find_letter(site, letter.number, form.cleaned_data["code"])
    context.update(
        letter=letter,
        code=form.cleaned_data["code"],
        rating_form=rating_form,
        may_rate=letter.state == Letter.State.ANSWERED and not letter.rating,
        may_ask_again=(
            letter.state == Letter.State.ANSWERED
            and letter.rating == Letter.Rating.UNSATISFIED
            and not letter.second_handling
        ),
    )
    return TemplateResponse(request, "interaction/lookup.html", context, status=status)


# 我为政府网站找错 ----------------------------------------------------------------------------


def _page_address(value):
    value = (value or "").strip()
    return value[:500] if value.startswith("/") and not value.startswith("//") else ""


@never_cache
def report_error(request):
    site = Site.find_for_request(request)
    profile = getattr(site, "profile", None) if site else None
    if profile is None:
        raise Http404
    remote_addr = client_ip(request)
    context = {"page": None}
    if request.method == "POST":
        form = ErrorReportForm(request.POST, remote_addr=remote_addr)
        if form.is_valid():
            report = intake.receive_error_report(profile, form.cleaned_data, remote_addr)
            context.update(report=report, back=_page_address(report.url))
            return TemplateResponse(request, "interaction/error_reported.html", context)
    else:
        form = ErrorReportForm(initial={"url": _page_address(request.GET.get("url"))}, remote_addr=remote_addr)
    context.update(form=form, days=settings.INTERACTION_ERROR_REPORT_DAYS)
    return TemplateResponse(request, "interaction/report_error.html", context)
