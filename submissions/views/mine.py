"""我的报送: what the user and the user's sites submitted, and what the portal decided."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column

from assurance.scope import can_oversee
from sites.models import SiteGroup

from ..models import Submission
from ..services import SubmissionError, withdraw
from .listing import STATUS, TITLE, ActionsColumn, SubmissionReport, when


class MySubmissionsView(SubmissionReport):
    page_title = "我的报送"
    index_url_name = "submissions_mine"
    index_results_url_name = "submissions_mine_results"
    export_filename = "my-submissions"
    columns = [
        TITLE,
        Column("column_title", label="报送栏目"),
        Column("submitter_name", label="报送人"),
        when("submitted_at", "报送时间"),
        STATUS,
        Column("decider_name", label="处理人"),
        when("decided_at", "处理时间"),
        ActionsColumn("mine", label="处理结果"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_oversee(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped(self):
        user = self.request.user
        if user.is_superuser:
            return Submission.objects.all()
        own_sites = SiteGroup.objects.filter(group__user=user).values("profile_id")
        return Submission.objects.filter(Q(submitted_by=user) | Q(source_profile__in=own_sites))


class WithdrawView(View):
    """The submitter, or an editor of the item, takes back a submission the portal has not decided."""

    def post(self, request, pk):
        submission = get_object_or_404(Submission.objects.select_related("source_page"), pk=pk)
        page = submission.source_page
        allowed = submission.submitted_by_id == request.user.pk or (
            page is not None and page.permissions_for_user(request.user).can_edit()
        )
        if not allowed:
            raise PermissionDenied
        try:
            withdraw(submission, request.user)
        except SubmissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已撤回“{submission.title}”的报送。")
        return redirect("submissions_mine")


@hooks.register("register_admin_urls")
def mine_urls():
    return [
        path("submissions/mine/", MySubmissionsView.as_view(), name="submissions_mine"),
        path(
            "submissions/mine/results/", MySubmissionsView.as_view(results_only=True), name="submissions_mine_results"
        ),
        path("submissions/<int:pk>/withdraw/", WithdrawView.as_view(), name="submissions_withdraw"),
    ]
