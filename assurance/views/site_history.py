"""Wagtail's site history (报告 › 站点历史), confined to what the user may see: the pages of the
sites they oversee (a county its own site and its townships, the city's staff every site, a
translator their language's tree) and the other records of objects they hold a right on (media of
their own collections). Wagtail shows every page entry above a user's pages and every record of a
model they have any right on, whichever site's."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry
from wagtail.permissions import policy_registry

from ..scope import overseen_profiles

ANY_ACTION = {"add", "change", "delete", "choose", "publish", "view", "lock", "unlock"}


def viewable_entries(log_model, user):
    if user.is_superuser:
        return log_model.objects.viewable_by_user(user)
    if issubclass(log_model, PageLogEntry):
        own = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, ANY_ACTION)
        q = Q(page__in=own.values("pk"))
        for profile in overseen_profiles(user):
            q |= Q(page__path__startswith=profile.root_page.path)
        return log_model.objects.filter(q)
    entries = log_model.objects.viewable_by_user(user)
    q = Q(pk__in=[])
    for content_type_id in entries.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        try:
            instances = policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ANY_ACTION)
        except NotImplementedError:
            continue
        ids = instances.order_by().annotate(object_key=Cast("pk", CharField())).values("object_key")
        q |= Q(content_type_id=content_type_id, object_id__in=ids)
    return entries.filter(q)


def _across_log_models(user, method):
    values = set()
    for log_model in log_action_registry.get_log_entry_models():
        values.update(getattr(viewable_entries(log_model, user), method)())
    return values


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    object_type = ContentTypeFilter(
        label=SiteHistoryReportFilterSet.base_filters["object_type"].label,
        method="filter_object_type",
        queryset=lambda request: ContentType.objects.filter(
            pk__in=_across_log_models(request.user, "get_content_type_ids")
        ).order_by("model"),
    )

    def get_action_choices(self):
        actions = _across_log_models(self.request.user, "get_actions")
        return [action for action in log_action_registry.get_choices() if action[0] in actions]

    def get_users_queryset(self):
        User = get_user_model()
        return User.objects.filter(pk__in=_across_log_models(self.request.user, "get_user_ids")).order_by(
            User.USERNAME_FIELD
        )

    get_user_choices = get_users_queryset


class SiteHistoryView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        # LogEntriesView's union of every log model, each narrowed by viewable_entries.
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            entries = (
                viewable_entries(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            entries = self.filter_queryset(entries).order_by()
            queryset = entries if queryset is None else queryset.union(entries, all=True)
        return queryset.order_by("-timestamp")
