"""What search_reindex and search_check share: choosing engines and the site, with clear errors."""

from django.core.management.base import CommandError
from wagtail.models import Site

from search.engines import active_engines
from search.entries import searchable_pages
from sites.routing import own_pages_q


def add_arguments(parser):
    parser.add_argument("--site", metavar="HOST", help="only this site's own pages (by hostname)")
    parser.add_argument(
        "--engine", choices=["database", "elasticsearch"], help="only this engine (default: every engine in use)"
    )


def engines_and_pages(options):
    engines = active_engines()
    if options["engine"]:
        engines = [e for e in engines if e.name == options["engine"]]
        if not engines:
            raise CommandError(f"The {options['engine']} engine is not in use: set ELASTICSEARCH_URL to use it.")
    pages = searchable_pages()
    hostname = options["site"]
    if hostname:
        site = Site.objects.filter(hostname=hostname).first()
        if site is None:
            known = ", ".join(Site.objects.order_by("hostname").values_list("hostname", flat=True))
            raise CommandError(f"No site has the hostname {hostname!r}. Sites: {known}")
        pages = pages.filter(own_pages_q(site))
    return engines, pages.order_by("path"), hostname
