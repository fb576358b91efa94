"""Accuracy of event date resolution and of aid ledger triples on the labelled passages in
tests/data/events_eval.jsonl (how they were labelled: tests/data/README.md).

The tagger reads whole articles, and the labels name donor and recipient as a reader of the
whole article would: so each passage is read in its article when the article can be found
(the seed in seeds/, the others in the shared corpus beside the checkout), and only what the
tagger finds inside the passage is scored. A passage whose article is missing is read alone.
"""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from articles.importers import records_from
from articles.importers.records import RecordError
from articles.models import PACKAGE_ROLES, Event
from articles.tagging.amounts import find_money, in_local_dollars, to_usd
from articles.tagging.evaluation import label_resolver
from articles.tagging.events import Archive, tagging_run
from articles.tagging.matcher import Matcher
from articles.tagging.packages import Report, roles_in_article
from articles.tagging.records import article_day, events_and_aid_in, facts_for
from articles.tagging.text import Sentences

EVAL_FILE = settings.BASE_DIR / "tests" / "data" / "events_eval.jsonl"
CORPUS_DIR = settings.BASE_DIR.parent / "shared" / "corpus"
# The targets on passages nobody tuned on: the gazetteer's named events dated right; the calls,
# visits and attacks the rules make (suggestions for curators) right when they are found; the
# ledger's triples, roles and new packages. "event dates" (every labelled event) is reported
# without a target: the rule-made kinds are not held to recall.
TARGETS = {"named events": 0.90, "rule precision": 0.85, "aid triples": 0.85, "aid roles": 0.95,
           "new packages": 0.90}
NAMED_KINDS = ("summit", "meeting", "election", "vote")
RULE_KINDS = ("call", "visit", "attack")


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
        for item in expected - found:
            self.errors.append(f"{passage_id}: missed {item}")


def passage_in_article(passage: dict,
                       corpus: Path = CORPUS_DIR) -> tuple[str, int, dt.date] | None:
    """The body of the article the passage was copied from, as the importer stores it, where
    the passage starts in it and the day its "today" is (as the tagger reads it from the stored
    article); None when the article cannot be read or lacks it."""
    origin = passage.get("origin", "")
    path = settings.BASE_DIR / origin if origin.startswith("seeds/") else corpus / origin
    if not origin or not path.is_file():
        return None
    for record in records_from(path, "auto"):
        if not isinstance(record, RecordError) and (at := record.body.find(passage["text"])) != -1:
            return record.body, at, article_day(record) or dt.date.fromisoformat(passage["date"])
    return None


def archive_of(matcher: Matcher, corpus: Path = CORPUS_DIR) -> tuple[Archive, int]:
    """What the archive would date if the corpus (and the seed) were imported: the calls and
    attacks each article dates itself, with the gazetteer's attacks; and how many articles
    were read. A passage's undated call is then the one another report of it dates."""
    archive = Archive.from_database()
    facts = facts_for(matcher)
    paths = [*sorted((settings.BASE_DIR / "seeds" / "articles").glob("*")),
             *sorted(corpus.rglob("*.md"))]
    read = 0
    with tagging_run():
        for path in paths:
            for record in records_from(path, "auto"):
                if isinstance(record, RecordError) or (base := article_day(record)) is None:
                    continue
                read += 1
                text = record.body
                found = events_and_aid_in(
                    text, base=base, sentences=Sentences(text), mentions=matcher.find(text),
                    money=[], usd=[], facts=facts, source_slug="")
                archive.remember(found.ruled)
    return archive, read


