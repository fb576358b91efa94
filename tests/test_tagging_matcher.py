"""The name matcher and its ambiguity rules, on a small gazetteer built here."""

import pytest

from articles.tagging.matcher import Matcher, Name
from articles.tagging.people import find_people

GAZETTEER = {
    # slug: (kind, name, aliases)
    "lloyd-austin": ("person", "Lloyd Austin", ["Lloyd J. Austin III"]),
    "boris-johnson": ("person", "Boris Johnson", []),
    "mike-johnson": ("person", "Mike Johnson", []),
    "volodymyr-zelenskiy": ("person", "Volodymyr Zelenskiy", ["Zelensky", "Zelenskyy", "Volodymyr Zelensky"]),
    "joe-biden": ("person", "Joe Biden", ["Biden"]),
    "united-states": ("country", "United States", ["U.S.", "US", "America", "American"]),
    "ukraine": ("country", "Ukraine", ["Ukrainian", "Kyiv"]),
    "georgia": ("country", "Georgia", ["Georgian"]),
    "jordan": ("country", "Jordan", ["Jordanian"]),
    "chad": ("country", "Chad", []),
    "israel": ("country", "Israel", ["Israeli"]),
    "ireland": ("country", "Ireland", ["Irish"]),
    "syria": ("country", "Syria", ["Syrian"]),
    "nato": ("organization", "NATO", ["North Atlantic Treaty Organization"]),
    "pentagon": ("organization", "Pentagon", ["U.S. Department of Defense", "Department of Defense"]),
    "israel-defense-forces": ("organization", "Israel Defense Forces", ["IDF"]),
    "patriot": ("equipment", "Patriot", ["Patriot air defense system"]),
    "javelin": ("equipment", "Javelin", []),
    "f-16": ("equipment", "F-16", []),
}


@pytest.fixture(scope="module")
def matcher():
    names = []
    for actor_id, (slug, (kind, name, aliases)) in enumerate(GAZETTEER.items(), start=1):
        for text in [name, *aliases]:
            case = text in ("US", "IDF", "Javelin")
            names.append(Name(actor_id, slug, kind, text, case))
    return Matcher(names)


def slugs(matcher, text, **kwargs):
    return [m.slug for m in matcher.find(text, **kwargs)]


def test_names_aliases_and_offsets(matcher):
    text = "Ukrainian President Zelensky met Lloyd J. Austin III at the Pentagon."
    mentions = matcher.find(text)
    assert [m.slug for m in mentions] == ["ukraine", "volodymyr-zelenskiy", "lloyd-austin", "pentagon"]
    assert [text[m.start:m.end] for m in mentions] == ["Ukrainian", "Zelensky", "Lloyd J. Austin III", "Pentagon"]


def test_whole_words_only(matcher):
    assert slugs(matcher, "Chadwick and Jordanians and USAF and Americana") == []


def test_us_only_in_capitals_and_not_as_currency(matcher):
    assert slugs(matcher, "The US said") == ["united-states"]
    assert slugs(matcher, "let us say") == []
    assert slugs(matcher, "a US$1.2bn deal") == []


def test_case_insensitive_elsewhere(matcher):
    assert slugs(matcher, "Nato allies met in UKRAINE") == ["nato", "ukraine"]


def test_possessives_and_equipment_plurals(matcher):
    assert slugs(matcher, "Ukraine's F-16s and Javelins") == ["ukraine", "f-16", "javelin"]
    assert slugs(matcher, "javelin throwers") == []


def test_longest_name_wins_but_a_country_inside_an_organisation_counts(matcher):
    assert slugs(matcher, "the U.S. Department of Defense said") == ["pentagon", "united-states"]
    assert slugs(matcher, "the Israel Defense Forces said") == ["israel-defense-forces", "israel"]
    assert slugs(matcher, "a Patriot air defense system") == ["patriot"]


def test_surname_alone_follows_the_full_name(matcher):
    text = "Defense Secretary Lloyd Austin spoke. Austin said more aid would come."
    mentions = matcher.find(text)
    assert [(m.slug, m.text) for m in mentions] == [
        ("lloyd-austin", "Lloyd Austin"), ("lloyd-austin", "Austin")
    ]


def test_surname_alone_without_the_full_name_is_not_a_person(matcher):
    assert slugs(matcher, "Austin is a city in Texas. Johnson said nothing.") == []


def test_surname_after_a_title_resolves_when_unambiguous(matcher):
    assert slugs(matcher, "Secretary Austin said") == ["lloyd-austin"]
    assert slugs(matcher, "Speaker Johnson said") == []  # two known Johnsons


def test_surname_resolves_to_the_most_recent_person_of_that_name(matcher):
    text = "Boris Johnson met Mike Johnson. Johnson then left."
    assert slugs(matcher, text)[-1] == "mike-johnson"


def test_austin_texas_is_the_city_even_after_the_secretary(matcher):
    assert slugs(matcher, "Lloyd Austin flew to Austin, Texas.") == ["lloyd-austin"]


def test_a_country_inside_another_places_name_is_not_the_country(matcher):
    assert slugs(matcher, "the Northern Ireland Protocol") == []
    assert slugs(matcher, "Irish officials in northern Syria") == ["ireland", "syria"]


def test_georgia_the_state_is_not_the_country(matcher):
    assert slugs(matcher, "Voters in Georgia elected a new governor in Atlanta.") == []
    assert slugs(matcher, "Georgia and Ukraine want to join NATO.")[:1] == ["georgia"]
    assert slugs(matcher, "Georgia's government in Tbilisi") == ["georgia"]


def test_jordan_and_chad_in_a_persons_name_are_not_countries(matcher):
    assert slugs(matcher, "Michael Jordan and Chad Wolf spoke.") == []
    assert slugs(matcher, "Jordan and Chad received aid.") == ["jordan", "chad"]
    assert slugs(matcher, "King Abdullah of Jordan") == ["jordan"]


def test_patriot_needs_a_weapons_context(matcher):
    assert slugs(matcher, "Ukraine will get more Patriot missiles.") == ["ukraine", "patriot"]
    assert slugs(matcher, "The Patriot Act was renewed.") == []
    assert slugs(matcher, "He is a true Patriot, the senator said.") == []
    assert slugs(matcher, "The Patriot and F-16 arrived.") == ["patriot", "f-16"]


def test_authors_are_not_actors(matcher):
    assert slugs(matcher, "Joe Biden wrote this.", authors=["Joe Biden"]) == []


def test_new_people_are_proposed_from_titles():
    text = ("Lithuanian Defence Minister Laurynas Kasciunas said so. NATO chief Mark Rutte agreed, "
            "and spokesperson Matthew Miller added that President Joe Biden had said it.")
    assert [(p.title, p.name) for p in find_people(text)] == [
        ("Minister", "Laurynas Kasciunas"),
        ("chief", "Mark Rutte"),
        ("spokesperson", "Matthew Miller"),
        ("President", "Joe Biden"),
    ]


def test_titles_before_non_names_propose_nothing():
    assert find_people("President Biden said the Defense Department and Prime Minister's office") == []


def test_names_with_central_european_letters_are_proposed_whole():
    text = "President Lech Kaczyński met Foreign Minister Radosław Sikorski in Łódź."
    assert [p.name for p in find_people(text)] == ["Lech Kaczyński", "Radosław Sikorski"]
