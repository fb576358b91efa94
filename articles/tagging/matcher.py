"""Names to actors: every name and alias compiled into one Aho-Corasick automaton.

Matching is whole-word and case-insensitive, except aliases marked case-sensitive and any
alias of at most four capital letters ("US", "UK", "EU", "IDF"), which match only as written.
Where names overlap, the longest wins ("Patriot air defense system" over "Patriot"); a
country named inside an organisation's name is kept as well ("Israel Defense Forces").

Ambiguity rules (each tested in tests/test_tagging_matcher.py):
- A person's surname alone ("Austin said") counts only after the person was named in full
  earlier in the same text, and resolves to the most recent such person; or after a title
  ("Secretary Austin", "President Biden") when only one known person has that surname.
  "Austin, Texas" and the like never do.
- "Georgia" is the country unless the sentence speaks of the US state (Atlanta, governor,
  senator, county, a US election...) and says nothing of the Caucasus (Tbilisi, Russia...).
- "Jordan" and "Chad" are not countries when they are part of a person's name: next to
  another capitalised name ("Michael Jordan", "Chad Wolf").
- "Patriot" alone is the weapon only in a weapons context: the sentence names another weapon
  system or speaks of missiles, air defence, batteries, interceptors, launchers...
  "Patriot Act" never is.
- "US" directly before "$" is the currency (US$1.2bn), not a mention of the country.
- A country's name after New, Latin, South, North, Northern or Central, or before Ocean, is
  part of another place's name (New Jersey, Latin America, Northern Ireland, Indian Ocean;
  "northern Syria" in lower case is Syria) unless that whole name is a
  country of its own (New Zealand, South Korea), which the longest-match rule then finds.
- Names of an article's own authors and editors are never its actors, nor are transcript
  speaker labels ("MS. PSAKI:", "PRESIDENT BIDEN:").
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from articles.tagging.text import Sentences, is_word_char, lower_keeping_offsets

NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
PLURAL_KINDS = {"equipment"}


@dataclass(frozen=True)
class Name:
    """One way to write an actor: its name or an alias."""

    actor_id: int
    slug: str
    kind: str
    text: str
    case_sensitive: bool = False
    surname: bool = False
    primary: bool = False  # the actor's own name, not an alias


@dataclass
class Mention:
    actor_id: int
    slug: str
    kind: str
    start: int
    end: int
    text: str
    via_surname: bool = False


def must_match_case(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return alias.isupper() and 0 < len(letters) <= 4


def surname_of(full_name: str) -> str | None:
    tokens = [t for t in full_name.split() if t.lower().strip(",") not in NAME_SUFFIXES]
    if len(tokens) < 2 or not tokens[-1][:1].isupper() or len(tokens[-1]) < 3:
        return None
    return tokens[-1].rstrip(",")


class Matcher:
    """Finds actors in text. Build once (about a second for the gazetteer), use many times."""

    def __init__(self, names: Iterable[Name]):
        names = list(names)
        # each actor's own name and kind, for reading how a mention names it (confidence.py)
        self.names: dict[int, tuple[str, str]] = {}
        for name in sorted(names, key=lambda name: not name.primary):
            self.names.setdefault(name.actor_id, (name.text, name.kind))
        by_key: dict[str, list[Name]] = defaultdict(list)
        for name in names:
            by_key[lower_keeping_offsets(name.text)].append(name)
        # Bare surnames of people, for "Austin said" after "Lloyd Austin"; never one that is
        # already a name or alias of anything.
        surnames: dict[str, list[Name]] = defaultdict(list)
        for name in names:
            surname = surname_of(name.text) if name.kind == "person" else None
            if surname and lower_keeping_offsets(surname) not in by_key:
                surnames[lower_keeping_offsets(surname)].append(
                    Name(name.actor_id, name.slug, "person", surname, True, surname=True)
                )
        # "Antony J. Blinken" for the gazetteer's Antony Blinken (articles/tagging/people.py)
        from articles.tagging.people import name_key

        self.person_keys: dict[str, tuple[int, str]] = {}
        for name in names:
            if name.kind == "person" and len(name.text.split()) > 1:
                self.person_keys.setdefault(name_key(name.text), (name.actor_id, name.slug))
        self.automaton = ahocorasick.Automaton()
        for key in by_key.keys() | surnames.keys():
            entries = tuple(dict.fromkeys(by_key.get(key, []) + surnames.get(key, [])))
            self.automaton.add_word(key, (len(key), entries))
        self.automaton.make_automaton()
        self.size = len(by_key) + len(surnames)
        self.territories: set[int] = set()

    @classmethod
    def from_database(cls) -> "Matcher":
        from articles.models import Actor, ActorAlias

        names = []
        actors = Actor.objects.known().values("id", "slug", "kind", "name", "name_case_sensitive")
        for actor in actors:
            names.append(Name(actor["id"], actor["slug"], actor["kind"], actor["name"],
                              actor["name_case_sensitive"] or must_match_case(actor["name"]),
                              primary=True))
        aliases = ActorAlias.objects.filter(actor__in=Actor.objects.known()).values(
            "actor_id", "actor__slug", "actor__kind", "alias", "case_sensitive"
        )
        for alias in aliases:
            names.append(Name(alias["actor_id"], alias["actor__slug"], alias["actor__kind"],
                              alias["alias"],
                              alias["case_sensitive"] or must_match_case(alias["alias"])))
        matcher = cls(names)
        # a territory ("Hong Kong", "Greenland") is a place the gazetteer files with the
        # countries; whether an article is about it as a country is a curator's call
        matcher.territories = set(Actor.objects.known().filter(attributes__territory=True)
                                  .values_list("id", flat=True))
        return matcher

    def find(self, text: str, *, authors: Iterable[str] = ()) -> list[Mention]:
        """Every actor mention in ``text``, in order, after the ambiguity rules."""
        if not text:
            return []
        candidates = self._candidates(text)
        chosen = self._longest_first(candidates)
        return self._apply_rules(text, chosen, authors)

    def _candidates(self, text: str) -> list[tuple[int, int, Name]]:
        if not self.size:
            return []  # no gazetteer loaded: nothing to find
        lowered = lower_keeping_offsets(text)
        found = []
        length = len(text)
        for last, (key_length, entries) in self.automaton.iter(lowered):
            start, end = last - key_length + 1, last + 1
            if start > 0 and is_word_char(text[start - 1]):
                continue
            plural_end = end
            if end < length and is_word_char(text[end]):
                plural_end = _plural_end(text, end)
                if plural_end is None:
                    continue
            for entry in entries:
                if plural_end != end and entry.kind not in PLURAL_KINDS:
                    continue
                if entry.case_sensitive and text[start:end] != entry.text:
                    continue
                found.append((start, end, entry))
        return found

    @staticmethod
    def _longest_first(candidates):
        """Drop names inside longer names, except a country inside an organisation's name
        ("Israel Defense Forces", "Ukraine Defense Contact Group"), which names it too.

        One sweep in text order: at each start the longest name comes first and covers what
        it spans; where two names overlap without nesting, the earlier one wins.
        """
        candidates.sort(key=lambda c: (c[0], -c[1], c[2].surname))
        chosen = []
        cover_start = cover_end = -1
        cover_kind = ""
        for start, end, entry in candidates:
            if start >= cover_end:
                cover_start, cover_end, cover_kind = start, end, entry.kind
                chosen.append((start, end, entry))
            elif (start, end) == (cover_start, cover_end) or (
                entry.kind == "country" and cover_kind == "organization" and end <= cover_end
            ):
                chosen.append((start, end, entry))
        return chosen

    def _apply_rules(self, text, chosen, authors) -> list[Mention]:
        sentences = Sentences(text)
        author_words = {w.lower() for a in authors for w in [a, *a.split()] if len(w) > 2}
        mentions: list[Mention] = []
        seen_spans = set()
        for start, end, entry in chosen:
            if (start, end) in seen_spans:
                continue  # one span, several entries: the first (a full name) wins
            matched = text[start:end]
            if entry.kind == "person" and matched.lower() in author_words:
                continue
            if entry.kind == "person" and _is_speaker_label(text, start, end):
                continue
            if entry.surname:
                same_span = tuple(e for s_, e_, e in chosen if (s_, e_) == (start, end))
                mention = self._resolve_surname(text, start, end, mentions, same_span)
                if mention:
                    mentions.append(mention)
                    seen_spans.add((start, end))
                continue
            if not _passes_context_rules(text, start, end, entry, sentences, chosen):
                continue
            seen_spans.add((start, end))
            mentions.append(Mention(entry.actor_id, entry.slug, entry.kind, start, end, matched))
        return mentions

    def _resolve_surname(self, text, start, end, earlier: list[Mention],
                         candidates: tuple[Name, ...]) -> Mention | None:
        if re.match(r",?\s+(?:Texas|TX|Tex\.)\b", text[end:end + 8]):
            return None
        surname = text[start:end].lower()
        for mention in reversed(earlier):
            if mention.kind == "person" and surname in mention.text.lower().split():
                return Mention(mention.actor_id, mention.slug, "person", start, end,
                               text[start:end], via_surname=True)
        # "Secretary Austin", "President Biden", "the Biden-Harris administration": after a
        # title, or hyphenated to a person just named, a bare surname is a person; it resolves
        # when only one known person has that surname.
        people = {entry.actor_id: entry for entry in candidates}
        joined = start > 0 and text[start - 1] == "-" and any(
            m.kind == "person" and m.end == start - 1 for m in earlier)
        if len(people) == 1 and (joined or TITLE_BEFORE.search(text[max(0, start - 40):start])):
            entry = next(iter(people.values()))
            return Mention(entry.actor_id, entry.slug, "person", start, end, text[start:end],
                           via_surname=True)
        return None


def _is_speaker_label(text: str, start: int, end: int) -> bool:
    """A transcript's "MS. PSAKI:" or "PRESIDENT BIDEN:" names who speaks, not who is spoken of."""
    line_start = text.rfind("\n", 0, start) + 1
    label = re.match(r"[A-Z][A-Z.'’ -]*:", text[line_start:line_start + 60])
    return bool(label) and line_start + label.end() > end and text[start:end].isupper()


