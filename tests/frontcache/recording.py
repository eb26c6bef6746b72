"""A cache node that only writes down what it was asked to purge (nginx itself: tests/production)."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append((self.name, url))

    def __init__(self, params):
        super().__init__(params)
        self.name = params["NAME"]
