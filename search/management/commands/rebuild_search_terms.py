import time
from functools import partial

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.models import SearchTerm
from search.vocabulary import rebuild_terms


class Command(BaseCommand):
    help = (
        "Rebuild the word list that pinyin queries and typo corrections are read against, from the "
        "database engine's index (search_reindex and a daily schedule do it too)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        progress = partial(
            tqdm, desc="条目", unit="条", disable=options["verbosity"] == 0, file=self.stderr, mininterval=0.5
        )
        count = rebuild_terms(progress=progress)
        chinese = SearchTerm.objects.exclude(pinyin="").count()
        self.stdout.write(
            f"search terms: {count} words ({chinese} Chinese, {count - chinese} Latin) "
            f"in {time.monotonic() - started:.1f} s"
        )
