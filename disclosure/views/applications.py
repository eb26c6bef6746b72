"""依申请公开 in the admin: the inbox of the applications a user may see, an application's page
with its legal dates, history and the steps this user may take, the 告知书's print view and the
files' download.

A user sees the applications made to or handled by the units they oversee
(assurance.scope.overseen_profiles). The applicant's identity and contact appear only after the
explicit step "查看申请人信息", for the staff handling it; that step, each download and each
print of the 告知书 are logged (SecurityEvent PERSONAL_DATA).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.log import record
from accounts.models import SecurityEvent
from assurance.scope import overseen_profiles
from sites.models import SiteProfile

from .. import clock, deadlines, handling
from ..models import Application, ApplicationFile
from ..outcomes import label_of
from . import forms

State = Application.State
PER_PAGE = 30
MASK = "＊＊＊"
APPLICANT = "applicant"  # the step that shows the applicant's data (not a handling step)

# action name: (button label, form class)
ACTIONS = {
    "confirm_receipt": ("确认收到申请", forms.ReceiptForm),
    "forward": ("转交办理", forms.ForwardForm),
    "ask_clarification": ("告知补正", forms.ClarificationRequestForm),
    "record_clarification": ("登记补正（重新计时）", forms.ClarificationForm),
    "close_not_corrected": ("逾期未补正，办结", forms.EmptyForm),
    "extend": ("延长答复期限", forms.ExtendForm),
    "consult": ("征求第三方意见（暂停计时）", forms.ConsultForm),
    "end_consultation": ("第三方意见已返回（恢复计时）", forms.NoteForm),
    "fee_notice": ("发出收费通知（暂停计时）", forms.FeeForm),
    "fee_paid": ("已缴费（恢复计时）", forms.FeePaidForm),
    "close_fee_unpaid": ("逾期未缴费，办结", forms.EmptyForm),
    "decide": ("拟定办理结果和告知书", forms.DecideForm),
    "edit_letter": ("修改告知书", forms.LetterForm),
    "approve": ("审核通过", forms.EmptyForm),
    "send_back": ("退回修改", forms.RequiredNoteForm),
    "send": ("送达告知书并办结", forms.SendForm),
}
ALL_ACTIONS = [*ACTIONS, APPLICANT]


def visible_applications(user):
    return handling.visible_applications(overseen_profiles(user))


def log_personal(request, application, what):
    record(
        SecurityEvent.Kind.PERSONAL_DATA,
        user=request.user,
        request=request,
        detail=f"依申请公开 {application.number}：{what}",
    )


def with_status(applications, today):
    """Each application's deadline status, the calendar read once for the whole page."""
    known = deadlines.calendar_for(applications, today)
    for a in applications:
        a.due_label, a.due, a.badge, a.late = deadlines.status(a, today, known)
    return applications


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/admin/inbox.html"
    page_title = "依申请公开"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, today = self.request, timezone.localdate()
        profiles = list(overseen_profiles(request.user).order_by("root_page__path"))
        ids = [p.pk for p in profiles]
        applications = handling.visible_applications(SiteProfile.objects.filter(pk__in=ids))
        query = request.GET
        if query.get("state") in State.values:
            applications = applications.filter(state=query["state"])
        if query.get("site", "").isdigit() and int(query["site"]) in ids:
            site = int(query["site"])
            applications = applications.filter(Q(profile=site) | Q(handler=site))
        if query.get("due") in ("soon", "overdue"):
            running = list(applications.filter(state__in=deadlines.RUNNING).only(*deadlines.CLOCK_FIELDS))
            known = deadlines.calendar_for(running, today)
            soon, overdue = deadlines.due_within(running, today, settings.DISCLOSURE_REMIND_DAYS_BEFORE, known)
            applications = applications.filter(pk__in=soon if query["due"] == "soon" else overdue)
        if q := query.get("q", "").strip()[:30]:
            applications = applications.filter(number__iexact=q)
        ordered = applications.select_related("profile", "handler").order_by("-submitted_at", "-pk")
        page = Paginator(ordered, PER_PAGE).get_page(query.get("p"))
        with_status(page.object_list, today)
        filters = query.copy()
        filters.pop("p", None)
        context.update(
            page=page,
            applications=page.object_list,
            profiles=profiles,
            states=State.choices,
            query=query,
            filter_query=filters.urlencode(),
            remind_days=settings.DISCLOSURE_REMIND_DAYS_BEFORE,
        )
        return context


