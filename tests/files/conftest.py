import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.factories import ImageFactory, UserFactory
from tests.translations.conftest import english, foreign_trees, russian  # noqa: F401 (the English tree)
from translations.groups import TRANSLATOR_GROUPS, ensure_translator_groups


@pytest.fixture
def translator(sites):
    ensure_translator_groups()
    return UserFactory(groups=[Group.objects.get(name=TRANSLATOR_GROUPS["en"])])


@pytest.fixture
def image(sites):
    """image(site_key) -> an image in that site's collection."""

    def make(site_key, **kwargs):
        return ImageFactory(collection=sites[site_key].profile.collection, **kwargs)

    return make


@pytest.fixture
def document(sites):
    """document(site_key) -> a PDF in that site's collection."""

    def make(site_key, title="附件"):
        return get_document_model().objects.create(
            title=title,
            file=ContentFile(b"%PDF-1.4 test", name=f"{site_key}-attachment.pdf"),
            collection=sites[site_key].profile.collection,
        )

    return make
