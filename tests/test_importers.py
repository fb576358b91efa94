"""The importer, format by format, and every kind of bad input a curator will meet."""

import io
import json
import os
import random
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import (
    Actor,
    AidEntry,
    Article,
    ArticleActor,
    ArticleRevision,
    ImportBatch,
    TagStatus,
)
from articles.tagging.gazetteer import gazetteer_load
from newsarchive.embedded_db import as_url

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "articles" / "000_1e20f47bea09c700.txt"
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.django_db


def run_import(*args) -> tuple[int, str, str]:
    """Run the command as a user would; returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def write(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def searchable(word: str):
    return Article.objects.filter(search_vector=SearchQuery(word, config="english"))


# --- txt: wire copy like the seed ---------------------------------------------------------

def test_seed_article_imports_with_sidecar_metadata():
    status, out, _ = run_import(SEED)
    assert status == 0
    # the policy confirms the seed's three amounts ("more than $2.3 billion" twice, "more than
    # $50 billion"); with no gazetteer loaded, there is no actor tag to confirm
    assert out.strip().splitlines()[-1] == (
        "created=1 updated=0 unchanged=0 failed=0 policy_confirmed=3")
    article = Article.objects.get()
    assert article.title.startswith("US to announce more than $2.3 billion")
    assert not article.title_generated
    assert article.published_at.date().isoformat() == "2024-07-02"
    assert article.date_precision == "day"
    assert article.source.name == "Reuters"
    assert article.dateline_place == "Washington"
    assert article.authors == ["Phil Stewart", "Idrees Ali"]
    assert article.editors == ["Chizu Nomiyama", "Mark Heinrich"]
    assert article.body.startswith("The United States will soon announce")
    assert "Reporting by" not in article.body
    assert "(Reuters)" not in article.body
    assert article.lede == article.body.split("\n\n")[0]
    assert len(article.paragraphs) == 13
    assert bytes(article.original) == SEED.read_bytes()
    assert not article.needs_review
    assert searchable("NASAMS").get() == article


def test_txt_without_sidecar_gets_a_generated_title_and_no_date(tmp_path):
    shutil.copy(SEED, tmp_path / "wire.txt")
    run_import(tmp_path / "wire.txt")
    article = Article.objects.get()
    assert article.title_generated
    assert article.title.startswith("The United States will soon announce more than $2.3 billion")
    assert len(article.title) <= 111
    assert article.published_at is None
    assert article.needs_review
    assert "no publication date" in article.review_reasons


def test_txt_first_line_headline_is_the_title(tmp_path):
    write(tmp_path / "a.txt", "Germany pledges more IRIS-T systems\n\nBERLIN (AP) — Germany will "
          "send two more IRIS-T air defence systems.\n\nThe systems arrive next year.\n")
    run_import(tmp_path / "a.txt")
    article = Article.objects.get()
    assert article.title == "Germany pledges more IRIS-T systems"
    assert not article.title_generated
    assert article.dateline_place == "Berlin"
    assert article.source.name == "Associated Press"
    assert article.paragraphs == [
        "Germany will send two more IRIS-T air defence systems.", "The systems arrive next year."
    ]


def test_malformed_sidecar_names_the_sidecar_and_line(tmp_path):
    write(tmp_path / "story.txt", "Headline here\n\nSome body text.")
    write(tmp_path / "story.meta.json", '{"title": "x",\n "published_at": }')
    status, out, err = run_import(tmp_path)
    assert status == 1
    assert f"{tmp_path / 'story.meta.json'}:2: malformed sidecar" in err
    assert out.strip().endswith("failed=1")


def test_sidecar_with_a_bad_date_is_refused_with_the_field_named(tmp_path):
    write(tmp_path / "story.txt", "Headline here\n\nSome body text.")
    write(tmp_path / "story.meta.json", '{"published_at": "next tuesday"}')
    status, _, err = run_import(tmp_path / "story.txt")
    assert status == 1
    assert "published_at 'next tuesday' is not a date" in err
    assert not Article.objects.exists()


# --- md with YAML front matter ---------------------------------------------------------------

MARKDOWN = """---
date: '2022-05-06'
published_time: 2022-05-06 16:42:26-04:00
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2022/05/06/aid/
tags: statements-releases
title: "Statement by President\\_Biden on Security Assistance to\\_Ukraine"
---
Today I am announcing **another** package of [security assistance](https://example.org/x).

- 25,000 artillery rounds;
- Counter-artillery *radars*.

<div class="x">raw <b>HTML</b> is not kept as markup</div>

THE PRESIDENT:  Thank you.  
Line two of the same paragraph.
"""


def test_markdown_front_matter_and_clean_paragraphs(tmp_path):
    run_import(write(tmp_path / "wh.md", MARKDOWN))
    article = Article.objects.get()
    assert article.title == "Statement by President Biden on Security Assistance to Ukraine"
    assert article.published_at.isoformat() == "2022-05-06T20:42:26+00:00"
    assert article.date_precision == "time"
    assert article.url.endswith("/2022/05/06/aid/")
    assert article.source.name == "The White House"
    assert article.extra["tags"] == "statements-releases"
    assert article.paragraphs[0] == "Today I am announcing another package of security assistance."
    assert article.paragraphs[1:3] == ["• 25,000 artillery rounds;", "• Counter-artillery radars."]
    assert "<div" not in article.body and "<b>" not in article.body and "**" not in article.body
    assert "THE PRESIDENT: Thank you.\nLine two of the same paragraph." in article.body
    assert article.lede == article.paragraphs[0]


def test_lede_is_the_first_paragraph_that_says_something(tmp_path):
    run_import(write(tmp_path / "t.md", "---\ntitle: Gaggle\n---\nVia Teleconference\n\n"
                     "2:03 P.M. EDT\n\nMR. KIRBY: Good afternoon, everybody, and thanks for joining.\n"))
    assert Article.objects.get().lede == "MR. KIRBY: Good afternoon, everybody, and thanks for joining."


def test_malformed_yaml_names_the_line(tmp_path):
    path = write(tmp_path / "bad.md", "---\ntitle: ok\ndate: [unclosed\n---\nBody text.\n")
    good = write(tmp_path / "good.md", "---\ntitle: Fine\n---\nA good body.\n")
    status, out, err = run_import(path, good)
    assert status == 1
    assert f"{path}:" in err and "malformed YAML front matter" in err
    assert out.strip().splitlines()[-1] == "created=1 updated=0 unchanged=0 failed=1"
    assert Article.objects.get().title == "Fine"


# --- json, jsonl, csv ------------------------------------------------------------------------

def test_json_object_list_jsonl_and_csv(tmp_path):
    write(tmp_path / "one.json", json.dumps({
        "title": "One", "text": "Body of one.", "date": "2023-01-02",
        "url": "https://example.org/one", "authors": "Ann Lee and Bo Ray", "desk": "defence",
    }))
    write(tmp_path / "list.json", json.dumps([
        {"title": "Two", "body": "Body of two.", "published_at": "2023-01-03T10:00:00Z"},
        {"title": "Three", "body": "Body of three.", "source": "Reuters"},
    ]))
    write(tmp_path / "lines.jsonl", '{"title": "Four", "body": "Body of four."}\n\n'
                                    '{"title": "Five", "body": "Body of five.", "score": 1.5}\n')
    write(tmp_path / "rows.csv", "title,body,date,url,authors,section\n"
                                 'Six,"Body of six,\nwith a second line.",2023-01-06,'
                                 'https://example.org/six,"Cy Dee; Ed Fu",world\n')
    status, out, _ = run_import(tmp_path)
    assert status == 0
    assert out.strip().splitlines()[-1] == "created=6 updated=0 unchanged=0 failed=0"
    one = Article.objects.get(title="One")
    assert one.body == "Body of one."
    assert one.authors == ["Ann Lee", "Bo Ray"]
    assert one.extra == {"desk": "defence"}
    assert one.source.name == "example.org"
    assert Article.objects.get(title="Two").published_at.hour == 10
    assert Article.objects.get(title="Three").source.name == "Reuters"
    assert Article.objects.get(title="Five").extra == {"score": 1.5}
    six = Article.objects.get(title="Six")
    assert six.authors == ["Cy Dee", "Ed Fu"]
    assert six.extra == {"section": "world"}
    assert six.paragraphs == ["Body of six,", "with a second line."]


def test_bad_records_are_reported_and_the_good_ones_kept(tmp_path):
    write(tmp_path / "mixed.jsonl", "\n".join([
        '{"title": "Good one", "body": "Fine text."}',
        '{"title": "Broken", "body": ',
        '{"title": "No body"}',
        '{}',
        '["not", "an", "object"]',
        '{"title": "Bad date", "body": "x", "date": "yesterday-ish"}',
        '{"title": "Bad url", "body": "y", "url": "javascript:alert(1)"}',
        '{"title": "Good two", "body": "More fine text."}',
    ]))
    status, out, err = run_import(tmp_path / "mixed.jsonl")
    path = tmp_path / "mixed.jsonl"
    assert status == 1
    assert out.strip().splitlines()[-1] == "created=2 updated=0 unchanged=0 failed=6"
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"{path}:2: malformed JSON")
    assert lines[1] == f"{path}:3: no body text (fields 'body' or 'text')"
    assert lines[2] == f"{path}:4: no body text (fields 'body' or 'text') and no title"
    assert lines[3] == f"{path}:5: expected an object with title and body, got list"
    assert lines[4].startswith(f"{path}:6: published_at 'yesterday-ish' is not a date")
    assert lines[5].startswith(f"{path}:7: url 'javascript:alert(1)' is not an http(s) URL")
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.failed) == (2, 6)
    assert [e["location"] for e in batch.errors] == [f"{path}:{n}" for n in range(2, 8)]


def test_truncated_json_list_keeps_the_items_before_the_break(tmp_path):
    path = write(tmp_path / "cut.json", '[{"title": "A", "body": "Alpha."}, {"title": "B", "body": "Be')
    status, out, err = run_import(path)
    assert status == 1
    assert f"{path}: malformed JSON after item [0]" in err
    assert list(Article.objects.values_list("title", flat=True)) == ["A"]


def test_json_list_item_errors_name_the_index(tmp_path):
    path = write(tmp_path / "l.json", '[{"title": "A", "body": "Alpha."}, {"title": "B"}]')
    _, _, err = run_import(path)
    assert f"{path}:[1]: no body text" in err


def test_malformed_csv_rows_name_their_line(tmp_path):
    path = write(tmp_path / "bad.csv", 'title,body\nOk,Fine body\nExtra,body,surplus\nAlso ok,"Good"\n'
                                       'Open,"never closed\n')
    status, out, err = run_import(path)
    assert status == 1
    assert f"{path}:3: 3 fields where the header has 2" in err
    assert f"{path}:5: malformed CSV" in err
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Also ok", "Ok"]


def test_csv_without_a_body_column_is_refused_naming_the_columns(tmp_path):
    path = write(tmp_path / "x.csv", "headline,summary\nA,B\n")
    status, _, err = run_import(path)
    assert status == 1
    assert f"{path}:1: no 'body' or 'text' column (columns: headline, summary)" in err


# --- bad files -----------------------------------------------------------------------------

def test_empty_file(tmp_path):
    path = write(tmp_path / "empty.txt", "")
    status, out, err = run_import(path, write(tmp_path / "blank.jsonl", "\n  \n"))
    assert status == 1
    assert f"{path}: empty file" in err
    assert f"{tmp_path / 'blank.jsonl'}: empty file" in err
    assert out.strip().endswith("failed=2")


def test_binary_file_is_refused_and_named(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(4000))
    path = write(tmp_path / "photo.txt", png)
    noise = write(tmp_path / "noise.csv", bytes(random.Random(2).randrange(256) for _ in range(4000)))
    status, _, err = run_import(path, noise)
    assert status == 1
    assert f"{path}: binary file: looks like a PNG image, not text" in err
    assert f"{noise}: binary file" in err
    assert not Article.objects.exists()


def test_non_utf8_text_is_detected_and_decoded(tmp_path):
    text = ("Ankara (Reuters) - Türkiye’s parliament approved the accession, officials said. "
            "The vote followed months of talks about F-16 jets and modernisation kits. "
            "Sweden’s foreign minister welcomed the decision on Tuesday evening.")
    path = write(tmp_path / "cp1252.txt", ("Türkiye approves Sweden’s NATO bid\n\n" + text).encode("cp1252"))
    assert run_import(path)[0] == 0
    article = Article.objects.get()
    assert article.title == "Türkiye approves Sweden’s NATO bid"
    assert "Türkiye’s parliament" in article.body
    assert "\ufffd" not in article.body


def test_nul_bytes_are_stripped(tmp_path):
    write(tmp_path / "nul.jsonl", b'{"title": "Null\\u0000 title", "body": "Body\x00 with NUL"}\n')
    write(tmp_path / "nul.txt", b"Head\x00line\n\nText with a NUL\x00 byte.")
    status, _, err = run_import(tmp_path)
    assert status == 0, err
    assert sorted(Article.objects.values_list("body", flat=True)) == [
        "Body with NUL", "Text with a NUL byte."
    ]
    assert Article.objects.filter(title="Headline").exists()


def test_no_title_and_no_body(tmp_path):
    path = write(tmp_path / "nothing.json", '{"title": "", "body": "   "}')
    status, _, err = run_import(path)
    assert status == 1
    assert f"{path}: no body text (fields 'body' or 'text') and no title" in err


def test_unknown_extension_named_explicitly_asks_for_format(tmp_path):
    path = write(tmp_path / "notes.rtf", "Some text")
    status, _, err = run_import(path)
    assert status == 1
    assert f"{path}: unknown format .rtf: name it with --format" in err
    status, out, _ = run_import(path, "--format", "txt")
    assert status == 0 and "created=1" in out


def test_missing_path_and_empty_glob_are_failures(tmp_path):
    status, out, err = run_import(tmp_path / "nope.txt", tmp_path / "*.nothing")
    assert status == 1
    assert f"{tmp_path / 'nope.txt'}: no such file or directory" in err
    assert f"{tmp_path / '*.nothing'}: no file matches this pattern" in err


def test_directories_recurse_and_globs_expand(tmp_path):
    write(tmp_path / "a" / "b" / "deep.md", "---\ntitle: Deep\n---\nDeep body.\n")
    write(tmp_path / "a" / "LICENSE", "Not an article")
    write(tmp_path / "c1.json", '{"title": "C1", "body": "c one"}')
    write(tmp_path / "c2.json", '{"title": "C2", "body": "c two"}')
    status, out, _ = run_import(tmp_path / "a", tmp_path / "c*.json")
    assert status == 0
    assert "created=3" in out
    assert sorted(Article.objects.values_list("title", flat=True)) == ["C1", "C2", "Deep"]


# --- rss: feeds ----------------------------------------------------------------------------------

def rss_item(title="Aid for Ukraine", body="<p>The aid was announced today.</p>", *,
             link="https://www.state.gov/aid/", date="Fri, 01 Jul 2022 20:36:18 +0000",
             extra=""):
    """One <item>: the body in content:encoded as CDATA; None leaves a field out."""
    parts = [f"<title>{title}</title>" if title is not None else "",
             f"<link>{link}</link>" if link else "",
             f"<pubDate>{date}</pubDate>" if date else "",
             f"<content:encoded><![CDATA[{body}]]></content:encoded>" if body is not None else "",
             extra]
    return "<item>" + "\n".join(parts) + "</item>"


def rss_feed(*items, channel_title="Press Releases &#8211; Example Ministry", preamble=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?>{preamble}\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            f"<channel><title>{channel_title}</title><link>https://example.org</link>\n"
            + "\n".join(items) + "\n</channel></rss>\n")


def test_rss_items_become_articles_with_date_source_and_paragraphs(tmp_path):
    path = write(tmp_path / "press.rss", rss_feed(
        rss_item("$820 Million in New U.S. Military Assistance for Ukraine",
                 "<p>Antony J. Blinken</p>\n<p>Pursuant to a delegation of authority, I am "
                 "authorizing a <strong>drawdown</strong>\n   of up to $50 million.</p>"
                 "<div>Our commitment<br/>will not waver.</div>",
                 link="https://www.state.gov/820-million/",
                 extra='<dc:creator><![CDATA[Antony J. Blinken, Secretary of State]]></dc:creator>'
                       '<category><![CDATA[Ukraine]]></category><category><![CDATA[]]></category>'
                       '<guid isPermaLink="false">https://www.state.gov/?page_id=356535</guid>'),
        rss_item("Ministry notice", link="https://news.example.org/notice",
                 date="Sat, 02 Jul 2022 09:00:00 -0400"),
    ))
    status, out, err = run_import(path)
    assert status == 0, err
    # and the policy confirms the one figure of money they hold
    assert out.strip().splitlines()[-1] == (
        "created=2 updated=0 unchanged=0 failed=0 policy_confirmed=1")
    aid = Article.objects.get(url="https://www.state.gov/820-million/")
    assert aid.title == "$820 Million in New U.S. Military Assistance for Ukraine"
    assert aid.published_at.isoformat() == "2022-07-01T20:36:18+00:00"
    assert aid.date_precision == "time"
    assert aid.source.name == "U.S. Department of State"  # the host is known: seeds/sources.json
    assert aid.authors == ["Antony J. Blinken, Secretary of State"]
    assert aid.extra == {"guid": "https://www.state.gov/?page_id=356535", "categories": ["Ukraine"]}
    assert aid.paragraphs == [
        "Antony J. Blinken",
        "Pursuant to a delegation of authority, I am authorizing a drawdown of up to $50 million.",
        "Our commitment\nwill not waver.",
    ]
    assert aid.original_location == f"{path}:[item 1]"
    assert b"<title>$820 Million" in bytes(aid.original)
    notice = Article.objects.get(title="Ministry notice")
    assert notice.published_at.isoformat() == "2022-07-02T13:00:00+00:00"
    assert notice.source.name == "Press Releases – Example Ministry"  # the channel's title


def test_rss_source_named_by_the_item_or_the_option_wins_over_the_channel(tmp_path):
    path = write(tmp_path / "feed.rss", rss_feed(
        rss_item("A", link="https://news.example.org/a"),
        rss_item("B", "<p>Other text.</p>", link="https://news.example.org/b",
                 extra='<source url="https://apnews.com/rss">AP</source>'),
    ))
    run_import(path, "--source", "Kyiv Independent")
    assert dict(Article.objects.values_list("title", "source__name")) == {
        "A": "Kyiv Independent", "B": "Associated Press"
    }


def test_rss_cdata_and_entities_in_titles_and_bodies(tmp_path, client):
    escaped_body = ("<description>&lt;p&gt;First &amp;amp; one&lt;/p&gt;&lt;p&gt;Second"
                    "&lt;/p&gt;</description>")
    path = write(tmp_path / "entities.rss", rss_feed(
        rss_item("Russia&#8217;s War on Ukraine &#038; International Sport",
                 '<script type="text/javascript">jQuery("p").hide();</script>'
                 "<style>p { color: red }</style>"
                 "<p>Ukraine&rsquo;s&nbsp;&nbsp;defence &amp; <a href='https://x.org'>aid</a>"
                 "</p><ul><li>HIMARS rounds;</li><li><p>155mm artillery.</p></li></ul>"
                 "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
                 link="https://www.state.gov/sport/"),
        rss_item("<![CDATA[Aid &amp; Arms <em>now</em>]]>", None,
                 link="https://www.state.gov/arms/", extra=escaped_body),
    ))
    status, _, err = run_import(path)
    assert status == 0, err
    sport = Article.objects.get(url="https://www.state.gov/sport/")
    assert sport.title == "Russia’s War on Ukraine & International Sport"
    assert sport.paragraphs == [
        "Ukraine’s defence & aid", "• HIMARS rounds;", "• 155mm artillery.",
        "<script>alert(1)</script>",  # text that reads as markup is text, escaped on the page
    ]
    assert "jQuery" not in sport.body and "color" not in sport.body
    arms = Article.objects.get(url="https://www.state.gov/arms/")
    assert arms.title == "Aid & Arms now"
    assert arms.paragraphs == ["First & one", "Second"]
    page = client.get(reverse("articles:detail", args=[sport.pk, sport.slug]))
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content
    assert b"<script>alert(1)" not in page.content


def test_malformed_feed_names_the_file_line_and_column_and_keeps_the_items_before(tmp_path):
    path = write(tmp_path / "broken.rss", rss_feed(
        rss_item("Before the break", link="https://e.org/before"),
        "<item><title>Broken</titel></item>",
        rss_item("After the break", link="https://e.org/after"),
    ))
    line = path.read_text().splitlines().index("<item><title>Broken</titel></item>") + 1
    status, out, err = run_import(path)
    assert status == 1
    assert f"{path}:{line}: malformed XML: mismatched tag at column 22" in err
    assert out.strip().splitlines()[-1] == "created=1 updated=0 unchanged=0 failed=1"
    assert list(Article.objects.values_list("title", flat=True)) == ["Before the break"]


def test_rss_items_without_body_or_with_bad_fields_name_the_item(tmp_path):
    path = write(tmp_path / "items.rss", rss_feed(
        rss_item("Good one", link="https://e.org/1"),
        rss_item("No body", None, link="https://e.org/2"),
        rss_item(None, None, link="https://e.org/3"),
        rss_item("Only a script", "<script>var x = 1;</script>", link="https://e.org/4"),
        rss_item("Bad date", link="https://e.org/5", date="sometime in July"),
        rss_item(None, "<p>A body without a headline. It goes on.</p>", link="https://e.org/6"),
    ))
    status, out, err = run_import(path)
    assert status == 1
    assert out.strip().splitlines()[-1] == "created=2 updated=0 unchanged=0 failed=4"
    lines = err.strip().splitlines()
    assert lines[0] == f"{path}:[item 2]: no body text (content:encoded or description)"
    assert lines[1] == f"{path}:[item 3]: no body text (content:encoded or description) and no title"
    assert lines[2] == f"{path}:[item 4]: no body text (content:encoded or description)"
    assert lines[3].startswith(f"{path}:[item 5]: published_at 'sometime in July' is not a date")
    untitled = Article.objects.get(url="https://e.org/6")
    assert (untitled.title, untitled.title_generated) == ("A body without a headline", True)


@pytest.mark.parametrize("declaration, entity", [
    ('<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
     '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>', "lol"),
    ('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "xxe"),
], ids=["entity-expansion", "external-entity"])
def test_rss_entity_declarations_are_refused(tmp_path, declaration, entity):
    path = write(tmp_path / "attack.rss", rss_feed(
        rss_item("&lol3;" if entity == "lol" else "&xxe;", link="https://e.org/x"),
        preamble=declaration,
    ))
    status, out, err = run_import(path)
    assert status == 1
    assert f"{path}: refused: the feed declares the XML entity '{entity}'" in err
    assert out.strip().splitlines()[-1] == "created=0 updated=0 unchanged=0 failed=1"
    assert not Article.objects.exists()


def test_directories_pick_up_rss_and_xml_is_read_as_rss_when_named(tmp_path):
    write(tmp_path / "feeds" / "a.rss", rss_feed(rss_item("From .rss", link="https://e.org/a")))
    xml = write(tmp_path / "feeds" / "b.xml",
                rss_feed(rss_item("From .xml", "<p>Another text.</p>", link="https://e.org/b")))
    status, out, _ = run_import(tmp_path)
    assert status == 0 and "created=1 " in out
    status, _, err = run_import(xml)
    assert status == 1 and f"{xml}: unknown format .xml: name it with --format" in err
    status, out, _ = run_import(xml, "--format", "rss")
    assert status == 0 and "created=1 " in out
    assert sorted(Article.objects.values_list("title", flat=True)) == ["From .rss", "From .xml"]
    atom = write(tmp_path / "atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>')
    status, _, err = run_import(atom, "--format", "rss")
    assert f"{atom}: not an RSS 2.0 feed: the root element is <feed>, not <rss>" in err


def test_rss_snapshots_sharing_items_make_one_article_each_and_changes_follow_revisions(tmp_path):
    shared = rss_item("Shared", "<p>In both snapshots.</p>", link="https://e.org/shared")
    write(tmp_path / "1.rss", rss_feed(rss_item("Old", link="https://e.org/old"), shared))
    write(tmp_path / "2.rss", rss_feed(shared, rss_item("New", "<p>Later.</p>", link="https://e.org/new")))
    assert run_import(tmp_path)[1].strip().splitlines()[-1] == "created=3 updated=0 unchanged=1 failed=0"
    assert run_import(tmp_path)[1].strip().splitlines()[-1] == "created=0 updated=0 unchanged=4 failed=0"
    write(tmp_path / "3.rss", rss_feed(
        rss_item("Shared", "<p>In both snapshots, corrected.</p>", link="https://e.org/shared")))
    assert run_import(tmp_path / "3.rss")[1].strip().splitlines()[-1] == (
        "created=0 updated=1 unchanged=0 failed=0")
    article = Article.objects.get(url="https://e.org/shared")
    assert article.body == "In both snapshots, corrected."
    assert ArticleRevision.objects.get(article=article).body == "In both snapshots."
    assert Article.objects.count() == 3


# --- idempotence, updates, dedupe ------------------------------------------------------------

def test_importing_twice_creates_nothing_the_second_time(tmp_path):
    write(tmp_path / "a.jsonl", '{"title": "A", "body": "Alpha.", "url": "https://e.org/a"}\n'
                                '{"title": "B", "body": "Beta."}\n')
    shutil.copy(SEED, tmp_path / "seed.txt")
    first = run_import(tmp_path)[1].strip().splitlines()[-1]
    second = run_import(tmp_path)[1].strip().splitlines()[-1]
    # the policy confirms the seed's three figures of money
    assert first == "created=3 updated=0 unchanged=0 failed=0 policy_confirmed=3"
    assert second == "created=0 updated=0 unchanged=3 failed=0"
    assert Article.objects.count() == 3


def test_duplicate_records_inside_one_file_make_one_article(tmp_path):
    record = '{"title": "Same", "body": "Same text.", "date": "2024-01-01"}\n'
    status, out, _ = run_import(write(tmp_path / "dup.jsonl", record * 3))
    assert status == 0
    assert out.strip().splitlines()[-1] == "created=1 updated=0 unchanged=2 failed=0"


def test_same_text_on_different_days_is_two_documents(tmp_path):
    write(tmp_path / "memos.jsonl",
          '{"title": "Memo", "body": "I hereby delegate the authority.", "date": "2022-03-16"}\n'
          '{"title": "Memo", "body": "I hereby delegate the authority.", "date": "2022-04-13"}\n')
    assert "created=2" in run_import(tmp_path)[1]


def test_second_url_for_the_same_story_is_kept_not_duplicated(tmp_path):
    write(tmp_path / "twice.jsonl",
          '{"title": "S", "body": "Story.", "date": "2022-04-11", "url": "https://e.org/s"}\n'
          '{"title": "S", "body": "Story.", "date": "2022-04-11", "url": "https://e.org/s-2"}\n')
    assert "created=1 updated=1" in run_import(tmp_path)[1]
    assert Article.objects.get().extra["other_urls"] == ["https://e.org/s-2"]
    assert "created=0 updated=0 unchanged=2" in run_import(tmp_path)[1]


def test_changed_text_at_a_known_url_updates_and_keeps_curator_decisions(tmp_path):
    path = write(tmp_path / "a.json", '{"title": "Aid", "body": "First text.", "url": "https://e.org/a"}')
    run_import(path)
    article = Article.objects.get()
    actor = Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    ArticleActor.objects.create(article=article, actor=actor, status=TagStatus.CONFIRMED,
                                origin="curator")
    write(tmp_path / "a.json", '{"title": "Aid (updated)", "body": "Second text.", "url": "https://e.org/a"}')
    status, out, _ = run_import(path)
    assert out.strip().splitlines()[-1] == "created=0 updated=1 unchanged=0 failed=0"
    article.refresh_from_db()
    assert (article.title, article.body) == ("Aid (updated)", "Second text.")
    assert article.actor_tags.get().status == TagStatus.CONFIRMED
    revision = ArticleRevision.objects.get(article=article)
    assert revision.body == "First text."
    assert b"First text." in bytes(revision.original)


def test_dry_run_writes_nothing(tmp_path):
    write(tmp_path / "a.json", '{"title": "A", "body": "Alpha."}')
    status, out, _ = run_import(tmp_path, "--dry-run")
    assert status == 0
    assert "Dry run: nothing was written." in out
    assert out.strip().splitlines()[-1] == "created=1 updated=0 unchanged=0 failed=0"
    assert not Article.objects.exists()
    assert not ImportBatch.objects.exists()


def test_source_option_names_records_that_do_not_name_one(tmp_path):
    write(tmp_path / "a.json", '[{"title": "A", "body": "Alpha."}, {"title": "B", "body": "Be.", "source": "AFP"}]')
    run_import(tmp_path, "--source", "Kyiv Independent")
    assert dict(Article.objects.values_list("title", "source__name")) == {
        "A": "Kyiv Independent", "B": "Agence France-Presse"
    }


# --- size ---------------------------------------------------------------------------------------

def test_body_over_one_megabyte_is_kept_whole_and_indexed(tmp_path):
    rng = random.Random(3)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
             for _ in range(60000)]
    body = "Zaporizhzhia frontline report. " + " ".join(rng.choice(words) for _ in range(220000))
    assert len(body.encode()) > 1_000_000
    status, _, err = run_import(write(tmp_path / "big.json", json.dumps({"title": "Long", "body": body})))
    assert status == 0, err
    article = Article.objects.get()
    assert article.body == body
    assert searchable("Zaporizhzhia").get() == article


def test_hundred_megabyte_file_streams_in_bounded_memory(tmp_path, transactional_db):
    paragraph = ("Air defence interceptors and artillery shells were delivered to the front. " * 13)[:1000]

    def records(path, count, first=0):
        with path.open("w", encoding="utf-8") as handle:
            for number in range(first, first + count):
                body = f"Record {number}. " + "\n\n".join([paragraph] * 1000)
                handle.write(json.dumps({"title": f"Record {number}", "body": body}) + "\n")
        return path

    def peak_mb(path) -> float:
        # A separate process, so its peak memory is the import's own and nothing else's.
        script = (
            "import os, resource\n"
            "from django.core.management import call_command\n"
            "call_command('import_articles', os.environ['IMPORT_PATH'])\n"
            "print('peak_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        env = {**os.environ, "DATABASE_URL": as_url(connection.settings_dict), "IMPORT_PATH": str(path)}
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, done.stderr
        assert "failed=0" in done.stdout
        return int(done.stdout.split("peak_kb")[1]) / 1024

    # The same import of one record: Django, the database driver and the tagger's tables,
    # whose size depends on what the database holds, not on the file.
    baseline = peak_mb(records(tmp_path / "one.jsonl", 1))
    huge = records(tmp_path / "huge.jsonl", 105, first=1)
    assert huge.stat().st_size > 100_000_000
    peak = peak_mb(huge)
    # Reading the file whole would add more than its 100 MB to the baseline.
    assert peak - baseline < 60, f"peak {peak:.0f} MB against {baseline:.0f} MB for one record"
    assert Article.objects.count() == 106


# --- the real corpus ----------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "whitehouse").is_dir(),
                    reason="../shared/corpus/whitehouse is absent beside this checkout")
def test_whitehouse_corpus_imports_completely_and_idempotently():
    status, out, err = run_import(CORPUS / "whitehouse")
    assert status == 0, err
    counts = dict(pair.split("=") for pair in out.strip().splitlines()[-1].split())
    assert counts["failed"] == "0"
    files = sum(1 for _ in (CORPUS / "whitehouse").rglob("*.md"))
    assert sum(int(counts[key]) for key in ("created", "updated", "unchanged", "failed")) \
        == files == 444
    assert Article.objects.count() == int(counts["created"]) > 430
    assert not Article.objects.filter(published_at__isnull=True).exists()
    status, out, _ = run_import(CORPUS / "whitehouse")
    assert out.strip().splitlines()[-1] == f"created=0 updated=0 unchanged={files} failed=0"


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "state-dept-rss").is_dir(),
                    reason="../shared/corpus/state-dept-rss is absent beside this checkout")
def test_state_department_feeds_import_and_their_ukraine_packages_reach_the_ledger():
    gazetteer_load()
    status, out, err = run_import(CORPUS / "state-dept-rss")
    assert status == 0, err
    # Two snapshots of ten items each, a month apart: no item is in both.
    assert out.strip().splitlines()[-1].startswith("created=20 updated=0 unchanged=0 failed=0")
    assert not Article.objects.exclude(source__name="U.S. Department of State").exists()
    packages = {}
    for title in ("$820 Million in New U.S. Military Assistance for Ukraine",
                  "Biden-Harris Administration Announces $550 Million in New U.S. Military "
                  "Assistance for Ukraine"):
        article = Article.objects.get(title=title)
        assert article.date_precision == "time"
        packages[title.split(" in New")[0]] = set(
            AidEntry.objects.filter(article=article, kind=AidEntry.Kind.PACKAGE)
            .values_list("donor__slug", "recipient__slug", "value_usd")
        )
    # The $820 million is the State Department's $50 million drawdown and the Defense
    # Department's $770 million of USAI funding, announced together.
    assert {("united-states", "ukraine", Decimal("50000000")),
            ("united-states", "ukraine", Decimal("770000000"))} <= packages["$820 Million"]
    assert ("united-states", "ukraine", Decimal("550000000")) in packages[
        "Biden-Harris Administration Announces $550 Million"]
    status, out, _ = run_import(CORPUS / "state-dept-rss")
    assert out.strip().splitlines()[-1] == "created=0 updated=0 unchanged=20 failed=0"
