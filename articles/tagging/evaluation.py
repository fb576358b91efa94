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
from articles.tagging.people import find_proposals

EVAL_FILE = settings.BASE_DIR / "tests" / "data" / "tagging_eval.jsonl"
KINDS = {"people": "person", "countries": "country", "organizations": "organization",
         "equipment": "equipment"}
TARGETS = {  # (precision, recall) the tagger must reach on the set
    "amounts": (0.98, 0.95), "countries": (0.95, 0.95), "people": (0.90, 0.90),
    "equipment": (0.90, 0.90), "organizations": (0.0, 0.0),
}


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


def label_resolver():
    """A label ("Zelensky", "U.S.") to the slug of the actor it names, through the aliases."""
    table = {}
    for actor in Actor.objects.known():
        table.setdefault(actor.name.lower(), actor.slug)
    for alias in ActorAlias.objects.select_related("actor").filter(actor__in=Actor.objects.known()):
        table.setdefault(alias.alias.lower(), alias.actor.slug)
    return lambda label: table.get(label.lower(), slugify(label))


def evaluate(matcher: Matcher, path: Path = EVAL_FILE) -> dict[str, Score]:
    resolve = label_resolver()
    scores = {name: Score() for name in [*KINDS, "amounts"]}
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
        mentions = [
            Mention(m.actor_id, m.slug, m.kind, m.start - len(before), m.end - len(before), m.text)
            for m in matcher.find(before + text) if m.start >= len(before)
        ]
        taken = [(m.start, m.end) for m in mentions]
        proposed = {slugify(p.name) for p in find_proposals(text)
                    if not any(p.start < e and s < p.end for s, e in taken)}
        for label_kind, kind in KINDS.items():
            expected = Counter({resolve(name) for name in passage[label_kind]})
            found = Counter({m.slug for m in mentions if m.kind == kind})
            if kind == "person":
                found.update(proposed - set(found))
            scores[label_kind].add(passage["id"], expected, found)
        expected_money = Counter(
            (Decimal(a["value"]).normalize(), a["currency"]) for a in passage["amounts"]
        )
        found_money = Counter((m.value.normalize(), m.currency) for m in find_money(text))
        scores["amounts"].add(passage["id"], expected_money, found_money)
    return scores
