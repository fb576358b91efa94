"""The gazetteer: reviewable JSON files in seeds/gazetteer/ loaded into Actor rows.

countries.json, people.json, organizations.json, equipment.json: lists of entries
``{"name", "aliases", "case_sensitive", "description", ...}`` (see seeds/gazetteer/README.md);
events.json: the named events (articles/tagging/events.py), loaded with them.
Loading is idempotent. An actor a curator has edited (``edited_by_curator``) is left alone,
and aliases curators added are never removed.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from articles.models import Actor, ActorAlias, TagStatus

GAZETTEER_DIR = settings.BASE_DIR / "seeds" / "gazetteer"
FILES = {
    "countries.json": Actor.Kind.COUNTRY,
    "people.json": Actor.Kind.PERSON,
    "organizations.json": Actor.Kind.ORGANIZATION,
    "equipment.json": Actor.Kind.EQUIPMENT,
}


class GazetteerError(Exception):
    """A gazetteer file or entry that cannot be loaded; the message names file and entry."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_for_curators: int = 0
    aliases_added: int = 0
    aliases_removed: int = 0
    per_kind: dict = field(default_factory=dict)
    events_created: int = 0
    events_updated: int = 0

    @property
    def changed(self) -> bool:
        """Whether articles tagged before this load may be tagged differently now."""
        return bool(self.created or self.updated or self.aliases_added or self.aliases_removed
                    or self.events_created or self.events_updated)


def read_json(path: Path):
    """The parsed file; GazetteerError naming the file (and line) when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError(f"{path}: missing") from None
    except json.JSONDecodeError as error:
        raise GazetteerError(f"{path}:{error.lineno}: malformed JSON: {error.msg}") from None


def read_entries(directory: Path = GAZETTEER_DIR) -> list[dict]:
    """Every entry of every file, checked, with its kind and slug."""
    entries, slugs = [], {}
    for filename, kind in FILES.items():
        path = directory / filename
        items = read_json(path)
        if not isinstance(items, list):
            raise GazetteerError(f"{path}: expected a list of entries")
        for index, item in enumerate(items):
            where = f"{path}:[{index}]"
            if not isinstance(item, dict) or not str(item.get("name") or "").strip():
                raise GazetteerError(f"{where}: an entry needs a name")
            slug = item.get("slug") or slugify(item["name"])
            if slug in slugs:
                raise GazetteerError(f"{where}: slug {slug!r} is also {slugs[slug]}")
            slugs[slug] = where
            if kind == Actor.Kind.COUNTRY and not pycountry.countries.get(alpha_2=item.get("iso", "")):
                raise GazetteerError(f"{where}: {item.get('iso')!r} is not an ISO 3166-1 alpha-2 code")
            if "in_office" in item and not _terms_valid(item["in_office"]):
                raise GazetteerError(f"{where}: in_office must be a list of [from, to] ISO dates "
                                     f"(to null while in office), not {item['in_office']!r}")
            entries.append({**item, "kind": kind, "slug": slug})
    return entries


def _terms_valid(terms) -> bool:
    if not isinstance(terms, list):
        return False
    for term in terms:
        if not isinstance(term, list) or len(term) != 2 or not isinstance(term[0], str):
            return False
        try:
            first = dt.date.fromisoformat(term[0])
            last = None if term[1] is None else dt.date.fromisoformat(term[1])
        except (TypeError, ValueError):
            return False
        if last is not None and last < first:
            return False
    return True


def _alias_set(entry: dict) -> dict[str, bool]:
    """{alias: case_sensitive}, the name itself excluded."""
    case_sensitive = set(entry.get("case_sensitive", []))
    aliases = {}
    for alias in entry.get("aliases", []):
        alias = " ".join(str(alias).split())
        if alias and alias != entry["name"]:
            aliases[alias] = alias in case_sensitive
    return aliases


def gazetteer_load(*, directory: Path = GAZETTEER_DIR) -> LoadResult:
    """Create or update the gazetteer's actors, aliases and events, all or nothing."""
    from articles.tagging.events import events_load

    entries = read_entries(directory)
    result = LoadResult()
    with transaction.atomic():
        # A directory of actors alone (a test's, a partial gazetteer) loads no events.
        if (directory / "events.json").exists() or directory == GAZETTEER_DIR:
            events = events_load(path=directory / "events.json")
            result.events_created, result.events_updated = events.created, events.updated
        actors = {actor.slug: actor for actor in Actor.objects.all()}
        aliases = {}
        for alias in ActorAlias.objects.all():
            aliases.setdefault(alias.actor_id, {})[alias.alias] = alias
        for entry in entries:
            result.per_kind[entry["kind"]] = result.per_kind.get(entry["kind"], 0) + 1
            fields = {
                "name": entry["name"],
                "name_case_sensitive": entry["name"] in entry.get("case_sensitive", []),
                "kind": entry["kind"],
                "iso_code": entry.get("iso", ""),
                "category": entry.get("category", ""),
                "description": entry.get("description", ""),
                "attributes": {k: v for k, v in entry.items() if k in ("country", "in_office", "territory",
                                                                         "operator")},
            }
            actor = actors.get(entry["slug"])
            if actor is None:
                actor = Actor.objects.create(slug=entry["slug"], status=TagStatus.CONFIRMED, **fields)
                result.created += 1
            elif actor.edited_by_curator:
                result.kept_for_curators += 1
                continue
            elif actor.status != TagStatus.CONFIRMED or any(
                getattr(actor, name) != value for name, value in fields.items()
            ):
                for name, value in fields.items():
                    setattr(actor, name, value)
                # The gazetteer names this person: a pending proposal of the same name is
                # settled by it.
                actor.status = TagStatus.CONFIRMED
                actor.save()
                result.updated += 1
            else:
                result.unchanged += 1
            wanted = _alias_set(entry)
            have = aliases.get(actor.pk, {})
            new = [
                ActorAlias(actor=actor, alias=text, case_sensitive=case_sensitive,
                           origin=ActorAlias.Origin.GAZETTEER)
                for text, case_sensitive in wanted.items() if text not in have
            ]
            ActorAlias.objects.bulk_create(new)
            result.aliases_added += len(new)
            for text, alias in have.items():
                if alias.origin != ActorAlias.Origin.GAZETTEER:
                    continue
                if text not in wanted:
                    alias.delete()
                    result.aliases_removed += 1
                elif alias.case_sensitive != wanted[text]:
                    alias.case_sensitive = wanted[text]
                    alias.save(update_fields=["case_sensitive"])
    return result
