"""The unit's admin pages: its solicitations, the comments of one with a disposition form each,
a comment's contact details (logged), and 发布反馈."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.log import record
from accounts.models import SecurityEvent
from sites.models import SiteProfile
from sites.units import UnitIndex, profile_of

from .access import handled_solicitations, handles_any, may_handle
from .feedback import Refused, counts, dispose, publish_feedback
from .forms import DispositionForm, FeedbackForm
from .models import Comment, SolicitationPage

NOT_FOUND = "没有找到这项意见征集，或者您不是征集单位的工作人员。"


def solicitation_for(user, solicitation_id):
    page = SolicitationPage.objects.filter(pk=solicitation_id).first()
    if page is None or not may_handle(user, page):
        raise Http404(NOT_FOUND)
    return page


def comment_for(user, comment_id):
    comment = Comment.objects.select_related("page", "article").filter(pk=comment_id).first()
    if comment is None or not may_handle(user, comment.page):
        raise Http404("没有找到这条意见，或者您不是征集单位的工作人员。")
    return comment


class SolicitationIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "solicitation/admin/index.html"
    page_title = "意见征集"
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not handles_any(request.user):
            raise Http404("您不是任何站点的工作人员。")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        pages = (
            handled_solicitations(self.request.user)
            .annotate(
                received=Count("comments"),
                pending=Count("comments", filter=Q(comments__disposition=Comment.Disposition.PENDING)),
            )
            .order_by("-ends_on", "-pk")
        )
        units = UnitIndex.of(SiteProfile.objects.select_related("root_page", "site"))
        rows = [(page, units(page.path), page.state()) for page in pages]
        return super().get_context_data(rows=rows, **kwargs)


class CommentsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "solicitation/admin/comments.html"
    page_title = "征集意见"
    header_icon = "comment"

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [{"url": reverse("solicitation_index"), "label": "意见征集"}, {"url": "", "label": self.page.title}]

    def dispatch(self, request, solicitation_id, *args, **kwargs):
        self.page = solicitation_for(request.user, solicitation_id)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, bound=None, feedback_form=None, **kwargs):
        bound = bound or {}
        page = self.page
        comments = list(page.comments.select_related("article"))
        rows = []
        for comment in comments:
            form = bound.get(comment.pk) or DispositionForm(
                initial={"disposition": comment.disposition, "reason": comment.reason}, prefix=f"c{comment.pk}"
            )
            rows.append((comment, form))
        feedback_form = feedback_form or FeedbackForm(initial={"feedback": page.feedback}, prefix="f")
        return super().get_context_data(
            solicitation=page,
            profile=profile_of(page),
            state=page.state(),
            tally=counts(page),
            rows=rows,
            feedback_form=feedback_form,
            editable=not page.feedback_published_at,
            **kwargs,
        )


class DisposeView(CommentsView):
    http_method_names = ["post"]

    def dispatch(self, request, comment_id, *args, **kwargs):
        self.comment = comment_for(request.user, comment_id)
        self.page = self.comment.page
        return View.dispatch(self, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        comment = self.comment
        form = DispositionForm(request.POST, prefix=f"c{comment.pk}")
        if form.is_valid():
            try:
                dispose(comment, form.cleaned_data["disposition"], form.cleaned_data["reason"], request.user)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"第 {comment.pk} 号意见已标记为“{comment.get_disposition_display()}”。")
                return redirect(reverse("solicitation_comments", args=[self.page.pk]) + f"#comment-{comment.pk}")
        return self.render_to_response(self.get_context_data(bound={comment.pk: form}), status=400)


class FeedbackView(CommentsView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = FeedbackForm(request.POST, prefix="f")
        if form.is_valid():
            try:
                publish_feedback(self.page, form.cleaned_data["feedback"], request.user)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "意见采纳情况已公布。")
                return redirect("solicitation_comments", self.page.pk)
        return self.render_to_response(self.get_context_data(feedback_form=form), status=400)


class PersonView(WagtailAdminTemplateMixin, TemplateView):
    """A comment's name and phone, for the unit to contact its writer; each view is logged."""

    template_name = "solicitation/admin/person.html"
    page_title = "意见人联系方式"
    header_icon = "user"

    def dispatch(self, request, comment_id, *args, **kwargs):
        self.comment = comment_for(request.user, comment_id)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        page = self.comment.page
        return [
            {"url": reverse("solicitation_index"), "label": "意见征集"},
            {"url": reverse("solicitation_comments", args=[page.pk]), "label": page.title},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, **kwargs):
        comment = self.comment
        record(
            SecurityEvent.Kind.PERSONAL_DATA,
            user=request.user,
            request=request,
            detail=f"意见征集《{comment.page.title}》第 {comment.pk} 号意见：查看姓名、电话",
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, **kwargs)
