"""A translator downloads a page's PO file, translates it in a CAT tool and uploads it back."""

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource

from .test_out_of_date import _publish

PARAGRAPHS = ["双鸭山市位于黑龙江省东北部。", "全市总面积约2.25万平方公里。"]
ENGLISH = {
    "地理地貌": "Geography",
    PARAGRAPHS[0]: "Shuangyashan lies in the northeast of Heilongjiang Province.",
    PARAGRAPHS[1]: "The city covers about 22,500 square kilometres.",
}


def test_a_po_file_goes_out_and_comes_back_translated(client, foreign_trees, column, english, translator):
    geography = column("portal", "city-profile/geography")
    _publish(geography, intro="".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    TranslationSource.objects.get_for_instance(geography).update_from_db()  # "Sync translated pages"
    translation = _translation(geography, english)
    client.force_login(translator("en"))

    download = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    assert {entry.msgid for entry in po} == set(ENGLISH)
    for entry in po:
        entry.msgstr = ENGLISH[entry.msgid]

    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("geography-en.po", str(po).encode(), "text/x-gettext-translation")},
    )
    assert upload.status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        publish = client.post(
            reverse("wagtailadmin_pages:edit", args=[geography.get_translation(english).pk]),
            {"action": "publish"},  # the translation editor's publish button
        )
    assert publish.status_code == 302

    page = client.get("/en/city-profile/geography/", HTTP_HOST="localhost").content.decode()
    for text in ENGLISH.values():
        assert text in page
    assert "黑龙江" not in page.split("<main")[1]


def test_a_po_file_of_another_page_is_refused_and_changes_nothing(client, foreign_trees, column, english, translator):
    client.force_login(translator("en"))
    geography, climate = (
        _translation(column("portal", f"city-profile/{key}"), english) for key in ("geography", "climate")
    )
    po_for_climate = polib.pofile(
        client.get(reverse("wagtail_localize:download_pofile", args=[climate.pk])).content.decode()
    )
    for entry in po_for_climate:
        entry.msgstr = "Climate"
    segments = geography.source.stringsegment_set.annotate_translation(english)
    before = list(segments.values_list("translation", flat=True))

    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[geography.pk]),
        {"file": SimpleUploadedFile("climate-en.po", str(po_for_climate).encode())},
        follow=True,
    )
    assert response.status_code == 200
    messages = [m.message.strip() for m in response.context["messages"]]
    assert messages == ["不能导入其他翻译创建的 PO 文件."]  # the admin speaks Chinese
    assert list(segments.values_list("translation", flat=True)) == before


def _translation(page, locale):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)
