"""What the words say a figure of aid is: a new package, a reference to one announced before, a
running total, a request to Congress or an appropriation; each a form of language, tested on
sentences of that form (articles/tagging/ledger.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from articles.models import AidPackage, Amount, StatedTotal
from articles.tagging.gazetteer import gazetteer_load
from articles.tagging.ledger import ordinal_value
from tests.test_events_ledger import tagged

pytestmark = pytest.mark.django_db
MARCH_24 = dt.datetime(2022, 3, 24, 15, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def gazetteer():
    gazetteer_load()


def roles(text, published=MARCH_24, source="U.S. Department of State"):
    article = tagged("Release", text, published=published, source=source)
    return sorted((row.amount_text, row.role) for row in article.aid_entries.all())


@pytest.mark.parametrize(("text", "expected"), [
    # a running total, with its scope, and no package
    ("This authorization will bring total U.S. military assistance to Ukraine to more than $7.32 "
     "billion since Russia launched its premeditated and unprovoked invasion on February 24.",
     [("more than $7.32 billion", "total")]),
    ("In the past few weeks, the United States has announced $1 billion in new security "
     "assistance to Ukraine.", [("$1 billion", "total")]),
    ("We provided Ukraine with $650 million in security assistance last year.",
     [("$650 million", "total")]),
    ("In just the past week, the United States has announced more than $800 million in "
     "security assistance to meet Ukraine's urgent battlefield needs.",
     [("more than $800 million", "total")]),
    # a figure nobody is said to give, send or total is no aid at all: a line of a bill read
    # out, a level
    ("I see $10.6 billion for air and missile defense support for Israel.", []),
    ("I think the FMF number for Egypt has been at $1.3 billion for several years.", []),
    # police and border guards: civilian security assistance is no defence aid
    ("The State Department plans to provide an additional $300 million in Ukrainian civilian "
     "security assistance to support lifesaving equipment for Ukrainian border guards.", []),
    # one that somebody only talks of sending is a proposal, never counted
    ("Speaker Pelosi is talking about sending $600 million in lethal aid to Ukraine.",
     [("$600 million", "request")]),
    # a figure said again, "as I said", is what it was the first time
    ("In just the past week, the United States has announced more than $800 million in "
     "security assistance for Ukraine. As I said, we've just announced $800 million more, and "
     "there'll be more coming in security assistance.", [("more than $800 million", "total")]),
    # a package spoken of again
    ("Building on last week's $800 million package, the United States will keep supporting "
     "Ukraine's defense with security assistance.", [("$800 million", "reference")]),
    ("Deliveries of the $200 million package announced on March 12th are almost complete, "
     "security assistance officials said of Ukraine.", [("$200 million", "reference")]),
    ("Last fall, I authorized the Department of Defense to provide $60 million in immediate "
     "military assistance to Ukraine.", [("$60 million", "reference")]),
    ("And once the war started, we immediately rushed $350 million in additional security "
     "assistance to Ukraine.", [("$350 million", "reference")]),
    ("The President announced today an additional $800 million in security assistance for "
     "Ukraine.", [("$800 million", "new")]),
    # a figure presented as new today stays new, whatever earlier time or attribution the
    # sentence also gives
    ("The United States will send another $800 million in weapons to Ukraine, the Pentagon "
     "announced on Thursday.", [("$800 million", "new")]),
    ("Six months after Russia invaded on February 24, President Biden today announced a new "
     "$2.98 billion security assistance package for Ukraine.", [("$2.98 billion", "new")]),
    ("A year after the war began, President Biden today announced a new $2 billion security "
     "assistance package for Ukraine.", [("$2 billion", "new")]),
    ("After Russian strikes over the past few days, President Biden today approved a new $800 "
     "million in security assistance for Ukraine.", [("$800 million", "new")]),
    ("After Russian strikes cut power, we sent $50 million in new security assistance to "
     "Ukraine.", [("$50 million", "new")]),
    # a restatement "for" its recipient is a total, not one package
    ("We are providing the $13.6 billion for Ukraine in security and military assistance as "
     "quickly as we can.", [("$13.6 billion", "total")]),
    # money asked of or given by Congress is no package
    ("President Biden's budget requests $3.3 billion in security assistance for Ukraine.",
     [("$3.3 billion", "request")]),
    ("Out of the $3.5 billion in drawdown authority Congress granted for Ukraine, we have used "
     "over $2.4 billion so far to provide security assistance.",
     [("$3.5 billion", "appropriation"), ("over $2.4 billion", "total")]),
    # not aid at all: a difference, another kind of aid
    ("The Department announced $120 million in Foreign Military Financing for Lebanon, a $15 "
     "million increase over prior-year levels.", [("$120 million", "new")]),
    ("The United States has invested $605 million in Libya's development and security "
     "assistance since 2011.", []),
])
def test_the_words_give_the_figure_its_role(text, expected):
    assert roles(text) == expected


def test_a_stated_total_is_kept_with_its_scope_and_adds_nothing():
    tagged("Release", "Today the Secretary authorized a $200 million drawdown of security "
           "assistance for Ukraine. This authorization will bring total U.S. military assistance "
           "to Ukraine to more than $7.32 billion since Russia launched its premeditated and "
           "unprovoked invasion.", published=MARCH_24, source="U.S. Department of State")
    total = StatedTotal.objects.get()
    assert (total.value_usd, total.scope, total.since) == (
        Decimal("7320000000"), "since_invasion", dt.date(2022, 2, 24))
    assert [p.value_usd for p in AidPackage.objects.all()] == [Decimal("200000000")]


def test_a_reference_joins_the_package_it_speaks_of():
    tagged("Statement", "Today, President Biden announced an additional $800 million in "
           "security assistance for Ukraine.",
           published=dt.datetime(2022, 3, 16, 15, tzinfo=dt.timezone.utc))
    tagged("Briefing", "Building on last week's $800 million package, we continue to provide "
           "security assistance to Ukraine.", published=MARCH_24)
    [package] = AidPackage.objects.all()
    assert package.announced_on == dt.date(2022, 3, 16)
    assert sorted(package.mentions.values_list("role", flat=True)) == ["new", "reference"]


def test_a_figure_said_with_the_day_it_was_announced_joins_that_days_package():
    tagged("Statement", "Today the Department of Defense announced $300 million in security "
           "assistance for Ukraine under the Ukraine Security Assistance Initiative.",
           published=dt.datetime(2022, 4, 1, 15, tzinfo=dt.timezone.utc))
    tagged("Briefing", "We also announced $300 million in security assistance on April 1st under "
           "authorities provided by the Ukraine Security Assistance Initiative.",
           published=dt.datetime(2022, 4, 8, 15, tzinfo=dt.timezone.utc))
    [package] = AidPackage.objects.all()
    assert (package.announced_on, package.mentions.count()) == (dt.date(2022, 4, 1), 2)


def test_two_announcements_of_one_figure_a_week_apart_are_two_packages():
    for day in (13, 21):
        tagged("Statement", "Today, the President is authorizing an additional $800 million in "
               "security assistance to Ukraine.",
               published=dt.datetime(2022, 4, day, 15, tzinfo=dt.timezone.utc))
    assert AidPackage.objects.count() == 2


@pytest.mark.parametrize(("word", "value"), [
    ("twenty-third", 23), ("23rd", 23), ("fifth", 5), ("fortieth", 40), ("forty-first", 41),
    ("latest", None), ("thirty", None),
])
def test_an_ordinal_is_read_in_words_or_figures(word, value):
    assert ordinal_value(word) == value


def test_the_ordinal_of_a_drawdown_is_kept_on_its_package():
    article = tagged("Release", "Today we announce our twenty-third drawdown of security "
                     "assistance for Ukraine, valued at up to $400 million.",
                     published=MARCH_24, source="U.S. Department of State")
    assert article.aid_entries.get().ordinal == 23
    assert AidPackage.objects.get().ordinal == 23


def test_a_whole_with_including_a_part_counts_once():
    tagged("Statement", "Today the United States announced over $3 billion in security "
           "assistance for Ukraine, including a $2.85 billion drawdown package.",
           published=dt.datetime(2023, 1, 6, 15, tzinfo=dt.timezone.utc))
    counted = sum(p.counted_usd for p in AidPackage.objects.all())
    assert counted == Decimal("3000000000")


def rows(text, published=MARCH_24, source="Reuters"):
    article = tagged("Report", text, published=published, source=source)
    return sorted((row.amount_text, row.role, row.donor.slug, row.recipient.slug, row.ordinal)
                  for row in article.aid_entries.all())


@pytest.mark.parametrize(("text", "source", "expected"), [
    # a sentence that points back ("It is valued at") at the package the one before announces,
    # and the ordinal said there, after a possessive ("the Administration's forty-seventh")
    ("Today, the Department of Defense announces additional security assistance for Ukraine. "
     "This authorization is the Biden Administration's forty-seventh tranche of equipment from "
     "DoD inventories. It is valued at up to $200 million.", "U.S. Department of Defense",
     [("up to $200 million", "new", "united-states", "ukraine", 47)]),
    ("I am authorizing the 56th such package of arms and equipment for Ukraine, valued at up to "
     "$250 million.", "U.S. Department of State",
     [("up to $250 million", "new", "united-states", "ukraine", 56)]),
    # the recipient as the indirect object of a giving verb, and a government body's country
    # as the donor, before or after the figure
    ("The Pentagon will send Ukraine $1 billion worth of weapons.", "Reuters",
     [("$1 billion", "new", "united-states", "ukraine", None)]),
    ("The United States will give Ukraine another $400 million in military aid, the Pentagon "
     "said.", "Reuters", [("$400 million", "new", "united-states", "ukraine", None)]),
    # a capital standing for its government, as the subject of giving
    ("Berlin pledged a further 500 million euros in military aid for Kyiv on Tuesday.",
     "Reuters", [("500 million euros", "new", "germany", "ukraine", None)]),
    # a figure only converted into another currency is not a second figure
    ("Britain will provide an additional 2.5 billion pounds ($3.2 billion) in military aid to "
     "Ukraine this year.", "Reuters",
     [("2.5 billion pounds", "new", "united-kingdom", "ukraine", None)]),
    # a sale is no aid
    ("The State Department approved the possible sale of $295 million in military equipment "
     "to Taiwan.", "Reuters", []),
    # the largest package "to date" is a package, not a total to date
    ("The Department of Defense announces $6 billion in Ukraine Security Assistance Initiative "
     "funding, the largest USAI package to date.", "U.S. Department of Defense",
     [("$6 billion", "new", "united-states", "ukraine", None)]),
])
def test_the_forms_of_other_newsrooms_give_donor_recipient_and_role(text, source, expected):
    assert rows(text, source=source) == expected


def test_a_package_and_the_parts_it_includes_count_once():
    """"valued at $1.85 billion, which includes $1 billion in Presidential Drawdown Authority
    and $850 million in USAI funds": one announcement of two parts, not drawdown authority."""
    article = tagged("Release", "Today, the Department of Defense announces additional security "
                     "assistance for Ukraine valued at $1.85 billion, which includes $1 billion "
                     "in Presidential Drawdown Authority and $850 million in Ukraine Security "
                     "Assistance Initiative funds.", published=MARCH_24,
                     source="U.S. Department of Defense")
    assert sorted((r.amount_text, r.role) for r in article.aid_entries.all()) == [
        ("$1 billion", "component"), ("$1.85 billion", "combined"), ("$850 million", "component")]
    assert [p.counted_usd for p in AidPackage.objects.filter(parent__isnull=True)] == [
        Decimal("1850000000")]


