"""Tags in the database: the gazetteer load, tagging on import, statuses that survive
`retag`, and the tags on the article and actor pages."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Actor, ActorAlias, Amount, Article, ArticleActor, TagOrigin, TagStatus
from articles.tagging.gazetteer import GazetteerError, gazetteer_load

pytestmark = pytest.mark.django_db

SMALL_GAZETTEER = {
    "countries.json": [
        {"iso": "US", "name": "United States", "aliases": ["U.S.", "US", "American"]},
        {"iso": "UA", "name": "Ukraine", "aliases": ["Ukrainian", "Kyiv"]},
        {"iso": "RU", "name": "Russia", "aliases": ["Russian"]},
    ],
    "people.json": [
        {"name": "Lloyd Austin", "aliases": ["Lloyd J. Austin III"], "country": "US"},
        {"name": "Rustem Umerov", "aliases": ["Umerov"], "country": "UA"},
    ],
    "organizations.json": [
        {"name": "NATO", "aliases": [], "category": "alliance"},
        {"name": "Pentagon", "aliases": ["Department of Defense"], "category": "government body"},
    ],
    "equipment.json": [
        {"name": "NASAMS", "aliases": [], "category": "air defence"},
        {"name": "Patriot", "aliases": [], "case_sensitive": ["Patriot"], "category": "air defence"},
    ],
}

TEXT = (
    "KYIV (Reuters) - Defense Secretary Lloyd Austin met Ukrainian Defence Minister "
    "Rustem Umerov at the Pentagon. Austin said the United States will send more than "
    "$2.3 billion, including NASAMS and Patriot interceptors. Lithuanian Defence Minister "
    "Laurynas Kasciunas welcomed it.\n\n(Reporting by Phil Stewart; editing by Mark Heinrich)"
)


def write_gazetteer(directory: Path, data=SMALL_GAZETTEER) -> Path:
    directory.mkdir(exist_ok=True)
    for name, entries in data.items():
        (directory / name).write_text(json.dumps(entries), encoding="utf-8")
    return directory


@pytest.fixture
def gazetteer(tmp_path):
    gazetteer_load(directory=write_gazetteer(tmp_path / "gazetteer"))


def import_text(tmp_path, text=TEXT, name="story.txt") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return Article.objects.get(original_location=str(path))


def tag_names(article, **filters):
    return sorted(article.actor_tags.filter(**filters).values_list("actor__name", flat=True))


# --- gazetteer ----------------------------------------------------------------------------------

def test_gazetteer_load_is_idempotent(tmp_path):
    directory = write_gazetteer(tmp_path / "g")
    first = gazetteer_load(directory=directory)
    second = gazetteer_load(directory=directory)
    assert (first.created, first.aliases_added) == (9, 9)
    assert (second.created, second.updated, second.aliases_added, second.unchanged) == (0, 0, 0, 9)
    assert Actor.objects.get(slug="united-states").iso_code == "US"
    assert ActorAlias.objects.get(alias="U.S.").actor.slug == "united-states"


def test_reload_never_overwrites_curator_edits(tmp_path):
    directory = write_gazetteer(tmp_path / "g")
    gazetteer_load(directory=directory)
    austin = Actor.objects.get(slug="lloyd-austin")
    austin.description = "Curator's note"
    austin.edited_by_curator = True
    austin.save()
    ActorAlias.objects.create(actor=Actor.objects.get(slug="nato"), alias="the Alliance",
                              origin=ActorAlias.Origin.CURATOR)
    changed = json.loads(json.dumps(SMALL_GAZETTEER))
    changed["people.json"][0]["description"] = "From the file"
    changed["organizations.json"][0]["description"] = "Military alliance"
    result = gazetteer_load(directory=write_gazetteer(directory, changed))
    austin.refresh_from_db()
    assert austin.description == "Curator's note"
    assert result.kept_for_curators == 1
    assert Actor.objects.get(slug="nato").description == "Military alliance"
    assert ActorAlias.objects.filter(alias="the Alliance").exists()


def test_gazetteer_errors_name_the_file_and_entry(tmp_path):
    data = json.loads(json.dumps(SMALL_GAZETTEER))
    data["countries.json"].append({"iso": "XX", "name": "Nowhere"})
    directory = write_gazetteer(tmp_path / "g", data)
    with pytest.raises(GazetteerError, match=r"countries.json:\[3\]: 'XX' is not an ISO 3166-1"):
        gazetteer_load(directory=directory)
    data["countries.json"][-1] = {"iso": "FR", "name": "Ukraine"}
    with pytest.raises(GazetteerError, match=r"slug 'ukraine' is also .*countries.json:\[1\]"):
        gazetteer_load(directory=write_gazetteer(directory, data))
    data["countries.json"].pop()
    data["people.json"][0]["in_office"] = [["2021-01-20", "soon"]]
    with pytest.raises(GazetteerError, match=r"people.json:\[0\]: in_office must be a list of "
                                             r"\[from, to\] ISO dates"):
        gazetteer_load(directory=write_gazetteer(directory, data))
    assert not Actor.objects.exists()


# --- tagging on import -------------------------------------------------------------------------

def test_import_tags_actors_amounts_and_proposes_new_people(tmp_path, gazetteer):
    article = import_text(tmp_path)
    assert tag_names(article, actor__kind="person", actor__status=TagStatus.CONFIRMED) == [
        "Lloyd Austin", "Rustem Umerov"
    ]
    assert tag_names(article, actor__kind="country") == ["Ukraine", "United States"]
    assert tag_names(article, actor__kind="organization") == ["Pentagon"]
    assert tag_names(article, actor__kind="equipment") == ["NASAMS", "Patriot"]
    austin = article.actor_tags.get(actor__slug="lloyd-austin")
    assert austin.mention_count == 2
    assert [article.body[s:e] for s, e in austin.offsets] == ["Lloyd Austin", "Austin"]
    assert austin.origin == TagOrigin.TAGGER
    # named in full, then by surname: certain enough for the import's confirmation policy
    assert austin.status == TagStatus.CONFIRMED and austin.policy_run is not None
    assert "the surname, after the full name (“Austin”)" in austin.reasons
    [amount] = article.amounts.all()
    assert (amount.value, amount.currency, amount.qualifier) == (2300000000, "USD", "more_than")
    assert amount.value_usd == amount.value
    assert amount.sentence.startswith("Austin said the United States")
    proposed = Actor.objects.get(slug="laurynas-kasciunas")
    assert proposed.status == TagStatus.SUGGESTED and proposed.kind == "person"
    evidence = article.actor_tags.get(actor=proposed).evidence
    assert evidence == "Lithuanian Defence Minister Laurynas Kasciunas welcomed it."


def test_byline_names_are_never_actors(tmp_path, gazetteer):
    article = import_text(tmp_path)
    assert article.authors == ["Phil Stewart"]
    assert not Actor.objects.filter(name__in=["Phil Stewart", "Mark Heinrich"]).exists()


def test_amounts_in_other_currencies_get_usd_at_the_articles_year(tmp_path, gazetteer):
    path = tmp_path / "eur.json"
    path.write_text(json.dumps({"title": "Germany", "date": "2022-05-01",
                                "body": "Germany pledged €500 million to Ukraine."}))
    call_command("import_articles", str(path), stdout=io.StringIO())
    amount = Amount.objects.get()
    assert (amount.currency, str(amount.value_usd)) == ("EUR", "526500000.00")


# --- statuses that stick -------------------------------------------------------------------------

def test_retag_keeps_rejections_and_confirmations_and_curator_tags(tmp_path, gazetteer):
    article = import_text(tmp_path)
    patriot = article.actor_tags.get(actor__slug="patriot")
    patriot.status = TagStatus.REJECTED
    patriot.save()
    ukraine = article.actor_tags.get(actor__slug="ukraine")
    ukraine.status = TagStatus.CONFIRMED
    ukraine.save()
    nato = Actor.objects.get(slug="nato")
    ArticleActor.objects.create(article=article, actor=nato, status=TagStatus.CONFIRMED,
                                origin=TagOrigin.CURATOR)
    amount = article.amounts.get()
    amount.status = TagStatus.REJECTED
    amount.save()

    call_command("retag", stdout=io.StringIO())

    assert article.actor_tags.get(actor__slug="patriot").status == TagStatus.REJECTED
    assert article.actor_tags.get(actor__slug="ukraine").status == TagStatus.CONFIRMED
    assert article.actor_tags.get(actor=nato).origin == TagOrigin.CURATOR
    assert article.amounts.get().status == TagStatus.REJECTED
    assert article.actor_tags.count() == 9


def test_changed_text_drops_stale_suggestions_but_keeps_decisions(tmp_path, gazetteer):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "A", "url": "https://e.org/a",
                                "body": "Russia and Ukraine. The Pentagon sent $5 million."}))
    call_command("import_articles", str(path), stdout=io.StringIO())
    article = Article.objects.get()
    assert set(article.actor_tags.values_list("policy_run", flat=True)) != {None}
    russia = article.actor_tags.get(actor__slug="russia")
    russia.status, russia.policy_run = TagStatus.CONFIRMED, None  # a curator's decision
    russia.save()
    path.write_text(json.dumps({"title": "A", "url": "https://e.org/a",
                                "body": "Only Ukraine now, and $7 million."}))
    call_command("import_articles", str(path), stdout=io.StringIO())
    # the Pentagon, confirmed by the policy alone, goes with the text that named it
    assert tag_names(article) == ["Russia", "Ukraine"]
    assert article.actor_tags.get(actor__slug="russia").status == TagStatus.CONFIRMED
    assert list(article.amounts.values_list("raw_text", flat=True)) == ["$7 million"]


def test_retag_applies_a_new_alias_to_old_articles(tmp_path, gazetteer):
    article = import_text(tmp_path, "Kasciunas met Lloyd Austin in Vilnius.", "v.txt")
    assert "NATO" not in tag_names(article)
    vilnius = Actor.objects.create(name="Lithuania", slug="lithuania", kind="country", iso_code="LT")
    ActorAlias.objects.create(actor=vilnius, alias="Vilnius")
    call_command("retag", "--id", str(article.pk), stdout=io.StringIO())
    assert "Lithuania" in tag_names(article)


# --- pages --------------------------------------------------------------------------------------

def test_detail_page_lists_tags_and_marks_mentions_escaped(client, tmp_path, gazetteer):
    article = import_text(tmp_path, TEXT.replace("at the Pentagon.", "at the Pentagon <script>x</script>."))
    article.actor_tags.filter(actor__slug="nasams").update(status=TagStatus.REJECTED)
    article.actor_tags.filter(actor__slug="ukraine").update(status=TagStatus.CONFIRMED)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a class="tag tag-person" href="/actors/lloyd-austin/">Lloyd Austin</a>' in page
    assert '<a class="mention mention-person" href="/actors/lloyd-austin/"' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert 'href="/actors/nasams/"' not in page  # rejected: never shown
    assert "✓ reviewed" in page
    assert "more than $2.3 billion" in page and "2,300,000,000 USD" in page


def test_actor_page_lists_kind_aliases_and_articles(client, tmp_path, gazetteer):
    article = import_text(tmp_path)
    page = client.get("/actors/lloyd-austin/").content.decode()
    assert "Person" in page and "Lloyd J. Austin III" in page
    assert article.title in page
    assert "1 article mentions Lloyd Austin" in page
    assert client.get("/actors/nobody/").status_code == 404


def test_actor_page_quotes_the_sentence_that_names_the_actor(client, tmp_path, gazetteer):
    import_text(tmp_path, "Kyiv asked allies for more air defence systems this week.\n\n"
                          "In Brussels, Lloyd Austin promised NASAMS.", "b.txt")
    page = client.get("/actors/nasams/").content.decode()
    assert '<p class="snippet">In Brussels, Lloyd Austin promised NASAMS.</p>' in page
    assert client.get("/actors/nobody/").status_code == 404


def test_actor_page_leaves_out_articles_where_the_tag_was_rejected(client, tmp_path, gazetteer):
    article = import_text(tmp_path)
    article.actor_tags.filter(actor__slug="lloyd-austin").update(status=TagStatus.REJECTED)
    page = client.get("/actors/lloyd-austin/").content.decode()
    assert "0 articles mention Lloyd Austin" in page
