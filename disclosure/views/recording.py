"""Staff recording what came on paper: an application handed in, posted or faxed (with the
收到申请之日 art. 31 sets for its channel), and a 补正 that came on paper. Only for the units the
user oversees (assurance.scope.overseen_profiles); another unit's id is refused like a wrong choice.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.log import record
from accounts.models import SecurityEvent
from assurance.scope import overseen_profiles
from sites.models import SiteProfile

from .. import intake
from ..forms import PaperClarificationForm, RecordForm
from ..models import Application


def recordable_profiles(user):
    return overseen_profiles(user).filter(status=SiteProfile.Status.OPEN).order_by("root_page__path")


def visible_applications(user):
    ids = overseen_profiles(user).values("pk")
    return Application.objects.filter(Q(profile__in=ids) | Q(handler__in=ids))


class RecordView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/admin/record.html"
    page_title = "登记政府信息公开申请"
    page_subtitle = "当面提交、邮寄、传真"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        self.profiles = recordable_profiles(request.user)
        if not self.profiles.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=RecordForm(profiles=self.profiles)))

    def post(self, request):
        form = RecordForm(request.POST, request.FILES, profiles=self.profiles)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application, code = intake.receive_application(
                    data["profile"],
                    data,
                    data["attachments"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    recorded_by=request.user,
                )
            except intake.RefusedAction as refusal:
                form.add_error(None, str(refusal))
            else:
                record(
                    SecurityEvent.Kind.PERSONAL_DATA,
                    user=request.user,
                    request=request,
                    detail=f"依申请公开 {application.number}：登记申请人信息",
                )
                context = self.get_context_data(application=application, code=code)
                return self.render_to_response(context)
        messages.error(request, "请按提示修改后再提交。")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PaperClarificationView(WagtailAdminTemplateMixin, TemplateView):
    """A 补正 that came on paper, by post or by fax, recorded with the day it arrived."""

    template_name = "disclosure/admin/clarification.html"
    header_icon = "form"

    def get_page_title(self):
        return f"登记补正 {self.application.number}"

    def load(self, application_id):
        self.application = get_object_or_404(
            visible_applications(self.request.user).select_related("profile", "handler"), pk=application_id
        )

    def get(self, request, application_id):
        self.load(application_id)
        form = PaperClarificationForm() if self.application.state == Application.State.CLARIFYING else None
        return self.render_to_response(self.get_context_data(application=self.application, form=form))

    def post(self, request, application_id):
        self.load(application_id)
        form = PaperClarificationForm(request.POST, request.FILES)
        error = "请按提示修改后再提交。"
        if form.is_valid():
            data = form.cleaned_data
            try:
                intake.receive_clarification(
                    self.application, data["text"], data["attachments"], on=data["on"], actor=request.user
                )
            except intake.RefusedAction as refusal:
                error = str(refusal)
            else:
                messages.success(request, "补正已登记，答复期限自收到补正之日起重新计算。")
                return redirect(reverse("disclosure_admin:clarification", args=[self.application.pk]))
        messages.error(request, error)
        context = self.get_context_data(application=self.application, form=form, error=error)
        return self.render_to_response(context, status=400)
