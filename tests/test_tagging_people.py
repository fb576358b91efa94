"""People found by how names are written (articles/tagging/people.py), on strings, and the
people set of whole articles (tests/data/people_eval.jsonl) against the shared corpus."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from articles.tagging.matcher import Mention
from articles.tagging.people import (
    bylines_of,
    find_people,
    name_key,
    people_found,
    title_people_found,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "state-dept-2021.jsonl").is_file(),
                                  reason="../shared/corpus is absent beside this checkout")


@pytest.mark.parametrize("one, other", [
    ("Jennifer R. Littlejohn", "Jennifer Littlejohn"),
    ("Joseph R. Biden, Jr.", "Joseph Biden"),
    ("Félix Tshisekedi", "Felix Tshisekedi"),
    ("Rashad al-Alimi", "Rashad Al-Alimi"),
])
def test_two_writings_of_one_name_share_a_key(one, other):
    assert name_key(one) == name_key(other)


def test_different_people_keep_different_keys():
    assert name_key("Michael Kovrig") != name_key("Michael Spavor")
    assert name_key("Abdullah Abdullah") != name_key("Abdullah II")


@pytest.mark.corpus
@needs_corpus
def test_the_people_set_is_the_documented_draw():
    """Each labelled article is the one sample_people.py draws, so the set can be drawn again."""
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "data" / "sample_people.py"),
                             "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    labelled = [json.loads(line) for line in
                (ROOT / "tests" / "data" / "people_eval.jsonl").read_text().splitlines()]
    assert len(labelled) == 200
    assert sum(item["split"] == "heldout" for item in labelled) == 66


def names(text):
    return [p.name for p in find_people(text)]


@pytest.mark.parametrize("text, name", [
    # roles of any length before a name
    ("signed by President and CEO of the Romanian Space Agency Marius-Ioan Piso today",
     "Marius-Ioan Piso"),
    ("NASA Administrator Bill Nelson spoke.", "Bill Nelson"),
    ("Chargé d'affaires, a.i. David Muniz attended.", "David Muniz"),
    ("Principal Deputy Assistant Secretary for the Bureau of Oceans and International "
     "Environmental and Scientific Affairs Jennifer R. Littlejohn will lead the delegation.",
     "Jennifer R. Littlejohn"),
    ("He met New Zealand MFAT Secretary Chris Seed.", "Chris Seed"),
    ("Presidential Leadership Council Chairman Rashad al-Alimi said so.", "Rashad al-Alimi"),
    ("They met Foreign Minister Ahmed bin Mubarak.", "Ahmed bin Mubarak"),
    ("He met Ambassador to the United States Varuzhan Nersesyan.", "Varuzhan Nersesyan"),
    ("the arrest of journalist Raman Pratasevich in Minsk", "Raman Pratasevich"),
    # the official who opens a release, a name in an apposition, particles
    ("Ned Price, Department Spokesperson\nThe United States condemns the attack.", "Ned Price"),
    ("Secretary Blinken met with Staffan de Mistura, the UN Secretary-General’s Personal Envoy.",
     "Staffan de Mistura"),
    # a schedule's lines in capitals
    ("DEPUTY SECRETARY WENDY R. SHERMAN\nDeputy Secretary Sherman is on travel.",
     "Wendy R. Sherman"),
    # a dateline glued to a name is no part of it
    ("Secretary Blinken met Foreign Minister Christophe Lutundula Washington, D.C.",
     "Christophe Lutundula"),
])
def test_a_name_is_found_by_how_it_is_written(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", [
    "The United States welcomes the talks on Korean Peninsula Peace.",
    "Congress passed the Robert Levinson Hostage Recovery Act.",
    "She studied at George Washington University and CUNY Hunter College (NY).",
    "Reporting by Idrees Ali and Phil Stewart; Editing by Chizu Nomiyama and Mark Heinrich",
    "They will travel to Brussels, Ankara, Jakarta, Phnom Penh, Bangkok, and Honolulu.",
    "the 2022 President Memorandum on Promoting Accountability for Conflict-Related Sexual Violence",
    "***THE DAILY PUBLIC SCHEDULE IS SUBJECT TO CHANGE***",
    "The carrier USS Gerald R. Ford sailed.",
])
def test_things_places_and_credits_are_no_people(text):
    assert names(text) == []


def test_one_person_is_one_name_within_an_article():
    text = ("Principal Deputy Assistant Secretary Jennifer R. Littlejohn and NASA Administrator "
            "Bill Nelson met President and CEO of the Romanian Space Agency Marius-Ioan Piso. "
            "Piso said the accord opens a new era. Mr. Nelson agreed, and Jennifer Littlejohn "
            "added a word.")
    found = find_people(text)
    assert {p.name for p in found} == {"Jennifer R. Littlejohn", "Bill Nelson", "Marius-Ioan Piso"}
    assert sorted(text[p.start:p.end] for p in found if p.name == "Marius-Ioan Piso") == [
        "Marius-Ioan Piso", "Piso"]
    assert [text[p.start:p.end] for p in found if p.name == "Bill Nelson"] == [
        "Bill Nelson", "Nelson"]
    assert len({p.key for p in found}) == 3


def _mention(text, word, slug, kind="person"):
    start = text.index(word)
    return Mention(1, slug, kind, start, start + len(word), word)


def test_a_longer_name_around_a_known_surname_is_another_person():
    text = "Secretary Blinken spoke with Chairman Abdullah Abdullah today."
    mentions = [_mention(text, "Blinken", "antony-blinken"),
                _mention(text, "Abdullah", "abdullah-ii")]
    kept, proposals = people_found(text, mentions)
    assert [m.slug for m in kept] == ["antony-blinken"]
    assert [p.name for p in proposals] == ["Abdullah Abdullah"]


def test_a_known_person_written_otherwise_is_that_person():
    text = "Antony J. Blinken, Secretary of State\nWe welcome the agreement."
    kept, proposals = people_found(text, [], (), {"antony blinken": (7, "antony-blinken")})
    assert proposals == []
    assert [(m.slug, m.text) for m in kept] == [("antony-blinken", "Antony J. Blinken")]


def test_a_reporter_in_the_byline_is_no_person_but_the_official_issuing_a_release_is():
    assert bylines_of(["Idrees Ali"], "Austin said so.") == ["Idrees Ali"]
    release = "Ned Price, Department Spokesperson The United States condemns the attack."
    assert bylines_of(["Ned Price", "Department Spokesperson"], release) == [
        "Department Spokesperson"]


RELEASE = ("Ned Price, Department Spokesperson\n"
           "Deputy Secretary of State Wendy R. Sherman met Chairman Abdullah Abdullah in Kabul "
           "today. Deputy Secretary Sherman underscored the support of the United States.")


@pytest.mark.django_db
def test_people_found_by_the_finder_are_people_of_the_archive(client):
    """A proposed person is on the article page, in /people/, in the JSON and has a page,
    marked as not yet reviewed; the gazetteer's people are still themselves."""
    from articles.tagging import matcher_current, tags_apply
    from articles.tagging.gazetteer import gazetteer_load
    from tests.conftest import make_article

    gazetteer_load()
    article = make_article("Deputy Secretary Sherman’s Meeting", body=RELEASE,
                           source="U.S. Department of State", authors=["Ned Price"])
    tags_apply(article=article, matcher=matcher_current(), new=True)

    people = {t.actor.name: t for t in article.actor_tags.select_related("actor")
              if t.actor.kind == "person"}
    assert set(people) == {"Ned Price", "Wendy R. Sherman", "Abdullah Abdullah"}
    assert people["Wendy R. Sherman"].mention_count == 2  # "Deputy Secretary Sherman" too
    assert people["Ned Price"].actor.status == "confirmed"  # the gazetteer's, not a proposal

    index = client.get("/people/").content.decode()
    assert "Wendy R. Sherman</a> <span class=\"proposed\"" in index
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Abdullah Abdullah</a> <span class=\"proposed\"" in page
    data = client.get(article.get_absolute_url(), {"format": "json"}).json()
    proposed = {a["name"]: a["proposed"] for a in data["actors"] if a["kind"] == "person"}
    assert proposed == {"Ned Price": False, "Wendy R. Sherman": True, "Abdullah Abdullah": True}
    person = client.get(people["Wendy R. Sherman"].actor.get_absolute_url())
    assert person.status_code == 200
    assert "curators have not reviewed it yet" in person.content.decode()


