"""The demo's settings as residents get them: DEBUG off, so a missing page is the site's own 404
page and not Django's debug page (runserver --insecure still serves the static files)."""

from cluster.settings.dev import *  # noqa: F403

DEBUG = False
