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

from articles.models import Actor, ActorAlias
from articles.tagging.evaluation import Score
from articles.tagging.matcher import Matcher
from articles.tagging.people import bylines_of, name_key, people_found

PEOPLE_FILE = settings.BASE_DIR / "tests" / "data" / "people_eval.jsonl"
CORPUS = settings.BASE_DIR.parent / "shared" / "corpus"
NEWSROOMS = {"ps": "State Department", "pw": "White House"}


@dataclass
class ArticleScores:
    people: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    countries: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: Counter = field(default_factory=Counter)
    articles: int = 0


def _resolvers():
    """(label -> actor slug or None, name key -> person slug or None) from the gazetteer."""
    by_name: dict[str, str] = {}
    by_key: dict[str, str] = {}
    known = Actor.objects.known()
    names = [(a.name, a.slug, a.kind) for a in known.only("name", "slug", "kind")]
    names += [(a.alias, a.actor.slug, a.actor.kind)
              for a in ActorAlias.objects.filter(actor__in=known).select_related("actor")]
    for name, slug, kind in names:
        by_name.setdefault(name.lower(), slug)
        if kind == Actor.Kind.PERSON and len(name.split()) > 1:
            by_key.setdefault(name_key(name), slug)
    return by_name, by_key


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
    by_name, by_key = _resolvers()
    scores = ArticleScores()

    def person(name: str) -> str:
        slug = by_name.get(name.lower()) or by_key.get(name_key(name))
        return f"actor:{slug}" if slug else f"name:{name_key(name)}"

    for item in labelled:
        if item["id"] not in texts:
            raise FileNotFoundError(f"{item['id']}: {item['origin']} {item['url']} not in {corpus}")
        text, authors, title = texts[item["id"]]
        bylines = bylines_of(authors, text)
        mentions, proposals = people_found(text, matcher.find(text, authors=bylines), bylines,
                                           matcher.person_keys)
        # the known people of the title too, as the tagger keeps them (articles/tagging/__init__.py)
        in_title, _ = people_found(title, matcher.find(title), (), matcher.person_keys)
        found_people = {f"actor:{m.slug}" for m in mentions + in_title if m.kind == "person"}
        for proposal in proposals:
            slug = by_key.get(name_key(proposal.name))
            found_people.add(f"actor:{slug}" if slug else f"name:{name_key(proposal.name)}")
        expected_people = {person(name) for name in item["people"]}
        found_countries = {m.slug for m in mentions if m.kind == "country"}
        expected_countries = {by_name.get(name.lower(), name) for name in item["countries"]}
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