@pytest.mark.parametrize(("title", "names"), [
    ("Secretary Antony J. Blinken And Indonesian Foreign Minister Retno Marsudi Before Their "
     "Meeting", ["Antony J. Blinken", "Retno Marsudi"]),
    ("Deputy Secretary Sherman’s Call With Nigerian Foreign Minister Geoffrey Onyeama",
     ["Geoffrey Onyeama"]),
    # a title capitalises every word: with no role before it, nothing is a name
    ("Japan’s Financial Sanctions Against Russia", []),
    ("Secretary Blinken Travels to Kuwait to Advance Regional Security and Economic Ties", []),
    ("Designation of Congressperson Boris España Cáceres Due to Involvement in Corruption", []),
])
def test_a_title_names_the_people_who_follow_a_role(title, names):
    _, proposals = title_people_found(title, [])
    assert [proposal.name for proposal in proposals] == names


def test_a_known_name_in_a_title_stays_that_person_whatever_word_follows():
    """"Under Secretary Nuland Testifies Before ...": Nuland, not a new "Nuland Testifies"."""
    title = "Under Secretary Nuland Testifies Before the Senate Foreign Relations Committee"
    at = title.index("Nuland")
    nuland = Mention(7, "victoria-nuland", "person", at, at + len("Nuland"), "Nuland")
    mentions, proposals = title_people_found(title, [nuland])
    assert proposals == [] and [m.slug for m in mentions] == ["victoria-nuland"]