@pytest.mark.parametrize(("text", "expected"), [
    # a yearly level, and what past years gave, are no packages
    ("The Prime Minister confirmed that the UK will continue to provide £3 billion a year in "
     "military aid to Ukraine.", [("£3 billion", "total")]),
    ("France will provide up to €3bn in additional military aid to Ukraine this year, after "
     "€1.7bn in 2021.", [("up to €3bn", "new"), ("€1.7bn", "total")]),
    # what a package is drawn from is money Congress gave
    ("The Pentagon announced a $1 billion package of weapons for Ukraine, the first to be drawn "
     "from the $61 billion in Ukraine funding.",
     [("$1 billion", "new"), ("$61 billion", "appropriation")]),
    # a part said further on in the sentence ("including a drawdown ... valued at")
    ("The President today announced an additional $1 billion in security assistance for "
     "Ukraine, including a drawdown of U.S. arms and equipment valued at up to $350 million.",
     [("$1 billion", "combined"), ("up to $350 million", "component")]),
    # a package "announced on" an earlier day is spoken of again
    ("This announcement follows the drawdown package of up to $1 billion for Ukraine announced "
     "on March 20.", [("up to $1 billion", "reference")]),
    # the largest package "to date", however long the words before it
    ("Today, the Department of Defense announces $6 billion in Ukraine Security Assistance "
     "Initiative (USAI) funding, the largest USAI package to date, for Ukraine.",
     [("$6 billion", "new")]),
])
def test_other_forms_of_package_total_and_reference(text, expected):
    assert roles(text, source="Reuters") == sorted(expected)


