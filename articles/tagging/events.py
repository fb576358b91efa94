"""Events: the named events of seeds/gazetteer/events.json found in an article, with their
dates resolved against the article's date.

The gazetteer holds *series* (NATO summits, G7 summits, US presidential and midterm
elections, Ukraine Defense Contact Group meetings, votes in Congress on aid), each with the
phrases that name it and its dated instances. A mention picks its instance by, in order:

1. a place of the instance in the same sentence ("NATO summit in Vilnius");
2. a date expression in the sentence, nearest first ("next week's NATO summit", "the July
   9-11 summit", "the Nov. 5 presidential election"), resolved against the article's date;
3. for an explicit name with neither, the instance nearest the article's date within the
   series' window (the coming NATO summit, not one five years ago).

A generic word ("summit", "election") counts only for a series the article names outright,
and only when a place or a date picks the instance ("this year's summit"), or, for a series
with a ``generic_window_days``, when the article is that close to one of its instances
("coming out of this summit" two days before the G7 summit). A series marked
``generic_alone`` (US elections) lets a bare word count so near one of its instances even in
a text that never names it ("a week after the election", said in November 2024). An election word right after another
country's name ("Ukraine's presidential election") or before "in" and one ("elections in
Brazil") is not a US election. A series with a ``context`` counts only in sentences that
have it (a bill's name is a vote only where the sentence speaks of voting or passing). An
instance may have ``aliases`` of its own that name it whenever said ("passed the Senate 70 to
29", "the election was stolen"), and a series marked ``previous_alone`` takes "the last
election" for its latest instance before the article. A series with a ``cue`` lets a bare
word name its instance farther away (``cue_window_days``) where the sentence has the cue (US
politics: "Republican votes", "Trump", "voters") and names no other country.

Aid announcements are events too: every package in the ledger becomes one (see
``aid_event_for``), so the same package reported by many articles is one page.
"""

import bisect
import datetime as dt
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.text import slugify

from articles.models import Event, TagStatus
from articles.tagging.dates import find_dates
from articles.tagging.gazetteer import GazetteerError, read_json
from articles.tagging.text import Sentences, lower_keeping_offsets

EVENTS_FILE = settings.BASE_DIR / "seeds" / "gazetteer" / "events.json"
KINDS = set(Event.Kind.values)


def read_series(path: Path = EVENTS_FILE) -> list[dict]:
    """The series of events.json, checked; each event with its slug and dates parsed."""
    data = read_json(path)
    series_list = data.get("series") if isinstance(data, dict) else None
    if not isinstance(series_list, list):
        raise GazetteerError(f'{path}: expected {{"series": [...]}}')
    slugs = {}
    for index, series in enumerate(series_list):
        where = f"{path}:series[{index}]"
        if not isinstance(series, dict) or not series.get("key") or series.get("kind") not in KINDS:
            raise GazetteerError(f"{where}: a series needs a key and a kind among {sorted(KINDS)}")
        if not series.get("patterns") or not isinstance(series.get("events"), list):
            raise GazetteerError(f"{where}: a series needs patterns and a list of events")
        for number, event in enumerate(series["events"]):
            place = f"{where}.events[{number}]"
            try:
                event["start_date"] = dt.date.fromisoformat(event["start"])
                event["end_date"] = dt.date.fromisoformat(event.get("end") or event["start"])
            except (KeyError, TypeError, ValueError):
                raise GazetteerError(f"{place}: start and end must be ISO dates") from None
            if event["end_date"] < event["start_date"] or not event.get("name") or not event.get("slug"):
                raise GazetteerError(f"{place}: needs a name, a slug, and an end not before its start")
            aliases = event.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
                raise GazetteerError(f"{place}: aliases must be a list of phrases")
            if event["slug"] in slugs:
                raise GazetteerError(f"{place}: slug {event['slug']!r} is also {slugs[event['slug']]}")
            slugs[event["slug"]] = place
        for key in ("context", "cue"):
            try:
                re.compile(series.get(key) or "")
            except re.error as error:
                raise GazetteerError(f"{where}: {key} is not a regular expression: {error}") from None
    return series_list


@dataclass
class EventsLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_for_curators: int = 0


