"""python manage.py verify_fixity: hash every article's original bytes again.

Every article keeps the bytes it was imported from (`original`) and their SHA-256
(`original_sha256`), as does every earlier version kept when a newsroom changed a page
(`ArticleRevision`). After a restore, a move of the data directory or a disk error, this reads
them all again and says which no longer match. Exit 1 when any does.
"""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article, ArticleRevision

CHUNK = 200  # rows fetched at a time: originals are read one chunk at a time, never all


class Command(BaseCommand):
    help = "Hash every article's (and kept revision's) original bytes again and compare."

    def handle(self, *args, **options):
        checked, mismatched = 0, 0
        for model, label in ((Article, "article"), (ArticleRevision, "revision")):
            rows = model.objects.order_by("pk").values_list("pk", "original", "original_sha256")
            for pk, original, expected in rows.iterator(chunk_size=CHUNK):
                checked += 1
                if hashlib.sha256(bytes(original)).hexdigest() != expected:
                    mismatched += 1
                    self.stderr.write(f"{label} {pk}: the original bytes no longer match their "
                                      f"SHA-256 {expected}")
        self.stdout.write(f"checked={checked} mismatched={mismatched}")
        if mismatched:
            raise CommandError(f"{mismatched} of {checked} originals do not match their SHA-256.")
