"""New people: a title before a name the gazetteer does not know proposes that person.

"Defense Secretary X Y", "Defence Minister X Y", "President X Y", "NATO chief X Y",
"spokesperson X Y" and the like. Proposals are `suggested` actors with the sentence that
named them, for curators to promote or reject.
"""

import re
from dataclasses import dataclass

TITLES = (
    r"(?:Deputy\s+)?(?:Defen[cs]e|Foreign|Interior|Finance|Economy|Economic|Strategic Industries|"
    r"Digital Transformation|Justice)\s+(?:Secretary|Minister)",
    r"Secretary\s+of\s+(?:Defense|State|the\s+(?:Army|Navy|Air\s+Force))",
    r"(?:Vice\s+|Deputy\s+)?President",
    r"(?:Deputy\s+)?Prime\s+Minister",
    r"Chancellor",
    r"NATO\s+(?:chief|Secretary[- ]General|Deputy\s+Secretary[- ]General)",
    r"Secretary[- ]General",
    r"(?:Senate|House)\s+(?:Majority|Minority)\s+Leader",
    r"(?:House\s+)?Speaker",
    r"(?:[Pp]ress\s+)?(?:[Ss]pokes(?:person|man|woman)|Press\s+Secretary)",
    r"(?:Lt\.|Lieutenant|Maj\.|Major|Brig\.|Brigadier)?\s*(?:Gen\.|General)",
    r"(?:Adm\.|Admiral)",
    r"(?:Sen\.|Senator|Rep\.|Representative|Congressman|Congresswoman)",
    r"Ambassador(?:\s+to\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?",
    r"Special\s+(?:Representative|Envoy|Coordinator|Adviser|Advisor)(?:\s+(?:for|to|on)\s+"
    r"(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?",
    r"(?:Deputy|Under|Assistant)\s+Secretary(?:\s+of\s+(?:Defense|State))?",
    r"(?:Commander-in-Chief|Commander|Chief\s+of\s+Staff|Chief\s+of\s+the\s+General\s+Staff)",
    r"(?:National\s+Security\s+Adviser|National\s+Security\s+Advisor)",
    r"Minister",
)
# Latin letters with their accents: Latin-1 and Latin Extended-A (Kaczyński, Šefčovič, Łukasz).
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f][a-zß-öø-ÿ\u0100-\u017f’'-]+"
PROPOSAL = re.compile(
    # The lookahead lets the scan skip most positions before trying every title.
    rf"\b(?=[A-Zsp])(?P<title>{'|'.join(TITLES)})\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:\s+[A-Z]\.)?(?:\s+{_NAME_TOKEN}){{1,2}})"
)
NOT_NAME_WORDS = {
    "Administration", "Department", "Ministry", "Office", "Council", "Forces", "Army", "Navy",
    "House", "Senate", "Government", "Minister", "President", "Secretary", "General",
    "Committee", "Said", "Says", "Told", "And", "The", "Of", "On", "In", "For", "With",
    "Has", "Had", "Was", "Will", "Would", "Who", "Is", "Also", "Spoke", "Met", "Called",
}


@dataclass
class Proposal:
    name: str
    title: str
    start: int
    end: int


def find_proposals(text: str) -> list[Proposal]:
    """Names after a title; the caller drops those the gazetteer already knows."""
    proposals = []
    for match in PROPOSAL.finditer(text):
        tokens = match["name"].split()
        # A trailing token that is a verb or function word is not part of the name.
        while tokens and tokens[-1] in NOT_NAME_WORDS:
            tokens.pop()
        if len(tokens) < 2 or any(token in NOT_NAME_WORDS for token in tokens):
            continue
        name = " ".join(tokens)
        start = match.start("name")
        proposals.append(Proposal(name, " ".join(match["title"].split()), start, start + len(name)))
    return proposals


_INITIAL = re.compile(r"^[a-z]\.?$")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def name_key(name: str) -> str:
    """What two writings of one person's name share: given name and surname, lower case,
    without accents, titles' full stops, middle initials or a suffix ("Jennifer R. Littlejohn"
    and "Jennifer Littlejohn" -> "jennifer littlejohn"); a single name is itself."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    tokens = [t.strip(".,") for t in plain.replace("’", "'").split()]
    tokens = [t for t in tokens if t and t not in _SUFFIXES and not _INITIAL.match(t)]
    if not tokens:
        return plain.strip()
    return tokens[0] if len(tokens) == 1 else f"{tokens[0]} {tokens[-1]}"


def people_found(text: str, mentions, authors=()) -> list[Proposal]:
    """The people of ``text`` the gazetteer's ``mentions`` do not cover, one Proposal per
    mention; the article's own authors are not proposed."""
    taken = [(m.start, m.end) for m in mentions]
    author_names = {a.lower() for a in authors}
    return [p for p in find_proposals(text)
            if p.name.lower() not in author_names
            and not any(p.start < end and start < p.end for start, end in taken)]