def test_a_country_naming_a_scheme_is_not_the_recipient():
    assert rows("The Netherlands will contribute €250 million to the Czech initiative to purchase "
                "artillery ammunition for Ukraine.") == [
        ("€250 million", "new", "netherlands", "ukraine", None)]


def test_a_package_takes_its_programme_and_ordinal_from_the_sentences_around_it():
    """The Defense Department's form: the drawdown ("from DoD inventories") and its number are
    said in the sentence before the figure ("The capabilities in this package, valued at up
    to $250 million") or in the one after it ("This authorization is the eighteenth ...")."""
    before = tagged("Release", "Today, the Department of Defense announces additional security "
                    "assistance for Ukraine. This is the Biden Administration's fifty-first "
                    "tranche of equipment to be provided from DoD inventories for Ukraine. The "
                    "capabilities in this package, valued at up to $250 million, include "
                    "artillery rounds.", published=MARCH_24, source="U.S. Department of Defense")
    after = tagged("Release", "The Department of Defense announced today an additional $775 "
                   "million in security assistance for Ukraine. This authorization is the Biden "
                   "Administration's eighteenth drawdown of equipment for Ukraine.",
                   published=MARCH_24, source="U.S. Department of Defense")
    assert [(r.programme, r.ordinal) for r in before.aid_entries.all()] == [("pda", 51)]
    assert [(r.programme, r.ordinal) for r in after.aid_entries.all()] == [("pda", 18)]


