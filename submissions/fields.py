from django import forms
from wagtail.models import Page

from .services import column_label


class ColumnChoiceField(forms.ModelChoiceField):
    """Portal columns named with their parent, as 县域动态 › 集贤县 (the parents read in one query,
    when the first label is asked for)."""

    parent_titles = None

    def label_from_instance(self, column):
        if self.parent_titles is None:
            paths = {c.path[: -Page.steplen] for c in self.queryset}
            self.parent_titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title"))
        return column_label(column, self.parent_titles.get(column.path[: -Page.steplen]))
