"""Applicants' pages: the 依申请公开 column (申请须知), the application form and its receipt, and
the lookup (number and query code) with the 补正 and the outcome; all on the site's own hostname.

The released files and the printed 告知书 are downloadable only in the session that looked the
application up: the lookup puts the application's id in the session, the download asks for it.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from accounts.addresses import client_ip
from interaction.receipts import code_matches, count_failed_lookup, too_many_lookups
from sites.units import profile_of, unit_pages_q

from . import clock, intake
from .forms import ApplicationForm, ClarificationForm, LookupForm
from .models import Application, ApplicationEvent, ApplicationFile, DisclosureColumnPage
from .offices import offices_of
from .outcomes import label_of

WRONG_CODE = "申请编号或查询码不正确，请核对后重新输入。"
OPENED = "disclosure:opened"  # session key: ids of the applications looked up in this session
OPENED_KEEP = 10
State = Application.State

NEXT_STEPS = {
    State.SUBMITTED: "您的申请已提交，工作人员确认后即为收到申请之日，答复期限从该日起计算（条例第三十一条）。",
    State.RECEIVED: "您的申请正在办理，请在答复期限前留意查询；工作人员也可能通过您留下的电话联系您。",
    State.CLARIFYING: "您的申请内容需要补正。请按下面的要求在补正期限内提交补正；逾期不补正的，视为放弃申请。",
    State.CONSULTING: "正在征求第三方或其他机关的意见，所需时间不计算在答复期限内（条例第三十二条）。",
    State.FEE_PENDING: "请按收费通知缴纳信息处理费；逾期未缴纳的，将不再处理您的申请。",
    State.DECIDED: "答复（告知书）已拟定，正在审核，审核后将送达您。",
    State.APPROVED: "答复（告知书）已审核，正在送达。",
    State.CLOSED: "您的申请已办结，答复如下。对答复不服的，可以依法申请行政复议或者提起行政诉讼。",
}


def fee_rule():
    return (
        "行政机关依申请提供政府信息，不收取费用；申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "可以收取信息处理费（条例第四十二条，国办函〔2020〕109号）。"
    )


# The column --------------------------------------------------------------------------------


def column_index(request, page):
    context = page.get_context(request)
    profile = profile_of(page)
    apply_url = reverse("disclosure:apply")
    if profile is not None:
        apply_url += f"?unit={profile.pk}"
    context.update(
        apply_url=apply_url,
        lookup_url=reverse("disclosure:lookup"),
        office=profile,
        answer_days=settings.DISCLOSURE_ANSWER_DAYS,
        extension_days=settings.DISCLOSURE_MAX_EXTENSION_DAYS,
        clarify_notice_days=settings.DISCLOSURE_CLARIFY_NOTICE_DAYS,
        fee_rule=fee_rule(),
    )
    return TemplateResponse(request, "disclosure/column_page.html", context)


def _column_of(profile):
    """The unit's own 依申请公开 column, for the 申请须知 and the way back (or None)."""
    return DisclosureColumnPage.objects.live().filter(unit_pages_q(profile)).order_by("path").first()


# Applying ----------------------------------------------------------------------------------


@never_cache
def apply(request):
    site = Site.find_for_request(request)
    profiles = offices_of(site)
    own = getattr(site, "profile", None) if site else None
    if own is None:
        raise Http404
    remote_addr = client_ip(request)
    context = {"page": None, "site_profile": own, "column": _column_of(own), "fee_rule": fee_rule()}
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, profiles=profiles, remote_addr=remote_addr)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application, code = intake.receive_application(data["profile"], data, data["attachments"], remote_addr)
            except intake.RefusedAction as refusal:
                form.add_error(None, str(refusal))
            else:
                context.update(application=application, code=code, rules=intake.receipt_rules(application))
                return TemplateResponse(request, "disclosure/received.html", context)
        status = 400
    else:
        unit = request.GET.get("unit", "")
        chosen = profiles.filter(pk=int(unit)).first() if unit.isdigit() else None
        form = ApplicationForm(profiles=profiles, remote_addr=remote_addr, initial={"profile": chosen or own})
        status = 200
    context["form"] = form
    return TemplateResponse(request, "disclosure/apply.html", context, status=status)


