"""Wagtail's page chooser and admin page API, showing each user only what sites.visibility allows:
their own sites' pages in full, other sites' public pages under their live titles.

The `construct_page_chooser_queryset` hook (sites.wagtail_hooks) narrows what Wagtail's chooser
lists; the views here (routed in sites.admin_urls) mask what it shows of each listed page.
"""

import json

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.admin.api.serializers import AdminPageSerializer, PageAncestorsField
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views import chooser
from wagtail.api.v2.serializers import get_serializer_class
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .visibility import as_seen_by, visible_q


def _seen_by(column, user):
    """Make a chooser table column show every page (and a page it shows, such as the parent) as
    the user may see it."""
    get_value, get_cell_context_data = column.get_value, column.get_cell_context_data

    def value(instance):
        shown = get_value(as_seen_by(user, instance))
        return as_seen_by(user, shown) if isinstance(shown, Page) else shown

    column.get_value = value
    column.get_cell_context_data = lambda instance, parent_context: get_cell_context_data(
        as_seen_by(user, instance), parent_context
    )
    if isinstance(column, chooser.PageNavigateToChildrenColumn):

        def descend(instance):
            if instance.can_descend:
                instance.can_descend = Page.objects.child_of(instance).filter(visible_q(user)).exists()
            return value(instance)

        column.get_value = descend
    return column


class SeenByUserMixin:
    @property
    def columns(self):
        return [_seen_by(column, self.request.user) for column in super().columns]


class BrowseView(SeenByUserMixin, chooser.BrowseView):
    def get(self, request, parent_page_id=None):
        if parent_page_id and not Page.objects.filter(visible_q(request.user), pk=parent_page_id).exists():
            parent = get_object_or_404(Page, pk=parent_page_id)
            if not parent.is_root():
                raise Http404
        return super().get(request, parent_page_id)


class SearchView(SeenByUserMixin, chooser.SearchView):
    pass


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = Page.objects.filter(visible_q(request.user), pk__in=ids).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": as_seen_by(request.user, page).get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


class AddressField(URLOrAbsolutePathField):
    """Wagtail's field fails on a form posted without the address (None.startswith)."""

    def to_python(self, value):
        return super().to_python(value or "")


class ExternalLinkForm(ExternalLinkChooserForm):
    url = AddressField(required=True, label=ExternalLinkChooserForm.base_fields["url"].label)


class ExternalLinkView(chooser.ExternalLinkView):
    """Wagtail converts an address of a live page into a link to it, naming the page by its draft
    title; another site's page is named by its live title."""

    form_class = ExternalLinkForm

    def post(self, request):
        response = super().post(request)
        data = json.loads(response.content)
        data.pop("html", None)
        internal = data.get("internal") or data.get("result")
        if not isinstance(internal, dict) or "id" not in internal:
            return response
        page = as_seen_by(request.user, Page.objects.get(pk=internal["id"]))
        internal["adminTitle"] = page.get_admin_display_title()
        if data.get("step") != "confirm_external_to_internal":
            return render_modal_workflow(request, None, None, None, json_data=data)
        context = {
            "submitted_url": data["external"]["url"],
            "internal_url": internal["url"],
            "page": internal["adminTitle"],
        }
        return render_modal_workflow(
            request, "wagtailadmin/chooser/confirm_external_to_internal.html", None, context, json_data=data
        )


class SeenRelativesField(PageAncestorsField):
    """A page's ancestors or translations, those the user may see, as they may see them."""

    def __init__(self, relatives, **kwargs):
        super().__init__(**kwargs)
        self.relatives = relatives

    def to_representation(self, page):
        user = self.context["request"].user
        fields = ["id", "type", "detail_url", "html_url", "title", "admin_display_title"]
        meta_fields = ["type", "detail_url", "html_url"]
        if self.relatives == "translations":
            fields, meta_fields = [*fields, "locale"], [*meta_fields, "locale"]
            pages = page.get_translations()
        else:
            pages = page.get_ancestors()
        serializer_class = get_serializer_class(Page, fields, meta_fields=meta_fields, base=SeenPageSerializer)
        pages = pages.filter(Q(depth=1) | visible_q(user))
        return serializer_class(context=self.context, many=True).to_representation(pages)


class SeenPageSerializer(AdminPageSerializer):
    """Wagtail's admin page serializer, with every page as the user may see it."""

    ancestors = SeenRelativesField("ancestors", read_only=True)
    translations = SeenRelativesField("translations", read_only=True)

    def to_representation(self, instance):
        return super().to_representation(as_seen_by(self.context["request"].user, instance))


class PagesAPIViewSet(PagesAdminAPIViewSet):
    """/admin/api/main/pages/: the pages the user may explore that they may also see."""

    base_serializer_class = SeenPageSerializer

    def get_base_queryset(self):
        user = self.request.user
        return policy_registry.get_by_type(Page).explorable_instances(user).filter(visible_q(user))