@pytest.mark.parametrize(("text", "expected"), [
    # money a legislature votes for aid that includes defence: an appropriation of the
    # legislature's country, whatever verb and chamber
    ("The Senate on Thursday overwhelmingly approved a $40 billion package of military and "
     "economic aid for Ukraine.",
     [("$40 billion", "appropriation", "united-states", "ukraine", None)]),
    ("The House of Representatives voted on Saturday to approve $95 billion in foreign aid, "
     "including $61 billion for Ukraine's defense against Russia.",
     [("$61 billion", "appropriation", "united-states", "ukraine", None),
      ("$95 billion", "appropriation", "united-states", "ukraine", None)]),
    # the parliament's country read from its name
    ("A broad majority in the Danish Parliament has agreed to expand the Ukraine Fund for "
     "military support to Ukraine to a total of 60 billion Danish crowns.",
     [("60 billion Danish crowns", "appropriation", "denmark", "ukraine", None)]),
    # ... and aid voted for a country, whatever its kind, said by the figure's own words
    # ("in emergency assistance for", "for Israel"), not a bill that holds it
    ("Congress on Thursday passed a $900 billion spending bill that includes about $12 billion "
     "in emergency assistance for Ukraine.",
     [("about $12 billion", "appropriation", "united-states", "ukraine", None)]),
    ("The House voted on Tuesday to approve $60 billion in foreign aid, including $14 billion "
     "for Israel and $9 billion for Taiwan.",
     [("$14 billion", "appropriation", "united-states", "israel", None),
      ("$60 billion", "appropriation", "united-states", "israel", None),
      ("$9 billion", "appropriation", "united-states", "taiwan", None)]),
    # the recipient as an adjective of the aid, another country named before
    ("Colombia's voice is clear. And last night, the House of Representatives passed a bill "
     "that included more than $13 billion in Ukrainian assistance.",
     [("more than $13 billion", "appropriation", "united-states", "ukraine", None)]),
    # money for a weapon system only one country fields is money for that country
    ("The Senate passed $1 billion in funding to replenish Iron Dome interceptors.",
     [("$1 billion", "appropriation", "united-states", "israel", None)]),
    # money a government asks a legislature for is a request
    ("President Biden on Friday asked Congress for a $105 billion package that includes "
     "military aid for Ukraine and Israel.",
     [("$105 billion", "request", "united-states", "ukraine", None)]),
])
def test_money_a_legislature_votes_or_is_asked_for_is_no_package(text, expected):
    assert rows(text) == expected
    assert AidPackage.objects.count() == 0


