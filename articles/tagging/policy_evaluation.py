"""How often the tags the confirmation policy would confirm are right, on hand-labelled
whole articles (``evaluate_tagging --policy``).

Each labelled article is tagged as the tagger tags it (the same mentions, the same
confidence, articles/tagging/__init__.py), and every tag of a known actor whose kind the set
labels is kept with its confidence. A tag is right when the labels name its actor. The
policy's precision at a threshold is the share of right tags among those it would confirm:
``certain`` and at or above the threshold.

Sets (tests/data/): ``people_eval.jsonl`` labels people and countries; ``actors_state2021.jsonl``
labels people, countries, organisations and equipment, and was labelled before the policy
existed, from releases no rule was written for.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from articles.models import Actor
from articles.tagging.evaluation import label_resolver
from articles.tagging.matcher import Matcher, Mention
from articles.tagging.people import bylines_of, name_key, people_found, title_people_found
from articles.tagging.people_evaluation import CORPUS, _texts

DATA = settings.BASE_DIR / "tests" / "data"
SETS = {
    "people_eval": (DATA / "people_eval.jsonl", {"people": "person", "countries": "country"}),
    "actors_state2021": (DATA / "actors_state2021.jsonl", {
        "people": "person", "countries": "country", "organizations": "organization",
        "equipment": "equipment"}),
}
THRESHOLDS = (0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999)


@dataclass
class Judged:
    """One tag of one labelled article."""

    article: str
    slug: str
    kind: str
    confidence: float
    certain: bool
    right: bool
    reasons: tuple[str, ...]
    kinds: tuple[str, ...] = ()


@dataclass
class PolicyScore:
    tags: list[Judged] = field(default_factory=list)
    articles: int = 0

    def at(self, threshold: float) -> tuple[int, int]:
        """(tags the policy would confirm, of which right)."""
        chosen = [t for t in self.tags if t.certain and t.confidence >= threshold]
        return len(chosen), sum(t.right for t in chosen)

    def precision(self, threshold: float) -> float:
        chosen, right = self.at(threshold)
        return right / chosen if chosen else 1.0

    def evidence_alone(self) -> dict[str, tuple[int, int]]:
        """{kind of evidence: (tags resting on it alone, of which right)}, for the weights of
        articles/tagging/confidence.py."""
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for tag in self.tags:
            if len(tag.kinds) == 1:
                table[tag.kinds[0]][0] += 1
                table[tag.kinds[0]][1] += tag.right
        return {kind: (n, right) for kind, (n, right) in
                sorted(table.items(), key=lambda item: -item[1][0])}

    def wrong(self, threshold: float) -> list[Judged]:
        return [t for t in self.tags if t.certain and t.confidence >= threshold and not t.right]


def article_tags(text: str, title: str, authors: list[str], matcher: Matcher):
    """{actor id: its mentions} as the tagger groups them, title people included."""
    from articles.tagging import tag_confidence

    bylines = bylines_of(authors, text)
    mentions, proposals = people_found(text, matcher.find(text, authors=bylines), bylines,
                                       matcher.person_keys)
    in_title, _ = title_people_found(title, matcher.find(title), matcher.person_keys)
    found: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        found[mention.actor_id].append(mention)
    for mention in in_title:
        if mention.kind == "person" and mention.actor_id not in found:
            found[mention.actor_id].append(
                Mention(mention.actor_id, mention.slug, "person", -1, -1, mention.text))
    return {actor_id: (group, tag_confidence(actor_id, group, matcher, text))
            for actor_id, group in found.items()}


def evaluate_policy(matcher: Matcher, *, sets=None, corpus: Path = CORPUS,
                    split: str | None = None) -> dict[str, PolicyScore]:
    """A PolicyScore per set that exists, and over all ("all")."""
    resolve = label_resolver()
    known = set(Actor.objects.known().values_list("slug", flat=True))
    scores: dict[str, PolicyScore] = {"all": PolicyScore()}
    for name, (path, kinds) in (sets or SETS).items():
        if not path.exists():
            continue
        labelled = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        if split:
            labelled = [item for item in labelled if item.get("split") == split]
        texts = _texts(corpus, labelled)
        score = scores[name] = PolicyScore()
        for item in labelled:
            if item["id"] not in texts:
                raise FileNotFoundError(f"{item['id']}: {item['origin']} {item['url']} "
                                        f"not in {corpus}")
            text, authors, title = texts[item["id"]]
            expected = set()
            for label_kind in kinds:
                for label in item.get(label_kind, []):
                    slug = resolve(label)
                    if slug not in known and label_kind == "people":
                        slug = matcher.person_keys.get(name_key(label), (None, slug))[1]
                    expected.add(slug)
            for actor_id, (group, sure) in article_tags(text, title, authors, matcher).items():
                if actor_id not in matcher.names or matcher.names[actor_id][1] not in (
                        kinds.values()):
                    continue  # a proposed person, or a kind this set does not label
                judged = Judged(item["id"], group[0].slug, matcher.names[actor_id][1],
                                sure.value, sure.certain, group[0].slug in expected,
                                sure.reasons, sure.kinds)
                score.tags.append(judged)
                scores["all"].tags.append(judged)
            score.articles += 1
            scores["all"].articles += 1
    return scores


# The passages whose every figure of money is labelled (value, currency, qualifier); the first
# has no split (the rules were written on it: development), the second was labelled blind.
AMOUNT_SETS = {
    "tagging_eval": DATA / "tagging_eval.jsonl",
    "amounts_state2021": DATA / "amounts_state2021.jsonl",
}


def evaluate_amount_policy(*, sets=None, split: str | None = None) -> dict[str, PolicyScore]:
    """A PolicyScore of the amounts per set, and over all ("amounts"): an amount is right when
    a label of its passage has its value, currency and qualifier."""
    from collections import Counter
    from decimal import Decimal

    from articles.tagging.amounts import corrected_in, find_money
    from articles.tagging.confidence import amount_confidence

    scores: dict[str, PolicyScore] = {"amounts": PolicyScore()}
    for name, path in (sets or AMOUNT_SETS).items():
        if not path.exists():
            continue
        score = scores[f"amounts: {name}"] = PolicyScore()
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else None
            if item is None or "amounts" not in item or (
                    split and item.get("split", "dev") != split):
                continue
            labels = Counter((Decimal(a["value"]).normalize(), a["currency"],
                              a.get("qualifier", "exact")) for a in item["amounts"])
            money = find_money(item["text"])
            corrected = corrected_in(item["text"], money)
            for found in money:
                sure = amount_confidence(found.text, corrected=id(found) in corrected)
                key = (found.value.normalize(), found.currency, found.qualifier)
                right = labels[key] > 0
                if right:
                    labels[key] -= 1
                judged = Judged(item["id"], found.text, "amount", sure.value, sure.certain, right,
                                sure.reasons, sure.kinds)
                score.tags.append(judged)
                scores["amounts"].tags.append(judged)
            score.articles += 1
            scores["amounts"].articles += 1
    return scores
