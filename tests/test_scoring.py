"""toolkit.scoring: worked examples from the published scoring rules, invariants, and errors."""

from __future__ import annotations

import dataclasses
import doctest
import math
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit.scoring
from toolkit.exercises import Questionnaire, catalog, load_exercise
from toolkit.scoring import (
    MissingAnswersError,
    Score,
    ScoringError,
    UnknownMeasureError,
    iapt_outcome,
    reliable_change,
    reliable_change_index,
    score,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

MEASURE_IDS = ("phq9", "phq2", "gad7", "gad2", "who5", "pcl5", "phq15", "k10", "auditc", "dass21")


def _spec(measure_id: str) -> Questionnaire:
    spec = load_exercise(measure_id)
    assert isinstance(spec, Questionnaire)
    return spec


def answers_for(measure_id: str, raw_total: int) -> list[int]:
    """Answers (one per scored item) whose unmultiplied sum is ``raw_total``."""
    spec = _spec(measure_id)
    ranges = [spec.item_range(item) for item in spec.scored_items]
    answers = [low for low, _ in ranges]
    left = raw_total - sum(answers)
    for index, (low, high) in enumerate(ranges):
        step = min(left, high - low)
        answers[index] += step
        left -= step
    assert left == 0, f"{measure_id}: {raw_total} is out of reach"
    return answers


def test_the_design_contract_example() -> None:
    r = score("phq9", [0, 1, 2, 3, 0, 1, 2, 0, 1])
    assert r.total == 10
    assert r.band == "moderate"
    assert r.alerts == ("phq9_item9",)
    assert r.subscales == {}
    assert reliable_change("phq9", before=18, after=9) == "improved"
    o = iapt_outcome(phq9=(16, 7), gad7=(12, 5))
    assert (o.case_at_start, o.recovery, o.reliable_improvement) == (True, True, True)
    assert (o.reliable_recovery, o.reliable_deterioration) == (True, False)


def test_results_are_frozen() -> None:
    r = score("gad7", [0] * 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.total = 3  # type: ignore[misc]
    o = iapt_outcome(phq9=(16, 7), gad7=(12, 5))
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.recovery = False  # type: ignore[misc]


def test_docstring_examples_run() -> None:
    failures, tests = doctest.testmod(toolkit.scoring)
    assert tests > 10
    assert failures == 0


# -- band boundaries (published tables, not read back from the files) -------------------------

BANDS = {
    # Kroenke, Spitzer & Williams 2001
    "phq9": [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"),
             (15, 19, "moderately severe"), (20, 27, "severe")],
    # Spitzer et al. 2006
    "gad7": [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")],
    # Kroenke, Spitzer & Williams 2002
    "phq15": [(0, 4, "minimal"), (5, 9, "low"), (10, 14, "medium"), (15, 30, "high")],
    # Andrews & Slade 2001
    "k10": [(10, 15, "low"), (16, 21, "moderate"), (22, 29, "high"), (30, 50, "very high")],
    # Topp et al. 2015: raw < 13 (≤ 50 %) screening cut-off; ≤ 28 % likely depression
    "who5": [(0, 7, "very low wellbeing"), (8, 12, "low wellbeing"), (13, 25, "good wellbeing")],
}  # fmt: skip


@pytest.mark.parametrize(
    ("measure_id", "total", "label"),
    [
        (measure_id, edge, label)
        for measure_id, bands in BANDS.items()
        for low, high, label in bands
        for edge in (low, high)
    ],
)
def test_every_band_boundary(measure_id: str, total: int, label: str) -> None:
    r = score(measure_id, answers_for(measure_id, total))
    assert r.total == total
    assert r.band == label
    assert r.severity_text


# Lovibond & Lovibond 1995, DASS-42 bands applied to DASS-21 sums × 2
DASS = {
    "depression": [(0, 9, "normal"), (10, 13, "mild"), (14, 20, "moderate"),
                   (21, 27, "severe"), (28, 42, "extremely severe")],
    "anxiety": [(0, 7, "normal"), (8, 9, "mild"), (10, 14, "moderate"),
                (15, 19, "severe"), (20, 42, "extremely severe")],
    "stress": [(0, 14, "normal"), (15, 18, "mild"), (19, 25, "moderate"),
               (26, 33, "severe"), (34, 42, "extremely severe")],
}  # fmt: skip
DASS_ITEMS = {
    "depression": (3, 5, 10, 13, 16, 17, 21),
    "anxiety": (2, 4, 7, 9, 15, 19, 20),
    "stress": (1, 6, 8, 11, 12, 14, 18),
}


def _dass_answers(subscale: str, raw: int) -> dict[str, int]:
    answers = {f"item{n}": 0 for n in range(1, 22)}
    for number in DASS_ITEMS[subscale]:
        step = min(raw, 3)
        answers[f"item{number}"] = step
        raw -= step
    return answers


@pytest.mark.parametrize("subscale", DASS)
@pytest.mark.parametrize("raw", range(22))
def test_dass21_subscales_are_doubled_and_banded(subscale: str, raw: int) -> None:
    r = score("dass21", _dass_answers(subscale, raw))
    result = r.subscales[subscale]
    assert result.total == 2 * raw
    (expected,) = [label for low, high, label in DASS[subscale] if low <= 2 * raw <= high]
    assert result.band == expected
    assert (result.min_total, result.max_total) == (0, 42)
    assert r.total == 2 * raw  # the other subscales are all 0
    assert r.band is None


def test_dass21_worked_example() -> None:
    # items 1..21 answered 0,1,2,3,0,1,2,… ; sums: depression 3,5,10,13,16,17,21 -> 2+0+0+0+3+1+2
    answers = [(n - 1) % 4 for n in range(1, 22)]
    r = score("dass21", answers)
    by_number = dict(enumerate(answers, start=1))
    for name, numbers in DASS_ITEMS.items():
        assert r.subscales[name].total == 2 * sum(by_number[n] for n in numbers)
    assert r.total == 2 * sum(answers)
    assert set(r.subscales) == {"depression", "anxiety", "stress"}


# -- screens and cut-offs ------------------------------------------------------------------


@pytest.mark.parametrize("measure_id", ["phq2", "gad2"])
def test_two_item_screens_are_positive_at_3(measure_id: str) -> None:
    assert score(measure_id, [1, 1]).positive is False
    assert score(measure_id, [2, 1]).positive is True
    assert score(measure_id, [3, 3]).positive is True
    assert score(measure_id, [0, 0]).band is None


def test_pcl5_cutoff_33_and_configurable() -> None:
    assert score("pcl5", answers_for("pcl5", 32)).positive is False
    assert score("pcl5", answers_for("pcl5", 33)).positive is True
    assert score("pcl5", answers_for("pcl5", 31), cutoff=31).positive is True
    assert score("pcl5", answers_for("pcl5", 30), cutoff=31).positive is False
    assert score("pcl5", [4] * 20).total == 80


def test_pcl5_cluster_sums() -> None:
    r = score("pcl5", list(range(5)) * 4)  # 0,1,2,3,4,0,1,…
    assert {key: sub.total for key, sub in r.subscales.items()} == {
        "intrusions": 0 + 1 + 2 + 3 + 4,
        "avoidance": 0 + 1,
        "cognition_mood": 2 + 3 + 4 + 0 + 1 + 2 + 3,
        "arousal": 4 + 0 + 1 + 2 + 3 + 4,
    }
    assert r.total == 40


@pytest.mark.parametrize(
    ("answers", "sex", "positive"),
    [
        ([1, 1, 1], "male", False),
        ([2, 1, 1], "male", True),
        ([1, 1, 0], "female", False),
        ([1, 1, 1], "female", True),
        ([4, 4, 4], "male", True),
        ([0, 0, 0], "female", False),
    ],
)
def test_auditc_cutoff_depends_on_sex(answers: list[int], sex: str, positive: bool) -> None:
    assert score("auditc", answers, sex=sex).positive is positive  # type: ignore[arg-type]


def test_auditc_without_sex_gives_no_verdict_but_says_both_levels() -> None:
    r = score("auditc", [1, 1, 1])
    assert r.positive is None
    assert "4 or more for men" in r.severity_text
    assert "3 or more for women" in r.severity_text


def test_who5_percent_and_low_wellbeing_flag() -> None:
    for raw in range(26):
        # answers spread evenly, so no single item is 0 or 1 once raw ≥ 10 (the item rule is
        # tested on its own below)
        spread = [raw // 5 + (1 if index < raw % 5 else 0) for index in range(5)]
        r = score("who5", spread)
        assert r.percent == raw * 4
        assert r.positive is (raw < 13)
    assert score("who5", [5] * 5).percent == 100


def test_k10_range_is_10_to_50() -> None:
    assert score("k10", [1] * 10).total == 10
    assert score("k10", [5] * 10).total == 50
    assert score("k10", [1] * 10).band == "low"
    assert score("k10", [5] * 10).band == "very high"


def test_phq15_women_only_item_may_be_blank() -> None:
    answers: list[int | None] = [1] * 15
    answers[3] = None
    r = score("phq15", answers)
    assert r.total == 14
    assert r.answered == 14
    assert r.prorated == 0


def test_gad7_case_at_8_is_separate_from_the_screening_cutoff_10() -> None:
    r = score("gad7", answers_for("gad7", 8))
    assert (r.case, r.positive, r.band) == (True, False, "mild")
    assert score("gad7", answers_for("gad7", 7)).case is False
    assert score("phq9", answers_for("phq9", 10)).case is True
    assert score("phq9", answers_for("phq9", 9)).case is False
    assert score("k10", [1] * 10).case is None


# -- the item-9 alert ------------------------------------------------------------------------


@pytest.mark.parametrize(("item9", "alerted"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item9_alert(item9: int, alerted: bool) -> None:
    r = score("phq9", [0] * 8 + [item9])
    assert r.alerts == (("phq9_item9",) if alerted else ())
    assert r.total == item9


def test_item9_alert_is_raised_even_when_the_total_is_minimal() -> None:
    r = score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert r.band == "minimal"
    assert r.alerts == ("phq9_item9",)


def test_item9_can_never_be_left_out() -> None:
    with pytest.raises(MissingAnswersError, match="item9 must be answered"):
        score("phq9", [0] * 8 + [None])
    with pytest.raises(MissingAnswersError, match="item9"):
        score("phq9", {f"item{n}": 0 for n in range(1, 9)})


# -- input forms ---------------------------------------------------------------------------


def test_mapping_and_list_give_the_same_result() -> None:
    values = [0, 1, 2, 3, 0, 1, 2, 0, 1]
    by_id = {f"item{n}": value for n, value in enumerate(values, start=1)}
    assert score("phq9", by_id) == score("phq9", values)


def test_unscored_difficulty_question_is_kept_but_not_summed() -> None:
    r = score("phq9", [*[1] * 9, 3])
    assert r.total == 9
    assert r.extra_answers == {"difficulty": 3}
    assert score("phq9", [1] * 9).extra_answers == {"difficulty": None}
    by_id = score("phq9", {**{f"item{n}": 1 for n in range(1, 10)}, "difficulty": 2})
    assert by_id.total == 9


def test_result_fields() -> None:
    r = score("phq9", [3] * 9)
    assert (r.measure, r.total, r.min_total, r.max_total) == ("phq9", 27, 0, 27)
    assert (r.answered, r.prorated, r.percent, r.positive) == (9, 0, None, True)
    assert r.item_scores == {f"item{n}": 3 for n in range(1, 10)}


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: score("phq9", [0] * 8), ScoringError, "expected 9 answers"),
        (lambda: score("phq9", [0] * 11), ScoringError, "got 11"),
        (lambda: score("phq9", [0, 0, 4, 0, 0, 0, 0, 0, 0]), ScoringError, "item3: answer 4"),
        (lambda: score("phq9", [0, 0, -1, 0, 0, 0, 0, 0, 0]), ScoringError, "not one of 0, 1"),
        (lambda: score("k10", [0] * 10), ScoringError, "not one of 1, 2, 3, 4, 5"),
        (lambda: score("phq9", [True] * 9), ScoringError, "whole number"),
        (lambda: score("phq9", [0.5] * 9), ScoringError, "whole number"),  # type: ignore[list-item]
        (lambda: score("phq9", "012301201"), ScoringError, "list of numbers"),
        (lambda: score("phq9", {"item10": 1}), ScoringError, "unknown item ids ['item10']"),
        (lambda: score("phq9", [0, None, *[0] * 7]), MissingAnswersError, "allows none"),
        (lambda: score("auditc", [1, 1, 1], sex="other"), ScoringError, "'male' or 'female'"),  # type: ignore[arg-type]
        (lambda: score("auditc", [1, 1, 1], cutoff=3), ScoringError, "depends on sex"),
        (lambda: score("pcl5", [0] * 20, cutoff=81), ScoringError, "outside the range 0–80"),
        (lambda: score("k10", [1] * 10, cutoff=20), ScoringError, "declares no cut-off"),
        (lambda: reliable_change("phq9", 30, 1), ScoringError, "before total 30 is outside"),
        (lambda: reliable_change("k10", 9, 20), ScoringError, "outside the range 10–50"),
        (lambda: reliable_change("phq15", 20, 2), ScoringError, "no reliable-change parameters"),
        (lambda: reliable_change("pcl5", 40, 20, sd=10.0), ScoringError, "together"),
        (lambda: reliable_change("pcl5", 40, 20, sd=-1.0, r=0.5), ScoringError, "sd > 0"),
        (lambda: reliable_change("pcl5", 40, 20, sd=10.0, r=1.0), ScoringError, "r < 1"),
        (lambda: iapt_outcome(phq9=(30, 1), gad7=(5, 5)), ScoringError, "phq9 before"),
        (lambda: iapt_outcome(phq9=(10,), gad7=(5, 5)), ScoringError, "(before, after) pair"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_bad_input_raises_a_clear_error(
    call: Callable[[], object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert words in str(caught.value)


def test_unknown_measure_is_a_key_error_listing_the_measures() -> None:
    with pytest.raises(KeyError) as caught:
        score("bdi2", [0] * 21)
    assert isinstance(caught.value, UnknownMeasureError)
    assert "unknown measure 'bdi2'" in str(caught.value)
    assert "phq9" in str(caught.value)
    with pytest.raises(UnknownMeasureError, match="thought_record"):
        reliable_change("thought_record", 1, 2)  # a worksheet, not a measure


def test_scoring_errors_are_value_errors() -> None:
    assert issubclass(ScoringError, ValueError)
    assert issubclass(MissingAnswersError, ScoringError)


# -- reliable change -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure_id", "before", "after", "expected"),
    [
        ("phq9", 18, 9, "improved"),
        ("phq9", 18, 12, "improved"),  # a drop of exactly 6 is reliable
        ("phq9", 18, 13, "no reliable change"),
        ("phq9", 12, 18, "deteriorated"),
        ("phq9", 12, 17, "no reliable change"),
        ("gad7", 12, 8, "improved"),  # a drop of exactly 4
        ("gad7", 12, 9, "no reliable change"),
        ("gad7", 8, 12, "deteriorated"),
    ],
)
def test_nhs_talking_therapies_thresholds(
    measure_id: str, before: int, after: int, expected: str
) -> None:
    assert reliable_change(measure_id, before=before, after=after) == expected


def test_rci_formula_and_exact_boundary() -> None:
    # sd = 50, r = 0.875: sd·√2·√(1 − r) = 25, so a change of 49 is an RCI of exactly 1.96,
    # which is not above 1.96; 50 is.
    assert math.isclose(reliable_change_index(60, 11, sd=50.0, r=0.875), -1.96)
    assert reliable_change("pcl5", 60, 11, sd=50.0, r=0.875) == "no reliable change"
    assert reliable_change("pcl5", 60, 10, sd=50.0, r=0.875) == "improved"
    assert reliable_change("pcl5", 10, 60, sd=50.0, r=0.875) == "deteriorated"


def test_keyword_parameters_replace_the_declared_ones() -> None:
    assert reliable_change("phq9", 18, 13, threshold=5) == "improved"
    assert reliable_change("phq9", 18, 16, sd=1.0, r=0.5) == "improved"  # RCI = −2
    assert reliable_change("pcl5", 40, 30, threshold=10) == "improved"


def test_wellbeing_rises_are_improvements() -> None:
    assert reliable_change("who5", 8, 18, threshold=3) == "improved"
    assert reliable_change("who5", 18, 8, threshold=3) == "deteriorated"


CHANGE_CASES: dict[str, dict[str, float]] = {
    "phq9": {},
    "gad7": {},
    "k10": {"sd": 7.0, "r": 0.8},
    "who5": {"sd": 5.0, "r": 0.8},
    "pcl5": {"threshold": 10},
}
MIRROR = {"improved": "deteriorated", "deteriorated": "improved"}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(CHANGE_CASES)), st.data())
def test_reliable_change_is_antisymmetric(measure_id: str, data: st.DataObject) -> None:
    low, high = _spec(measure_id).total_range()
    before = data.draw(st.integers(low, high))
    after = data.draw(st.integers(low, high))
    kwargs = CHANGE_CASES[measure_id]
    forward = reliable_change(measure_id, before, after, **kwargs)  # type: ignore[arg-type]
    backward = reliable_change(measure_id, after, before, **kwargs)  # type: ignore[arg-type]
    assert backward == MIRROR.get(forward, forward)
    assert reliable_change(measure_id, before, before, **kwargs) == "no reliable change"  # type: ignore[arg-type]


# -- invariants over random answers -----------------------------------------------------------


def _answer_lists(measure_id: str) -> st.SearchStrategy[list[int]]:
    spec = _spec(measure_id)
    return st.tuples(
        *(
            st.sampled_from([int(o.value) for o in spec.options_for(item)])
            for item in spec.scored_items
        )
    ).map(list)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MEASURE_IDS).flatmap(lambda m: st.tuples(st.just(m), _answer_lists(m))))
def test_total_is_within_range_and_sums_the_items(case: tuple[str, list[int]]) -> None:
    measure_id, answers = case
    spec = _spec(measure_id)
    r = score(measure_id, answers, sex="female")
    assert r.min_total <= r.total <= r.max_total
    assert (r.min_total, r.max_total) == spec.total_range()
    multiplier = spec.scoring.multiplier if spec.scoring else 1
    assert r.total == sum(answers) * multiplier
    for sub in r.subscales.values():
        assert sub.min_total <= sub.total <= sub.max_total
    if spec.bands:
        assert r.band is not None
    assert r.severity_text


def _band_index(measure_id: str) -> Callable[[Score], int]:
    labels = [band.label for band in _spec(measure_id).bands]
    return lambda result: labels.index(result.band or "")


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(BANDS)).flatmap(
        lambda m: st.tuples(st.just(m), _answer_lists(m), _answer_lists(m))
    )
)
def test_band_is_monotone_in_the_total(case: tuple[str, list[int], list[int]]) -> None:
    measure_id, first, second = case
    one, two = score(measure_id, first), score(measure_id, second)
    if one.total > two.total:
        one, two = two, one
    index = _band_index(measure_id)
    assert index(one) <= index(two)
    if one.total == two.total:
        assert one.band == two.band


# -- NHS Talking Therapies outcomes --------------------------------------------------------


@pytest.mark.parametrize(
    ("phq9", "gad7", "expected"),
    [
        # case, recovered, both reliably improved
        ((16, 7), (12, 5), (True, True, True, True, False)),
        # not a case at the start (PHQ-9 9, GAD-7 7): no recovery possible, but GAD-7 dropped 4
        ((9, 4), (7, 3), (False, False, True, False, False)),
        # a case by GAD-7 alone, recovered, but neither change is reliable
        ((5, 4), (8, 7), (True, True, False, False, False)),
        # reliable improvement on PHQ-9 without recovery (still a case at the end)
        ((20, 12), (15, 12), (True, False, True, False, False)),
        # one improves, the other deteriorates: neither improvement nor deterioration
        ((20, 10), (5, 12), (True, False, False, False, False)),
        # reliable deterioration on PHQ-9, GAD-7 unchanged
        ((8, 15), (5, 6), (False, False, False, False, True)),
        # no change at all
        ((12, 12), (10, 10), (True, False, False, False, False)),
    ],
)
def test_iapt_outcomes(
    phq9: tuple[int, int], gad7: tuple[int, int], expected: tuple[bool, ...]
) -> None:
    o = iapt_outcome(phq9=phq9, gad7=gad7)
    assert (
        o.case_at_start,
        o.recovery,
        o.reliable_improvement,
        o.reliable_recovery,
        o.reliable_deterioration,
    ) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(st.integers(0, 27), st.integers(0, 27)),
    st.tuples(st.integers(0, 21), st.integers(0, 21)),
)
def test_iapt_outcome_invariants(phq9: tuple[int, int], gad7: tuple[int, int]) -> None:
    o = iapt_outcome(phq9=phq9, gad7=gad7)
    assert not (o.reliable_improvement and o.reliable_deterioration)
    assert o.reliable_recovery == (o.recovery and o.reliable_improvement)
    assert not o.recovery or o.case_at_start
    assert o.case_at_start == (phq9[0] >= 10 or gad7[0] >= 8)