def evaluate(matcher: Matcher, path: Path = EVAL_FILE, *, alone: bool = False,
             corpus: Path = CORPUS_DIR, archive: Archive | None = None) -> dict[str, Accuracy]:
    """{"event dates": ..., "  summit": ..., "aid triples": ..., "aid kinds": ..., "read in
    article": ...}. An event counts when its kind and its days are the labelled ones (and
    "  <kind>" scores the events of one kind); a triple when donor, recipient and amount
    (value and currency) are; "aid kinds" checks package or total on the triples found.
    ``alone``: read every passage without its article."""
    resolve = label_resolver()
    facts = facts_for(matcher)
    kinds = dict(Event.objects.values_list("pk", "kind"))
    days = {pk: (first, last or first)
            for pk, first, last in Event.objects.values_list("pk", "start_date", "end_date")}
    scores = {"event dates": Accuracy(), "named events": Accuracy(), "rule precision": Accuracy(),
              "aid triples": Accuracy(), "aid kinds": Accuracy(),
              "aid roles": Accuracy(), "new packages": Accuracy(), "read in article": Accuracy()}
    with tagging_run():  # the gazetteer events, read once for every passage
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            passage = json.loads(line)
            found_in = None if alone else passage_in_article(passage, corpus)
            text, start, base = found_in or (passage["text"], 0,
                                             dt.date.fromisoformat(passage["date"]))
            inside = range(start, start + len(passage["text"]))
            scores["read in article"].labelled += 1
            scores["read in article"].correct += found_in is not None
            sentences = Sentences(text)
            mentions = matcher.find(text)
            money = in_local_dollars(find_money(text), facts.newsroom_dollar(passage.get("source", "")))
            found = events_and_aid_in(
                text, base=base, sentences=sentences, mentions=mentions, money=money,
                usd=[to_usd(m.value, m.currency, base.year) for m in money], facts=facts,
                source_slug=passage.get("source", ""), every=True,
                archive=None if found_in is None else archive)
            events = {m.event_id for m in found.named if m.start in inside}
            found_events = Counter((kinds[pk], *(d.isoformat() for d in days[pk])) for pk in events)
            found_events.update((e.kind, *(d.isoformat() for d in e.days)) for e in {
                e.slug: e for e in found.ruled if e.start in inside}.values())
            expected_events = Counter((e["kind"], e["start"], e["end"]) for e in passage["events"])
            scores["event dates"].add(passage["id"], expected_events, found_events)
            scores["named events"].add(
                passage["id"], Counter({k: n for k, n in expected_events.items()
                                        if k[0] in NAMED_KINDS}),
                Counter({k: n for k, n in found_events.items() if k[0] in NAMED_KINDS}))
            found_ruled = Counter({k: n for k, n in found_events.items() if k[0] in RULE_KINDS})
            # precision: what was found, right or not; a labelled call not found is no error here
            scores["rule precision"].add(passage["id"], expected_events & found_ruled, found_ruled)
            for kind in {item[0] for item in expected_events + found_events}:
                scores.setdefault(f"  {kind}", Accuracy()).add(
                    passage["id"],
                    Counter({k: n for k, n in expected_events.items() if k[0] == kind}),
                    Counter({k: n for k, n in found_events.items() if k[0] == kind}))

            every_row = list({row.key: row for row in reversed(found.aid)
                              if row.money.start in inside}.values())
            roles = stored_roles(every_row, base)
            # the triples are the ledger's packages and totals; requests and appropriations
            # are rows of their own roles, scored only by "aid roles"
            rows = [row for row in every_row if row.role not in ("request", "appropriation")]
            found = Counter((facts.slugs.get(r.donor_id), facts.slugs.get(r.recipient_id),
                             r.money.value.normalize(), r.money.currency) for r in rows)
            expected = Counter((resolve(a["donor"]), resolve(a["recipient"]),
                                Decimal(a["value"]).normalize(), a["currency"])
                               for a in passage["aid"])
            scores["aid triples"].add(passage["id"], expected, found)
            labelled_kinds = {(resolve(a["donor"]), resolve(a["recipient"]),
                               Decimal(a["value"]).normalize()): a["kind"] for a in passage["aid"]}
            for row in rows:
                key = (facts.slugs.get(row.donor_id), facts.slugs.get(row.recipient_id),
                       row.money.value.normalize())
                if key in labelled_kinds:
                    scores["aid kinds"].add(passage["id"], Counter([(key, labelled_kinds[key])]),
                                            Counter([(key, row.kind)]))
            if "not_ledger" in passage or any("role" in a for a in passage["aid"]):
                _score_roles(passage, every_row, roles, resolve, facts, scores)
    kinds_found = sorted(name for name in scores if name.startswith("  "))
    order = ["event dates", *kinds_found, "named events", "rule precision", "aid triples",
             "aid kinds", "aid roles",
             "new packages", "read in article"]
    return {name: scores[name] for name in order}


def stored_roles(rows: list, base: dt.date) -> list[str]:
    """The roles the archive stores for one passage's ``rows``: a figure that is the sum of
    others said that day is the combined announcement and they its components
    (packages.roles_in_article, which the archive applies when it builds packages)."""
    index_of = {id(row): index for index, row in enumerate(rows)}
    reports = [Report(id=index, article_id=0, donor=row.donor_id, recipient=row.recipient_id,
                      value=row.value_usd, day=row.date or base, role=row.role,
                      qualifier=row.money.qualifier or "exact", programme=row.programme,
                      ordinal=row.ordinal, stage=row.stage,
                      part_of=index_of.get(id(row.part_of)))
               for index, row in enumerate(rows) if row.role in PACKAGE_ROLES]
    roles = roles_in_article(reports)
    return [roles[index][0] if index in roles else row.role for index, row in enumerate(rows)]


def _score_roles(passage: dict, rows: list, roles: list[str], resolve, facts,
                 scores: dict) -> None:
    """On sets labelled with roles (every figure of a passage in ``aid`` or ``not_ledger``):
    "aid roles" is the share of labelled figures whose role the ledger gives (a figure that is
    no aid, found as a row, counts as wrong; one labelled as aid and not found, as missed);
    "new packages" scores donor, recipient and amount of the figures labelled as new."""
    figures = Counter()
    for label in passage["aid"]:
        figures[(Decimal(label["value"]).normalize(), label.get("role") or label["kind"])] += 1
    for label in passage.get("not_ledger", []):
        if label["role"] != "none" and (value := _value_of(label)) is not None:
            figures[(value, label["role"])] += 1
    labelled_values = {value for value, _ in figures} | {
        _value_of(label) for label in passage.get("not_ledger", []) if _value_of(label)}
    found = Counter((row.money.value.normalize(), role) for row, role in zip(rows, roles, strict=True)
                    if row.money.value.normalize() in labelled_values)
    scores["aid roles"].add(passage["id"], figures, found)
    expected_new = Counter((resolve(a["donor"]), resolve(a["recipient"]),
                            Decimal(a["value"]).normalize())
                           for a in passage["aid"] if a.get("role") == "new")
    found_new = Counter((facts.slugs.get(r.donor_id), facts.slugs.get(r.recipient_id),
                         r.money.value.normalize())
                        for r, role in zip(rows, roles, strict=True) if role == "new")
    scores["new packages"].add(passage["id"], expected_new, found_new)


def _value_of(label: dict) -> Decimal | None:
    """The value of a not_ledger label, read from its words where it has no value field."""
    if "value" in label:
        return Decimal(label["value"]).normalize()
    found = find_money(label.get("amount_text", ""))
    return found[0].value.normalize() if found else None