def events_load(*, path: Path = EVENTS_FILE) -> EventsLoadResult:
    """Create or update the gazetteer's events, all or nothing; events curators edited are
    left alone."""
    result = EventsLoadResult()
    series_list = read_series(path)
    with transaction.atomic():
        existing = {event.slug: event for event in Event.objects.filter(
            slug__in=[e["slug"] for s in series_list for e in s["events"]])}
        for series in series_list:
            for entry in series["events"]:
                fields = {
                    "name": entry["name"], "kind": series["kind"], "place": entry.get("place", ""),
                    "start_date": entry["start_date"], "end_date": entry["end_date"],
                    "description": entry.get("description") or series.get("description", ""),
                    "attributes": {
                        "series": series["key"], "places": entry.get("places", []),
                        "unscheduled": bool(entry.get("unscheduled")),
                        "patterns": series["patterns"], "generic": series.get("generic", []),
                        "window_days": series.get("window_days", [-30, 30]),
                        "exclude_countries_before": bool(series.get("exclude_countries_before")),
                        "generic_window_days": series.get("generic_window_days"),
                        "generic_alone": bool(series.get("generic_alone")),
                        "previous_alone": bool(series.get("previous_alone")),
                        "cue": series.get("cue", ""),
                        "cue_window_days": series.get("cue_window_days"),
                        "aliases": entry.get("aliases", []),
                        "context": series.get("context", ""),
                        "gazetteer": True,
                    },
                }
                event = existing.get(entry["slug"])
                if event is None:
                    Event.objects.create(slug=entry["slug"], status=TagStatus.CONFIRMED, **fields)
                    result.created += 1
                elif event.edited_by_curator:
                    result.kept_for_curators += 1
                elif any(getattr(event, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(event, name, value)
                    event.save()
                    result.updated += 1
                else:
                    result.unchanged += 1
    return result


@dataclass
class Instance:
    pk: int
    first: dt.date
    last: dt.date
    places: list[str]
    unscheduled: bool = False  # an extraordinary summit: nobody speaks of it weeks ahead


@dataclass
class Series:
    key: str
    pattern: re.Pattern
    generic: re.Pattern | None
    phrases: set[str]  # the patterns in lower case: a text with none of them skips the regex
    generic_words: set[str]
    instances: list[Instance]
    window: tuple[int, int]
    exclude_countries_before: bool
    context: re.Pattern | None = None  # words the sentence must have ("passed" for a vote)
    generic_window: tuple[int, int] | None = None  # days around an instance a bare word names it
    generic_alone: bool = False  # ... even in a text that never names the series
    previous_alone: bool = False  # "the last election": its latest instance before the article
    cue: re.Pattern | None = None  # words that make a bare word this series' farther from it ...
    cue_window: tuple[int, int] | None = None  # ... within these days of an instance


@dataclass
class EventMention:
    event_id: int
    start: int  # the mention's offsets in the text
    end: int
    sentence: str


class EventFinder:
    """The gazetteer's series, compiled; built from the Event rows."""

    def __init__(self, series: list[Series]):
        self.series = series

    @classmethod
    def from_database(cls) -> "EventFinder":
        grouped: dict[str, dict] = {}
        events = Event.objects.visible().filter(attributes__gazetteer=True, start_date__isnull=False)
        for event in events.order_by("start_date"):
            attrs = event.attributes
            entry = grouped.setdefault(attrs["series"], {"attrs": attrs, "instances": [],
                                                         "all_attrs": []})
            entry["all_attrs"].append(attrs)
            entry["instances"].append(Instance(event.pk, event.start_date,
                                               event.end_date or event.start_date,
                                               attrs.get("places", []),
                                               attrs.get("unscheduled", False)))
        series = []
        for key, entry in grouped.items():
            for instance, attrs in zip(entry["instances"], entry["all_attrs"], strict=True):
                if attrs.get("aliases"):  # "passed the Senate 70 to 29": that vote, whenever said
                    series.append(Series(
                        key=f"{key}:{instance.pk}", pattern=_phrases(attrs["aliases"]),
                        phrases={p.lower().replace("’", "'") for p in attrs["aliases"]},
                        generic_words=set(), generic=None, instances=[instance],
                        window=(-100_000, 100_000), exclude_countries_before=False))
            attrs = entry["attrs"]
            series.append(Series(
                key=key, pattern=_phrases(attrs["patterns"]),
                phrases={p.lower().replace("’", "'") for p in attrs["patterns"]},
                generic_words={p.lower() for p in attrs.get("generic", [])},
                generic=_phrases(attrs["generic"]) if attrs.get("generic") else None,
                instances=entry["instances"], window=tuple(attrs.get("window_days", [-30, 30])),
                exclude_countries_before=attrs.get("exclude_countries_before", False),
                context=re.compile(attrs["context"], re.I) if attrs.get("context") else None,
                generic_window=tuple(attrs["generic_window_days"])
                if attrs.get("generic_window_days") else None,
                generic_alone=attrs.get("generic_alone", False),
                previous_alone=attrs.get("previous_alone", False),
                cue=re.compile(attrs["cue"]) if attrs.get("cue") else None,
                cue_window=tuple(attrs["cue_window_days"]) if attrs.get("cue_window_days") else None,
            ))
        return cls(series)

    def find(self, text: str, *, base: dt.date | None, sentences: Sentences,
             countries: list = (), every: bool = False) -> list[EventMention]:
        """Each event the text names, once, at its first mention (``every``: at each mention).
        ``countries``: the country mentions (with .start, .end, .slug) that rule out
        "Ukraine's presidential election"."""
        if base is None:
            return []
        found: dict[int | tuple[int, int], EventMention] = {}
        dates: dict[int, list] = {}  # the date expressions of each sentence, found once
        lowered = lower_keeping_offsets(text).replace("’", "'")
        for series in self.series:
            # Scanning long transcripts with every pattern is the slow part: look first.
            named = any(phrase in lowered for phrase in series.phrases)
            explicit = list(series.pattern.finditer(text)) if named else []
            mentions = [(m, True) for m in explicit]
            if series.generic and any(word in lowered for word in series.generic_words):
                taken = [(m.start(), m.end()) for m in explicit]
                mentions += [(m, bool(explicit) and None)
                             for m in _words(lowered, series.generic_words)
                             if not any(s <= m.start() < e for s, e in taken)]
            for match, is_explicit in sorted(mentions, key=lambda pair: pair[0].start()):
                if series.exclude_countries_before and _other_country_near(match, text, countries):
                    continue
                if is_explicit is not True and _named_otherwise(text, match, series):
                    continue
                start, end = sentences.around(match.start())
                if series.context and not series.context.search(text, start, end):
                    continue
                if start not in dates:
                    dates[start] = find_dates(text[start:end], base)
                instance = _pick(series, text, match, start, end, base, is_explicit, dates[start])
                if instance is None and is_explicit is not True and series.cue is not None \
                        and series.cue.search(text, start, end) and not any(
                            start <= c.start < end and c.slug != "united-states" for c in countries):
                    # "pushed until after the election ... the Republican votes", two months out
                    instance = _in_window(series, base, series.cue_window)
                if instance is None:
                    continue
                key = (instance.pk, match.start()) if every else instance.pk
                if key not in found:
                    found[key] = EventMention(instance.pk, match.start(), match.end(),
                                              text[start:end])
        return sorted(found.values(), key=lambda m: m.start)


def _phrases(phrases: list[str]) -> re.Pattern:
    """One pattern for all ``phrases``, whole words; upper-case abbreviations ("UDCG") match
    only as written, other phrases in any case, with either apostrophe."""
    ordered = sorted(phrases, key=len, reverse=True)
    exact = [re.escape(p) for p in ordered if p.isupper()]
    loose = [re.escape(p).replace("'", "['’]").replace("’", "['’]") for p in ordered if not p.isupper()]
    parts = ([f"(?i:{'|'.join(loose)})"] if loose else []) + exact
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True)
class _Word:
    """Where a generic word was found: the part of re.Match the finder uses."""

    at: int
    length: int

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at + self.length


def _words(lowered: str, words: set[str]) -> list[_Word]:
    """Whole-word occurrences of ``words`` in the lower-cased text, found with str.find: a
    regular expression tried at every position of a long transcript costs ten times more."""
    found = []
    for word in words:
        at = lowered.find(word)
        while at != -1:
            end = at + len(word)
            if (at == 0 or not lowered[at - 1].isalnum()) and (
                    end == len(lowered) or not lowered[end].isalnum()):
                found.append(_Word(at, len(word)))
            at = lowered.find(word, end)
    return sorted(found, key=lambda w: w.at)


QUALIFIER = re.compile(r"(?:^|\s)(?P<word>[A-Z0-9][\w.’'-]*)\s+$")
PLAIN_WORDS = {"The", "This", "That", "A", "An", "Next", "Last", "Its", "Our", "Their", "Upcoming"}


OTHER_KIND_BEFORE = re.compile(r"\b(?:presidential|midterm|general|parliamentary|primary|local|"
                               r"municipal|regional|special|runoff|snap|legislative|leadership|"
                               r"gubernatorial|mayoral)\s+$", re.I)


def _named_otherwise(text: str, match: re.Match, series: Series) -> bool:
    """A generic word with a name of its own in front ("the G20 Summit", "the U.S.-Russia
    Summit") is another event, unless the name is a place of the series ("Vilnius summit")."""
    if OTHER_KIND_BEFORE.search(text, max(0, match.start() - 20), match.start()):
        return True  # "the presidential election" is not the midterms, "a general election" neither
    qualifier = QUALIFIER.search(text, max(0, match.start() - 40), match.start())
    word = re.sub(r"[’']s$", "", qualifier.group("word")) if qualifier else ""
    if not word or word in PLAIN_WORDS or re.fullmatch(r"\d{1,4}(?:[-–]\d{1,2})?(?:st|nd|rd|th)?", word):
        return False  # no name, or a day or year: "the July 9-11 summit", "the 2024 summit"
    return word not in {p for instance in series.instances for p in instance.places}


def _other_country_near(match: re.Match, text: str, countries) -> bool:
    """"Ukraine's presidential election", "Israel's free and fair elections", "the Israeli
    elections", "elections in Brazil"; not "South Korea and the presidential election", nor
    "deliver for Ukraine after the election"."""
    for mention in countries:
        if mention.slug == "united-states":
            continue
        gap = text[mention.end:match.start()]
        if 0 <= match.start() - mention.end <= 25 and (
                re.match(r"['’]s\b", gap)
                or not re.search(r"[,;:.]|\b(?:and|or|but|with|than|for|after|before|until"
                                 r"|since|during|ahead|beyond|following)\b", gap)) or (
                0 <= mention.start - match.end() <= 8
                and re.fullmatch(r"\s+in\s+(?:the\s+)?", text[match.end():mention.start])):
            return True
    return False


def _pick(series: Series, text: str, match: re.Match, start: int, end: int, base: dt.date,
          explicit: bool | None, sentence_dates: list) -> Instance | None:
    """``explicit``: True for the series' own name, None for a generic word in a text that
    names the series, False for a generic word in one that does not."""
    sentence = text[start:end]
    candidates = [i for i in series.instances
                  if not i.unscheduled or (i.first - base).days <= 14]
    near = text[max(start, match.start() - 20):min(end, match.end() + 30)]
    by_place = [i for i in candidates if any(re.search(rf"\b{re.escape(p)}\b", near)
                                             for p in i.places)]
    if by_place:
        candidates = by_place
    at = match.start() - start
    dates = sorted(sentence_dates, key=lambda d: min(abs(d.start - at), abs(d.end - at)))
    for span in dates:
        if explicit is False and not by_place and (span.last - span.first).days > 7 \
                and not series.generic_alone:
            continue  # "this year's summit" pins no summit of a series the text never names
            # (but "the 2020 election" is the US one: elections count a bare word anyway)
        overlapping = [i for i in candidates if span.overlaps(i.first, i.last)]
        if overlapping:
            return overlapping[0] if len(overlapping) == 1 else _nearest(overlapping, series, base)
    if any(0 <= at - span.end <= 4 and DAY_OF_IT.fullmatch(sentence, span.end, at)
           for span in dates):
        return None  # "yesterday's presidential election" on a day none of the series has
    if not explicit and not by_place:
        if series.previous_alone and PREVIOUS_BEFORE.search(text, max(0, match.start() - 25),
                                                           match.start()):
            return max((i for i in series.instances if i.last < base), default=None,
                       key=lambda i: i.first)
        return _in_generic_window(series, base) if explicit is None or series.generic_alone else None
    if len(candidates) == 1 and by_place:
        return candidates[0]
    return _nearest(candidates, series, base)


PREVIOUS_BEFORE = re.compile(r"\b(?:the|our)\s+(?:last|previous|past)\s+$", re.I)
# between a date and the name it dates: "yesterday's presidential election", "the July 28 election"
DAY_OF_IT = re.compile(r"(?:['’]s)?\s+")


def _in_generic_window(series: Series, base: dt.date) -> Instance | None:
    """The instance the article is close enough to for a bare "the election" to name it."""
    return _in_window(series, base, series.generic_window)


def _in_window(series: Series, base: dt.date, window: tuple[int, int] | None) -> Instance | None:
    if window is None:
        return None
    before, after = window
    return next((i for i in series.instances
                 if before <= (base - i.first).days and (base - i.last).days <= after), None)


def _nearest(candidates: list[Instance], series: Series, base: dt.date) -> Instance | None:
    """The instance nearest ``base`` within the series' window; one ahead counts half as far
    as one behind (news speaks of the coming summit more than of the last)."""
    before, after = series.window
    scored = []
    for instance in candidates:
        days = (instance.first - base).days
        if (base - instance.last).days > -before or days > after:
            continue
        distance = days if days >= 0 else 2 * (base - instance.last).days
        scored.append((max(distance, 0), instance.first, instance))
    return min(scored, key=lambda item: item[:2])[2] if scored else None


_cache: dict = {}


def finder_current() -> EventFinder:
    """The finder for the events in the database, rebuilt only when they have changed (inside
    ``tagging_run``, the run's)."""
    run = _run.get()
    if run is not None:
        return run.finder
    version = Event.objects.filter(attributes__gazetteer=True).aggregate(
        n=Count("id"), last=Max("id"), latest=Max("end_date"),
        rejected=Count("id", filter=Q(status=TagStatus.REJECTED)))
    if _cache.get("version") != version:
        _cache["finder"] = EventFinder.from_database()
        _cache["version"] = version
    return _cache["finder"]


# --- events made by rules: calls, visits, attacks ---------------------------------------------------

ATTACK = re.compile(r"\b(?:(?:missile|drone|rocket|terrorist|terror|ballistic|artillery|deadly|"
                    r"horrific|brutal|latest|massive|air|cyber)\s+(?:attacks?|strikes?)|airstrikes?|"
                    r"bombings?)\s+(?:on|against|in)\s+(?:the\s+)?"
                    r"(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2},\s+)?$", re.I)
# "today's bombing near Babyn Yar", "Monday's missile strikes": an attack named by its day
ATTACK_ON_DAY = re.compile(r"\b(?:today|yesterday|last\s+night|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
                           r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|airstrikes?|bombings?|"
                           r"shelling)\b", re.I)
# where the words for a day start, for _matches_at
WEEKDAY_STEMS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
PLACE_BEFORE = re.compile(r"\b(?:in|on|against|across|of)\s+(?:the\s+)?$", re.I)
CALL = re.compile(r"\b(?:(?P<noun>(?:phone|telephone|video)\s+calls?)|(?:spok(?:e|en)|speak)\s+"
                  r"(?:by\s+phone|on\s+the\s+phone|by\s+telephone|(?:together\s+)?with)|call(?:ed)?\s+"
                  r"(?:(?:today|yesterday|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
                  r"last\s+night)\s+)?with"
                  r"|(?:placed|made)\s+a\s+(?:phone\s+|video\s+)?call\s+to)\b", re.I)
# "spoke with my counterparts from France, Germany, and the United Kingdom", "the call with the
# European leaders": a group on the other end
GROUP = re.compile(r"\s+(?:(?:the|my|his|her|their|our|its)\s+)?(?P<group>(?:(?:[A-Z][\w’'-]*|foreign|"
                   r"world|fellow|regional|local|state|two|three|four|five|[\w’'-]+-area)"
                   r"(?:,\s+(?:and\s+)?|\s+and\s+|\s+)){0,5}"
                   r"(?:counterparts?|leaders|allies|partners|mayors|governors|ministers)"
                   r"|[A-Z]\+?\d{1,2}|Secretary[- ]General)\b")
ROLE_OF = re.compile(r"\s+(?:both\s+)?(?:the\s+)?"
                     r"(?P<role>President(?:-elect)?|Prime\s+Minister(?:-elect)?|"
                     r"Chancellor|King|Queen|Emir|"
                     r"Crown\s+Prince|Premier|Foreign\s+Minister|Defen[cs]e\s+Minister)\s+of\s+(?:the\s+)?")
# "spoke with the mayor of Jackson": an official named by office and place
OFFICE_OF = re.compile(r"\s+(?:both\s+)?the\s+(?P<office>(?i:mayor|governor|lieutenant\s+governor))"
                       r"\s+of\s+(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})")
GROUP_ENDS = re.compile(r"\b(?:about|on|to|regarding|in\s+order|for|this|that|today|yesterday)\b|[.;:?!—]")
# What keeps a call said without its day from being the article's day: it is yet to come, it
# did not happen, it is one of many, or a question asks whether it happened.
NOT_THAT_DAY = re.compile(
    r"\b(?:(?<!opportunity\s)(?<!chance\s)(?<!able\s)to\s+(?:meet|speak|talk|call)|will|would|"
    r"could|might|should|shall|going\s+to|plans?|"
    r"planned|expects?|expected|hopes?|wants?|intends?|looks?\s+forward|upcoming|next|soon|times|"
    r"often|regularly|repeatedly|routinely|frequently|always|never|every|many|several|multiple|"
    r"numerous|ever|first|last|previous|another|recent|recently|"
    r"earlier\s+this\s+(?:week|month|year)|ago|weekend|weeks|"
    r"months|has|have|not|no|if|whether|January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b|n['’]t\b", re.I)
ASKS_WHETHER = re.compile(r"\W*(?:Q\s+)?(?:Has|Have|Had|Did|Does|Do|Is|Are|Was|Were|Will|Would|Can|"
                          r"Could|Should)\b")
# "the President did speak with him today": the last person named in the few sentences before
PRONOUN_AFTER = re.compile(r"\s+(?:him|her)\b")
PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|I|we)\s+(?:\w+\s+)?$", re.I)
APPOSITION = re.compile(r"\s+(?:him|her),\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})")
# "I just spoke with President Zelenskyy": today
JUST_NOW = re.compile(r"\bjust\s+(?:spoke|had|held|finished|got\s+off)\b|\bmoments\s+ago\b", re.I)
# "the President called Chancellor Scholz": a call, unless a name or a demand follows ("called
# President Putin a war criminal", "called Senator X to account"; but "called President
# Erdoğan on Sunday" is one)
CALL_VERB = re.compile(r"\b(?:call(?:ed|s)?|phoned)\s+(?=(?:President|Prime\s+Minister|Chancellor|"
                       r"Secretary|Minister|King|Crown\s+Prince|Premier|Senator|Speaker|Leader|"
                       r"Governor|General|Mr\.|Ms\.|Mrs\.)\s)")