def _plural_end(text: str, end: int) -> int | None:
    """The end of "Javelins"/"F-16s"/"Humvees" when the name is followed by a plural ending."""
    for suffix in ("s", "es"):
        stop = end + len(suffix)
        if text[end:stop] == suffix and (stop >= len(text) or not is_word_char(text[stop])):
            return stop
    return None


GEORGIA_US = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|governor|Gov\.|senator|Sen\.|county|counties|state of|"
    r"peach|Fulton|Kemp|Warnock|Ossoff|Raffensperger|primary|runoff|Carolina|Florida|"
    r"Alabama|Tennessee|Texas|Arizona|Pennsylvania|Michigan|Wisconsin|Nevada)\b", re.I)
GEORGIA_COUNTRY = re.compile(
    r"\b(?:Tbilisi|Georgian|Caucasus|Abkhazia|Ossetia|Russia|Russian|Armenia|Azerbaijan|"
    r"Black Sea|Moldova|Ukraine|NATO|EU|European Union|Kremlin)\b")
WEAPONS_CONTEXT = re.compile(
    r"\b(?:missiles?|air[- ]defen[cs]e|interceptors?|batter(?:y|ies)|launchers?|systems?|"
    r"munitions?|weapons?|rockets?|radars?|PAC-[23]|Raytheon|surface-to-air|SAM|"
    r"anti-aircraft|anti-missile|ammunition|deliver(?:y|ed|ies)|deploy(?:ed|ment)?|"
    r"arms|military aid|security assistance)\b", re.I)
