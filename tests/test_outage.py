"""A database outage: a 503 page with Retry-After, one log line when it starts and one when it
ends, whatever the number of requests in between."""

import json
import logging
import socket

import pytest
from django.db import OperationalError, connection
from django.test import Client

PAGES = ["/", "/articles/", "/articles/?q=patriot", "/people/", "/aid/", "/events/",
         "/actors/ukraine/", "/articles/1/x/", "/articles/?format=csv"]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database(transactional_db):
    """Switch the connection between the real server and a closed port. Transactional: a
    test transaction would not survive the connection being closed."""
    real = dict(connection.settings_dict)

    class Switch:
        def down(self):
            connection.close()
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))

        def up(self):
            connection.close()
            connection.settings_dict.update(real)

    switch = Switch()
    yield switch
    switch.up()


def records_from(caplog, *names):
    return [r for r in caplog.records if r.name in names]


def test_pages_answer_503_with_retry_after_while_the_database_is_down(database):
    database.down()
    client = Client(raise_request_exception=False)

    for path in PAGES:
        response = client.get(path)

        assert response.status_code == 503, path
        assert int(response["Retry-After"]) > 0
        assert "temporarily unavailable" in response.content.decode().lower()
        assert response.headers.get("Content-Security-Policy")


def test_json_clients_get_json(database):
    database.down()

    response = Client(raise_request_exception=False).get("/articles/", {"format": "json"})

    assert response.status_code == 503
    assert "database" in response.json()["errors"][0]


def test_an_outage_logs_one_line_when_it_starts_and_one_when_it_ends(database, caplog):
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    database.down()

    for _ in range(5):
        for path in PAGES:
            client.get(path)
    down = [r for r in caplog.records if r.levelno >= logging.WARNING]
    database.up()
    back = client.get("/")

    # No traceback and no "Service Unavailable: /" per request: one line for the outage.
    assert [r.getMessage().split(":")[0] for r in down] == ["Database unavailable"]
    assert down[0].exc_info is None and "\n" not in down[0].getMessage()
    assert back.status_code == 200
    (ended,) = records_from(caplog, "articles.outage")[1:]
    assert ended.getMessage().startswith("Database back")
    assert f"{5 * len(PAGES)} requests answered 503" in ended.getMessage()


def test_a_page_without_the_database_does_not_end_the_outage(database, caplog):
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    database.down()
    client.get("/")

    assert client.get("/no-such-page/").status_code == 404  # needs no database

    assert [r.getMessage().split(":")[0] for r in records_from(caplog, "articles.outage")] == [
        "Database unavailable"]


def test_healthz_reports_the_outage_as_before_and_logs_it_once(database, caplog):
    client = Client(raise_request_exception=False)
    database.down()

    answers = [client.get("/healthz") for _ in range(5)]

    assert {a.status_code for a in answers} == {503}
    assert json.loads(answers[0].content) == {"status": "error", "database": "OperationalError"}
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    database.up()
    assert client.get("/healthz").status_code == 200


def test_a_patched_cursor_that_refuses_is_an_outage_too(db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = Client(raise_request_exception=False).get("/people/")

    assert response.status_code == 503


def test_a_query_error_that_is_no_outage_stays_a_500(db, monkeypatch):
    """A cancelled statement (SQLSTATE 57014) is a slow query, not a database that is gone:
    it keeps its traceback and its 500."""
    import psycopg

    def cancel(*args, **kwargs):
        try:
            raise psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
        except psycopg.Error as error:
            raise OperationalError(str(error)) from error

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", cancel)
        response = Client(raise_request_exception=False).get("/people/")

    assert response.status_code == 500