# -- prorating, declared as data ---------------------------------------------------------------

PRORATED = """\
schema_version: 1
id: prorated_test
kind: questionnaire
title: Prorated test scale
short_title: PT
summary: A test scale whose (made-up) manual allows one blank.
instructions: Answer each item.
options:
  - {value: 0, label: "No"}
  - {value: 1, label: Some}
  - {value: 2, label: "Yes"}
items:
  - {id: item1, text: One}
  - {id: item2, text: Two}
  - {id: item3, text: Three, reverse: true}
  - {id: item4, text: Four}
scoring:
  missing: {allowed: 1, method: prorate, source: "test fixture"}
alerts:
  - id: pt_item4
    item: item4
    min: 2
    message: Item 4 was answered 2.
    client_text: Thank you for answering.
bands:
  - {min: 0, max: 3, label: low}
  - {min: 4, max: 8, label: high}
licence: Ours.
citation: Ours.
"""


@pytest.fixture
def test_measures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "measures").mkdir()
    (tmp_path / "measures" / "prorated_test.yaml").write_text(PRORATED, encoding="utf-8")
    monkeypatch.setenv("CBT_EXERCISES_DIR", str(tmp_path))
    catalog.cache_clear()
    yield tmp_path
    monkeypatch.delenv("CBT_EXERCISES_DIR")
    catalog.cache_clear()