TITLE_BEFORE = re.compile(
    r"\b(?:Secretary|President|Minister|General|Gen\.|Admiral|Adm\.|Senator|Sen\.|Rep\.|"
    r"Chancellor|Ambassador|Speaker|Leader|Mr\.|Ms\.|Mrs\.|Dr\.|Director|Chairman|"
    r"Commander|Governor|Gov\.|Premier|Chief)\s+$"
)
NOT_NAMES = {"The", "In", "On", "At", "And", "Of", "For", "To", "From", "With", "King",
             "Kingdom", "Republic", "President", "Minister", "Foreign", "Prime", "But", "As",
             "By", "Both", "Neighbouring", "Neighboring", "While"}


def _passes_context_rules(text, start, end, entry: Name, sentences: Sentences, chosen) -> bool:
    word = text[start:end]
    lowered = word.lower()
    if entry.kind == "country" and word == "US" and text[end:end + 1] == "$":
        return False
    if entry.kind == "country" and (
        re.search(r"\b(?:New|Latin|South|North|Northern|Central)\s+$", text[max(0, start - 10):start])
        or re.match(r"\s+Ocean\b", text[end:end + 7])
    ):
        return False  # New Jersey, Northern Ireland, Indian Ocean: places, not the country
    if entry.kind == "country" and lowered == "georgia":
        s_start, s_end = sentences.around(start)
        sentence = text[s_start:s_end]
        return not GEORGIA_US.search(sentence) or bool(GEORGIA_COUNTRY.search(sentence))
    if entry.kind == "country" and lowered in ("jordan", "chad"):
        before = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, start - 30):start])
        after = re.match(r"\s+([A-Z][a-z]+)", text[end:end + 30])
        return not any(m and m.group(1) not in NOT_NAMES for m in (before, after))
    if entry.kind == "equipment" and lowered in ("patriot", "patriots"):
        if re.match(r"\s+Act\b", text[end:end + 5]):
            return False
        s_start, s_end = sentences.around(start)
        other_weapon = any(
            other.kind == "equipment" and (o_start, o_end) != (start, end)
            and s_start <= o_start < s_end and other.text.lower() not in ("patriot", "patriots")
            for o_start, o_end, other in chosen
        )
        sentence = text[s_start:start] + text[end:s_end]
        return other_weapon or bool(WEAPONS_CONTEXT.search(sentence))
    return True