NOT_A_CALL_AFTER = re.compile(r"\s+(?:a|an|the|for|to|out|back|upon|him|her|it"
                              r"|on(?!\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day"
                              r"|the\s+(?:tele)?phone)\b))\b", re.I)
# "spoke with Mr. Nichols's mother and stepfather": a condolence call, not one between officials
FAMILY_AFTER = re.compile(r"(?:['’]s?)?\s+(?:(?:grieving|late)\s+)?(?:mother|father|parents|family|"
                          r"families|widow|widower|wife|husband|son|daughter|children|"
                          r"step(?:father|mother)|relatives|loved\s+ones)\b", re.I)
# "President Xi's call tomorrow", "Zelenskyy's phone call": the person named is the other party
POSSESSIVE_CALL = re.compile(r"['’]s\s+(?:(?:phone|telephone|video|planned|upcoming)\s+)?call\b"
                             r"(?!\s+(?:on|for|to|with)\b)", re.I)
# "visit to Kyiv", "traveling to New Delhi, India,": the words before a country visited
VISIT = re.compile(r"\b(?i:visit(?:ed|ing|s)?|trip|travel(?:l?ed|l?ing|s)?)\s+to\s+(?:the\s+)?"
                   r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2},\s+)?$")

# A trip already made: "members of a congressional delegation who recently traveled to Ukraine"
# (the sentence's "this afternoon" is when the President hosts them)
VISIT_BEFORE = re.compile(r"\brecently\s+$", re.I)