class ApplicationView(WagtailAdminTemplateMixin, TemplateView):
    """One application: what is asked, its legal dates, history and files, the forms of the steps
    this user may take. POST to `action` runs a step; an error is shown here, the input kept."""

    template_name = "disclosure/admin/application.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return f"依申请公开 {self.application.number}"

    def get_page_subtitle(self):
        return self.application.get_state_display()

    def load(self, application_id):
        self.application = get_object_or_404(
            visible_applications(self.request.user).select_related(
                "profile__root_page", "handler__root_page", "decided_by", "approved_by"
            ),
            pk=application_id,
        )
        return self.application

    def get(self, request, application_id):
        self.load(application_id)
        return self.render_to_response(self.get_context_data())

    def form(self, name, data=None, files=None):
        a = self.application
        initial = {}
        if name == "edit_letter":
            initial = {"letter": a.decision_letter}
        elif name == "decide" and a.outcome:
            basis, _, withheld = a.decision_basis.partition("\n不予公开部分的理由和依据：")
            initial = {"outcome": a.outcome, "basis": basis, "withheld": withheld}
        return ACTIONS[name][1](data, files, initial=initial, prefix=name, application=a)

    def get_context_data(self, failed=None, bound=None, error="", personal=False, **kwargs):
        context = super().get_context_data(**kwargs)
        a, user, today = self.application, self.request.user, timezone.localdate()
        handles = handling.may_handle(user, a)
        actions = []
        for name in handling.allowed_actions(a, user, today):
            if name == "edit_letter" and not personal:
                continue  # the letter names the applicant: edited once their data is shown
            form = bound if name == failed else self.form(name)
            actions.append(
                {"name": name, "label": ACTIONS[name][0], "form": form, "error": error if name == failed else ""}
            )
        with_status([a], today)
        letter = a.decision_letter
        if letter and not personal:
            letter = letter.replace(a.name, MASK) if a.name else letter
        files = list(a.files.order_by("kind", "pk"))
        context.update(
            application=a,
            personal=personal,
            handles=handles,
            timeline=clock.timeline(a),
            events=list(a.events.select_related("actor", "unit")),
            files=files,
            actions=actions,
            error=error,
            letter=letter,
            outcome_label=label_of(a.outcome),
            due_now=handling.due_now(a, today),
            applicant_action=APPLICANT,
        )
        return context


class ActionView(ApplicationView):
    http_method_names = ["post"]

    def post(self, request, application_id, action):
        if action not in ALL_ACTIONS:
            raise Http404
        a = self.load(application_id)
        if action == APPLICANT:
            if not handling.sees_personal_data(request.user, a):
                raise PermissionDenied
            log_personal(request, a, "查看申请人信息")
            return self.render_to_response(self.get_context_data(personal=True))
        label, _form_class = ACTIONS[action]
        form = self.form(action, request.POST, request.FILES)
        seen = request.POST.get("state")
        error = ""
        if not handling.may_handle(request.user, a) and not handling.may_review(request.user, a):
            raise PermissionDenied
        if seen and seen != a.state:
            error = f"该申请已被他人处理（当前状态：{a.get_state_display()}）。"
        elif not form.is_valid():
            error = "请按提示修改后再提交。"
        else:
            try:
                handling.STEPS[action](a, request.user, form.cleaned_data)
            except handling.HandlingError as refusal:
                error = str(refusal)
        if error:
            messages.error(request, error)
            context = self.get_context_data(failed=action, bound=form, error=error)
            # a refused step whose form is not offered now is shown on its own
            if not any(item["name"] == action for item in context["actions"]):
                context["actions"].insert(0, {"name": action, "label": label, "form": form, "error": error})
            return self.render_to_response(context, status=400)
        messages.success(request, f"{label}：已完成。")
        return redirect(reverse("disclosure_admin:detail", args=[a.pk]))


class LetterView(View):
    """The 告知书 on one A4 page, for printing."""

    def get(self, request, application_id):
        visible = visible_applications(request.user).select_related("handler", "profile")
        a = get_object_or_404(visible, pk=application_id)
        if not handling.sees_personal_data(request.user, a):
            raise PermissionDenied
        if not a.decision_letter:
            raise Http404("尚未拟定告知书。")
        log_personal(request, a, "打印告知书")
        return render(request, "disclosure/admin/letter_print.html", {"application": a})


class FileView(View):
    def get(self, request, application_id, file_id):
        a = get_object_or_404(visible_applications(request.user), pk=application_id)
        if not handling.sees_personal_data(request.user, a):
            raise PermissionDenied
        kept = get_object_or_404(ApplicationFile, application=a, pk=file_id)
        log_personal(request, a, f"下载文件“{kept.name}”")
        try:
            handle = kept.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("文件不存在。") from missing
        return FileResponse(handle, as_attachment=True, filename=kept.name, content_type=kept.content_type)
