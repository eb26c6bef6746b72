import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.engines.base import EngineUnavailable
from search.entries import build_entries
from search.indexing import queue

from ._engines import add_arguments, engines_and_pages

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Report pages missing from residents' search index, stale in it (indexed as they were), or "
        "left in it after they went away. Exits 1 when any is found; --fix queues them for updating."
    )

    def add_arguments(self, parser):
        add_arguments(parser)
        parser.add_argument("--fix", action="store_true", help="queue every page found for an index update")

    def handle(self, *args, **options):
        engines, pages, hostname = engines_and_pages(options)
        bar = tqdm(
            build_entries(pages.specific().iterator(chunk_size=500)),
            total=pages.count(),
            desc="页面",
            unit="页",
            disable=options["verbosity"] == 0,
            file=self.stderr,
        )
        expected = {e["page_id"]: (e["fingerprint"], e["title"], e["url"]) for e in bar}
        problems = 0
        for engine in engines:
            try:
                indexed = engine.fingerprints(hostname)
            except EngineUnavailable as error:
                raise CommandError(str(error)) from error
            missing = sorted(set(expected) - set(indexed))
            stale = sorted(pk for pk in set(expected) & set(indexed) if expected[pk][0] != indexed[pk])
            left = sorted(set(indexed) - set(expected))
            self.stdout.write(
                f"{engine.name}: {len(expected)} pages, {len(indexed)} entries — "
                f"{len(missing)} missing, {len(stale)} stale, {len(left)} left behind"
            )
            for label, ids in (("missing", missing), ("stale", stale)):
                for pk in ids[:SHOWN]:
                    self.stdout.write(f"  {label}: {expected[pk][1]} {expected[pk][2]}")
            for pk in left[:SHOWN]:
                self.stdout.write(f"  left behind: page {pk}")
            problems += len(missing) + len(stale) + len(left)
            if options["fix"]:
                queue(missing + stale + left)
        if options["fix"] and problems:
            self.stdout.write(f"queued {problems} index updates")
        elif problems:
            sys.exit(1)
