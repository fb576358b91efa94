"""Backup, restore and fixity (docs/operations.md): a restore brings back every article with
the same original bytes, and the running archive never serves a page it kept for other data."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.models import Article
from tests.conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def titles(client) -> list[str]:
    response = client.get("/articles/", {"format": "json"})
    assert response.status_code == 200
    return sorted(row["title"] for row in response.json()["results"])


def test_fixity_names_an_article_whose_original_bytes_changed():
    kept = make_article("Kept", body="Security assistance for Ukraine.")
    changed = make_article("Changed", body="Air defense for Ukraine.")
    out = io.StringIO()
    call_command("verify_fixity", stdout=out)
    assert "checked=2 mismatched=0" in out.getvalue()
    with connection.cursor() as cursor:  # a disk error, or a hand edit
        cursor.execute("UPDATE articles_article SET original = %s WHERE id = %s",
                       [b"something else", changed.pk])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 originals"):
        call_command("verify_fixity", stdout=io.StringIO(), stderr=err)
    assert f"article {changed.pk}:" in err.getvalue()
    assert f"article {kept.pk}:" not in err.getvalue()


def test_a_restore_brings_back_every_original_and_no_page_kept_for_other_data(client, tmp_path):
    make_article("Before the backup", body="Security assistance for Ukraine.")
    hashes = dict(Article.objects.values_list("pk", "original_sha256"))
    dump = tmp_path / "archive.dump"
    call_command("backup", str(dump), stdout=io.StringIO())
    # after the backup: an article comes, and its page is kept
    gone = make_article("After the backup", body="Air defense for Ukraine.")
    assert "Air defense for Ukraine." in client.get(gone.get_absolute_url()).content.decode()
    out = io.StringIO()
    call_command("restore", str(dump), "--noinput", stdout=out)
    assert "checked=1 mismatched=0" in out.getvalue()
    assert dict(Article.objects.values_list("pk", "original_sha256")) == hashes
    assert titles(client) == ["Before the backup"]
    # the restored archive moves on as the first did: the next article takes the id, and the
    # data version the number, that the article gone with the restore had
    new = make_article("Imported after the restore", body="Patriot batteries for Ukraine.")
    assert new.pk == gone.pk
    page = client.get(new.get_absolute_url(), follow=True).content.decode()
    assert "Patriot batteries for Ukraine." in page
    assert "Air defense for Ukraine." not in page


def test_a_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "none.dump"), "--noinput")
