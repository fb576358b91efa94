"""python manage.py evaluate_tagging"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Actor
from articles.tagging import matcher_current
from articles.tagging.evaluation import EVAL_FILE, TARGETS, evaluate


class Command(BaseCommand):
    help = "Print the tagger's precision and recall per kind on the labelled passages."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=EVAL_FILE)
        parser.add_argument("--errors", action="store_true", help="List every miss and extra.")

    def handle(self, *args, file, errors, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        if not Actor.objects.exists():
            raise CommandError("No actors: run `python manage.py load_gazetteer` first.")
        scores = evaluate(matcher_current(), file)
        self.stdout.write(f"{'kind':<14}{'precision':>10}{'recall':>8}{'found':>7}{'labels':>8}  target")
        below = []
        for kind, score in scores.items():
            target_p, target_r = TARGETS[kind]
            met = score.precision >= target_p and score.recall >= target_r
            if not met:
                below.append(kind)
            target = f"≥{target_p:.2f}/≥{target_r:.2f}" if target_p else "-"
            self.stdout.write(
                f"{kind:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
                f"{score.true_positive + score.false_positive:>7}"
                f"{score.true_positive + score.false_negative:>8}  {target}"
                f"{'' if met else '  BELOW TARGET'}"
            )
            if errors:
                for line in score.errors:
                    self.stdout.write(f"    {line}")
        style = self.style.SUCCESS if not below else self.style.WARNING
        self.stdout.write(style("all targets met" if not below else f"below target: {', '.join(below)}"))
