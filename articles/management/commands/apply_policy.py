"""python manage.py apply_policy [--threshold T] [--dry-run] [--undo RUN]"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.models import PolicyRun
from articles.policy import candidates_count, policy_apply, policy_undo


class Command(BaseCommand):
    help = ("Confirm the suggested actor tags and amounts at or above the policy's confidence "
            "threshold, as one run of the policy (docs/curation.md); or undo a run.")

    def add_arguments(self, parser):
        parser.add_argument("--threshold", type=float,
                            help="Instead of NEWSARCHIVE_POLICY_THRESHOLD, for this run.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what the run would confirm; change nothing.")
        parser.add_argument("--undo", type=int, metavar="RUN",
                            help="Return the tags run RUN confirmed to suggested.")

    def handle(self, *args, threshold, dry_run, undo, **options):
        if undo is not None:
            run = PolicyRun.objects.filter(pk=undo).first()
            if run is None:
                raise CommandError(f"--undo: no policy run {undo}")
            if run.undone_at:
                raise CommandError(f"--undo: run {undo} was undone on {run.undone_at:%Y-%m-%d}")
            returned = policy_undo(run, username="manage.py apply_policy --undo")
            self.stdout.write(f"Run {undo} undone: {returned} tags and amounts returned to "
                              f"suggested.")
            return
        if threshold is not None and not 0.5 <= threshold <= 1:
            raise CommandError(f"--threshold {threshold}: expected a confidence from 0.5 to 1")
        threshold = settings.POLICY_THRESHOLD if threshold is None else threshold
        if threshold is None:
            raise CommandError("The policy is off (NEWSARCHIVE_POLICY_THRESHOLD=off); give "
                               "--threshold to run it once.")
        if dry_run:
            tags, amounts = candidates_count(threshold)
            self.stdout.write(f"Dry run: {tags} actor tags and {amounts} amounts at confidence "
                              f"≥ {threshold:g} would be confirmed.")
            return
        run = policy_apply(threshold=threshold)
        if run is None:
            self.stdout.write(f"Nothing to confirm at confidence ≥ {threshold:g}.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Run {run.pk}: {run.confirmed} tags and amounts confirmed at confidence "
                f"≥ {threshold:g} "
                f"(undo: manage.py apply_policy --undo {run.pk})."))
