from wagtail.models import ReferenceIndex
from wagtail.signals import page_published


def index_published_page(sender, instance, **kwargs):
    """The reference index says which files live pages use: bring a page's entry up to date when it
    is published, not only when the background task comes round."""
    ReferenceIndex.create_or_update_for_object(instance)


def connect():
    page_published.connect(index_published_page, dispatch_uid="files.index_published_page")
