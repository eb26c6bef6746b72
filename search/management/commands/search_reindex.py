import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.engines.base import EngineUnavailable
from search.entries import build_entries
from search.vocabulary import rebuild_terms

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
            indexed = 0

            def counted(entries):
                nonlocal indexed
                for entry in entries:
                    indexed += 1
                    yield entry

            bar = tqdm(
                counted(build_entries(pages.specific().iterator(chunk_size=500))),
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
                f"{engine.name}: indexed {indexed} pages{f' of {hostname}' if hostname else ''} "
                f"in {seconds:.1f} s ({indexed / seconds if seconds else 0:.0f} pages/s)"
            )
        if any(engine.name == "database" for engine in engines):
            self.stdout.write(f"search terms: {rebuild_terms()} words for pinyin and typos")
