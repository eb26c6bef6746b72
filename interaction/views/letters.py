"""群众来信 in the admin: the inbox of the letters a user may see, a letter's page with the steps
this user may take, and the attachments' download.

A user sees the letters of their own units and of the units nested in them
(assurance.scope.overseen_profiles), and the letters forwarded to such a unit. Only the staff of
the letter's site and of the unit handling it see the resident's name, phone and e-mail; each
such view is logged (SecurityEvent PERSONAL_DATA). Overseeing staff read the rest, masked.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.log import record
from accounts.models import SecurityEvent
from assurance.scope import overseen_profiles
from workdays.calendar import add_working_days

from .. import clock, handling
from ..jobs import CLOSED, due_of
from ..models import Letter, LetterEvent, LetterKind
from ..redaction import MASK, redact
from . import forms

State = Letter.State
PER_PAGE = 30

# action name: (button label, form class, call(letter, user, cleaned data))
ACTIONS = {
    "accept": ("受理", forms.EmptyForm, lambda letter, user, data: handling.accept(letter, user)),
    "refuse": (
        "不予受理",
        forms.RefuseForm,
        lambda letter, user, data: handling.refuse(letter, user, data["reason"], data["note"]),
    ),
    "forward": (
        "转办",
        forms.ForwardForm,
        lambda letter, user, data: handling.forward(letter, user, data["to"], data["note"]),
    ),
    "hand_back": (
        "退回受理站点",
        forms.ReasonForm,
        lambda letter, user, data: handling.hand_back(letter, user, data["reason"]),
    ),
    "ask_info": (
        "请来信人补充（暂停计时）",
        forms.NoteForm,
        lambda letter, user, data: handling.ask_info(letter, user, data["note"]),
    ),
    "info_received": (
        "来信人已补充（恢复计时）",
        forms.NoteForm,
        lambda letter, user, data: handling.info_received(letter, user, data["note"]),
    ),
    "extend": ("延期", forms.ReasonForm, lambda letter, user, data: handling.extend(letter, user, data["reason"])),
    "draft_reply": (
        "提交答复",
        forms.ReplyForm,
        lambda letter, user, data: handling.draft_reply(letter, user, data["text"]),
    ),
    "approve": ("审核通过", forms.EmptyForm, lambda letter, user, data: handling.approve(letter, user)),
    "send_back": (
        "退回修改",
        forms.NoteForm,
        lambda letter, user, data: handling.send_back(letter, user, data["note"]),
    ),
    "publish": (
        "公开答复",
        forms.PublishForm,
        lambda letter, user, data: handling.publish(letter, user, data["title"], data["content"], data["reply"]),
    ),
    "send_privately": (
        "不公开，答复来信人",
        forms.EmptyForm,
        lambda letter, user, data: handling.send_privately(letter, user),
    ),
}


def visible_letters(user):
    return handling.visible_letters(user, overseen_profiles(user))


def badge_text(badge):
    if badge is None:
        return None
    kind, days = badge
    return (True, f"逾期 {days} 个工作日") if kind == "late" else (False, f"剩 {days} 个工作日")


def with_badges(letters, today):
    """Each open letter's deadline badge, the calendar read once for the whole page."""
    known = clock.calendar_for([due_of(letter)[1] for letter in letters], today)
    for letter in letters:
        letter.due_label, letter.due = due_of(letter)
        letter.badge = None
        if letter.state not in CLOSED and letter.state != State.AWAITING_INFO:
            letter.badge = badge_text(clock.due_badge(letter.due, today, known))
    return letters


def open_due_q(op, day):
    """Open letters whose running deadline compares by `op` (lt, lte, gte) to `day`."""
    return (Q(state=State.RECEIVED) & Q(**{f"accept_due__{op}": day})) | (
        Q(state__in=[State.ACCEPTED, State.FORWARDED, State.DRAFTED, State.APPROVED]) & Q(**{f"reply_due__{op}": day})
    )


# The steps a resident takes: no staff account stands behind them.
RESIDENTS_ACTIONS = {LetterEvent.Action.RECEIVED, LetterEvent.Action.RATED, LetterEvent.Action.SECOND_HANDLING}


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/inbox.html"
    page_title = "群众来信"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, today = self.request, timezone.localdate()
        profiles = list(overseen_profiles(request.user).order_by("root_page__path"))
        ids = [profile.pk for profile in profiles]
        letters = Letter.objects.filter(Q(profile__in=ids) | Q(handler__in=ids))
        query = request.GET
        if query.get("state") in State.values:
            letters = letters.filter(state=query["state"])
        if query.get("kind") in LetterKind.values:
            letters = letters.filter(kind=query["kind"])
        if query.get("site", "").isdigit() and int(query["site"]) in ids:
            site = int(query["site"])
            letters = letters.filter(Q(profile=site) | Q(handler=site))
        if query.get("due") == "overdue":
            letters = letters.filter(open_due_q("lt", today))
        elif query.get("due") == "soon":
            soon = add_working_days(today, settings.INTERACTION_REMIND_DAYS_BEFORE)
            letters = letters.filter(open_due_q("gte", today) & open_due_q("lte", soon))
        if q := query.get("q", "").strip()[:100]:
            letters = letters.filter(Q(number__iexact=q) | Q(title__icontains=q))
        paginator = Paginator(letters.select_related("profile", "handler").order_by("-received_at", "-pk"), PER_PAGE)
        page = paginator.get_page(query.get("p"))
        with_badges(page.object_list, today)
        filters = query.copy()
        filters.pop("p", None)
        context.update(
            page=page,
            letters=page.object_list,
            profiles=profiles,
            states=State.choices,
            kinds=LetterKind.choices,
            query=query,
            filter_query=filters.urlencode(),
        )
        return context


