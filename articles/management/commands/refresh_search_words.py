"""python manage.py refresh_search_words"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import SearchWord
from articles.search import search_words_add


class Command(BaseCommand):
    help = (
        "Recount the words typo suggestions offer, over all articles. Imports keep the counts "
        "up to date on their own; run this after loading articles another way."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            SearchWord.objects.all().delete()
            search_words_add()
        self.stdout.write(self.style.SUCCESS(f"words={SearchWord.objects.count()}"))
