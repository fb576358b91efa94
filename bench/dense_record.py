"""The ledger's reading of one record packed with figures and names: 2 MB of "security
assistance of $5 million to Ukraine from the United States and Lloyd Austin," without a full
stop (the worst of tests/data/hostile/, generated here). Prints amounts, mentions and the
seconds the matcher, amounts, events and ledger took. Synthetic text, labelled as such.

Run: .venv/bin/python manage.py shell < bench/dense_record.py  (gazetteer loaded)
"""

import datetime as dt
import time

from articles.tagging import matcher_current
from articles.tagging.amounts import find_money, to_usd
from articles.tagging.events import tagging_run
from articles.tagging.records import events_and_aid_in, facts_for
from articles.tagging.text import Sentences

SIZE = 2_000_000
text = ("security assistance of $5 million to Ukraine from the United States and Lloyd Austin, "
        * (SIZE // 80))[:SIZE]
matcher = matcher_current()
started = time.perf_counter()
mentions, money = matcher.find(text), find_money(text)
with tagging_run():
    found = events_and_aid_in(
        text, base=dt.date(2024, 1, 1), sentences=Sentences(text), mentions=mentions,
        money=money, usd=[to_usd(m.value, m.currency, 2024) for m in money],
        facts=facts_for(matcher), source_slug="")
print(f"synthetic dense record: {len(text):,} characters, {len(money):,} amounts, "
      f"{len(mentions):,} mentions, {len(found.aid)} ledger rows, "
      f"{time.perf_counter() - started:.1f} s")
