"""python manage.py evaluate_events"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Actor, Event
from articles.tagging import matcher_current
from articles.tagging.event_evaluation import CORPUS_DIR, EVAL_FILE, TARGETS, archive_of, evaluate


class Command(BaseCommand):
    help = ("Print the accuracy of event date resolution and of aid ledger (donor, recipient, "
            "amount) triples on the labelled passages.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=EVAL_FILE)
        parser.add_argument("--errors", action="store_true", help="List every miss and extra.")
        parser.add_argument("--corpus", type=Path, default=CORPUS_DIR,
                            help="Where the articles the passages come from are (default: %(default)s).")
        parser.add_argument("--alone", action="store_true",
                            help="Read each passage alone, without the rest of its article.")
        parser.add_argument("--no-archive", action="store_true",
                            help="Do not first read the corpus for the calls and attacks it dates "
                                 "(what the archive would know once the corpus is imported).")

    def handle(self, *args, file, errors, corpus, alone, no_archive, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        if not Actor.objects.exists() or not Event.objects.exists():
            raise CommandError("No gazetteer: run `python manage.py load_gazetteer` first.")
        matcher, archive = matcher_current(), None
        if not alone and not no_archive:
            archive, read = archive_of(matcher, corpus)
            self.stdout.write(f"archive: the calls and attacks dated by {read} articles "
                              f"(the seed and {corpus})")
        scores = evaluate(matcher, file, alone=alone, corpus=corpus, archive=archive)
        read = scores.pop("read in article")
        self.stdout.write(f"{file.name}: {read.labelled} passages, {read.correct} read in their "
                          f"article, {read.labelled - read.correct} alone"
                          + ("" if alone or read.correct == read.labelled else
                             f" (articles not found under {corpus} or seeds/)"))
        self.stdout.write(f"{'measure':<16}{'accuracy':>9}{'correct':>9}{'labelled':>10}"
                          f"{'extra':>7}  target")
        below = []
        for name, score in scores.items():
            target = TARGETS.get(name)
            met = target is None or score.value >= target
            if not met:
                below.append(name)
            self.stdout.write(
                f"{name:<16}{score.value:>9.3f}{score.correct:>9}{score.labelled:>10}"
                f"{score.extra:>7}  {f'≥{target:.2f}' if target else '-'}"
                f"{'' if met else '  BELOW TARGET'}")
            if errors:
                for line in score.errors:
                    self.stdout.write(f"    {line}")
        events = scores["event dates"]
        found = events.correct + events.extra
        self.stdout.write(f"events found with their labelled days: {events.correct} of {found}"
                          + (f" ({events.correct / found:.3f})" if found else "")
                          + "; accuracy above also counts the labelled events not found")
        style = self.style.SUCCESS if not below else self.style.WARNING
        self.stdout.write(style("all targets met" if not below else f"below target: {', '.join(below)}"))
