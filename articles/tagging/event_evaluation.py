"""Accuracy of event date resolution and of aid ledger triples on the labelled passages in
tests/data/events_eval.jsonl (how they were labelled: tests/data/README.md)."""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from articles.models import Event
from articles.tagging.amounts import find_money, to_usd
from articles.tagging.evaluation import label_resolver
from articles.tagging.events import find_rule_events, finder_current
from articles.tagging.ledger import find_aid
from articles.tagging.matcher import Matcher
from articles.tagging.records import facts_for
from articles.tagging.text import Sentences

EVAL_FILE = settings.BASE_DIR / "tests" / "data" / "events_eval.jsonl"
TARGETS = {"event dates": 0.90, "aid triples": 0.85}


@dataclass
class Accuracy:
    """Correct / (labelled + extra): a miss and a wrong extra both count against."""

    correct: int = 0
    labelled: int = 0
    extra: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        total = self.labelled + self.extra
        return self.correct / total if total else 1.0

    def add(self, passage_id: str, expected: Counter, found: Counter) -> None:
        self.labelled += sum(expected.values())
        self.correct += sum((expected & found).values())
        for item, count in (found - expected).items():
            self.extra += count
            self.errors.append(f"{passage_id}: extra {item}")
        for item, count in (expected - found).items():
            self.errors.append(f"{passage_id}: missed {item}")


def evaluate(matcher: Matcher, path: Path = EVAL_FILE) -> dict[str, Accuracy]:
    """{"event dates": ..., "aid triples": ..., "aid kinds": ...}. An event counts when its
    kind and its days are the labelled ones; a triple when donor, recipient and amount (value
    and currency) are; "aid kinds" checks package or total on the triples found."""
    resolve = label_resolver()
    finder, facts = finder_current(), facts_for(matcher)
    kinds = dict(Event.objects.values_list("pk", "kind"))
    days = {pk: (first, last or first)
            for pk, first, last in Event.objects.values_list("pk", "start_date", "end_date")}
    scores = {"event dates": Accuracy(), "aid triples": Accuracy(), "aid kinds": Accuracy()}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        passage = json.loads(line)
        text, base = passage["text"], dt.date.fromisoformat(passage["date"])
        sentences = Sentences(text)
        mentions = matcher.find(text)
        found_events = Counter(
            (kinds[m.event_id], *(d.isoformat() for d in days[m.event_id]))
            for m in finder.find(text, base=base, sentences=sentences,
                                 countries=[m for m in mentions if m.kind == "country"]))
        found_events.update((e.kind, e.day.isoformat(), e.day.isoformat()) for e in
                            find_rule_events(text, base=base, sentences=sentences, mentions=mentions))
        expected_events = Counter((e["kind"], e["start"], e["end"]) for e in passage["events"])
        scores["event dates"].add(passage["id"], expected_events, found_events)

        money = find_money(text)
        usd = [to_usd(m.value, m.currency, base.year) for m in money]
        rows = find_aid(text=text, sentences=sentences, mentions=mentions, money=money, usd=usd,
                        base=base, facts=facts, source_slug=passage.get("source", ""))
        found = Counter((facts.slugs.get(r.donor_id), facts.slugs.get(r.recipient_id),
                         r.money.value.normalize(), r.money.currency) for r in rows)
        expected = Counter((resolve(a["donor"]), resolve(a["recipient"]),
                            Decimal(a["value"]).normalize(), a["currency"]) for a in passage["aid"])
        scores["aid triples"].add(passage["id"], expected, found)
        labelled_kinds = {(resolve(a["donor"]), resolve(a["recipient"]),
                           Decimal(a["value"]).normalize()): a["kind"] for a in passage["aid"]}
        for row in rows:
            key = (facts.slugs.get(row.donor_id), facts.slugs.get(row.recipient_id),
                   row.money.value.normalize())
            if key in labelled_kinds:
                scores["aid kinds"].add(passage["id"], Counter([(key, labelled_kinds[key])]),
                                        Counter([(key, row.kind)]))
    return scores