@pytest.mark.usefixtures("test_measures")
def test_prorating_and_reverse_items_follow_the_file() -> None:
    full = score("prorated_test", [2, 1, 0, 1])  # item3 reversed: 0 -> 2
    assert full.total == 6
    assert full.item_scores["item3"] == 2
    one_blank = score("prorated_test", [2, 1, None, 2])  # 5 over 3 items -> 5·4/3 = 6.67 -> 7
    assert (one_blank.total, one_blank.prorated, one_blank.answered) == (7, 1, 3)
    assert one_blank.prorated_items == ("item3",)
    assert full.prorated == 0
    assert full.prorated_items == ()
    half = score("prorated_test", [1, None, 0, 0])  # 1+0+2 = 3 over 3 -> 4 (exact)
    assert half.total == 4
    rounds_down = score("prorated_test", [1, 0, None, 0])  # 1 over 3 items -> 1.33 -> 1
    assert rounds_down.total == 1
    with pytest.raises(MissingAnswersError, match="at most 1"):
        score("prorated_test", [1, None, None, 0])


# -- clinical rules beyond the total (issue 11) --------------------------------------------------


def test_dass21_item21_has_the_dass21_wording_not_the_dass42_one() -> None:
    # Lovibond & Lovibond 1995, DASS-21 form: item 21 is "I felt that life was meaningless";
    # "I felt that life wasn't worthwhile" is DASS-42 item 21, a different item.
    spec = _spec("dass21")
    assert spec.item("item21").text == "I felt that life was meaningless"
    assert all("worthwhile" not in item.text for item in spec.items)


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_every_measure_records_the_source_of_its_wording(measure_id: str) -> None:
    assert len(_spec(measure_id).wording_source.strip()) > 40


