"""Precision and recall of the tagger on the labelled passages in tests/data/."""

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from articles.models import Actor, ActorAlias
from articles.tagging.amounts import find_money
from articles.tagging.matcher import Matcher, Mention
from articles.tagging.people import people_found

EVAL_FILE = settings.BASE_DIR / "tests" / "data" / "tagging_eval.jsonl"
KINDS = {"people": "person", "countries": "country", "organizations": "organization",
         "equipment": "equipment"}
# (precision, recall) no kind may fall below on tagging_eval.jsonl. The rules were written and
# corrected while reading this set, so these are no-regression floors on a development set, not
# targets met on unseen text. Amounts, countries, people and equipment keep the targets first
# set for them (measured with the rules of ff785df: amounts 1.000/1.000, countries 1.000/1.000,
# people 1.000/0.971, equipment 1.000/1.000). Organisations measured 0.983/0.891 (58 found, 64
# labels); their floor is that figure rounded down to 0.05.
FLOORS = {
    "amounts": (0.98, 0.95), "countries": (0.95, 0.95), "people": (0.90, 0.90),
    "equipment": (0.90, 0.90), "organizations": (0.95, 0.85),
}
# Share of the amounts found with their labelled value and currency whose qualifier is the
# label's: measured 0.962 (50 of 52, rules of ff785df); the floor is that figure rounded down to
# 0.05, again a no-regression floor on a development set. The two mismatches are disagreements
# between the labels and amounts.py ("nearly" is `about` in the labels, `less_than` there; "up
# to an aggregate value of $800 million" is `up_to` in the labels, `exact` there).
QUALIFIER_FLOOR = 0.95
QUALIFIERS = "amount qualifiers"


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    def add(self, passage_id: str, expected: Counter, found: Counter) -> None:
        self.true_positive += sum((expected & found).values())
        for item, count in (found - expected).items():
            self.false_positive += count
            self.errors.append(f"{passage_id}: extra {item}")
        for item, count in (expected - found).items():
            self.false_negative += count
            self.errors.append(f"{passage_id}: missed {item}")


@dataclass
class Accuracy:
    """How many of the amounts found with the labelled value and currency carry its qualifier."""

    correct: int = 0
    compared: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.compared if self.compared else 1.0

    def add(self, passage_id: str, labels: list[dict], found: list) -> None:
        """Pair labels and amounts found by (value, currency); within a pair's group, the
        qualifiers are compared as multisets (the same amount said twice is two rows)."""
        expected: dict[tuple, list[dict]] = {}
        for label in labels:
            key = (Decimal(label["value"]).normalize(), label["currency"])
            expected.setdefault(key, []).append(label)
        got: dict[tuple, list] = {}
        for money in found:
            got.setdefault((money.value.normalize(), money.currency), []).append(money)
        for key, rows in expected.items():
            moneys = got.get(key, [])
            paired = min(len(rows), len(moneys))
            if not paired:
                continue  # a missed amount is the amounts line's error, not this one's
            want = Counter(row["qualifier"] for row in rows)
            have = Counter(money.qualifier for money in moneys)
            right = min(paired, sum((want & have).values()))
            self.compared += paired
            self.correct += right
            if right < paired:
                self.errors.append(
                    f"{passage_id}: qualifier labelled {'/'.join(sorted((want - have).elements()))}"
                    f" ({'; '.join(repr(r['text']) for r in rows)}), found"
                    f" {'/'.join(sorted((have - want).elements()))}"
                    f" ({'; '.join(repr(m.text) for m in moneys)})"
                )


def label_resolver():
    """A label ("Zelensky", "U.S.") to the slug of the actor it names, through the aliases."""
    table = {}
    for actor in Actor.objects.known():
        table.setdefault(actor.name.lower(), actor.slug)
    for alias in ActorAlias.objects.select_related("actor").filter(actor__in=Actor.objects.known()):
        table.setdefault(alias.alias.lower(), alias.actor.slug)
    return lambda label: table.get(label.lower(), slugify(label))


def evaluate(matcher: Matcher, path: Path = EVAL_FILE) -> dict[str, Score | Accuracy]:
    """A Score per kind and for amounts, then the Accuracy of amount qualifiers; a kind that no
    passage of the file labels (a set of amounts alone) is left out."""
    resolve = label_resolver()
    scores: dict[str, Score | Accuracy] = {name: Score() for name in [*KINDS, "amounts"]}
    scores[QUALIFIERS] = Accuracy()
    labelled: set[str] = set()
    context: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        passage = json.loads(line)
        text = passage["text"]
        # Passages from one article are read in order, as the article is: "Austin said" in a
        # later passage refers to the Lloyd Austin named in an earlier one.
        before = context.get(passage["origin"], "")
        context[passage["origin"]] = f"{before}{text}\n\n"
        whole, proposals = people_found(before + text, matcher.find(before + text), (),
                                        matcher.person_keys)
        mentions = [
            Mention(m.actor_id, m.slug, m.kind, m.start - len(before), m.end - len(before), m.text)
            for m in whole if m.start >= len(before)
        ]
        proposed = {slugify(p.key) for p in proposals if p.start >= len(before)}
        labelled.update(name for name in [*KINDS, "amounts"] if name in passage)
        for label_kind, kind in KINDS.items():
            if label_kind not in passage:
                continue
            expected = Counter({resolve(name) for name in passage[label_kind]})
            found = Counter({m.slug for m in mentions if m.kind == kind})
            if kind == "person":
                found.update(proposed - set(found))
            scores[label_kind].add(passage["id"], expected, found)
        expected_money = Counter(
            (Decimal(a["value"]).normalize(), a["currency"]) for a in passage["amounts"]
        )
        money = find_money(text)
        found_money = Counter((m.value.normalize(), m.currency) for m in money)
        scores["amounts"].add(passage["id"], expected_money, found_money)
        scores[QUALIFIERS].add(passage["id"], passage["amounts"], money)
    return {name: score for name, score in scores.items()
            if name in labelled or (name == QUALIFIERS and "amounts" in labelled)}
