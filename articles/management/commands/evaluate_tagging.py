"""python manage.py evaluate_tagging"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Actor
from articles.tagging import matcher_current
from articles.tagging.evaluation import (
    EVAL_FILE,
    FLOORS,
    QUALIFIER_FLOOR,
    Accuracy,
    evaluate,
)
from articles.tagging.people_evaluation import CORPUS, PEOPLE_FILE, evaluate_people


class Command(BaseCommand):
    help = ("Print the tagger's precision and recall per kind, and the accuracy of amount "
            "qualifiers, on the labelled passages, against no-regression floors.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=EVAL_FILE)
        parser.add_argument("--errors", action="store_true", help="List every miss and extra.")
        parser.add_argument("--people", type=Path, default=PEOPLE_FILE,
                            help="Whole articles labelled with their people and countries.")
        parser.add_argument("--corpus", type=Path, default=CORPUS,
                            help="The shared corpus the people set's articles are read from.")
        parser.add_argument("--split", choices=("dev", "heldout"),
                            help="Score only this part of the people set.")
        parser.add_argument("--policy", action="store_true",
                            help="Only the confirmation policy: how often the tags it would "
                                 "confirm are right, per threshold and labelled set.")

    def handle(self, *args, file, errors, people, corpus, split, policy, **options):
        if policy:
            if not Actor.objects.exists():
                raise CommandError("No actors: run `python manage.py load_gazetteer` first.")
            self._policy(corpus, split, errors)
            return
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        if not Actor.objects.exists():
            raise CommandError("No actors: run `python manage.py load_gazetteer` first.")
        scores = evaluate(matcher_current(), file)
        self.stdout.write(
            f"{'kind':<14}{'precision':>10}{'recall':>8}{'found':>7}{'labels':>8}  floor")
        below = []
        for kind, score in scores.items():
            if isinstance(score, Accuracy):
                held = score.accuracy >= QUALIFIER_FLOOR
                self.stdout.write(
                    f"{kind}: accuracy {score.accuracy:.3f} ({score.correct} of {score.compared}"
                    f" amounts found with their labelled value and currency)"
                    f"  ≥{QUALIFIER_FLOOR:.2f}{'' if held else '  BELOW FLOOR'}"
                )
            else:
                floor_p, floor_r = FLOORS[kind]
                held = score.precision >= floor_p and score.recall >= floor_r
                self.stdout.write(
                    f"{kind:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
                    f"{score.true_positive + score.false_positive:>7}"
                    f"{score.true_positive + score.false_negative:>8}"
                    f"  ≥{floor_p:.2f}/≥{floor_r:.2f}{'' if held else '  BELOW FLOOR'}"
                )
            if not held:
                below.append(kind)
            if errors:
                for line in score.errors:
                    self.stdout.write(f"    {line}")
        self._people(people, corpus, split, errors)
        style = self.style.SUCCESS if not below else self.style.WARNING
        self.stdout.write(style(
            "no figure below its floor" if not below else f"below floor: {', '.join(below)}"))

    def _people(self, path: Path, corpus: Path, split: str | None, errors: bool) -> None:
        """People and countries of whole articles, per newsroom, and the misses by kind."""
        if not corpus.is_dir():
            self.stdout.write(f"people of whole articles: not scored, no corpus at {corpus}")
            return
        scores = evaluate_people(matcher_current(), path, corpus, split)
        self.stdout.write(f"\nwhole articles ({scores.articles}{f', {split}' if split else ''}"
                          f", {path.name}): precision, recall, found, labels")
        for kind in ("people", "countries"):
            for group, score in sorted(getattr(scores, kind).items()):
                self.stdout.write(
                    f"  {kind:<10}{group:<18}{score.precision:>7.3f}{score.recall:>7.3f}"
                    f"{score.true_positive + score.false_positive:>6}"
                    f"{score.true_positive + score.false_negative:>6}")
        for kind, count in scores.misses.most_common():
            self.stdout.write(f"  {count:>4}  {kind}")
        if errors:
            for line in scores.people["all"].errors + scores.countries["all"].errors:
                self.stdout.write(f"    {line}")

    def _policy(self, corpus: Path, split: str | None, errors: bool) -> None:
        """Precision of the tags the policy would confirm, per threshold and set."""
        from django.conf import settings

        from articles.tagging.policy_evaluation import (
            THRESHOLDS,
            evaluate_amount_policy,
            evaluate_policy,
        )

        if not corpus.is_dir():
            raise CommandError(f"{corpus}: no corpus to read the labelled articles from")
        scores = evaluate_policy(matcher_current(), corpus=corpus, split=split)
        amounts = evaluate_amount_policy(split=split)
        current = settings.POLICY_THRESHOLD
        self.stdout.write(
            f"the confirmation policy (threshold now: {current if current else 'off'}): tags "
            f"of known actors it would confirm, right of them, precision"
            f"{f' ({split})' if split else ''}")
        for name, score in [*scores.items(), *amounts.items()]:
            total = len(score.tags)
            what = ("passages", "amounts found") if name.startswith("amounts") else (
                "articles", "tags of known actors")
            self.stdout.write(f"\n{name}: {score.articles} {what[0]}, {total} {what[1]},"
                              f" {sum(t.right for t in score.tags)} right")
            for threshold in sorted({*THRESHOLDS, *([current] if current else [])}):
                chosen, right = score.at(threshold)
                mark = "  <- the setting" if threshold == current else ""
                self.stdout.write(
                    f"  ≥ {threshold:<6g}{chosen:>6} ({chosen / total if total else 0:>4.0%})"
                    f"{right:>6}  precision {score.precision(threshold):.3f}{mark}")
        self.stdout.write("\nevidence alone, over all sets: tags resting on one kind of "
                          "evidence, right, (right + 1) / (tags + 2)")
        for kind, (n, right) in [*scores["all"].evidence_alone().items(),
                                 *amounts["amounts"].evidence_alone().items()]:
            self.stdout.write(f"  {kind:<22}{n:>6}{right:>6}  {(right + 1) / (n + 2):.3f}")
        if errors and current:
            for judged in [*scores["all"].wrong(current), *amounts["amounts"].wrong(current)]:
                self.stdout.write(f"    {judged.article}: {judged.slug} ({judged.kind}) "
                                  f"{judged.confidence:.3f} not labelled: "
                                  f"{'; '.join(judged.reasons)}")