def test_who5_any_item_at_0_or_1_is_a_positive_screen_whatever_the_total() -> None:
    # WHO-5 scoring notes (Psychiatric Research Unit, Hillerød): a raw score below 13 OR an
    # answer of 0 or 1 to any single item suggests testing for depression.
    for low in (0, 1):
        r = score("who5", [5, 5, 5, 5, low])
        assert (r.total, r.positive, r.item_rule) == (20 + low, True, True)
        assert "check your mood" in r.severity_text
    r = score("who5", [5, 5, 5, 5, 2])
    assert (r.positive, r.item_rule) == (False, False)
    assert score("who5", [2, 2, 2, 2, 2]).positive is True  # raw 10 < 13, no item at 0–1


def test_auditc_never_drinker_skips_items_2_and_3_scored_0() -> None:
    # Babor et al. 2001 (WHO AUDIT manual): "Never" on question 1 skips questions 2 and 3.
    r = score("auditc", [0, None, None], sex="female")
    assert (r.total, r.positive, r.skipped) == (0, False, ("item2", "item3"))
    assert r.item_scores == {"item1": 0, "item2": 0, "item3": 0}
    assert score("auditc", {"item1": 0}, sex="male").total == 0
    with pytest.raises(MissingAnswersError):
        score("auditc", [1, None, None], sex="female")  # a drinker must answer all three