@pytest.mark.parametrize("text", [
    "The Senate approved $1.2 trillion for roads, bridges and broadband.",
    "Parliament approved €2 billion in humanitarian aid for Syria.",
    "Congress passed a $1.7 trillion spending bill on Friday, a year after Ukraine was invaded.",
    # a purchase of a system one country fields is no aid to that country
    "The U.S. Army is buying two Iron Dome batteries for $373 million.",
    # a budget request for foreign assistance of every kind
    "Our budget request includes $2.8 billion in foreign assistance to advance human rights in "
    "Israel and its neighbours.",
])
def test_a_vote_on_money_that_is_not_for_defence_is_no_aid(text):
    assert rows(text) == []


def test_a_budget_draft_asks_for_next_year_and_reads_this_years_as_voted():
    assert rows("Under the government's draft budget, Denmark's military aid for Ukraine falls "
                "to 10 billion Danish crowns in 2026 from 15 billion Danish crowns this year.") == [
        ("10 billion Danish crowns", "request", "denmark", "ukraine", None),
        ("15 billion Danish crowns", "appropriation", "denmark", "ukraine", None)]


def test_an_alliance_gives_aid_of_its_own():
    assert rows("NATO has already provided $200 million in non-lethal support to Moldova "
                "through its trust fund.") == [("$200 million", "total", "nato", "moldova", None)]
    # ... but its members together are no one donor
    assert rows("NATO allies have provided $90 billion in military support to Ukraine.") == []
    assert rows("At the summit NATO will announce a pledge from all Allies to collectively "
                "provide Ukraine with at least 40 billion euros of security assistance.") == []


@pytest.mark.parametrize(("text", "published", "expected"), [
    # a list of what was asked for, figures with decimals included
    ("Biden on Friday asked Congress for a $105 billion package for Israel, Ukraine and other "
     "security needs, including $61.4 billion for Ukraine and $14.3 billion for Israel.",
     dt.datetime(2023, 10, 20, 15, tzinfo=dt.timezone.utc),
     [("$105 billion", "request", "united-states", "israel", None),
      ("$14.3 billion", "request", "united-states", "israel", None),
      ("$61.4 billion", "request", "united-states", "ukraine", None)]),
    # a draft budget named after the figures
    ("Germany plans to halve its military aid for Ukraine to around four billion euros in 2025, "
     "according to the draft budget.", dt.datetime(2024, 7, 17, 15, tzinfo=dt.timezone.utc),
     [("around four billion euros", "request", "germany", "ukraine", None)]),
    # the newswire's day: "<who> on Friday authorised" is the news of that day, a new package
    ("Biden on Friday authorised $571.3 million in defence support for Taiwan.",
     dt.datetime(2024, 12, 21, 9, tzinfo=dt.timezone.utc),
     [("$571.3 million", "new", "united-states", "taiwan", None)]),
    # several announcements together make a total, not a package
    ("This USAI announcement follows the drawdown package announced on April 24. Together, the "
     "two announcements this week provide Ukraine approximately $7 billion in security "
     "assistance.", dt.datetime(2024, 4, 26, 15, tzinfo=dt.timezone.utc),
     [("approximately $7 billion", "total", "united-states", "ukraine", None)]),
    # making money available is giving it
    ("We are also notifying Congress of our intent to make available $1 billion in Foreign "
     "Military Financing for Ukraine.", dt.datetime(2024, 5, 29, 15, tzinfo=dt.timezone.utc),
     [("$1 billion", "new", "united-states", "ukraine", None)]),
    # a package with a clause that says it was unveiled is one spoken of again
    ("Defense Secretary Lloyd Austin pointed to the $2.5 billion security assistance package the "
     "Pentagon unveiled for Ukraine a day earlier.",
     dt.datetime(2023, 1, 20, 15, tzinfo=dt.timezone.utc),
     [("$2.5 billion", "reference", "united-states", "ukraine", None)]),
])
def test_more_forms_of_the_newsrooms(text, published, expected):
    source = "U.S. Department of Defense" if "USAI" in text else "Reuters"
    assert rows(text, published=published, source=source) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # money for a group of countries has no one recipient
    ("We are providing $682 million in Foreign Military Financing for European allies and "
     "partners affected by Russia's war against Ukraine.", []),
    ("We are notifying Congress of $1.2 billion in Foreign Military Financing for 18 of "
     "Ukraine's regional neighbors.", []),
    # a company's sales
    ("Rheinmetall expects sales to rise to as much as 10 billion euros this year as governments "
     "replace weapons sent to Ukraine.", []),
    # what is left of an authority
    ("The Department retains approximately $4.2 billion in Presidential Drawdown Authority for "
     "Ukraine.", []),
    # aid of all kinds, said beside a figure of security assistance
    ("Over the last year we've provided more than a billion dollars in assistance to Ukraine – "
     "including $650 million in security assistance.",
     [("$650 million", "total", "united-states", "ukraine", None)]),
    # ... but not one said beside weapons
    ("We're going to be providing another $800 million in aid for Ukraine, for additional "
     "weaponry — you know, weapons, including air defense.",
     [("$800 million", "new", "united-states", "ukraine", None)]),
    # ... and allies named in a clause of their own take nothing
    ("Our security assistance for Ukraine – the $650 million that was provided last year – is "
     "defensive, as is the authorization for our NATO Allies to pass material to Ukraine.",
     [("$650 million", "total", "united-states", "ukraine", None)]),
    # health security is no defence
    ("Global health activities in the FY 2022 budget request build upon the $10.8 billion "
     "provided in the American Rescue Plan Act for the Department.", []),
])
def test_figures_that_are_no_aid_of_one_donor_to_one_recipient(text, expected):
    assert rows(text, source="U.S. Department of State") == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a country's armed forces stand for it
    ("President Biden's budget requests $3.3 billion for the ANDSF going forward.",
     [("$3.3 billion", "request", "united-states", "afghanistan", None)]),
    ("The United States announced an additional $47 million in Foreign Military Financing for "
     "the Lebanese Armed Forces.",
     [("$47 million", "new", "united-states", "lebanon", None)]),
])
def test_armed_forces_receive_for_their_country(text, expected):
    assert rows(text, source="U.S. Department of State") == expected


