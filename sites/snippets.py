"""Snippet viewsets whose choosers (and wagtail-localize's snippet API) show each user only what
the viewset's listing would: Wagtail's snippet choosers check no permission at all."""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views import snippets_api

MODEL_ACTIONS = ["add", "change", "delete", "view"]


def visible_snippets(request, model):
    """The instances of a snippet model this user may see: the viewset's own `get_queryset`, or
    every instance for those with a permission on the model; None for nobody else."""
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return None
    queryset = viewset.get_queryset(request)
    if queryset is not None:
        return queryset
    if viewset.permission_policy.user_has_any_permission(request.user, MODEL_ACTIONS):
        return model._default_manager.all()
    return None


def _visible(view):
    queryset = visible_snippets(view.request, view.model_class)
    if queryset is None:
        raise PermissionDenied
    return queryset


class ChooseView(chooser.ChooseView):
    def get_object_list(self):
        return _visible(self)


class ChooseResultsView(chooser.ChooseResultsView):
    def get_object_list(self):
        return _visible(self)


def _valid(view, pks):
    """The ids of the right form for the model's key: hostile ones choose nothing."""
    valid = []
    for pk in pks:
        with suppress(ValidationError):
            valid.append(view.model_class._meta.pk.to_python(pk))
    return valid


class ChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return _visible(self).get(pk__in=_valid(self, [pk]))


class ChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return _visible(self).filter(pk__in=_valid(self, pks))


class ChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class YesNoColumn(Column):
    """A yes/no field of a listing as 是/否: Wagtail shows True/False (or icons titled so)."""

    def __init__(self, name, model, **kwargs):
        super().__init__(name, label=model._meta.get_field(name).verbose_name, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        return "—" if value is None else "是" if value else "否"


class ScopedSnippetViewSet(SnippetViewSet):
    """Every snippet viewset of the project: define `get_queryset(request)` to show a user part of
    the model; without it only users with a permission on the model see (and choose) any."""

    chooser_viewset_class = ChooserViewSet


class SnippetAPIViewSet(snippets_api.SnippetViewSet):
    """wagtail-localize's snippet API (/admin/localize/api/snippets/…), which lists any model."""

    def get_queryset(self):
        return visible_snippets(self.request, self.get_model()) or self.get_model()._default_manager.none()