# A trip put off: "postpone a trip to Australia", "get the visit to Australia back on the books"
VISIT_OFF = re.compile(r"\b(?:postpon\w*|cancel\w*|call(?:ed|ing)?\s+off|push(?:ed|ing)?\s+off|"
                       r"back\s+on\s+the\s+books)\b", re.I)

# A leader's visit to the United States: "the visit tomorrow with the Kenyan president", "the
# state visit of President Ruto of Kenya"
VISIT_FROM = re.compile(r"\b(?i:visit)\s+(?:(?i:today|tomorrow|this\s+week|next\s+week)\s+)?"
                        r"(?i:of|with|by|from)\s+(?:the\s+)?$"
                        r"|\b(?i:state|official)\s+visit\s+(?:of|by)\s+(?:President|Prime\s+Minister|King|"
                        r"Queen|Chancellor|Emir|Crown\s+Prince)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+of\s+"
                        r"(?:the\s+)?$")
# "Chancellor Olaf Scholz of Germany's visit to the White House tomorrow"
VISIT_OF = re.compile(r"['’]s\s+(?:state\s+|official\s+)?visit\s+to\s+(?:the\s+)?(?:White\s+House|"
                      r"United\s+States|U\.S\.|Washington)\b")
LEADER_AFTER = re.compile(r"\s+(?:president|prime\s+minister|king|queen|chancellor|emir|crown\s+prince|"
                          r"premier|leader)\b", re.I)


# --- what the archive already dates: the call or attack a sentence speaks of without its day -----

DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")
# Whom or where an event the rules make involves, as its slug says: "call-volodymyr-zelenskiy-
# 2024-05-15" is a call with that person, "visit-from-kenya-…" a visit from that country.
COUNTERPARTS = {
    "call": (("call-", "with"),),
    "visit": (("visit-from-", "from"), ("visit-", "to")),
    "attack": (("attack-", "in"),),
}