@pytest.mark.django_db
def test_a_person_named_only_in_the_title_is_a_person_of_the_article():
    from articles.tagging import matcher_current, tags_apply
    from articles.tagging.gazetteer import gazetteer_load
    from tests.conftest import make_article

    gazetteer_load()
    article = make_article(
        "Secretary Blinken And Chilean Foreign Minister Andres Allamand Before Their Meeting",
        body="SECRETARY BLINKEN: Well, good afternoon, everyone. It is a pleasure to welcome my "
             "colleague and friend to Washington.", source="U.S. Department of State")
    tags_apply(article=article, matcher=matcher_current(), new=True)
    people = {t.actor.name: t for t in article.actor_tags.select_related("actor")
              if t.actor.kind == "person"}
    assert "Andres Allamand" in people and people["Andres Allamand"].offsets == []
    assert people["Andres Allamand"].actor.status == "suggested"


# No-regression floors on the whole-article set, below the figures measured with the rules of
# the commit that set them (docs/tagging.md, "People of whole articles"): the held-out third
# of the set is what nobody tuned on, so its floors are the ones that tell.
FLOORS = {"all": {"people": (0.95, 0.90), "countries": (0.97, 0.97)},
          "heldout": {"people": (0.85, 0.80), "countries": (0.97, 0.97)}}


@pytest.mark.corpus
@needs_corpus
@pytest.mark.django_db
@pytest.mark.parametrize("split", ["all", "heldout"])
def test_people_and_countries_of_whole_articles_stay_above_their_floors(split):
    from articles.tagging import matcher_current
    from articles.tagging.gazetteer import gazetteer_load
    from articles.tagging.people_evaluation import evaluate_people

    gazetteer_load()
    scores = evaluate_people(matcher_current(), split=None if split == "all" else split)
    for kind, (precision, recall) in FLOORS[split].items():
        score = getattr(scores, kind)["all"]
        assert score.precision >= precision and score.recall >= recall, (
            kind, score.precision, score.recall, score.errors[:10] if split == "all" else "")


@pytest.mark.parametrize("text", [
    "Good afternoon from the James S. Brady Press Briefing Room.",
    "President Biden’s Unity Agenda for the nation",
    "as The New York Times reported",
    "the Office of Gun Violence Prevention",
])
def test_a_name_inside_the_name_of_a_thing_is_none(text):
    assert names(text) == []


@pytest.mark.parametrize("text, found", [
    # an e-mail address after a name is no surname of it, nor is "at" a particle of one
    ("For any questions, please contact Vanessa Vidal at NEA-Press@state.gov today.",
     ["Vanessa Vidal"]),
    # a role of recognition before a name, capitalised in a title or not
    ("Recognizes Locally Employed Staff Honoree Jenkins Vangehn", ["Jenkins Vangehn"]),
    ("will recognize Locally Employed Staff honoree, Jenkins Vangehn of Liberia, in a talk",
     ["Jenkins Vangehn"]),
    # a company is no person, whether its name follows "company" or "their employer,"
    ("contractors employed by Iranian cyber company Emennet Pasargad – who took part", []),
    ("these individuals and their employer, Emennet Pasargad, were designated", []),
    # headings in title case that end in a plural of a thing
    ("In addition to providing Official Intervention Statements during the Summit", []),
    ("Financial Sector, State-Owned Enterprises, Responsible Business Conduct", []),
])
def test_names_against_what_surrounds_them(text, found):
    assert names(text) == found


def test_a_word_of_address_is_no_part_of_what_two_writings_share():
    assert name_key("Seyyed Mohammad Hosein Musa Kazemi") == name_key("Mohammad Kazemi")
    assert name_key("Dr. Jill Biden") == name_key("Jill Biden")
    assert name_key("Sheikh Tamim") == "sheikh tamim"  # a single name keeps its word
    [found] = find_people("Iranian cyber actors Seyyed Mohammad Hosein Musa Kazemi took part")
    assert (found.title, found.name) == ("Seyyed", "Mohammad Hosein Musa Kazemi")


@pytest.mark.corpus
@needs_corpus
@pytest.mark.django_db
def test_people_of_the_blind_actor_set_stay_above_their_floor():
    """tests/data/actors_state2021.jsonl was labelled without the tagger's output; first
    measured at 0.938 / 0.961 (50 releases), 0.962 / 1.000 on its held-out third after the forms
    read from its development articles."""
    from articles.tagging import matcher_current
    from articles.tagging.gazetteer import gazetteer_load
    from articles.tagging.people_evaluation import evaluate_people

    gazetteer_load()
    scores = evaluate_people(matcher_current(), ROOT / "tests" / "data" / "actors_state2021.jsonl")
    people = scores.people["all"]
    assert people.precision >= 0.95 and people.recall >= 0.95, people.errors
