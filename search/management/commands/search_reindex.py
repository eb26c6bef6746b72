import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.engines.base import EngineUnavailable
from search.entries import build_entries

from ._engines import add_arguments, engines_and_pages


class Command(BaseCommand):
    help = (
        "Rebuild residents' search index without downtime: Elasticsearch fills a new index and swaps "
        "its alias, the database replaces its entries in one transaction."
    )

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        engines, pages, hostname = engines_and_pages(options)
        total = pages.count()
        for engine in engines:
            started = time.monotonic()
            bar = tqdm(
                build_entries(pages.specific().iterator(chunk_size=500)),
                total=total,
                desc=f"{engine.name}",
                unit="页",
                disable=options["verbosity"] == 0,
                file=self.stderr,
            )
            try:
                engine.replace(bar, site_hostname=hostname)
            except EngineUnavailable as error:
                raise CommandError(f"{error}. Nothing was changed; try again when it answers.") from error
            finally:
                bar.close()
            seconds = time.monotonic() - started
            self.stdout.write(
                f"{engine.name}: indexed {bar.n} pages{f' of {hostname}' if hostname else ''} "
                f"in {seconds:.1f} s ({bar.n / seconds if seconds else 0:.0f} pages/s)"
            )
