"""报送处理: the portal's editors adopt or return what units submitted."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Submission
from ..services import SubmissionError, adopt, is_city_editor, return_submission
from .listing import STATUS, TITLE, ActionsColumn, SubmissionReport, when, with_relations


class CityEditorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_city_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InboxView(CityEditorRequiredMixin, SubmissionReport):
    """Pending submissions unless another status (or 全部) is chosen."""

    page_title = "报送处理"
    index_url_name = "submissions_inbox"
    index_results_url_name = "submissions_inbox_results"
    export_filename = "submissions-inbox"
    columns = [
        TITLE,
        Column("site_name", label="报送站点"),
        Column("unit_name", label="报送单位"),
        Column("column_title", label="报送栏目"),
        Column("note", label="报送说明"),
        Column("submitter_name", label="报送人"),
        when("submitted_at", "报送时间"),
        STATUS,
        ActionsColumn("inbox"),
    ]

    def scoped(self):
        return Submission.objects.all()

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if "status" not in kwargs["data"]:
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["status"] = Submission.Status.SUBMITTED
        return kwargs


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="必填：报送单位会收到邮件，并在“我的报送”中看到原因。",
        error_messages={"required": "退回时必须填写退回原因。"},
    )


class DecideView(CityEditorRequiredMixin, WagtailAdminTemplateMixin, View):
    """One submission, with its adopt (采用) or return (退回) form."""

    template_name = "submissions/decide.html"
    header_icon = "upload"
    action = None  # "adopt" or "return"

    def get_page_title(self):
        return "采用报送信息" if self.action == "adopt" else "退回报送信息"

    def get_page_subtitle(self):
        return self.submission.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("submissions_inbox"), "label": "报送处理"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(submission=self.submission, action=self.action, **kwargs)

    def load(self, pk):
        self.submission = get_object_or_404(with_relations(Submission.objects.all()), pk=pk)

    def get(self, request, pk):
        self.load(pk)
        form = ReturnForm() if self.action == "return" else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, pk):
        self.load(pk)
        if self.action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if self.action == "adopt":
                copy, workflow = adopt(self.submission, request.user)
            else:
                return_submission(self.submission, request.user, form.cleaned_data["reason"])
        except SubmissionError as error:
            messages.error(request, str(error))
            form = ReturnForm(request.POST) if self.action == "return" else None
            return self.render_to_response(self.get_context_data(form=form, error=str(error)), status=400)
        column = self.submission.column_title
        if self.action == "return":
            messages.success(request, f"已退回“{self.submission.title}”，已通知报送单位。")
        elif workflow:
            messages.success(
                request,
                f"已采用“{copy.title}”：门户稿已存为草稿并提交门户审核流程“{workflow.name}”，"
                f"审核通过后发布在“{column}”栏目。",
                buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[copy.pk]), "查看门户稿")],
            )
        else:
            messages.success(
                request,
                f"已采用“{copy.title}”：“{column}”栏目未设门户审核流程，门户稿已直接发布。",
                buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[copy.pk]), "查看门户稿")],
            )
        return redirect("submissions_inbox")


@hooks.register("register_admin_urls")
def inbox_urls():
    return [
        path("submissions/", InboxView.as_view(), name="submissions_inbox"),
        path("submissions/results/", InboxView.as_view(results_only=True), name="submissions_inbox_results"),
        path("submissions/<int:pk>/adopt/", DecideView.as_view(action="adopt"), name="submissions_adopt"),
        path("submissions/<int:pk>/return/", DecideView.as_view(action="return"), name="submissions_return"),
    ]
