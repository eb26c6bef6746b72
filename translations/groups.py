"""One translators' group per foreign language, confined to that language's tree of the portal.

The group may edit and publish below the portal home page's translation into its language (the
root of that language's tree) and submit pages for translation into that language; it has no
rights on the Chinese tree or on the other language's tree.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Locale

from .policy import portal_home

LANGUAGE_NAMES = {"en": "英文", "ru": "俄文"}  # as the Chinese staff name them
TRANSLATOR_GROUPS = {code: f"{name}翻译" for code, name in LANGUAGE_NAMES.items()}
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def ensure_translator_groups():
    home = portal_home()
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    submit = Permission.objects.get(content_type__app_label="wagtail_localize", codename="submit_translation")
    page_permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS)
    for code, name in TRANSLATOR_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access, submit)
        locale = Locale.objects.filter(language_code=code).first()
        foreign_home = home.get_translation_or_none(locale) if home and locale else None
        if foreign_home is not None:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=foreign_home, permission=permission)


def locales_for(user):
    """The foreign locales whose tree this user may edit."""
    home = portal_home()
    if home is None:
        return Locale.objects.none()
    if user.is_superuser:
        return Locale.objects.exclude(pk=home.locale_id)
    editable = [page.locale_id for page in home.get_translations() if page.permissions_for_user(user).can_edit()]
    return Locale.objects.filter(pk__in=editable)
