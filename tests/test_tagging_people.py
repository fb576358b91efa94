"""People found by how names are written (articles/tagging/people.py), on strings, and the
people set of whole articles (tests/data/people_eval.jsonl) against the shared corpus."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from articles.tagging.people import name_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "state-dept-2021.jsonl").is_file(),
                                  reason="../shared/corpus is absent beside this checkout")


@pytest.mark.parametrize("one, other", [
    ("Jennifer R. Littlejohn", "Jennifer Littlejohn"),
    ("Joseph R. Biden, Jr.", "Joseph Biden"),
    ("Félix Tshisekedi", "Felix Tshisekedi"),
    ("Rashad al-Alimi", "Rashad Al-Alimi"),
])
def test_two_writings_of_one_name_share_a_key(one, other):
    assert name_key(one) == name_key(other)


def test_different_people_keep_different_keys():
    assert name_key("Michael Kovrig") != name_key("Michael Spavor")
    assert name_key("Abdullah Abdullah") != name_key("Abdullah II")


@pytest.mark.corpus
@needs_corpus
def test_the_people_set_is_the_documented_draw():
    """Each labelled article is the one sample_people.py draws, so the set can be drawn again."""
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "data" / "sample_people.py"),
                             "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    labelled = [json.loads(line) for line in
                (ROOT / "tests" / "data" / "people_eval.jsonl").read_text().splitlines()]
    assert len(labelled) == 90
    assert sum(item["split"] == "heldout" for item in labelled) == 30