def test_phq9_result_text_never_reassures_when_item9_is_endorsed() -> None:
    # Kroenke et al. 2001: item 9 needs follow-up whatever the total.
    calm = score("phq9", [0] * 9)
    assert "few or no signs" in calm.severity_text
    r = score("phq9", [0] * 8 + [3])
    assert (r.total, r.band, r.alerts) == (3, "minimal", ("phq9_item9",))
    assert "few or no signs" not in r.severity_text
    assert "talk it through with your therapist" in r.severity_text


def test_recovery_is_not_applicable_for_a_client_who_was_not_a_case() -> None:
    # NHS Talking Therapies Manual: recovery is counted only for cases at the start.
    o = iapt_outcome(phq9=(9, 4), gad7=(7, 3))
    assert (o.case_at_start, o.recovery_status, o.reliable_recovery_status) == (
        False,
        "not applicable",
        "not applicable",
    )
    assert iapt_outcome(phq9=(16, 7), gad7=(12, 5)).recovery_status == "yes"
    assert iapt_outcome(phq9=(20, 12), gad7=(15, 12)).recovery_status == "no"


def test_iapt_outcome_accepts_a_paired_anxiety_measure() -> None:
    # NHS Talking Therapies Manual, "paired measures": PCL-5 for PTSD (case ≥ 32, change ≥ 10).
    o = iapt_outcome(phq9=(8, 6), anxiety=(45, 20), anxiety_measure="pcl5")
    assert (o.anxiety, o.case_at_start, o.recovery_status) == ("pcl5", True, "yes")
    assert (o.anxiety_change, o.reliable_improvement, o.reliable_recovery) == (
        "improved",
        True,
        True,
    )
    # still a case by PCL-5 at the end: no recovery
    assert not iapt_outcome(phq9=(8, 6), anxiety=(45, 33), anxiety_measure="pcl5").recovery
    assert iapt_outcome(phq9=(16, 7), gad7=(12, 5)).anxiety == "gad7"
    with pytest.raises(ScoringError, match="not both"):
        iapt_outcome(phq9=(8, 6), gad7=(9, 4), anxiety=(45, 20), anxiety_measure="pcl5")
    with pytest.raises(ScoringError, match="caseness"):
        iapt_outcome(phq9=(8, 6), anxiety=(20, 10), anxiety_measure="k10")


