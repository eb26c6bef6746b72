"""The solicitation page for residents: the draft article by article, the comment form while the
solicitation is open, and the published feedback."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.addresses import client_ip

from .feedback import counts, published_opinions
from .forms import CommentForm
from .intake import per_address_limit, save_comment, window_message

SENT = "sent"


def serve_solicitation(page, request, default_serve):
    if request.method not in ("GET", "HEAD", "POST"):
        return default_serve(request)
    form = None
    closed = window_message(page, timezone.localdate())
    status = 200
    if request.method == "POST":
        if closed:
            status = 403
        else:
            form = CommentForm(page, request.POST)
            if form.is_valid() and save_comment(page, form, client_ip(request)):
                return HttpResponseRedirect(f"{request.path}?{SENT}=1#comment-form")
            status = 400
    elif not closed:
        form = CommentForm(page, initial={"article": _article_asked(page, request)})
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "closed_message": closed,
            "sent": request.GET.get(SENT) == "1" and request.method != "POST",
            "state": page.state(),
            "limit": per_address_limit(),
        }
    )
    if page.feedback_published_at:
        context["tally"] = counts(page)
        context["opinion_groups"] = published_opinions(page)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _article_asked(page, request):
    """?article=<id> from a 对本条提意见 link, if it names an article of this draft."""
    asked = request.GET.get("article", "")
    if asked.isdigit() and page.articles.filter(pk=int(asked)).exists():
        return int(asked)
    return ""
