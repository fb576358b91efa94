"""Reports joined into packages, and running totals read and checked: plain data, no database
(articles/tagging/packages.py, articles/tagging/totals.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from articles.tagging.packages import Report, packages_from
from articles.tagging.totals import Counted, Scope, check, opening_of, scope_of, unstated

US, UKRAINE, ISRAEL = 1, 2, 3
BN, MN = Decimal(10) ** 9, Decimal(10) ** 6
_ids = iter(range(1, 10_000))


def report(value, day, article, **fields):
    return Report(id=fields.pop("id", next(_ids)), article_id=article,
                  donor=fields.pop("donor", US), recipient=fields.pop("recipient", UKRAINE),
                  value=Decimal(value), day=dt.date.fromisoformat(day), **fields)


def sums(packages) -> Decimal:
    return sum((p.counted for p in packages), Decimal(0))


def test_one_package_rounded_three_ways_in_three_articles_counts_once():
    # 6 January 2023: "up to $2.85 billion" (memorandum), "$2.8 billion" (briefing), and a
    # fact sheet the next day giving the exact figure again
    packages = packages_from([
        report(Decimal("2.85") * BN, "2023-01-06", 1, qualifier="up_to", programme="pda"),
        report(Decimal("2.8") * BN, "2023-01-06", 2, qualifier="about"),
        report(Decimal("2.85") * BN, "2023-01-07", 3, programme="pda"),
    ])
    assert len(packages) == 1
    assert packages[0].value == Decimal("2.85") * BN
    assert packages[0].programme == "pda"
    assert sums(packages) == Decimal("2.85") * BN


def test_a_combined_announcement_adds_its_parts_once():
    # "nearly $2.5 billion": a $1.25 billion drawdown and a $1.22 billion USAI package
    whole = report(Decimal("2.5") * BN, "2024-12-30", 1, qualifier="about")
    drawdown = report(Decimal("1.25") * BN, "2024-12-30", 1, programme="pda")
    usai = report(Decimal("1.22") * BN, "2024-12-30", 1, programme="usai")
    # a second article reports only the drawdown
    again = report(Decimal("1.25") * BN, "2024-12-31", 2, programme="pda")
    packages = packages_from([whole, drawdown, usai, again])
    [combined] = [p for p in packages if p.components]
    assert combined.value == Decimal("2.5") * BN
    assert sorted(c.value for c in combined.components) == [Decimal("1.22") * BN,
                                                            Decimal("1.25") * BN]
    assert sums(packages) == Decimal("2.47") * BN  # the parts, since "nearly" rounds them
    assert len(packages) == 3


def test_a_whole_said_with_including_counts_its_own_figure():
    # "over $3 billion ..., including $2.85 billion" (the rest of the $3 billion unnamed)
    whole = report(3 * BN, "2023-01-06", 1, qualifier="more_than", id=500)
    part = report(Decimal("2.85") * BN, "2023-01-06", 1, part_of=500, programme="pda")
    packages = packages_from([whole, part])
    assert sums(packages) == 3 * BN
    [package] = [p for p in packages if p.parent is not None]
    assert package.value == Decimal("2.85") * BN


def test_figures_that_sum_to_nothing_stay_separate_packages():
    packages = packages_from([
        report(800 * MN, "2022-04-13", 1), report(300 * MN, "2022-04-13", 1),
        report(150 * MN, "2022-04-13", 1, recipient=ISRAEL),
    ])
    assert len(packages) == 3 and not any(p.components for p in packages)
    assert sums(packages) == 1250 * MN


def test_same_value_weeks_apart_is_two_packages_unless_a_reference():
    first = report(800 * MN, "2022-03-16", 1)
    later = report(800 * MN, "2022-04-21", 2)  # another $800 million package, five weeks on
    reference = report(800 * MN, "2022-03-23", 3, role="reference")  # "last week's $800 million"
    packages = packages_from([first, later, reference])
    assert len(packages) == 2
    assert sums(packages) == 1600 * MN
    [joined] = [p for p in packages if reference in p.reports]
    assert first in joined.reports


@pytest.mark.parametrize("second_article", [2, 3])
def test_one_days_news_giving_one_figure_as_new_on_two_days_reports_one_package(second_article):
    # the memorandum of Friday 27 August 2021; on 1 September a briefing says "we sent a
    # notification up to Congress last Friday ... a new $60 million security assistance
    # package" and, later or in a fact sheet that day, "a new $60 million security assistance
    # package" (dated that day)
    sept_1 = dt.date(2021, 9, 1)
    packages = packages_from([
        report(60 * MN, "2021-08-27", 1, qualifier="up_to", programme="pda",
               published=dt.date(2021, 8, 27)),
        report(60 * MN, "2021-08-27", 2, published=sept_1),
        report(60 * MN, "2021-09-01", second_article, published=sept_1),
    ])
    assert len(packages) == 1 and sums(packages) == 60 * MN
    assert packages[0].day == dt.date(2021, 8, 27)


def test_articles_of_different_days_giving_one_figure_as_new_days_apart_are_two_packages():
    apart = packages_from([report(60 * MN, "2021-08-27", 3, published=dt.date(2021, 8, 27)),
                           report(60 * MN, "2021-09-01", 4, published=dt.date(2021, 9, 1))])
    assert len(apart) == 2


def test_a_reference_to_a_package_the_archive_lacks_is_still_one():
    packages = packages_from([report(60 * MN, "2021-09-01", 1, role="reference")])
    assert [p.value for p in packages] == [60 * MN]


def test_ordinals_join_different_roundings_and_keep_apart_equal_values():
    packages = packages_from([
        report(400 * MN, "2023-03-03", 1, ordinal=33),
        report(Decimal("0.4") * BN, "2023-03-05", 2, ordinal=33, qualifier="about"),
        report(400 * MN, "2023-03-08", 3, ordinal=34),
    ])
    assert sorted(p.ordinal for p in packages) == [33, 34]


def test_different_donors_programmes_or_totals_never_join():
    packages = packages_from([
        report(100 * MN, "2023-05-01", 1, programme="pda"),
        report(100 * MN, "2023-05-01", 2, programme="usai"),
        report(100 * MN, "2023-05-01", 3, donor=ISRAEL),
        report(100 * MN, "2023-05-01", 4, role="total"),
    ])
    assert len(packages) == 3


@pytest.mark.parametrize(("clause", "scope", "since", "programme"), [
    ("more than $7.32 billion since Russia launched its premeditated and unprovoked invasion",
     "since_invasion", "2022-02-24", ""),
    ("$2.5 billion since the beginning of Russia's brutal war", "since_invasion", "2022-02-24", ""),
    ("$13.5 billion since February 24", "since_invasion", "2022-02-24", ""),
    ("more than $15.2 billion in security assistance since the beginning of this Administration",
     "since_administration", "2021-01-20", ""),
    ("$2.7 billion since 2014", "since_year", "2014-01-01", ""),
    ("more than $50 billion worth of military aid since 2022", "since_year", "2022-01-01", ""),
    ("more than $1 billion this year alone", "year", "2022-01-01", ""),
    ("total U.S. drawdowns to $9 billion since the war began", "since_invasion", "2022-02-24",
     "pda"),
    ("well over $6 billion in assistance", "unscoped", None, ""),
])
def test_a_totals_scope_is_read_from_its_words(clause, scope, since, programme):
    found = scope_of(clause, dt.date(2022, 8, 1))
    assert (found.name, found.since, found.programme) == (
        scope, since and dt.date.fromisoformat(since), programme)


@pytest.mark.parametrize(("clause", "as_of", "since"), [
    # the US federal fiscal year begins on 1 October
    ("out of the $3.5 billion in drawdown authority Congress granted for this fiscal year, "
     "we've used", "2022-04-20", "2021-10-01"),
    ("this fiscal year", "2022-11-02", "2022-10-01"),
    ("$1 billion in fiscal year 2024", "2024-06-01", "2023-10-01"),
    ("$300 million of FY23 funds", "2023-05-01", "2022-10-01"),
    # "this past year" is the year before
    ("as we have done throughout this past year — ", "2022-10-18", "2021-10-18"),
])
def test_a_fiscal_or_past_year_counts_from_its_first_day(clause, as_of, since):
    found = scope_of(clause, dt.date.fromisoformat(as_of), nearest_end=True)
    assert (found.name, found.since) == ("year", dt.date.fromisoformat(since))


def test_a_total_with_no_scope_is_the_us_administrations_record_and_no_other_donors():
    none = scope_of("in security assistance to Ukraine", dt.date(2022, 3, 8))
    assert unstated(none, "united-states", dt.date(2022, 3, 8)) == Scope(
        "unscoped", dt.date(2021, 1, 20), "")
    assert unstated(none, "united-states", dt.date(2025, 3, 8)).since == dt.date(2025, 1, 20)
    assert unstated(none, "european-union", dt.date(2022, 3, 8)) == none
    said = scope_of("since Russia's invasion", dt.date(2022, 3, 8))
    assert unstated(said, "united-states", dt.date(2022, 3, 8)) == said


def test_administration_scope_follows_the_inauguration_before_the_total():
    assert scope_of("since taking office", dt.date(2025, 6, 1)).since == dt.date(2025, 1, 20)


@pytest.mark.parametrize(("clause", "as_of", "since"), [
    ("approximately $6.3 billion since the beginning of the Biden-Harris administration",
     "2022-06-15", "2021-01-20"),
    ("$1.5 billion since the start of the Trump administration", "2019-06-01", "2017-01-20"),
    ("$2 billion since the beginning of the Obama administration", "2016-06-01", "2009-01-20"),
    # the administration the total is said under
    ("under this President's leadership, we've provided ... about $13.5 billion", "2022-08-31",
     "2021-01-20"),
    ("$1 billion under President Trump's leadership", "2019-06-01", "2017-01-20"),
    ("$900 million during the Obama administration", "2016-06-01", "2009-01-20"),
    ("$2 billion during this Administration", "2025-06-01", "2025-01-20"),
])
def test_an_administration_named_counts_from_its_presidents_inauguration(clause, as_of, since):
    found = scope_of(clause, dt.date.fromisoformat(as_of))
    assert (found.name, found.since) == ("since_administration", dt.date.fromisoformat(since))


def test_check_sums_the_packages_in_scope_up_to_the_day():
    packages = [
        Counted(1, dt.date(2021, 9, 1), 60 * MN, 60 * MN, "pda"),
        Counted(2, dt.date(2022, 2, 26), 350 * MN, 350 * MN, "pda"),
        Counted(3, dt.date(2022, 3, 16), 800 * MN, 800 * MN, ""),
        Counted(4, dt.date(2022, 3, 16), 0, 500 * MN, "pda", component=True),
        Counted(5, dt.date(2022, 5, 1), 100 * MN, 100 * MN, ""),
    ]
    invasion = scope_of("since Russia's invasion", dt.date(2022, 3, 20))
    result = check(1150 * MN, dt.date(2022, 3, 20), invasion, packages)
    assert result.ledger == 1150 * MN and result.packages == (2, 3)
    assert result.agrees("exact") and result.gap == 0
    drawdowns = scope_of("drawdowns since Russia's invasion", dt.date(2022, 3, 20))
    assert check(850 * MN, dt.date(2022, 3, 20), drawdowns, packages).ledger == 850 * MN
    everything = check(2 * BN, dt.date(2022, 6, 1), scope_of("", dt.date(2022, 6, 1)), packages)
    assert everything.ledger == 1310 * MN
    assert not everything.agrees("exact") and round(everything.gap, 3) == Decimal("-0.345")


@pytest.mark.parametrize(("stated", "ledger", "qualifier", "agrees"), [
    # a plain figure: within 5 %
    ("50", "52", "exact", True), ("50", "53", "exact", False), ("50", "47.4", "exact", False),
    # a floor: from the figure up to its next step ("more than $50 billion": $50-60 billion)
    ("50", "48", "more_than", True), ("50", "47", "more_than", False),
    ("50", "62", "more_than", True), ("50", "64", "more_than", False),
    ("2", "2.41", "more_than", True), ("0.4", "0.46", "more_than", True),
    # ... at most a quarter above: "more than $1 billion" is not $1.5 billion
    ("1", "1.3", "more_than", True), ("1", "1.4", "more_than", False),
    # ... to its own digits: "more than $6.92 billion" is not $7.5 billion
    ("6.92", "7.2", "more_than", True), ("6.92", "7.5", "more_than", False),
    # about: half a step either side ("approximately $6.3 billion": $6.25-6.35 billion)
    ("6.3", "5.96", "about", True), ("6.3", "5.9", "about", False),
    ("6.3", "6.0", "exact", True), ("6.3", "5.96", "exact", False),
    # a ceiling: down half a step ("nearly $7 billion": $6.5-7 billion)
    ("7", "6.41", "less_than", True), ("7", "6.1", "less_than", False),
    ("7", "7.3", "less_than", True), ("7", "7.4", "less_than", False),
    ("50", "44", "up_to", True), ("50", "42", "up_to", False),
])
def test_a_total_agrees_within_5_percent_of_what_its_wording_allows(stated, ledger, qualifier,
                                                                     agrees):
    assert ledger_of(stated, ledger).agrees(qualifier) is agrees


def ledger_of(stated, ledger):
    return check(Decimal(stated) * BN, dt.date(2024, 7, 2), scope_of("", dt.date(2024, 7, 2)),
                 [Counted(1, dt.date(2024, 1, 1), Decimal(ledger) * BN, Decimal(ledger) * BN, "")])


@pytest.mark.parametrize(("stated", "ledger", "qualifier", "agrees"), [
    # "two and a half billion dollars": about, within a tenth, then 5 %
    ("2.5", "2.7", "", True), ("2.5", "2.9", "", False), ("2.5", "2.15", "", True),
    ("1", "0.76", "", False), ("0.3", "0.33", "about", True),
    # a floor said in words is still a floor
    ("1.2", "1.1", "more_than", False),
])
def test_a_figure_said_in_words_is_round(stated, ledger, qualifier, agrees):
    result = ledger_of(stated, ledger)
    assert result.agrees(qualifier, spoken=True) is agrees
    if agrees and qualifier == "":
        # the same figure in digits is said to its last digit
        assert not result.agrees(qualifier)


def test_parts_reported_in_one_article_and_their_sum_in_another_count_once():
    packages = packages_from([
        report(Decimal("1.25") * BN, "2024-12-30", 1, programme="pda"),
        report(Decimal("1.22") * BN, "2024-12-30", 1, programme="usai"),
        report(Decimal("2.5") * BN, "2024-12-30", 2, qualifier="about"),
    ])
    assert sums(packages) == Decimal("2.47") * BN


def test_a_later_reference_to_a_surge_is_the_sum_of_its_parts():
    # 26 September: $5.5 billion drawdown authority and a $2.4 billion USAI package; three
    # weeks later "the surge of $8 billion"
    packages = packages_from([
        report(Decimal("5.55") * BN, "2024-09-26", 1, programme="pda"),
        report(Decimal("2.4") * BN, "2024-09-26", 2, programme="usai"),
        report(8 * BN, "2024-10-16", 3, role="reference"),
    ])
    assert sums(packages) == Decimal("7.95") * BN
    assert len([p for p in packages if p.parent is None]) == 1


def test_a_plain_report_of_a_combined_figure_joins_the_combined_announcement():
    whole = report(1 * BN, "2022-06-15", 1, id=900)
    packages = packages_from([
        whole, report(350 * MN, "2022-06-15", 1, part_of=900),
        report(650 * MN, "2022-06-15", 1, part_of=900),
        report(1 * BN, "2022-06-16", 2),  # another article: "a billion dollars"
    ])
    assert sums(packages) == 1 * BN
    assert len(packages) == 3


@pytest.mark.parametrize(("clause", "scope", "since", "until"), [
    ("$650 million in security assistance last year", "year", "2021-01-01", "2021-12-31"),
    ("well more than $600 million in 2021", "year", "2021-01-01", "2021-12-31"),
    ("$1 billion in new security assistance in the past few weeks", "recent", "2022-03-03", None),
    ("$1 billion in just the past week", "recent", "2022-03-17", None),
    # "over the course of" a period is that period
    ("the security assistance over the course of the last several weeks and even months "
     "before that — $1.6 billion worth", "recent", "2022-02-24", None),
    ("$300 million during the course of the past two weeks", "recent", "2022-03-10", None),
    ("more than $3 billion since Russia invaded Ukraine", "since_invasion", "2022-02-24", None),
    # the first scope said is the figure's own
    ("$1 billion in just the past week, and a total of $2 billion since the start of the Biden "
     "Administration", "recent", "2022-03-17", None),
])
def test_a_period_scope_counts_its_own_days(clause, scope, since, until):
    found = scope_of(clause, dt.date(2022, 3, 24))
    assert (found.name, found.since, found.until) == (
        scope, dt.date.fromisoformat(since), until and dt.date.fromisoformat(until))


def test_a_past_year_total_counts_only_that_year():
    packages = [Counted(1, dt.date(2021, 8, 27), 60 * MN, 60 * MN, "pda"),
                Counted(2, dt.date(2022, 2, 25), 350 * MN, 350 * MN, "pda")]
    scope = scope_of("$60 million last year", dt.date(2022, 3, 1))
    assert check(60 * MN, dt.date(2022, 3, 1), scope, packages).ledger == 60 * MN


def test_a_lone_report_weeks_later_of_the_sum_of_one_days_parts_is_that_announcement():
    packages = packages_from([
        report(Decimal("5.55") * BN, "2024-09-26", 1, programme="pda"),
        report(Decimal("2.4") * BN, "2024-09-26", 2, programme="usai"),
        report(8 * BN, "2024-10-16", 3),  # "President Biden announced a surge of $8 billion"
        report(425 * MN, "2024-10-16", 3, programme="pda"),  # "Today, ... $425 million"
    ])
    assert sums(packages) == Decimal("7.95") * BN + 425 * MN
    # and the surge is dated the day its parts were announced, not the day it was retold
    [surge] = [p for p in packages if p.components]
    assert surge.day == dt.date(2024, 9, 26)


def test_a_lone_figure_equal_to_one_earlier_package_stays_its_own():
    packages = packages_from([report(400 * MN, "2023-03-03", 1),
                              report(400 * MN, "2023-03-20", 2)])
    assert sums(packages) == 800 * MN


def test_a_combined_figure_takes_the_same_days_package_that_completes_it():
    whole = report(3 * BN, "2023-01-06", 1, qualifier="more_than", id=700)
    packages = packages_from([
        whole, report(Decimal("2.85") * BN, "2023-01-06", 1, part_of=700, programme="pda"),
        report(225 * MN, "2023-01-05", 2, programme="fmf"),
    ])
    assert sums(packages) == Decimal("3.075") * BN


def test_a_drawdown_the_texts_call_an_authority_counts_only_in_what_is_drawn_on_it():
    # 26 September 2024: the memorandum directs "a drawdown of up to $5.55 billion", the
    # statement "authorized $5.5 billion in Presidential Drawdown Authority" so that it does
    # not expire; the packages drawn on it later count, the authority itself does not
    packages = packages_from([
        report(Decimal("5.55") * BN, "2024-09-26", 1, programme="pda", qualifier="up_to"),
        report(Decimal("5.5") * BN, "2024-09-26", 2, programme="pda", role="appropriation"),
        report(Decimal("2.4") * BN, "2024-09-26", 2, programme="usai"),
        report(425 * MN, "2024-10-16", 3, programme="pda"),
        report(275 * MN, "2024-11-20", 4, programme="pda"),
    ])
    assert sums(packages) == Decimal("2.4") * BN + 700 * MN
    [authority] = [p for p in packages if p.authority]
    assert authority.value == Decimal("5.55") * BN


def test_a_surge_made_of_an_authority_and_a_package_counts_the_package():
    packages = packages_from([
        report(Decimal("5.55") * BN, "2024-09-26", 1, programme="pda", qualifier="up_to"),
        report(Decimal("5.5") * BN, "2024-09-26", 2, programme="pda", role="appropriation"),
        report(Decimal("2.4") * BN, "2024-09-26", 2, programme="usai"),
        report(8 * BN, "2024-10-16", 3),  # "President Biden announced a surge of $8 billion"
    ])
    assert sums(packages) == Decimal("2.4") * BN
    assert len([p for p in packages if p.parent is None]) == 1


def test_authority_congress_granted_leaves_the_packages_of_other_figures_alone():
    # "out of the $3.5 billion in drawdown authority Congress granted, we've used $2.4 billion"
    packages = packages_from([
        report(800 * MN, "2022-04-13", 1, programme="pda", qualifier="up_to"),
        report(Decimal("3.5") * BN, "2022-04-20", 2, programme="pda", role="appropriation"),
    ])
    assert sums(packages) == 800 * MN
    assert not any(p.authority for p in packages)


def test_a_package_said_to_come_from_the_supplemental_joins_its_drawdown():
    # "$200 million I just approved today" beside talk of the supplemental, and "another $200
    # million drawdown" the same day: the supplemental is where the money comes from, not a
    # programme of its own
    packages = packages_from([
        report(200 * MN, "2023-12-12", 1, programme="supplemental"),
        report(200 * MN, "2023-12-12", 2, programme="pda"),
    ])
    assert sums(packages) == 200 * MN
    assert [p.programme for p in packages] == ["pda"]
    # but a USAI and a drawdown package of one figure the same day are two
    assert sums(packages_from([report(200 * MN, "2023-12-12", 1, programme="usai"),
                               report(200 * MN, "2023-12-12", 2, programme="pda")])) == 400 * MN


def test_a_package_takes_the_programme_its_announcement_names_not_a_later_mention():
    # "approximately $2.98 billion ... through the Ukraine Security Assistance Initiative",
    # and a week later "about $3 billion" in a sentence that names drawdowns
    packages = packages_from([
        report(Decimal("2.98") * BN, "2022-08-24", 1, programme="usai", qualifier="about"),
        report(3 * BN, "2022-08-25", 2),
        report(3 * BN, "2022-08-22", 3, role="reference", programme="pda", qualifier="about"),
    ])
    assert [(p.programme, p.counted) for p in packages] == [("usai", Decimal("2.98") * BN)]


def test_one_days_package_said_loosely_at_a_briefing_counts_once():
    packages = packages_from([
        report(625 * MN, "2022-10-04", 1, programme="pda"),
        report(600 * MN, "2022-10-04", 2),  # "the $600 million that we announced today"
    ])
    assert [(p.value, p.counted) for p in packages] == [(625 * MN, 625 * MN)]
    # a week apart, such figures are two packages
    assert sums(packages_from([report(625 * MN, "2022-10-04", 1),
                               report(600 * MN, "2022-10-11", 2)])) == 1225 * MN


def test_a_memorandums_drawdown_is_part_of_that_days_larger_announcement():
    packages = packages_from([
        report(1 * BN, "2022-12-21", 1, programme="pda", qualifier="up_to"),
        report(Decimal("1.85") * BN, "2022-12-21", 2),
        report(2 * BN, "2022-12-21", 3, qualifier="about"),
    ])
    assert sums(packages) == Decimal("1.85") * BN
    [whole] = [p for p in packages if p.parent is None]
    assert [c.programme for c in whole.components] == ["pda"]
    # but a drawdown beside a USAI package of the same day is a second package
    assert sums(packages_from([report(1 * BN, "2022-12-21", 1, programme="pda", qualifier="up_to"),
                               report(Decimal("1.85") * BN, "2022-12-21", 2, programme="usai")])
                ) == Decimal("2.85") * BN


def test_a_package_known_only_to_its_month_may_fall_either_side_of_a_total_that_month():
    """"In December ... I authorized a further drawdown worth $200 million", said in February:
    the ledger knows the month, not the day. A total stated on 9 December may count it or
    not; one stated in January counts it."""
    december = Counted(1, dt.date(2021, 12, 1), 200 * MN, 200 * MN, "pda",
                       last_day=dt.date(2021, 12, 31))
    year = scope_of("this year", dt.date(2021, 12, 9))
    within = check(400 * MN, dt.date(2021, 12, 9), year, [december])
    assert (within.low, within.high) == (0, 200 * MN)
    assert within.packages == (1,)
    after = check(200 * MN, dt.date(2022, 1, 21), scope_of("since 2021", dt.date(2022, 1, 21)),
                  [december])
    assert (after.low, after.high) == (200 * MN, 200 * MN) and after.agrees("exact")
    # a scope that begins inside the month: the package may be before it
    weeks = check(200 * MN, dt.date(2022, 1, 3), scope_of("in the past three weeks",
                                                          dt.date(2022, 1, 3)), [december])
    assert (weeks.low, weeks.high) == (0, 200 * MN)
    # a day inside the month a package is known to, and a total it cannot reach either way
    lone = check(1 * BN, dt.date(2021, 12, 9), year, [december])
    assert not lone.agrees("exact")


def test_a_total_agrees_when_the_ledger_may_lie_within_its_wording():
    """The ledger's range (a package of uncertain day, an opening balance said "more than")
    agrees with a total when the two ranges meet, 5 % allowed."""
    december = Counted(1, dt.date(2021, 12, 1), 200 * MN, 200 * MN, "",
                       last_day=dt.date(2021, 12, 31))
    year = scope_of("this year", dt.date(2021, 12, 9))
    # opened by "more than $400 million" ($400-500 million) on 31 August
    opening = opening_of(400 * MN, "more_than")
    assert (opening.low, opening.high) == (400 * MN, 500 * MN)
    assert check(400 * MN, dt.date(2021, 12, 9), year, [december], opening=opening).agrees("exact")
    assert check(450 * MN, dt.date(2021, 12, 9), year, [december], opening=opening).agrees("exact")
    assert check(700 * MN, dt.date(2021, 12, 9), year, [december], opening=opening).agrees("exact")
    assert not check(800 * MN, dt.date(2021, 12, 9), year, [december],
                     opening=opening).agrees("exact")
    assert not check(360 * MN, dt.date(2021, 12, 9), year, [december],
                     opening=opening).agrees("exact")
    # the figure the page shows: the opening's own figure and the packages by their first day
    assert check(450 * MN, dt.date(2021, 12, 9), year, [december], opening=opening).ledger \
        == 600 * MN


def test_a_recent_period_said_in_round_words_may_start_half_its_length_earlier():
    """"$550 million in just the last two weeks" (15 March 2022) counts the $350 million of 25
    February, 18 days before: a speaker rounds a period to the words at hand. A package half
    the period again before its start may count; one further back does not."""
    packages = [Counted(1, dt.date(2022, 2, 10), 100 * MN, 100 * MN, "pda"),
                Counted(2, dt.date(2022, 2, 25), 350 * MN, 350 * MN, "pda"),
                Counted(3, dt.date(2022, 3, 12), 200 * MN, 200 * MN, "pda")]
    as_of = dt.date(2022, 3, 15)
    weeks = scope_of("in just the last two weeks", as_of)
    result = check(550 * MN, as_of, weeks, packages)
    assert (result.low, result.high, result.ledger) == (200 * MN, 550 * MN, 200 * MN)
    assert result.agrees("exact") and result.packages == (3,)
    assert not check(650 * MN, as_of, weeks, packages).agrees("exact")
    # a period with a fixed start is not rounded: "this year", "since the invasion"
    year = check(200 * MN, dt.date(2022, 3, 15), scope_of("this year", as_of),
                 [Counted(4, dt.date(2021, 12, 20), 300 * MN, 300 * MN, "")])
    assert (year.low, year.high) == (0, 0)


def test_a_drawdowns_total_counts_the_drawdowns_not_the_authority_they_are_drawn_on():
    """"Up to $5.55 billion" of drawdown authority (September 2024) is a ceiling that later
    drawdowns are drawn on: a total of drawdowns counts those, never the ceiling too."""
    packages = [Counted(1, dt.date(2024, 9, 26), 0, Decimal("5.55") * BN, "pda",
                        component=True, authority=True),
                Counted(2, dt.date(2024, 10, 16), 425 * MN, 425 * MN, "pda"),
                Counted(3, dt.date(2024, 11, 20), 275 * MN, 275 * MN, "pda")]
    drawdowns = scope_of("total U.S. drawdowns this year", dt.date(2024, 12, 1))
    result = check(700 * MN, dt.date(2024, 12, 1), drawdowns, packages)
    assert result.ledger == 700 * MN and result.packages == (2, 3)