# Looking up --------------------------------------------------------------------------------


def find_application(site, number, code):
    """The application with this number and code made on `site`, or None: another site's
    application is as unknown here as a wrong code."""
    application = (
        Application.objects.select_related("profile__site", "profile__parent__site", "handler")
        .filter(number=number)
        .first()
    )
    if not code_matches(application, code):
        return None
    if site is None or application.profile.host_site.pk != site.pk:
        return None
    return application


def _remember(request, application):
    opened = [pk for pk in request.session.get(OPENED, []) if pk != application.pk]
    request.session[OPENED] = [*opened, application.pk][-OPENED_KEEP:]


def _outcome_read(application):
    """Log, once, that the applicant has read the closed application's outcome."""
    viewed = ApplicationEvent.Action.VIEWED
    if application.state == State.CLOSED and not application.events.filter(action=viewed).exists():
        ApplicationEvent.objects.create(
            application=application, action=viewed, unit=application.handler, note="申请人凭申请编号和查询码查看了答复"
        )


@never_cache
def lookup(request):
    site = Site.find_for_request(request)
    remote_addr = client_ip(request)
    context = {"page": None}
    if request.method != "POST":
        context["form"] = LookupForm()
        return TemplateResponse(request, "disclosure/lookup.html", context)
    form = LookupForm(request.POST)
    context["form"] = form
    if too_many_lookups("disclosure", remote_addr):
        minutes = settings.INTERACTION_LOOKUP_WINDOW_SECONDS // 60
        form.add_error(None, f"查询次数过多，请{minutes}分钟后再试。")
        return TemplateResponse(request, "disclosure/lookup.html", context, status=429)
    if not form.is_valid():
        return TemplateResponse(request, "disclosure/lookup.html", context, status=400)
    code = form.cleaned_data["code"]
    application = find_application(site, form.cleaned_data["number"], code)
    if application is None:
        count_failed_lookup("disclosure", remote_addr)
        form.add_error(None, WRONG_CODE)
        return TemplateResponse(request, "disclosure/lookup.html", context, status=400)

    status = 200
    clarification_form = ClarificationForm()
    if request.POST.get("action") == "clarify":
        clarification_form = ClarificationForm(request.POST, request.FILES)
        if clarification_form.is_valid():
            data = clarification_form.cleaned_data
            try:
                application = intake.receive_clarification(application, data["text"], data["attachments"])
            except intake.RefusedAction as refusal:
                context["refused"] = str(refusal)
                status = 400
            else:
                context["done"] = "补正已提交，答复期限自今日起重新计算。"
                clarification_form = ClarificationForm()
                application = find_application(site, application.number, code)
        else:
            status = 400
    _remember(request, application)
    _outcome_read(application)
    closed = application.state == State.CLOSED
    context.update(
        application=application,
        code=code,
        timeline=clock.timeline(application),
        next_step=NEXT_STEPS.get(application.state, ""),
        clarification_form=clarification_form,
        outcome=label_of(application.outcome) if closed else "",
        files=(
            list(application.files.filter(kind__in=[ApplicationFile.Kind.RELEASED, ApplicationFile.Kind.LETTER]))
            if closed
            else []
        ),
    )
    return TemplateResponse(request, "disclosure/lookup.html", context, status=status)


@never_cache
def download(request, file_id):
    """A released file or the 告知书 of an application looked up in this session, on its site."""
    site = Site.find_for_request(request)
    record = get_object_or_404(
        ApplicationFile.objects.select_related("application__profile__site", "application__profile__parent__site"),
        pk=file_id,
        kind__in=[ApplicationFile.Kind.RELEASED, ApplicationFile.Kind.LETTER],
        application__state=State.CLOSED,
    )
    application = record.application
    if application.pk not in request.session.get(OPENED, []) or site is None:
        raise Http404
    if application.profile.host_site.pk != site.pk:
        raise Http404
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("文件不存在。") from missing
    return FileResponse(handle, as_attachment=True, filename=record.name, content_type=record.content_type)
