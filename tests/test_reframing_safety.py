"""The crisis gate: recall on our positive phrasings, false positives on hard negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.reframing import analyze
from toolkit.reframing.safety import check, crisis_resources, normalise

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


POSITIVE = _lines("crisis_positive.txt")
NEGATIVE = _lines("crisis_negative.txt")


def test_data_files_are_big_enough() -> None:
    assert len(POSITIVE) >= 80
    assert len(NEGATIVE) >= 120


def test_recall_is_complete_on_positive_phrasings() -> None:
    missed = [text for text in POSITIVE if not check(text).crisis]
    assert missed == []


def test_false_positive_rate_on_hard_negatives_is_at_most_5_percent() -> None:
    fired = [text for text in NEGATIVE if check(text).crisis]
    assert len(fired) / len(NEGATIVE) <= 0.05, fired


@pytest.mark.parametrize(
    "idiom",
    [
        "this commute is killing me",
        "I could kill for a coffee",
        "dying to see it",
        "my feet are killing me",
        "we studied suicide prevention",
        "years ago I self-harmed, now I'm doing well",
    ],
)
def test_idioms_and_safe_mentions_do_not_fire(idiom: str) -> None:
    assert not check(idiom).crisis


@pytest.mark.parametrize(
    "text",
    ["I want to d1e", "i wanna kil myslef", "thinking about suiciide", "UNALIVE MYSELF", "kms"],
)
def test_typos_case_and_slang_fire(text: str) -> None:
    result = check(text)
    assert result.crisis
    assert result.rule


def test_normalise_undoes_leetspeak_and_repeats() -> None:
    assert normalise("I wanna K1LL mys3lf") == "i wanna kill myself"
    assert normalise("s-u-i-c-i-d-e") == "suicide"


def test_crisis_result_names_the_rule_but_not_the_text() -> None:
    result = check("I want to end my life")
    assert result.rules
    assert "end my life" not in repr(result)


def test_crisis_empties_the_analysis_and_shows_resources() -> None:
    result = analyze("I always fail and I want to kill myself")
    assert result.crisis
    assert result.traps == ()
    assert result.reframes == ()
    assert result.questions == ()
    assert "988" in result.crisis_resources or "findahelpline" in result.crisis_resources


def test_the_situation_is_checked_too() -> None:
    assert analyze("I can't cope", situation="I have the pills saved up").crisis


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-US", "988"), ("en-GB", "116 123"), ("en_IE", "116 123"), ("fr-FR", "findahelpline.com")],
)
def test_crisis_resources_by_locale(locale: str, expected: str) -> None:
    assert expected in crisis_resources(locale)


def test_locale_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CBT_LOCALE", "en-GB")
    assert "116 123" in analyze("I want to die").crisis_resources
