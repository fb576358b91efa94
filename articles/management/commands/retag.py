"""python manage.py retag [--source NAME] [--since DATE] [--id N ...] [--contains TEXT]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.utils.dateparse import parse_date
from tqdm import tqdm

from articles.curation import articles_containing
from articles.models import Article
from articles.packages import packages_rebuild
from articles.tagging import matcher_current, tags_apply, tags_second_look
from articles.tagging.events import tagging_run
from articles.tagging.records import events_prune


class Command(BaseCommand):
    help = (
        "Recompute the machine tags of all articles, or of those the options select. "
        "Curators' confirmed, rejected and hand-added tags are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--id", dest="ids", type=int, action="append", default=[],
                            help="Only this article (repeatable).")
        parser.add_argument("--source", help="Only articles from this source (name or slug).")
        parser.add_argument("--since", help="Only articles published on or after this ISO date.")
        parser.add_argument("--contains", help="Only articles whose text contains this phrase "
                            "(as full-text search finds it), e.g. an alias just added.")

    def handle(self, *args, ids, source, since, contains, **options):
        articles = Article.objects.all()
        if contains:
            articles = articles_containing(contains)
        if ids:
            articles = articles.filter(pk__in=ids)
        if source:
            articles = articles.filter(source__slug=source) | articles.filter(source__name__iexact=source)
        if since:
            day = parse_date(since)
            if day is None:
                raise CommandError(f"--since {since!r}: expected an ISO date such as 2024-07-02")
            articles = articles.filter(published_at__date__gte=day)
        matcher = matcher_current()
        total = articles.count()
        articles = articles.defer("original", "search_vector").order_by("pk")
        progress = tqdm(articles.iterator(chunk_size=200), total=total, unit=" articles",
                        disable=not sys.stderr.isatty(), file=sys.stderr)
        with tagging_run():
            for article in progress:
                with transaction.atomic():
                    tags_apply(article=article, matcher=matcher)
                reset_queries()
            tags_second_look(matcher)
        packages_rebuild()
        pruned = events_prune()  # aid announcements, calls, visits no article names any more
        self.stdout.write(self.style.SUCCESS(f"retagged={total} events_pruned={pruned}"))
