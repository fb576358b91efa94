"""python manage.py poll_feeds [--loop]"""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from articles.feeds import due, poll
from articles.models import Feed


class Command(BaseCommand):
    help = ("Poll the feeds that are due, capturing and importing their new items; with --loop, "
            "keep polling as feeds fall due (what `make run` runs beside the server).")

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")

    def handle(self, *args, loop, **options):
        try:
            self._poll(loop)
        except KeyboardInterrupt:  # Ctrl-C in `make run` reaches the whole process group
            pass

    def _poll(self, loop):
        while True:
            for feed in due():
                result = poll(feed)
                self.stdout.write(f"{feed.url}: {feed.last_status}"
                                  + (f" ({result.imported})" if result.imported else ""))
                for error in result.errors:
                    self.stderr.write(error)
            if not loop:
                return
            following = Feed.objects.filter(paused=False).order_by("next_poll_at").first()
            connection.close()  # hold no connection while asleep
            wait = 60.0 if following is None else (
                following.next_poll_at - timezone.now()).total_seconds()
            time.sleep(min(max(wait, 1.0), 60.0))
