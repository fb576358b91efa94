"""Money as news writes it, and what is not money."""

from decimal import Decimal

import pytest

from articles.tagging.amounts import find_money, to_usd


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier", "span"),
    [
        ("announce $2.3 billion in aid", "2300000000", "USD", "exact", "$2.3 billion"),
        ("more than $50 billion worth", "50000000000", "USD", "more_than", "more than $50 billion"),
        ("a US$1.2bn deal", "1200000000", "USD", "exact", "US$1.2bn"),
        ("some $300m in loans", "300000000", "USD", "about", "some $300m"),
        ("€500 million for ammunition", "500000000", "EUR", "exact", "€500 million"),
        ("500 million euros for ammunition", "500000000", "EUR", "exact", "500 million euros"),
        ("£2.5bn of support", "2500000000", "GBP", "exact", "£2.5bn"),
        ("1.2 trillion rubles on defence", "1200000000000", "RUB", "exact", "1.2 trillion rubles"),
        ("60 billion Danish crowns for Ukraine", "60000000000", "DKK", "exact",
         "60 billion Danish crowns"),
        ("a $275 million package", "275000000", "USD", "exact", "$275 million"),
        ("up to $400 million in weapons", "400000000", "USD", "up_to", "up to $400 million"),
        ("up to an aggregate value of $800 million in defense articles", "800000000", "USD",
         "up_to", "up to an aggregate value of $800 million"),
        ("something like $20 million a year", "20000000", "USD", "about",
         "something like $20 million"),
        ("about $1 billion", "1000000000", "USD", "about", "about $1 billion"),
        ("nearly 2 billion dollars", "2000000000", "USD", "less_than", "nearly 2 billion dollars"),
        ("EUR 40 million from the fund", "40000000", "EUR", "exact", "EUR 40 million"),
        ("U.S. $100 million", "100000000", "USD", "exact", "U.S. $100 million"),
        ("a $5,000 grant", "5000", "USD", "exact", "$5,000"),
        ("We provided one billion dollars", "1000000000", "USD", "exact", "one billion dollars"),
        ("committed two and a half billion dollars since 2014", "2500000000", "USD", "exact",
         "two and a half billion dollars"),
        ("a billion euros", "1000000000", "EUR", "exact", "a billion euros"),
        # a fraction of a scale: not the scale itself
        ("Iron Dome replenishments, a quarter of a billion dollars, that you shepherded",
         "250000000", "USD", "exact", "a quarter of a billion dollars"),
        ("half a billion euros for shells", "500000000", "EUR", "exact", "half a billion euros"),
        ("spent 10-or-so billion dollars", "10000000000", "USD", "about",
         "10-or-so billion dollars"),
        # a figure read out as it is spoken
        ("committed more than 1 billion 200 million dollars in security assistance",
         "1200000000", "USD", "more_than", "more than 1 billion 200 million dollars"),
        ("one billion, 500 million euros", "1500000000", "EUR", "exact",
         "one billion, 500 million euros"),
        # a year or a count in front of an amount is not part of it
        ("in 2022 200 million dollars went", "200000000", "USD", "exact", "200 million dollars"),
    ],
)
def test_money_forms(text, value, currency, qualifier, span):
    [money] = find_money(text)
    assert (money.value, money.currency, money.qualifier, money.text) == (
        Decimal(value), currency, qualifier, span
    )
    assert text[money.start:money.end] == span


def test_range_keeps_both_bounds_with_the_shared_scale():
    [money] = find_money("between $1-2 billion a year")
    assert (money.value, money.value_max, money.qualifier) == (
        Decimal("1000000000"), Decimal("2000000000"), "range"
    )


def test_range_written_with_a_dangling_hyphen():
    [money] = find_money("roughly $1- to $1.5 billion per month")
    assert (money.value, money.value_max) == (Decimal("1000000000"), Decimal("1500000000"))


def test_a_figure_corrected_as_it_is_said_is_two_figures_not_a_range():
    text = "but another $800 billion — $800 million in aid for additional weaponry"
    assert [(m.text, m.value, m.value_max) for m in find_money(text)] == [
        ("$800 billion", Decimal("800000000000"), None), ("$800 million", Decimal("800000000"), None)]


def test_several_amounts_in_one_sentence():
    text = ("This $2.3 billion package brings total U.S. military assistance to more than "
            "$50 billion since 2022, and €500 million from Germany.")
    assert [m.text for m in find_money(text)] == [
        "$2.3 billion", "more than $50 billion", "€500 million"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "18 M777 howitzers and 1,400 Stinger missiles",
        "the July 9-11 summit of 32 members",
        "defence spending of 2% of GDP in 2024",
        "Nov. 5 presidential election",
        "a 155mm round",
        "the year 2022 and 300 million people",
        "one of the dollars he had",
    ],
)
def test_dates_percentages_and_counts_are_not_money(text):
    assert find_money(text) == []


def test_usd_conversion_uses_the_articles_year():
    euros = Decimal("500000000")
    assert to_usd(euros, "EUR", 2022) == Decimal("526500000.00")
    assert to_usd(euros, "EUR", 2014) == Decimal("664250000.00")
    assert to_usd(Decimal("7"), "USD", 2022) == Decimal("7")


def test_usd_conversion_without_a_year_uses_the_latest_and_unknown_currency_gives_none():
    assert to_usd(Decimal("1"), "EUR", None) == to_usd(Decimal("1"), "EUR", 2026)
    assert to_usd(Decimal("1"), "XYZ", 2022) is None


@pytest.mark.parametrize(("text", "currency", "expected"), [
    # a bare "$" is the newsroom's own dollar
    ("at a cost of approximately $406 million", "CAD", ["CAD"]),
    ("valued at $245 million and a further $100 million", "AUD", ["AUD", "AUD"]),
    # ... never one the figure marks, nor another currency
    ("US$500 million and C$90 million and €20 million", "CAD", ["USD", "CAD", "EUR"]),
    # ... and in a newsroom of no dollar country, as read
    ("$500 million", None, ["USD"]),
])
def test_a_bare_dollar_is_the_newsrooms_own(text, currency, expected):
    from articles.tagging.amounts import in_local_dollars

    assert [m.currency for m in in_local_dollars(find_money(text), currency)] == expected
