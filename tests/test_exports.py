"""Exports stay inert: CSV cells a spreadsheet would run as formulas, markup in Atom feeds."""

import csv
import datetime as dt
import io
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User

from articles.exports import csv_cell
from articles.models import Actor, AidEntry, ArticleActor, AuditEntry, TagStatus
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

# What OWASP's "CSV Injection" page lists as the characters a spreadsheet reads a formula from.
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def hostile():
    """An article whose title, source, actor and ledger sentence all start like formulas."""
    article = make_article(FORMULAS[0], body="Ukraine gets aid. " + FORMULAS[2],
                           source=FORMULAS[1])
    person = Actor.objects.create(name=FORMULAS[3], slug="at-sum", kind=Actor.Kind.PERSON)
    ukraine = Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    ArticleActor.objects.create(article=article, actor=person, mention_count=1,
                                status=TagStatus.CONFIRMED)
    AidEntry.objects.create(article=article, donor=person, recipient=ukraine,
                            value_usd=Decimal("-5.00"), amount_text=FORMULAS[4],
                            date=dt.date(2024, 7, 2), sentence=FORMULAS[5],
                            status=TagStatus.CONFIRMED)
    return article


@pytest.mark.parametrize("value, expected", [
    *[(formula, "'" + formula) for formula in FORMULAS],
    ("Ukraine gets aid", "Ukraine gets aid"), ("", ""), (None, ""),
    ("a=b", "a=b"),  # only the first character makes a formula
    (Decimal("-5.00"), Decimal("-5.00")),  # a number the archive computed stays a number
    (-3, -3), (7, 7),
])
def test_csv_cell_neutralises_text_that_starts_like_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_article_list_csv_neutralises_titles_sources_and_actor_names(client, hostile):
    (row,) = csv_rows(client.get("/articles/", {"format": "csv"}))

    assert row["title"] == "'" + FORMULAS[0]
    assert row["source"] == "'" + FORMULAS[1]
    assert row["people"] == "'" + FORMULAS[3]
    assert row["id"] == str(hostile.pk)


def test_actor_csv_neutralises_titles_and_actor_names(client, hostile):
    (row,) = csv_rows(client.get("/actors/at-sum/", {"format": "csv"}))

    assert row["title"] == "'" + FORMULAS[0]
    assert row["people"] == "'" + FORMULAS[3]


def test_ledger_csv_neutralises_text_and_keeps_numbers(client, hostile):
    (row,) = csv_rows(client.get("/aid/", {"format": "csv"}))

    assert row["donor"] == "'" + FORMULAS[3]
    assert row["amount_text"] == "'" + FORMULAS[4]
    assert row["sentence"] == "'" + FORMULAS[5]
    assert row["article_title"] == "'" + FORMULAS[0]
    assert row["value_usd"] == "-5.00"  # computed by the archive: still a number


def test_audit_trail_csv_neutralises_summaries_and_usernames(client, hostile):
    admin = User.objects.create_superuser("=admin", password="a-long-admin-passphrase")
    AuditEntry.objects.create(user=admin, username=admin.username, action="reject",
                              target="actor_tag", summary=FORMULAS[2], article=hostile)
    client.force_login(admin)

    (row,) = csv_rows(client.get("/admin/articles/auditentry/export/"))

    assert row["user"] == "'=admin"
    assert row["summary"] == "'" + FORMULAS[2]


ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.mark.parametrize("path", ["/articles/", "/actors/ukraine/"])
def test_atom_summaries_are_plain_text(client, path):
    ukraine = Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    article = make_article("Aid for Ukraine", body="Ukraine gets <b>Patriot</b> batteries.",
                           lede="Ukraine gets <b>Patriot</b> batteries <img src=x onerror=alert(1)")
    ArticleActor.objects.create(article=article, actor=ukraine, mention_count=1)

    response = client.get(path, {"format": "atom"})

    feed = ElementTree.fromstring(response.content)
    (summary,) = feed.findall("atom:entry/atom:summary", ATOM)
    # type="html" would have a feed reader parse the text as markup and run the onerror.
    assert summary.get("type") == "text"
    assert summary.text == "Ukraine gets Patriot batteries <img src=x onerror=alert(1)"
    assert b"<img" not in response.content and b"<b>" not in response.content


def test_atom_feeds_drop_control_characters_xml_cannot_carry(client):
    # XML 1.0 has no form for most control characters: Django refused to write them, a 500.
    ukraine = Actor.objects.create(name="Ukraine\x0b", slug="ukraine", kind=Actor.Kind.COUNTRY)
    article = make_article("Bell\x07 in the title", body="A vertical\x0btab.",
                           lede="A vertical\x0btab.", source="Wire\x01")
    ArticleActor.objects.create(article=article, actor=ukraine, mention_count=1)

    for response in (client.get("/articles/", {"format": "atom", "q": "vertical\x0b"}),
                     client.get("/actors/ukraine/", {"format": "atom"})):
        assert response.status_code == 200
        feed = ElementTree.fromstring(response.content)
        assert feed.find("atom:entry/atom:title", ATOM).text == "Bell in the title"
        assert feed.find("atom:entry/atom:summary", ATOM).text == "A verticaltab."