@pytest.mark.parametrize(("text", "source", "expected", "currency"), [
    # a government's newsroom gives the donor of what it announces without naming one, and a
    # bare "$" in its release is its own dollar
    ("The Minister of National Defence today announced $500 million in additional military aid "
     "for Ukraine.", "Canada Department of National Defence",
     [("$500 million", "new", "canada", "ukraine", None)], "CAD"),
    ("The Government will contribute NOK 1.5 billion in new military support to Ukraine.",
     "Norwegian Ministry of Defence",
     [("NOK 1.5 billion", "new", "norway", "ukraine", None)], "NOK"),
    # ... a wire's "$" is the US dollar
    ("Canada announced $500 million in additional military aid for Ukraine.", "Reuters",
     [("$500 million", "new", "canada", "ukraine", None)], "USD"),
    # the recipient as the indirect object of a giving verb, what is given between
    ("Lithuania will send Ukraine a new military aid package worth EUR 35 million, including "
     "anti-drone systems.", "Reuters",
     [("EUR 35 million", "new", "lithuania", "ukraine", None)], "EUR"),
])
def test_a_newsroom_speaks_for_its_government(text, source, expected, currency):
    assert rows(text, source=source) == expected
    assert {amount.currency for amount in Amount.objects.all()} == {currency}