@pytest.mark.parametrize(
    ("measure_id", "subscale", "method", "before", "after", "expected"),
    [
        # PHQ-9 index: SD 3.52, r 0.84 → 1.96·√2·3.52·√0.16 = 3.90, so 4 points are reliable
        ("phq9", None, "rci", 10, 6, "improved"),
        ("phq9", None, "rci", 10, 7, "no reliable change"),
        ("phq9", None, "threshold", 10, 6, "no reliable change"),  # NHS: 6 points
        # GAD-7 index: SD 3.41, r 0.83 → 3.90
        ("gad7", None, "rci", 6, 10, "deteriorated"),
        ("gad7", None, "rci", 6, 9, "no reliable change"),
        # PCL-5: NHS Talking Therapies threshold 10
        ("pcl5", None, None, 40, 30, "improved"),
        ("pcl5", None, None, 40, 31, "no reliable change"),
        # WHO-5: 10 percentage points = 3 raw points; a rise is better
        ("who5", None, None, 10, 13, "improved"),
        ("who5", None, None, 10, 12, "no reliable change"),
        # DASS-21 subscales (× 2 scale), Henry & Crawford 2005: depression SD 7.74, α .88 → 7.43
        ("dass21", "depression", None, 20, 12, "improved"),
        ("dass21", "depression", None, 20, 13, "no reliable change"),
        # anxiety SD 5.90, α .82 → 6.94; stress SD 8.40, α .90 → 7.36
        ("dass21", "anxiety", None, 10, 18, "deteriorated"),
        ("dass21", "anxiety", None, 10, 16, "no reliable change"),
        ("dass21", "stress", None, 30, 22, "improved"),
        ("dass21", "stress", None, 30, 24, "no reliable change"),
    ],
)  # fmt: skip
def test_reliable_change_for_more_measures(
    measure_id: str,
    subscale: str | None,
    method: str | None,
    before: int,
    after: int,
    expected: str,
) -> None:
    got = reliable_change(
        measure_id,
        before,
        after,
        method=method,  # type: ignore[arg-type]
        subscale=subscale,
    )
    assert got == expected


