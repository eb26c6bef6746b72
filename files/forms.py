"""Every page form refuses images and documents outside the collections its user may choose from.

The chooser only offers those, but a form takes any id that is posted: a foreign key, a
StreamField chooser block or an image or document embedded in rich text. What the page already
held (an administrator may have given it a shared picture) stays allowed.
"""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, ReferenceIndex, get_page_models

from .access import choosable, media_models

REFUSED = {
    "image": "该图片不在您可选用的媒体库中，请从本站媒体库选择。",
    "document": "该文档不在您可选用的媒体库中，请从本站媒体库选择。",
}


def media_references(obj):
    """(model, id, field name) of each image and document `obj` refers to."""
    models = {ReferenceIndex._get_base_content_type(m).pk: m for m in media_models()}
    for content_type_id, object_id, _model_path, content_path in ReferenceIndex._extract_references_from_object(obj):
        if content_type_id in models and str(object_id).isdigit():
            yield models[content_type_id], int(object_id), content_path.split(".")[0]


class MediaCheckMixin:
    def _post_clean(self):
        super()._post_clean()
        if self.for_user is None:
            return
        wanted = {}
        for model, pk, field in media_references(self.instance):
            wanted.setdefault(model, {}).setdefault(pk, field)
        if not wanted:
            return
        held = self._media_already_held()
        for model, fields in wanted.items():
            allowed = set(choosable(self.for_user, model).filter(pk__in=fields).values_list("pk", flat=True))
            for pk, field in fields.items():
                if pk in allowed or (model, pk) in held:
                    continue
                field = field if field in self.fields else None
                message = REFUSED[model._meta.model_name]
                if message not in self.errors.get(field or "__all__", []):
                    self.add_error(field, message)
                self._forget_choice(field)

    def _forget_choice(self, field):
        """The form comes back with the field as it was, so that its chooser does not show the
        refused file's title and preview."""
        if field is None or getattr(self.fields[field], "queryset", None) is None:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(field)] = self.initial.get(field) or ""

    def _media_already_held(self):
        if not self.instance.pk:
            return set()
        stored = Page.objects.filter(pk=self.instance.pk).first()
        if stored is None:
            return set()
        stored = stored.specific
        versions = [stored, stored.get_latest_revision_as_object()]
        return {(model, pk) for version in versions for model, pk, _field in media_references(version)}


_checked_forms = {}


def media_checked(form_class):
    if issubclass(form_class, MediaCheckMixin):
        return form_class
    if form_class not in _checked_forms:
        _checked_forms[form_class] = type(form_class.__name__, (MediaCheckMixin, form_class), {"__module__": __name__})
    return _checked_forms[form_class]


def check_media_on_every_page_form():
    """Wagtail builds each page type's form on its `base_form_class`: composing the check in here
    covers every page type, those added later too, without the content apps importing this one."""
    for model in get_page_models():
        model.base_form_class = media_checked(getattr(model, "base_form_class", None) or WagtailAdminPageForm)