def counterpart_of(kind: str, slug: str) -> tuple[str, str] | None:
    """(role, the actor's slug) of a call, visit or attack the rules made: ("with",
    "volodymyr-zelenskiy"), ("to", "ukraine"), ("from", "kenya"), ("in", "israel")."""
    bare = DATE_SUFFIX.sub("", slug)
    for prefix, role in COUNTERPARTS.get(kind, ()):
        if bare.startswith(prefix):
            return role, bare.removeprefix(prefix)
    return None
# How far back a call or an attack said without its day may be: "following up on the
# President's call with President Zelenskyy" two days after it; "Hamas's terrorist attack in
# Israel" weeks after.
RECALL_DAYS = {Event.Kind.CALL: 7, Event.Kind.ATTACK: 30}


@dataclass(frozen=True)
class Known:
    slug: str
    name: str
    place: str
    first: dt.date
    last: dt.date


class Archive:
    """The calls and attacks the archive dates, by the person called or the country attacked
    (the slug a rule gives them, less its day: "call-volodymyr-zelenskyy-"), so that a sentence
    that names one without its day is the one another report dates: the latest within
    RECALL_DAYS before the article's day."""

    def __init__(self):
        self.by_prefix: dict[str, list[Known]] = {}

    def add(self, kind: str, slug: str, name: str, place: str, first: dt.date,
            last: dt.date | None = None) -> None:
        """One event a text dates (not a call put on an article's day for want of one)."""
        if kind not in RECALL_DAYS or first is None:
            return
        known = Known(slug, name, place, first, last or first)
        prefixes = {DATE_SUFFIX.sub("-", slug)} if DATE_SUFFIX.search(slug) else set()
        if kind == Event.Kind.ATTACK and place:  # a gazetteer attack: by its place
            prefixes.add(f"attack-{slugify(place)}-")
        for prefix in prefixes:
            if not prefix.startswith(f"{kind}-"):
                continue
            entries = self.by_prefix.setdefault(prefix, [])
            if known not in entries:
                bisect.insort(entries, known, key=lambda k: k.first)

    def remember(self, events: list["RuleEvent"]) -> None:
        """The calls and attacks a text dates itself (not those put on its day for want of one)."""
        for event in events:
            if not event.assumed:
                self.add(event.kind, event.slug, event.name, event.place, event.day, event.last)

    @classmethod
    def from_database(cls) -> "Archive":
        archive = cls()
        events = Event.objects.exclude(status=TagStatus.REJECTED).exclude(
            attributes__contains={"assumed": True}).filter(
            kind__in=list(RECALL_DAYS), start_date__isnull=False)
        for kind, slug, name, place, first, last in events.values_list(
                "kind", "slug", "name", "place", "start_date", "end_date"):
            archive.add(kind, slug, name, place, first, last)
        return archive

    def latest(self, prefix: str, base: dt.date, spans: list = ()) -> Known | None:
        """``spans``: the date expressions of the sentence; the event must fall in one of them
        ("spoke with Mr. Nichols's family last week" is no call of the article's day)."""
        kind = prefix.split("-", 1)[0]
        earliest = base - dt.timedelta(days=RECALL_DAYS.get(kind, 0))
        entries = self.by_prefix.get(prefix, [])
        before = [k for k in entries if earliest <= k.first <= base
                  and (not spans or any(s.first <= k.first <= s.last for s in spans))]
        return before[-1] if before else None


@dataclass
class Run:
    """What a run that tags many articles (an import, a re-tagging) reads once: the gazetteer
    events' finder (its version is an aggregate query, 1.5 ms: a third of the time of a short
    news article's whole tagging) and the archive of dated calls and attacks, which grows with
    what the run's articles date. ``waiting``: the articles with a call or attack said
    without its day that the archive could not date when they were tagged, for a second look
    once the run has read the report that dates it (a briefing imported before the readout
    of the call it speaks of)."""

    finder: EventFinder
    archive: Archive
    waiting: dict[int, list[tuple[str, dt.date]]] = field(default_factory=dict)

    def wait(self, article_pk: int, prefixes: list[str], base: dt.date) -> None:
        if prefixes:
            self.waiting[article_pk] = [(prefix, base) for prefix in prefixes]
        else:
            self.waiting.pop(article_pk, None)

    def ready(self) -> list[int]:
        """The waiting articles the archive can now date a call or attack of."""
        return sorted(pk for pk, asked in self.waiting.items()
                      if any(self.archive.latest(prefix, base) for prefix, base in asked))


_run: ContextVar[Run | None] = ContextVar("tagging_run", default=None)


@contextmanager
def tagging_run():
    """Inside, ``finder_current`` and ``archive_current`` are the run's (see Run). The events a
    run makes itself (calls, aid announcements) are not gazetteer events and never change the
    finder."""
    run = _run.get()
    if run is not None:  # already inside one: the outer run's
        yield run
        return
    token = _run.set(Run(finder_current(), Archive.from_database()))
    try:
        yield _run.get()
    finally:
        _run.reset(token)


def run_current() -> Run | None:
    return _run.get()


def archive_current() -> Archive:
    """The run's archive, or (outside a run) the one the database holds now."""
    run = _run.get()
    return run.archive if run is not None else Archive.from_database()


# A call said without its day that is not one that happened: "will speak with", "hopes to
# call", "has not spoken with"
NOT_HAPPENED_BEFORE = re.compile(
    r"\b(?:will|would|to|going\s+to|plans?\s+to|expects?\s+to|hopes?\s+to|upcoming|next|"
    r"planned|scheduled|not|never|n['’]t)\s+(?:\w+\s+){0,2}$", re.I)
# ... or one of many, or a question whether it happened: "twice in the last week", "Do you
# know if he has spoken with"
NOT_ONE_CALL = re.compile(r"\b(?:twice|times|several|many|multiple|regularly|often|repeatedly|"
                          r"every|if|whether)\b", re.I)
PLURAL_ATTACK = re.compile(r"(?:attacks|strikes|bombings)\b", re.I)


@dataclass
class RuleEvent:
    kind: str
    name: str
    slug: str
    place: str
    day: dt.date
    sentence: str
    start: int = 0  # where the words that make it are in the text
    last: dt.date | None = None  # the last day of a visit of several
    assumed: bool = False  # a call said without its day, put on the article's day

    @property
    def days(self) -> tuple[dt.date, dt.date]:
        return self.day, self.last or self.day


