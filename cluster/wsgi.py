import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.production")

application = get_wsgi_application()

# Before the first request; under gunicorn --preload, once for all workers.
from search.analysis import load_dictionary  # noqa: E402

load_dictionary()
