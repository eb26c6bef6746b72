"""Staff recording an application that came on paper: handed in, posted or faxed, with the
收到申请之日 art. 31 sets for its channel (a 补正 on paper is a step of the application's page).
Only for the units the user oversees (assurance.scope.overseen_profiles); another unit's id is
refused like a wrong choice.
"""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.log import record
from accounts.models import SecurityEvent
from assurance.scope import overseen_profiles
from sites.models import SiteProfile

from .. import intake
from ..forms import RecordForm


def recordable_profiles(user):
    return overseen_profiles(user).filter(status=SiteProfile.Status.OPEN).order_by("root_page__path")


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
