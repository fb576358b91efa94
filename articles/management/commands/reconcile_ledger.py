"""python manage.py reconcile_ledger [--donor SLUG] [--recipient SLUG] [--gaps]"""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from articles import reconcile
from articles.ledger import usd_words
from articles.models import Actor

TARGET = 0.90  # of the stated totals, the share the ledger's sum must agree with (within 5 %)


class Command(BaseCommand):
    help = ("Check the ledger against the running totals the archive's texts state: for each, "
            "the ledger's sum of packages in the same donor, recipient and scope as of its day; "
            "print the share that agree within 5 %, per newsroom.")

    def add_arguments(self, parser):
        parser.add_argument("--donor", action="append", default=[], help="an actor's slug")
        parser.add_argument("--recipient", action="append", default=[], help="an actor's slug")
        parser.add_argument("--gaps", action="store_true", help="List every stated total.")

    def handle(self, *args, donor, recipient, gaps, **options):
        donors, recipients = self._actors(donor), self._actors(recipient)
        checked = reconcile.gaps(donors, recipients)
        by_source = defaultdict(list)
        for gap in checked:
            source = gap.total.article.source
            by_source[source.name if source else "(no source)"].append(gap)
        self.stdout.write(f"{'newsroom':<32}{'totals':>7}{'agree':>7}{'share':>7}")
        for name, found in sorted(by_source.items()):
            agree = sum(g.agrees for g in found)
            self.stdout.write(f"{name[:31]:<32}{len(found):>7}{agree:>7}{agree / len(found):>7.3f}")
        agree = sum(g.agrees for g in checked)
        share = agree / len(checked) if checked else 1.0
        self.stdout.write(f"{'all':<32}{len(checked):>7}{agree:>7}{share:>7.3f}  target ≥{TARGET:.2f}"
                          + ("" if share >= TARGET else "  BELOW TARGET"))
        checkable = [g for g in checked if g.checkable]
        if len(checkable) < len(checked):
            agree = sum(g.agrees for g in checkable)
            self.stdout.write(
                f"{'checkable':<32}{len(checkable):>7}{agree:>7}"
                f"{agree / len(checkable) if checkable else 1.0:>7.3f}  ({len(checked) - len(checkable)} "
                "opening balances left out: totals whose scope begins before the archive's first "
                "package for their pair, with no earlier total of that scope)")
            figure = sum(g.agrees_with_figure for g in checkable)
            self.stdout.write(
                f"{'checkable, figure alone':<32}{len(checkable):>7}{figure:>7}"
                f"{figure / len(checkable) if checkable else 1.0:>7.3f}  (within 5 % of the "
                "figure, its wording aside)")
            covered = [g for g in checked if not g.before_archive]
            agree = sum(g.agrees for g in covered)
            self.stdout.write(
                f"{'scope within the archive':<32}{len(covered):>7}{agree:>7}"
                f"{agree / len(covered) if covered else 1.0:>7.3f}  (packages alone)")
        if gaps:
            for gap in checked:
                total = gap.total
                self.stdout.write(
                    f"  {total.as_of} {total.donor.slug}→{total.recipient.slug} "
                    f"{total.mention.amount_text!r} {total.scope}"
                    f"{' (drawdowns)' if total.programme else ''}: ledger "
                    f"{usd_words(gap.result.ledger)} in {len(gap.result.packages)} packages"
                    + (f" (may be {gap.range_words})" if gap.range_words else "")
                    + f", {gap.percent}{'' if gap.agrees or not gap.checkable else '  DISAGREES'}"
                    + (f"  (from the opening balance {gap.opening.mention.amount_text!r} of "
                       f"{gap.opening.as_of})" if gap.opening else "")
                    + ("  (opening balance: scope before the archive)" if not gap.checkable else ""))

    def _actors(self, slugs):
        actors = list(Actor.objects.filter(slug__in=slugs))
        missing = set(slugs) - {a.slug for a in actors}
        if missing:
            raise CommandError(f"no actor with the slug {', '.join(sorted(missing))}")
        return actors
