"""python manage.py prune_events --older-than DAYS [--chunk-size N]

Deletes raw events from before the start of the UTC day DAYS days ago, in chunks; the
daily rollup (and so the top-events report) keeps their counts.
"""

from django.core.management.base import BaseCommand, CommandError

from analytics.services import prune_cutoff, prune_events


class Command(BaseCommand):
    help = "Delete old raw events in bounded chunks, keeping the daily rollup."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--chunk-size", type=int, default=5000)

    def handle(self, *args, older_than, chunk_size, **options):
        if older_than < 1:
            raise CommandError("--older-than must be at least 1 day")
        if chunk_size < 1:
            raise CommandError("--chunk-size must be positive")
        before = prune_cutoff(older_than_days=older_than)
        deleted = prune_events(before=before, chunk_size=chunk_size)
        self.stdout.write(f"Deleted {deleted} events from before {before:%Y-%m-%d} (UTC); daily counts kept.")