def find_rule_events(text: str, *, base: dt.date | None, sentences: Sentences,
                     mentions: list, every: bool = False, named: set[int] = frozenset(),
                     archive: Archive | None = None, unanswered: list | None = None,
                     principal: str | None = None) -> list[RuleEvent]:
    """Calls ("spoke by phone with President Zelenskyy today", "spoke with Governor DeSantis
    yesterday": the White House says "met with" for a meeting), visits ("Biden's visit to
    Kyiv on Monday") and attacks ("the missile strike on Kyiv on Monday"), each only when its
    sentence names one day for it: the same call, visit or attack reported by many articles is
    then one event (same kind, person or place, and day). Each event once, at its first
    mention (``every``: at each). ``named``: where the sentences that name a gazetteer event
    start; an attack there is that event ("the October 7th terrorist attack on Israel").

    Also: a call with a group ("spoke with my counterparts from France, Germany, and the United
    Kingdom yesterday", "his call with foreign leaders today", "a call with the B9"), phone
    calls with nobody named but a day ("the phone calls that the
    President had today"), a call said without its day ("the President's call with Prime
    Minister Modi") on the article's day unless the article dates a call with that person
    elsewhere or the sentence makes it future, denied, repeated or otherwise timed; an attack
    named by its day ("today's bombing near Babyn Yar" in Ukraine); a leader's visit to the
    United States ("the visit tomorrow with the Kenyan president").

    ``archive``: the calls and attacks already dated (Archive); a call with a named person or
    an attack on a country said without its day is the latest of them before the article, in
    preference to the article's own day; ``unanswered`` receives the slug prefixes of those
    the archive could not date (Run.wait).

    ``principal``: the slug of the person the text speaks for (the US president of the day): a
    call "with President Biden" is the call of the other person the sentence names, in the
    same clause ("a phone call with President Biden and Prime Minister Netanyahu") or before
    it ("Leader McConnell said … he spoke with President Biden"), so that it is the same event
    as the White House's own report of it."""
    if base is None:
        return []
    found: dict[str | tuple[str, int], RuleEvent] = {}
    undated: list[tuple[str, str, int]] = []  # (kind, slug prefix, where): said without a day
    lowered = lower_keeping_offsets(text)
    calls = _matches_at(CALL, text, lowered, ("call", "phone", "telephone", "video", "spok", "speak",
                                             "placed", "made"))
    # (where, where it ends, the person if already known, "noun" | "possessive" | "verb" | "")
    words = [*((m.start(), m.end(), None, "noun" if m.group("noun") else "") for m in calls),
             *((m.start, m.end, m, "possessive") for m in mentions
               if m.kind == "person" and POSSESSIVE_CALL.match(text, m.end)),
             *((m.start(), m.end(), None, "verb")
               for m in _matches_at(CALL_VERB, text, lowered, ("call", "phoned")))]
    people = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
    people_starts = [m.start for m in people]
    assumed: list[tuple[str, RuleEvent]] = []  # calls said without their day, on the article's day
    recalled: list[tuple[str, RuleEvent]] = []  # ... that the archive dates
    asked: list[str] = []  # ... that it does not (yet)
    for at, after, person, form in words:
        start, end = sentences.around(at)
        if person is None:  # the first person named within 60 characters after, in the sentence
            index = bisect.bisect_left(people_starts, after)
            if index < len(people) and people[index].start < min(end, after + 60):
                person = people[index]
        # a person the gazetteer does not know yet: "called Secretary Mayorkas", "spoke with
        # Governor DeSantis"
        person = person or _named_after(text, after)
        if person is None and PRONOUN_AFTER.match(text, after):
            apposition = APPOSITION.match(text, after)
            if apposition:  # "spoke with her, Brittney Griner,"
                person = _Named(apposition.group("name"), slugify(apposition.group("name")),
                                apposition.end())
            else:  # named in a sentence before (one named before it in its own is its subject,
                # unless a pronoun is: "engagement with President Putin, … he spoke with him")
                own = PRONOUN_SUBJECT.search(text, max(start, at - 30), at)
                index = bisect.bisect_left(people_starts, at if own else start) - 1
                if index >= 0 and at - people[index].start < 400:
                    person = people[index]
        if person and (form == "verb" and NOT_A_CALL_AFTER.match(text, person.end)
                       or FAMILY_AFTER.match(text, person.end)):
            continue
        named_end = person.end if person is not None else after  # the day is said after it
        # only once it is a call: "called President Biden a weak leader" is none
        if principal and person is not None and person.slug == principal \
                and getattr(person, "start", None) is not None:
            index = bisect.bisect_right(people_starts, person.start)
            other = next((m for m in people[index:index + 3] if m.slug != principal
                          and m.start < min(end, person.end + 40)), None)
            if other is None:
                before = [m for m in people[bisect.bisect_left(people_starts, start):
                                            bisect.bisect_left(people_starts, at)]
                          if m.slug != principal]
                other = before[-1] if before else None
            person = other or person
        if person is None:
            person = _group_after(text, after, end, mentions)
            named_end = person.end if person is not None else after
        if person is None and form != "noun":
            continue
        spans = find_dates(text[start:end], base)
        day = _call_day(text[start:end], spans, base, named_end - start)
        if day is None and not spans and JUST_NOW.search(text, start, end):
            day = base
        who = person.text if person and " " in person.text else \
            person.slug.replace("-", " ").title() if person else ""
        slug = f"call-{person.slug}-" if person else "calls-"
        if person and day is None and form == "noun" and text[at:after].lower().endswith("calls"):
            continue  # "the President's phone calls with Netanyahu": several, none of them dated
        if person and day is None:
            undated.append((Event.Kind.CALL, slug, at))
            happened = not NOT_HAPPENED_BEFORE.search(text, max(start, at - 40), at) \
                and not NOT_ONE_CALL.search(text, start, end) \
                and not ASKS_WHETHER.match(text, start)
            known = archive.latest(slug, base, spans) if archive is not None and happened else None
            if archive is not None and happened and known is None:
                asked.append(slug)
            if known is not None:
                recalled.append((slug, RuleEvent(Event.Kind.CALL, known.name, known.slug,
                                                 known.place, known.first, text[start:end], at)))
            elif not spans and not NOT_THAT_DAY.search(text, start, end) and (
                    form == "noun" or not ASKS_WHETHER.match(text, start)):
                event = RuleEvent(Event.Kind.CALL, f"Call with {who}, {base:%-d %B %Y}",
                                  f"{slug}{base:%Y-%m-%d}", "", base, text[start:end], at,
                                  assumed=True)
                assumed.append((slug, event))
        if day:
            name = f"Call with {who}" if person else "Phone calls"
            event = RuleEvent(Event.Kind.CALL, f"{name}, {day:%-d %B %Y}", f"{slug}{day:%Y-%m-%d}",
                              "", day, text[start:end], at)
            found.setdefault((event.slug, event.start) if every else event.slug, event)
    # unless the article gives the day of a call with them elsewhere; what the archive dates
    # before the article's own day
    dated_calls = [e.slug for e in found.values() if e.kind == Event.Kind.CALL]
    recalled_prefixes = {prefix for prefix, _ in recalled}
    for prefix, event in [*recalled, *((p, e) for p, e in assumed if p not in recalled_prefixes)]:
        if not any(slug.startswith(prefix) for slug in dated_calls):
            found.setdefault((event.slug, event.start) if every else event.slug, event)
    for mention in mentions:
        if mention.kind != "country" or mention.slug == "united-states":
            continue
        trip = VISIT.search(text, max(0, mention.start - 60), mention.start)
        if trip is None:
            continue
        start, end = sentences.around(mention.start)
        if VISIT_OFF.search(text, start, end):
            continue
        days = None if VISIT_BEFORE.search(text, max(start, trip.start() - 30), trip.start()) \
            else _one_day(text[start:end], base, longest=4)
        if not days:
            undated.append((Event.Kind.VISIT, f"visit-{mention.slug}-", mention.start))
        if days:
            day, last = days
            when = f"{day:%-d %B %Y}" if day == last else f"{day:%-d}–{last:%-d %B %Y}" \
                if day.month == last.month else f"{day:%-d %B}–{last:%-d %B %Y}"
            event = RuleEvent(Event.Kind.VISIT, f"Visit to {mention.text}, {when}",
                              f"visit-{mention.slug}-{day:%Y-%m-%d}", mention.text, day,
                              text[start:end], mention.start, last if last != day else None)
            found.setdefault((event.slug, event.start) if every else event.slug, event)
    for mention in mentions:
        if mention.kind != "country" or mention.slug == "united-states":
            continue
        before = VISIT_FROM.search(text, max(0, mention.start - 80), mention.start)
        if not VISIT_OF.match(text, mention.end) and (
                not before or (not before.group(0).lower().startswith(("state", "official"))
                               and not LEADER_AFTER.match(text, mention.end))):
            continue
        start, end = sentences.around(mention.start)
        days = _one_day(text[start:end], base, longest=4)
        if days:
            day, last = days
            event = RuleEvent(Event.Kind.VISIT, f"Visit from {mention.text}, {day:%-d %B %Y}",
                              f"visit-from-{mention.slug}-{day:%Y-%m-%d}", "United States", day,
                              text[start:end], mention.start, last if last != day else None)
            found.setdefault((event.slug, event.start) if every else event.slug, event)
    for mention in mentions:
        attack = ATTACK.search(text, max(0, mention.start - 75), mention.start) \
            if mention.kind == "country" else None
        if attack is None:
            continue
        start, end = sentences.around(mention.start)
        day = _one_day(text[start:end], base, ahead=False)
        # one attack the archive dates, not "brutal attacks on Ukraine"
        if day is None and archive is not None and start not in named \
                and not PLURAL_ATTACK.search(attack.group(0)):
            known = archive.latest(f"attack-{mention.slug}-", base,
                                   find_dates(text[start:end], base))
            if known is None:
                asked.append(f"attack-{mention.slug}-")
            else:  # "on Hamas's terrorist attack in Israel", weeks after
                event = RuleEvent(Event.Kind.ATTACK, known.name, known.slug, known.place,
                                  known.first, text[start:end], mention.start,
                                  known.last if known.last != known.first else None)
                found.setdefault((event.slug, event.start) if every else event.slug, event)
        if day and start not in named:
            event = RuleEvent(Event.Kind.ATTACK, f"Attack in {mention.text}, {day:%-d %B %Y}",
                              f"attack-{mention.slug}-{day:%Y-%m-%d}", mention.text, day,
                              text[start:end], mention.start)
            found.setdefault((event.slug, event.start) if every else event.slug, event)
    countries = [m for m in mentions if m.kind == "country"]
    day_words = ("today", "yesterday", "last", *WEEKDAY_STEMS)
    for match in _matches_at(ATTACK_ON_DAY, text, lowered, day_words):
        start, end = sentences.around(match.start())
        places = [m for m in countries if start <= m.start < end
                  and PLACE_BEFORE.search(text, max(start, m.start - 12), m.start)]
        days = find_dates(match.group(0), base)
        if not places or not days or start in named:
            continue
        place = min(places, key=lambda m: abs(m.start - match.start()))
        day = days[0].first
        event = RuleEvent(Event.Kind.ATTACK, f"Attack in {place.text}, {day:%-d %B %Y}",
                          f"attack-{place.slug}-{day:%Y-%m-%d}", place.text, day, text[start:end],
                          match.start())
        found.setdefault((event.slug, event.start) if every else event.slug, event)
    if unanswered is not None:
        dated = [event.slug for event in found.values() if not event.assumed]
        unanswered.extend(prefix for prefix in dict.fromkeys(asked)
                          if not any(slug.startswith(prefix) for slug in dated))
    if every:
        _references(text, sentences, found, undated, mentions)
    # "The call today with Zelenskyy was a telephone call.": phone calls with nobody named, on a
    # day the article dates a call with somebody, are that call
    named_on = {}
    for event in sorted(found.values(), key=lambda e: e.start):
        if event.kind == Event.Kind.CALL and not event.slug.startswith("calls-"):
            named_on.setdefault(event.day, event)
    kept = []
    for event in found.values():
        same = named_on.get(event.day) if event.slug.startswith("calls-") else None
        if same is None:
            kept.append(event)
        elif every:
            kept.append(replace(same, start=event.start, sentence=event.sentence))
    return kept


