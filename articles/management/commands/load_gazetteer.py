"""python manage.py load_gazetteer"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.tagging.gazetteer import GAZETTEER_DIR, GazetteerError, gazetteer_load


class Command(BaseCommand):
    help = (
        "Load the gazetteer (seeds/gazetteer/*.json) into actors, aliases and events. Idempotent; "
        "actors curators edited are left alone. Run `retag` afterwards to apply changes to "
        "articles already imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=GAZETTEER_DIR)

    def handle(self, *args, directory, **options):
        try:
            result = gazetteer_load(directory=directory)
        except GazetteerError as error:
            raise CommandError(str(error)) from None
        kinds = ", ".join(f"{kind}={count}" for kind, count in sorted(result.per_kind.items()))
        self.stdout.write(f"Gazetteer: {kinds}")
        self.stdout.write(self.style.SUCCESS(
            f"created={result.created} updated={result.updated} unchanged={result.unchanged} "
            f"kept_for_curators={result.kept_for_curators} aliases_added={result.aliases_added} "
            f"aliases_removed={result.aliases_removed} events_created={result.events_created} "
            f"events_updated={result.events_updated}"
        ))
