"""The description check measured on a labelled corpus (tests/fixtures/description_corpus.csv):
Dutch and English descriptions written the way volunteers write, each marked "ask" or "ok"
for the check that applies (suspicion: appearance and origin; care: diagnoses). The figures
are also in docs/privacy.md."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from signalen import description_check

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "description_corpus.csv"
KINDS = {
    "suspicion": description_check.SUSPICION_KINDS,
    "care": description_check.CARE_KINDS,
}
MIN_RECALL = 0.97
MAX_FALSE_POSITIVES = 0.03


def _rows():
    with open(CORPUS, encoding="utf-8") as corpus:
        return list(csv.DictReader(corpus))


def test_the_corpus_is_what_the_issue_asks_for():
    rows = _rows()
    languages = Counter(row["language"] for row in rows)
    assert languages["nl"] >= 400
    assert languages["en"] >= 100
    for language in ("nl", "en"):
        expected = Counter(row["expected"] for row in rows if row["language"] == language)
        assert expected["ask"] == expected["ok"]
    assert {row["check"] for row in rows} == {"suspicion", "care"}


@pytest.mark.usefixtures("standard_data")
def test_the_description_check_meets_its_thresholds_on_the_corpus(capsys):
    counts: Counter[tuple[str, str, str]] = Counter()  # (language, expected, outcome)
    rules: Counter[str] = Counter()
    wrong = []
    for row in _rows():
        found = description_check.findings(row["text"], KINDS[row["check"]])
        outcome = "ask" if found else "ok"
        counts[row["language"], row["expected"], outcome] += 1
        rules.update({f.rule for f in found})
        if outcome != row["expected"]:
            wrong.append(f"{row['id']} expected {row['expected']}: {row['text']}")

    def rates(languages):
        asked = sum(counts[lang, "ask", "ask"] for lang in languages)
        missed = sum(counts[lang, "ask", "ok"] for lang in languages)
        false = sum(counts[lang, "ok", "ask"] for lang in languages)
        right = sum(counts[lang, "ok", "ok"] for lang in languages)
        return asked / (asked + missed), false / (false + right), missed, false

    with capsys.disabled():
        for name, languages in (("nl", ["nl"]), ("en", ["en"]), ("all", ["nl", "en"])):
            recall, false_rate, missed, false = rates(languages)
            print(
                f"\ndescription corpus {name}: recall {recall:.1%} ({missed} missed), "
                f"false positives {false_rate:.1%} ({false})"
            )
        print("lines asked about per rule:", dict(sorted(rules.items())))
        print("\n".join(wrong))
    recall, false_rate, _missed, _false = rates(["nl", "en"])
    assert recall >= MIN_RECALL
    assert false_rate <= MAX_FALSE_POSITIVES
