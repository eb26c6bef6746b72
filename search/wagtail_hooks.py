from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import views_admin  # noqa: F401 (the search report registers its own URLs and menu entry)
from .models import Synonym
from .synonym_admin import CityStaffOnly, SynonymViewSet

register_permission_policy(Synonym, CityStaffOnly(Synonym))
register_snippet(SynonymViewSet)