def _matches_at(pattern: re.Pattern, text: str, lowered: str, words: tuple[str, ...]) -> list[re.Match]:
    """The matches of ``pattern``, which begins with one of ``words``, tried only where one
    of them stands: a case-insensitive alternation tried at every position of a long
    transcript costs ten times more than finding the words with str.find."""
    starts = set()
    for word in words:
        at = lowered.find(word)
        while at != -1:
            starts.add(at)
            at = lowered.find(word, at + 1)
    found = [pattern.match(text, at) for at in sorted(starts)]
    return [match for match in found if match]


# "the visit", "that trip", "the call", "those strikes": an event named before in the article
REFERENCE = re.compile(r"\b(?:the|this|that|his|her|their|today[’']s|yesterday[’']s|(?P<owner>(?:the\s+)?"
                       r"(?:Vice\s+)?President[’']s))\s+(?:upcoming\s+|recent\s+|(?P<medium>phone\s+|video\s+))?"
                       r"(?P<word>visit|trip|call)\b(?!\s+(?:to|with|for|on|from|between)\b)", re.I)
REFERENCE_KINDS = {"visit": Event.Kind.VISIT, "trip": Event.Kind.VISIT, "call": Event.Kind.CALL}


def _references(text: str, sentences: Sentences, found: dict, undated: list,
                mentions: list) -> None:
    """Where a sentence speaks again of a call or visit the article dates elsewhere, that
    sentence names it too: "the President's call with Prime Minister Modi" (the call of the
    day the article gives), "that trip to Poland", "during the visit" (the one of the person or
    country the sentence names, else the one named last before), "during his phone call" at
    the start of a briefing (the first call the article goes on to date). Only where every
    mention is wanted: the events themselves are the same."""
    dated = sorted(found.values(), key=lambda e: e.start)
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    for kind, prefix, at in undated:
        same = next((e for e in dated if e.kind == kind and e.slug.startswith(prefix)), None)
        if same is not None:
            found.setdefault((same.slug, at), replace(same, start=at, sentence=sentences.sentence(at)))
    for match in REFERENCE.finditer(text):
        kind = REFERENCE_KINDS[match.group("word").lower()]
        start, end = sentences.around(match.start())
        of_kind = [e for e in dated if e.kind == kind]
        # the call or visit of someone (somewhere) the sentence names, else the one named last
        # before, else, for a phone or video call, the first the article names after
        in_sentence = mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
        prefixes = tuple(f"{kind}-{m.slug}-" for m in in_sentence)
        named = [e for e in of_kind if prefixes and e.slug.startswith(prefixes)]
        # "the President's call" is one of his many unless the sentence names who was called;
        # "raised directly with President Xi during their phone call", a sentence naming both
        # parties and neither with a call the article dates, is none of the article's calls
        parties = {m.slug for m in in_sentence if m.kind == "person"}
        loose = not match.group("owner") and not (
            kind == Event.Kind.CALL and not named and len(parties) >= 2)
        before = [e for e in of_kind if e.start < match.start() and loose]
        after = [e for e in of_kind if e.start > match.start() and loose and match.group("medium")]
        same = named[0] if len({e.slug for e in named}) == 1 else before[-1] if before else \
            after[0] if after else None
        if same is not None:
            found.setdefault((same.slug, match.start()),
                             replace(same, start=match.start(), sentence=text[start:end]))


