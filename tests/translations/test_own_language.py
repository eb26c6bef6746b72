"""A translator syncs, publishes and edits their own language only, through every wagtail-localize
view they can reach; the translation reports are for the city's staff and the translators."""

import io

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object

from sites.models import SiteGroup
from tests.admin import XHR, refused
from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def _revisions(page):
    return list(Page.objects.get(pk=page.pk).revisions.values_list("pk", flat=True))


@pytest.fixture
def changed_overview(foreign_trees, column):
    """The 本市概况 overview column, its Chinese title changed since both languages were made."""
    overview = column("portal", "city-profile/overview")
    overview.title = "本市概况总述（修订）"
    overview.save_revision().publish()
    return overview


def update_url(page):
    return reverse("wagtail_localize:update_translations", args=[TranslationSource.objects.get_for_instance(page).pk])


def test_a_translator_syncs_and_publishes_their_own_language_only(
    client, translator, changed_overview, english, russian
):
    english_page, russian_page = (changed_overview.get_translation(locale) for locale in (english, russian))
    russian_before, russian_title = _revisions(russian_page), russian_page.title
    client.force_login(translator("en"))
    response = client.get(update_url(changed_overview))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[english_page.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[russian_page.pk]) not in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(update_url(changed_overview), {"publish_translations": "on"})
    assert response.status_code == 302
    english_page.refresh_from_db()
    assert english_page.live_revision.user.username == "en-translator"
    russian_page.refresh_from_db()
    assert _revisions(russian_page) == russian_before and russian_page.title == russian_title


def test_a_translator_cannot_sync_a_page_translated_into_the_other_language_only(
    client, translator, foreign_trees, column, russian
):
    item = ArticlePageFactory(parent=column("portal", "city-profile/history"), title="建市沿革")
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(item, [russian])
    russian_page = item.get_translation(russian)
    before = _revisions(russian_page)
    client.force_login(translator("en"))
    assert refused(client, update_url(item))
    response = client.post(update_url(item), {"publish_translations": "on"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert _revisions(russian_page) == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "您只能同步和发布您负责的语种的译文。" in messages


def test_a_county_editor_cannot_sync_any_translation(client, sites, changed_overview, russian):
    client.force_login(UserFactory(groups=[SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group]))
    before = _revisions(changed_overview.get_translation(russian))
    assert refused(client, update_url(changed_overview))
    client.post(update_url(changed_overview), {"publish_translations": "on"})
    assert _revisions(changed_overview.get_translation(russian)) == before


def test_a_translation_is_never_the_source_of_another(client, translator, foreign_trees, column, english, russian):
    """An English translator submitting the Russian page would make it the source of the English one."""
    item = ArticlePageFactory(parent=column("portal", "city-profile/history"), title="建市沿革")
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(item, [russian])
    client.force_login(translator("en"))
    url = reverse("wagtail_localize:submit_page_translation", args=[item.get_translation(russian).pk])
    response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    assert item.get_translation_or_none(english) is None
    assert not TranslationSource.objects.filter(locale=russian).exists()


@pytest.fixture
def russian_translation(foreign_trees, column, russian):
    overview = column("portal", "city-profile/overview")
    return Translation.objects.get(source__object_id=overview.translation_key, target_locale=russian)


def _localize_routes(translation):
    segment = StringSegment.objects.filter(source=translation.source).first()
    page = translation.get_target_instance()
    return [
        (
            "put",
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            "value=hijacked",
        ),
        ("delete", reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]), None),
        ("get", reverse("wagtail_localize:download_pofile", args=[translation.pk]), None),
        ("post", reverse("wagtail_localize:upload_pofile", args=[translation.pk]), "po"),
        ("post", reverse("wagtail_localize:machine_translate", args=[translation.pk]), {}),
        ("get", reverse("wagtail_localize:preview_translation", args=[translation.pk]), None),
        ("post", reverse("wagtail_localize:stop_translation", args=[translation.pk]), {}),
        ("post", reverse("wagtail_localize:convert_to_alias", args=[page.pk]), {}),
        ("get", reverse("wagtailadmin_pages:edit", args=[page.pk]), None),
        ("post", reverse("wagtailadmin_pages:edit", args=[page.pk]), {"localize-restart-translation": "1"}),
        ("post", reverse("wagtailadmin_pages:edit", args=[page.pk]), {"localize-convert-to-alias": "1"}),
    ]


def test_every_localize_view_refuses_the_other_languages_translation(client, translator, russian_translation, english):
    """The routes wagtail-localize offers on a translation, tried by the other language's translator."""
    page = russian_translation.get_target_instance()
    strings = StringTranslation.objects.filter(locale=russian_translation.target_locale).count()
    before = _revisions(page)
    client.force_login(translator("en"))
    for method, url, data in _localize_routes(russian_translation):
        if data == "po":
            po = io.BytesIO(str(russian_translation.export_po()).encode())
            po.name = "ru.po"
            data = {"file": po}
        if method in ("put", "delete"):
            response = getattr(client, method)(url, data or "", content_type="application/x-www-form-urlencoded", **XHR)
        else:
            response = getattr(client, method)(url, data, **XHR)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        assert "Русск" not in response.content.decode("utf-8", "replace")
    russian_translation.refresh_from_db()
    assert russian_translation.enabled
    assert StringTranslation.objects.filter(locale=russian_translation.target_locale).count() == strings
    assert _revisions(page) == before and Page.objects.get(pk=page.pk).alias_of_id is None


def test_the_same_views_serve_the_translator_of_that_language(client, translator, russian_translation):
    """The control: the Russian translator gets through where the English one was refused."""
    client.force_login(translator("ru"))
    response = client.get(reverse("wagtail_localize:download_pofile", args=[russian_translation.pk]))
    assert response.status_code == 200 and b"msgid" in response.content


@pytest.mark.parametrize("url_name", ["translation_report", "wagtail_localize:translations_report"])
def test_the_translation_reports_are_for_city_staff_and_translators(client, sites, translator, foreign_trees, url_name):
    url = reverse(url_name)
    for key, role in (("jixian", "editor"), ("jixian", "final_review"), ("fuli", "editor")):
        client.force_login(UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group]))
        assert refused(client, url), (key, role)
        assert url not in client.get("/admin/").content.decode()
    for user in (
        translator("en"),
        UserFactory(groups=[SiteGroup.objects.get(profile__site=sites["portal"], role="editor").group]),
        UserFactory(is_superuser=True),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", ["proofreading/proofreadingrule", "sites/unit", "sites/siteprofile"])
def test_no_snippet_is_submitted_for_translation(client, translator, english, model):
    """The cluster's snippets are not translatable: wagtail-localize's snippet submission finds none."""
    from translations.groups import ensure_translator_groups

    ensure_translator_groups()
    client.force_login(translator("en"))
    app_label, model_name = model.split("/")
    url = reverse("wagtail_localize:submit_snippet_translation", args=[app_label, model_name, 1])
    assert client.get(url).status_code == 404
    assert client.post(url, {"locales": [english.pk]}).status_code == 404