@pytest.mark.parametrize(("text", "source", "expected"), [
    # parts of a package with an abbreviation between them
    ("The Pentagon announced $820 million in new military aid for Ukraine, made up of "
     "up to $50 million in weapons pulled from U.S. stocks and $770 million through the Ukraine "
     "Security Assistance Initiative.", "Reuters",
     [("$770 million", "component", "united-states", "ukraine", None),
      ("$820 million", "combined", "united-states", "ukraine", None),
      ("up to $50 million", "component", "united-states", "ukraine", None)]),
    # what a sum is brought to, or stands at
    ("The latest weapons package brings U.S. military aid committed to Ukraine since Russia's "
     "full-scale invasion to more than $62 billion, according to the Pentagon.", "Bloomberg",
     [("more than $62 billion", "total", "united-states", "ukraine", None)]),
    ("Including the new package, Sweden's military support to Ukraine since February 2022 "
     "amounts to approximately SEK 63 billion.", "Government of Sweden",
     [("approximately SEK 63 billion", "total", "sweden", "ukraine", None)]),
    ("The United States has spent $17.9 billion on military aid to Israel since October 2023.",
     "Reuters", [("$17.9 billion", "total", "united-states", "israel", None)]),
    # ... but a sum of today's announcements is the combined announcement
    ("Today, I am authorizing a drawdown for Ukraine valued at up to $2.85 billion, and the "
     "Department of State intends to provide an additional $225 million in Foreign Military "
     "Financing to Ukraine. Together, this brings the security assistance we are announcing for "
     "Ukraine today to more than $3 billion.", "U.S. Department of State",
     [("$225 million", "component", "united-states", "ukraine", None),
      ("more than $3 billion", "combined", "united-states", "ukraine", None),
      ("up to $2.85 billion", "component", "united-states", "ukraine", None)]),
    # a change of a ceiling, a sale: no aid
    ("The law also raises by $7.8 billion the value of weapons the president can send Ukraine "
     "from U.S. stocks under his drawdown authority.", "Politico", []),
    ("The U.S. approved the potential sale of drones worth about $360 million to Taiwan.",
     "Bloomberg", []),
    ("The administration has approved $690 million potential arms sales to Taiwan that include "
     "hundreds of missiles.", "Reuters", []),
    # one figure of every kind of aid beside its military part
    ("Since February 2022, Germany has committed over €30 billion in multifaceted assistance to "
     "Ukraine, including €10 billion in military assistance.", "Reuters",
     [("€10 billion", "total", "germany", "ukraine", None)]),
])
def test_forms_of_other_newsrooms(text, source, expected):
    assert rows(text, source=source) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the economic part of a request is no defence aid
    ("President Biden on Thursday asked Congress for $33 billion to support Ukraine, including "
     "$20.4 billion in security assistance and $8.5 billion in economic assistance.",
     [("$20.4 billion", "request", "united-states", "ukraine", None),
      ("$33 billion", "request", "united-states", "ukraine", None)]),
    # a bill passed by a legislature, and money it provides
    ("The Israel bill passed by the House on Saturday includes $4 billion in funding to replenish Israel's "
     "Iron Dome and David's Sling missile defense systems.",
     [("$4 billion", "appropriation", "united-states", "israel", None)]),
    ("The Indo-Pacific bill the House passed on Saturday provides $8.1 billion to counter China, "
     "including money to replenish weapons sent to Taiwan.",
     [("$8.1 billion", "appropriation", "united-states", "taiwan", None)]),
])
def test_what_legislatures_vote_in_other_words(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "source", "expected"), [
    ("The Council today adopted an assistance measure worth €1 billion under the European Peace "
     "Facility for Ukraine.", "Council of the EU",
     [("€1 billion", "new", "european-union", "ukraine", None)]),
    ("Canada will donate 200 armoured personnel carriers to Ukraine, valued at $90 million.",
     "Canada Department of National Defence",
     [("$90 million", "new", "canada", "ukraine", None)]),
    ("Finland will send Ukraine its 24th package of defence materiel, worth EUR 188 million.",
     "Finnish Ministry of Defence",
     [("EUR 188 million", "new", "finland", "ukraine", 24)]),
])
def test_packages_other_governments_announce(text, source, expected):
    assert rows(text, source=source) == expected


def test_a_ledger_row_keeps_what_found_its_donor_and_recipient():
    """A row whose donor and recipient its own sentence names is surer than one read from the
    sentences before it; both say why (confidence.LEDGER_CUES)."""
    named = tagged("Release", "The United States announced $800 million in security assistance "
                   "to Ukraine.", published=MARCH_24, source="Reuters").aid_entries.get()
    assert named.reasons == ["donor named beside the figure", "recipient named in its sentence"]
    assert named.confidence == pytest.approx(0.952 * 0.974, abs=1e-3)
    read_before = tagged(
        "Call", "President Biden spoke with President Zelenskyy of Ukraine today. He announced an "
        "additional $300 million in security assistance, including air defense interceptors.",
        published=MARCH_24, source="Reuters").aid_entries.get()
    assert "recipient named in the sentences before" in read_before.reasons
    assert read_before.confidence < named.confidence
