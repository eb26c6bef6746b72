"""The synonym dictionary in the admin: city staff keep it; nobody else sees it."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy

from assurance.scope import oversees_cluster
from sites.snippets import ScopedSnippetViewSet

from .models import Synonym
from .synonyms import cleaned


class SynonymForm(WagtailAdminModelForm):
    class Meta:
        model = Synonym
        fields = ["term", "expansions"]

    def clean(self):
        data = super().clean()
        try:
            term, expansions = cleaned(self.data.get("term", ""), self.data.get("expansions", ""))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.errors.pop(name, None)
                for message in messages:
                    self.add_error(name, message)
            return data
        data["term"], data["expansions"] = term, "\n".join(expansions)
        taken = Synonym.objects.filter(term=term).exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error("term", f"“{term}”已在词典中，请编辑原有条目。")
        return data

    def save(self, commit=True):
        if getattr(self.for_user, "pk", None):
            self.instance.updated_by = self.for_user
        return super().save(commit=commit)


class CityStaffOnly(ModelPermissionPolicy):
    """One dictionary for every site: only city staff (and superusers) see and change it."""

    def user_has_permission(self, user, action):
        return user.is_active and oversees_cluster(user)


class SynonymViewSet(ScopedSnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "搜索同义词"
    menu_name = "search-synonyms"
    add_to_admin_menu = True
    menu_order = 265
    list_display = ["term", "expansions", "updated_by", "updated_at"]
    search_fields = ["term", "expansions"]
    ordering = ["term"]
    edit_handler = ObjectList([FieldPanel("term"), FieldPanel("expansions")], base_form_class=SynonymForm)
