"""Every query parameter of every page, fed generated values: a bad value is a 400 that names
the parameter, never a 500 (hypothesis). The parameters are read from the pages' own forms
and filters, so a new one is fuzzed the day it is added.

Each parameter gets NEWSARCHIVE_FUZZ_EXAMPLES values (50 by default; `.ci/run` asks for 300
on its second run; 1,000 for the issue's full run): text of any script with control characters and NUL, numbers of any
size and sign, dates, slugs, and the values the page accepts, so that the deeper code runs too.
"""

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.filters import ArticleFilter
from articles.forms import ActorIndexForm, ArticleListForm
from articles.ledger import PAGE_PARAMETERS, AidFilter, EventFilter
from articles.models import Event
from articles.tagging.gazetteer import gazetteer_load
from tests.test_events_ledger import tagged

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("NEWSARCHIVE_FUZZ_EXAMPLES") or 50)
LIST = sorted(set(ArticleListForm.base_fields) | set(ArticleFilter.base_filters))
PAGES = [
    ("/articles/", LIST),
    ("/actors/ukraine/", LIST),
    *((f"/{kind}/", sorted(set(ActorIndexForm.base_fields) | {"page"}))
      for kind in ("people", "countries", "organizations", "equipment")),
    ("/aid/", sorted(set(AidFilter.base_filters) | PAGE_PARAMETERS)),
    ("/events/", sorted(set(EventFilter.base_filters) | PAGE_PARAMETERS)),
    ("/articles/1/", ["format"]),
]
KNOWN = ["ukraine", "united-states", "joe-biden", "nato", "patriot", "pda", "usai", "json", "csv",
         "atom", "html", "newest", "relevance", "amount", "1", "2", "2024", "2022-02-24", "true",
         "summit", "call", "all", "confirmed", "package", "total", "announced"]
VALUES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.from_regex(r"[a-z0-9-]{1,30}(,[a-z0-9-]{0,30}){0,3}", fullmatch=True),
    st.sampled_from(KNOWN),
    st.lists(st.sampled_from(KNOWN), min_size=2, max_size=4).map(",".join),
    st.just("9" * 5000),
)


@pytest.fixture
def archive():
    gazetteer_load()
    tagged("Statement", "Today, President Biden announced $2.3 billion in security assistance "
           "for Ukraine, including Patriot interceptors, at the NATO summit in Washington.")
    tagged("Readout", "President Biden spoke with President Zelenskyy of Ukraine today.")
    assert Event.objects.exists()


def fuzz(client, path: str, name: str) -> None:
    """EXAMPLES values of parameter ``name`` on page ``path``; hypothesis shrinks a failure to
    the simplest value that gives it."""
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(value=VALUES)
    def probe(value):
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, value, response.status_code)
        if response.status_code == 400:
            assert name in response.content.decode(), (path, name, value)

    probe()


@pytest.mark.parametrize(("path", "names"), PAGES, ids=[path for path, _ in PAGES])
def test_no_value_of_any_parameter_gives_a_server_error(client, archive, path, names):
    assert names, path
    for name in names:
        fuzz(client, path, name)