@dataclass
class _Named:
    """A name the rules read themselves, shaped like a person mention."""

    text: str
    slug: str
    end: int


TITLED_NAME = re.compile(r"\s*(?:President|Prime\s+Minister|Chancellor|Secretary|Minister|King|Crown\s+"
                         r"Prince|Premier|Senator|Speaker|Leader|Governor|General|Mr\.|Ms\.|Mrs\.)"
                         r"\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})")


def _named_after(text: str, at: int) -> _Named | None:
    match = TITLED_NAME.match(text, at)
    if not match:
        return None
    # "Governor Hochul's office" is Hochul's: the possessive is not part of the name
    name = re.sub(r"['’]s?$", "", match.group("name"))
    return _Named(name, slugify(name), match.start("name") + len(name))


def _group_after(text: str, at: int, end: int, mentions: list) -> _Named | None:
    """A group on the other end of a call, with the countries it is from: "my counterparts from
    France, Germany, and the United Kingdom", "their Ukrainian counterparts", "the European
    leaders"."""
    role = ROLE_OF.match(text, at)
    if role:  # "spoke with the President of Slovakia"
        country = next((m for m in mentions if m.kind == "country" and m.start == role.end()), None)
        if country is not None:
            name = f"{role.group('role')} of {country.text}"
            return _Named(name, slugify(name), country.end)
    office = OFFICE_OF.match(text, at)
    if office and office.end() <= end:
        name = f"{office.group('office').capitalize()} of {office.group('place')}"
        return _Named(name, slugify(name), office.end())
    match = GROUP.match(text, at)
    if not match or match.end() > end:
        return None
    stop = GROUP_ENDS.search(text, match.end(), end)
    reach = min(match.end() + 60, stop.start() if stop else end)
    countries = []
    for mention in mentions:
        if mention.kind == "country" and match.end() <= mention.start < reach \
                and mention.slug not in countries:
            countries.append(mention.slug)
    group = match.group("group")
    slug = "-".join([slugify(group), *countries])
    after = text[match.end():reach].strip(" ,")
    name = f"{group} {after}".strip() if countries and after else group
    return _Named(name, slug, match.end())


# A day said before a clause that opens with one of these words is not the day of a call in it
CLAUSE_BETWEEN = re.compile(r"\b(?:before|after|since|until|ahead\s+of)\b", re.I)


def _call_day(sentence: str, spans: list, base: dt.date, after: int) -> dt.date | None:
    """The day of a call: the one day its sentence names, or, where it names several, the one
    said right after the person called ("Austin's call with Minister Reznikov on Friday, in
    which ... will authorize today")."""
    if len({(span.first, span.last) for span in spans}) == 1:
        if any(CLAUSE_BETWEEN.search(sentence, span.end, after) for span in spans
               if span.end <= after):
            return None  # "On Monday, before the President spoke with President Putin, ..."
        return _one_day(sentence, base, spans=spans)
    near = [span for span in spans if span.first == span.last and 0 <= span.start - after <= 30]
    return near[0].first if near else None


def _one_day(sentence: str, base: dt.date, ahead: bool = True, longest: int = 0,
             spans: list | None = None):
    """The one day a sentence names (today, on Tuesday, March 3), if it names exactly one.
    ``ahead``: what the sentence says will happen may be planned for a coming day.
    ``longest``: accept a span of up to that many days too ("on January 5th and 6th"), and
    return (first, last). ``spans``: the sentence's date expressions, if already found."""
    spans = find_dates(sentence, base) if spans is None else spans
    days = {(span.first, span.last) for span in spans if (span.last - span.first).days <= longest}
    week = dt.timedelta(days=7)
    future = ahead and re.search(r"\bwill\b|\bgoing\s+to\b|\bupcoming\b", sentence) \
        and not re.search(r"\byesterday\b", sentence, re.I)
    if len(days) > 1 and future:
        # "on Thursday, which is tomorrow, … the Vice President will visit": a weekday said of
        # what will happen is the coming one
        days = {(span.first + week, span.last + week) if span.kind == "weekday"
                and span.first < base and base - span.first < week else (span.first, span.last)
                for span in spans if (span.last - span.first).days <= longest}
        if len(days) == 1:
            first, last = days.pop()
            return (first, last) if longest else first
    if len(days) != 1:
        return None
    first, last = days.pop()
    # only weekdays, no "today": "On Friday" said on a Friday may be the coming one
    weekday = all(span.kind == "weekday" for span in spans)
    if future and (first < base or first == base and weekday) and base - first < week:
        # "On Sunday, Mr. Sullivan will travel to Israel"; said on a Friday, "On Friday, the
        # President will travel to Phnom Penh" is next Friday
        first, last = first + dt.timedelta(days=7), last + dt.timedelta(days=7)
    return (first, last) if longest else first
