"""python manage.py add_feed URL [--every 15m] [--title TITLE]"""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError

from articles.capture import CaptureError, _checked_host
from articles.models import Feed

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def interval_of(text: str) -> dt.timedelta:
    """"15m", "2h", "1d", "90s" to a duration of at least a minute."""
    found = re.fullmatch(r"(\d+)\s*([smhd])", text.strip().lower())
    if not found:
        raise CommandError(f"--every {text!r}: give a number and a unit, as 15m, 2h or 1d")
    interval = dt.timedelta(**{UNITS[found.group(2)]: int(found.group(1))})
    if interval < dt.timedelta(minutes=1):
        raise CommandError(f"--every {text!r}: poll a feed at most once a minute")
    return interval


class Command(BaseCommand):
    help = "Add a feed (RSS 2.0 or Atom) the archive polls, capturing every new item's page."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--every", default="15m", help="How often to poll it (default 15m).")
        parser.add_argument("--title", default="")

    def handle(self, *args, url, every, title, **options):
        interval = interval_of(every)
        try:
            _checked_host(url)
        except CaptureError as error:
            raise CommandError(f"{url}: {error.reason}") from None
        feed, created = Feed.objects.update_or_create(
            url=url, defaults={"interval": interval, "paused": False,
                               **({"title": title} if title else {})})
        self.stdout.write(f"{'Added' if created else 'Updated'} feed {feed.pk}: {url}, polled "
                          f"every {every} (`manage.py poll_feeds` polls the feeds due; "
                          f"`make run` runs it beside the server).")
