from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from assurance.scope import oversees_cluster
from sites.snippets import ScopedSnippetViewSet, YesNoColumn

from .models import CalendarDay


class CityStaffOnly(ModelPermissionPolicy):
    """One calendar for the whole cluster: only city staff see and change it."""

    def user_has_permission(self, user, action):
        return user.is_active and oversees_cluster(user)


register_permission_policy(CalendarDay, CityStaffOnly(CalendarDay))


class CalendarDayViewSet(ScopedSnippetViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = "节假日与调休"
    menu_name = "calendar-days"
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["date", YesNoColumn("is_workday", CalendarDay), "name", "source"]
    list_filter = ["is_workday", "source"]
    search_fields = ["name"]


register_snippet(CalendarDayViewSet)