def test_declared_rci_parameters_match_the_index_function() -> None:
    for measure_id in ("phq9", "gad7"):
        rule = _spec(measure_id).reliable_change
        assert rule is not None
        assert rule.sd is not None
        assert rule.r is not None
        for change in range(1, 8):
            index = reliable_change_index(10, 10 + change, sd=rule.sd, r=rule.r)
            label = reliable_change(measure_id, 10, 10 + change, method="rci")
            assert (label == "deteriorated") == (abs(index) > 1.96)


def test_reliable_change_errors_for_subscales_and_methods() -> None:
    with pytest.raises(ScoringError, match="no subscale 'mood'"):
        reliable_change("dass21", 10, 20, subscale="mood")
    with pytest.raises(ScoringError, match="outside the range 0–42"):
        reliable_change("dass21", 10, 44, subscale="stress")
    with pytest.raises(ScoringError, match="no sd and r"):
        reliable_change("pcl5", 40, 20, method="rci")
    with pytest.raises(ScoringError, match="no reliable-change parameters"):
        reliable_change("phq15", 10, 2)


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_blanks_are_refused_unless_a_cited_rule_allows_them(measure_id: str) -> None:
    # No measure file cites a manual's prorating rule, so a blank scored item is refused.
    spec = _spec(measure_id)
    assert spec.scoring is not None
    if spec.scoring.missing.allowed:
        assert spec.scoring.missing.source.strip()
        return
    required = [item for item in spec.scored_items if not item.optional]
    answers: dict[str, int | None] = {
        item.id: spec.item_range(item)[1] for item in spec.scored_items
    }
    answers[required[-1].id] = None
    with pytest.raises(MissingAnswersError):
        score(measure_id, answers)