class LetterView(WagtailAdminTemplateMixin, TemplateView):
    """One letter: its text, attachments, history and clock, and the forms of the steps this user
    may take. POST to `action` runs a step; an error is shown here, the typed input kept."""

    template_name = "interaction/admin/letter.html"
    header_icon = "mail"

    def get_page_title(self):
        return f"来信 {self.letter.number}"

    def get_page_subtitle(self):
        return self.letter.title

    def load(self, letter_id):
        self.letter = get_object_or_404(
            visible_letters(self.request.user).select_related("profile", "handler", "mailbox", "reply_unit"),
            pk=letter_id,
        )

    def get(self, request, letter_id):
        self.load(letter_id)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, failed=None, bound=None, error="", **kwargs):
        context = super().get_context_data(**kwargs)
        letter, user = self.letter, self.request.user
        personal = handling.sees_personal_data(user, letter)
        if personal:
            record(
                SecurityEvent.Kind.PERSONAL_DATA,
                user=user,
                request=self.request,
                detail=f"信件 {letter.number}：查看姓名、电话、电子邮箱",
            )
        names = [letter.name]
        actions = []
        for name in handling.allowed_actions(letter, user):
            label, form_class, _call = ACTIONS[name]
            form = bound if name == failed else self.form(name, form_class)
            actions.append({"name": name, "label": label, "form": form, "error": error if name == failed else ""})
        with_badges([letter], timezone.localdate())
        context.update(
            letter=letter,
            personal=personal,
            shown_name=letter.name if personal else redact(letter.name, names),
            shown_phone=letter.phone if personal else MASK,
            shown_email=letter.email if personal else (MASK if letter.email else ""),
            shown_content=letter.content if personal else redact(letter.content, names),
            shown_reply=letter.reply if personal else redact(letter.reply, names),
            attachments=list(letter.attachments.all()),
            events=list(letter.events.select_related("actor", "unit")),
            residents_actions=RESIDENTS_ACTIONS,
            actions=actions,
            error=error,
            state_choices=State,
        )
        return context

    def form(self, name, form_class, data=None):
        letter = self.letter
        initial = {}
        if name == "draft_reply":
            initial = {"text": letter.reply}
        elif name == "publish":
            initial = {"title": letter.public_title, "content": letter.public_content, "reply": letter.public_reply}
        kwargs = {"letter": letter} if form_class is forms.ForwardForm else {}
        return form_class(data, initial=initial, prefix=name, **kwargs)


class ActionView(LetterView):
    http_method_names = ["post"]

    def post(self, request, letter_id, action):
        if action not in ACTIONS:
            raise Http404
        self.load(letter_id)
        label, form_class, call = ACTIONS[action]
        form = self.form(action, form_class, request.POST)
        seen = request.POST.get("state")
        error = ""
        if seen and seen != self.letter.state:
            error = f"该信件已被他人处理（当前状态：{self.letter.get_state_display()}）。"
        elif not form.is_valid():
            error = "请按提示修改后再提交。"
        else:
            try:
                call(self.letter, request.user, form.cleaned_data)
            except handling.HandlingError as refusal:
                error = str(refusal)
        if error:
            messages.error(request, error)
            return self.render_to_response(self.get_context_data(failed=action, bound=form, error=error), status=400)
        messages.success(request, f"{label}：已完成。")
        return redirect(reverse("interaction_admin:detail", args=[self.letter.pk]))


class AttachmentView(View):
    def get(self, request, letter_id, attachment_id):
        letter = get_object_or_404(visible_letters(request.user), pk=letter_id)
        if not handling.sees_personal_data(request.user, letter):
            raise PermissionDenied
        attachment = get_object_or_404(letter.attachments, pk=attachment_id)
        record(
            SecurityEvent.Kind.PERSONAL_DATA,
            user=request.user,
            request=request,
            detail=f"信件 {letter.number}：下载附件“{attachment.name}”",
        )
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("附件文件不存在。") from missing
        return FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
