"""People and countries of whole articles against hand labels (tests/data/people_eval.jsonl).

The labels name every person and country of an article as a reader finds them; the article's
tags are what its page shows: the gazetteer's people and countries the matcher finds, and the
people the name finder proposes (articles/tagging/people.py). A label and a tag are the same
person when they name the same gazetteer actor (by its name or an alias) or, for people the
gazetteer does not know, when their name keys agree ("Jennifer R. Littlejohn" and "Jennifer
Littlejohn"). The texts are read from the shared corpus with the importer's own readers.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from articles.models import Actor
from articles.tagging.evaluation import Score, label_resolver
from articles.tagging.matcher import Matcher
from articles.tagging.people import bylines_of, name_key, people_found, title_people_found

PEOPLE_FILE = settings.BASE_DIR / "tests" / "data" / "people_eval.jsonl"
CORPUS = settings.BASE_DIR.parent / "shared" / "corpus"
NEWSROOMS = {"ps": "State Department", "pw": "White House", "as": "State Department"}


@dataclass
class ArticleScores:
    people: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    countries: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: Counter = field(default_factory=Counter)
    articles: int = 0


def _texts(corpus: Path, wanted: list[dict]) -> dict[str, tuple[str, list[str], str]]:
    """Each labelled article's body, authors and title, read as the importer reads them."""
    from articles.importers import records_from
    from articles.importers.records import RecordError

    texts = {}
    by_url = {item["url"]: item["id"] for item in wanted if item["origin"].endswith(".jsonl")}
    for origin in sorted({item["origin"] for item in wanted}):
        path = corpus / origin
        for record in records_from(path, "jsonl" if origin.endswith(".jsonl") else "md"):
            if isinstance(record, RecordError):
                continue
            key = by_url.get(record.url) if origin.endswith(".jsonl") else next(
                (i["id"] for i in wanted if i["origin"] == origin), None)
            if key and key not in texts:
                texts[key] = (record.body, [*record.authors, *record.editors], record.title)
    return texts


def evaluate_people(matcher: Matcher, path: Path = PEOPLE_FILE, corpus: Path = CORPUS,
                    split: str | None = None) -> ArticleScores:
    """Scores per newsroom ("State Department", "White House") and over all ("all")."""
    labelled = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    if split:
        labelled = [item for item in labelled if item["split"] == split]
    texts = _texts(corpus, labelled)
    resolve = label_resolver()  # a label to the slug of the actor it names, by name or alias
    known = set(Actor.objects.known().values_list("slug", flat=True))
    scores = ArticleScores()

    def person(name: str) -> str:
        slug = resolve(name)
        if slug not in known:
            slug = matcher.person_keys.get(name_key(name), (None, None))[1]
        return f"actor:{slug}" if slug else f"name:{name_key(name)}"

    for item in labelled:
        if item["id"] not in texts:
            raise FileNotFoundError(f"{item['id']}: {item['origin']} {item['url']} not in {corpus}")
        text, authors, title = texts[item["id"]]
        bylines = bylines_of(authors, text)
        mentions, proposals = people_found(text, matcher.find(text, authors=bylines), bylines,
                                           matcher.person_keys)
        # the known people of the title too, as the tagger keeps them (articles/tagging/__init__.py)
        in_title, titled = title_people_found(title, matcher.find(title), matcher.person_keys)
        found_people = {f"actor:{m.slug}" for m in mentions + in_title if m.kind == "person"}
        # a proposal whose name key is a gazetteer person's is already that person's mention
        found_people |= {f"name:{proposal.key}" for proposal in proposals + titled}
        expected_people = {person(name) for name in item["people"]}
        found_countries = {m.slug for m in mentions if m.kind == "country"}
        expected_countries = {resolve(name) for name in item["countries"]}
        newsroom = NEWSROOMS[item["id"].split("-")[0]]
        for group in (newsroom, "all"):
            scores.people[group].add(item["id"], Counter(expected_people), Counter(found_people))
            scores.countries[group].add(item["id"], Counter(expected_countries),
                                        Counter(found_countries))
        for missed in expected_people - found_people:
            scores.misses["a gazetteer person not found" if missed.startswith("actor:")
                          else "a person the gazetteer does not know, not proposed"] += 1
        for extra in found_people - expected_people:
            scores.misses["extra: a gazetteer person not labelled" if extra.startswith("actor:")
                          else "extra: a proposed name that is no labelled person"] += 1
        scores.articles += 1
    return scores