@pytest.mark.usefixtures("test_measures")
def test_an_alert_item_is_never_prorated_even_where_blanks_are_allowed() -> None:
    # The safe rule for PHQ-9 item 9 applies to every alert item: a blank is never read as 0 or
    # as the mean of the others, so there is no total (and no "no alert") without it.
    with pytest.raises(MissingAnswersError, match="item4 must be answered"):
        score("prorated_test", [2, 1, 0, None])
    assert score("prorated_test", [2, None, 0, 2]).alerts == ("pt_item4",)


def test_phq9_item9_blank_gives_no_score_at_all() -> None:
    # Kroenke, Spitzer & Williams 2001: item 9 is the risk item; it is never dropped. With the
    # other eight answered, a blank item 9 still yields no total rather than a total with item 9
    # as 0 (which would also hide the alert).
    with pytest.raises(MissingAnswersError, match="item9 must be answered"):
        score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, None])


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_every_missing_item_rule_says_what_was_checked(measure_id: str) -> None:
    # Issue 11: the missing-item rule of each measure is data with its source, also when the
    # rule is "no blanks" because no published prorating rule could be verified.
    spec = _spec(measure_id)
    assert spec.scoring is not None
    assert len(spec.scoring.missing.source.strip()) > 40


def test_k10_reliable_change_from_cited_sd_and_test_retest_r() -> None:
    # Jacobson & Truax 1991 with SD 7.3 (Lehmann et al. 2023, general-population norms) and
    # r 0.80 (Merson et al. 2021, test–retest over 1–2 weeks in treatment seekers):
    # 1.96 · √2 · 7.3 · √(1 − 0.80) ≈ 9.05, so 10 points are reliable and 9 are not.
    rule = _spec("k10").reliable_change
    assert rule is not None
    assert (rule.sd, rule.r, rule.threshold) == (7.3, 0.80, None)
    assert "Lehmann" in rule.source
    assert "Merson" in rule.source
    assert abs(reliable_change_index(30, 20, sd=7.3, r=0.80)) > 1.96
    assert abs(reliable_change_index(30, 21, sd=7.3, r=0.80)) < 1.96
    assert reliable_change("k10", 30, 20) == "improved"
    assert reliable_change("k10", 30, 21) == "no reliable change"
    assert reliable_change("k10", 15, 25) == "deteriorated"
    assert reliable_change("k10", 15, 24) == "no reliable change"
