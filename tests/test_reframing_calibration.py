"""Multi-label training data, the calibrated per-trap thresholds and the multi-label decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pydantic import ValidationError

from toolkit.exercises.loader import ExerciseFileError
from toolkit.reframing import TRAP_IDS, analyze
from toolkit.reframing.calibration import GRID, calibrate, choose, to_yaml
from toolkit.reframing.engine import (
    LabelledThought,
    ThresholdFile,
    Thresholds,
    TrainingSet,
    get_engine,
    stored_thresholds,
    thresholds_path,
    training_set,
)
from toolkit.reframing.taxonomy import load_fast, load_traps

if TYPE_CHECKING:
    from pathlib import Path

# New thoughts written for these tests (in neither training.yaml nor traps.yaml), each showing
# two traps at once.
TWO_TRAPS = [
    (
        "I locked myself out again. I'm such an idiot, I never remember my keys.",
        {"labeling", "overgeneralizing"},
    ),
    (
        (
            "My tutor frowned at my draft; she must think I'm hopeless, and it's my fault the "
            "group grade will drop."
        ),
        {"mind_reading", "personalizing"},
    ),
    (
        "Everyone in my year already has a job offer and I'm still applying, I'll never get hired.",
        {"comparing_despairing", "fortune_telling"},
    ),
    (
        "I feel like a failure, so I must be one, and everything I've done this year is worthless.",
        {"emotional_reasoning", "all_or_nothing"},
    ),
]


def test_multi_label_thoughts_are_new() -> None:
    data = training_set()
    seen = {text.lower() for text, _ in data.labelled()}
    seen |= {e.lower() for trap in load_traps().traps for e in trap.examples}
    assert not seen & {text.lower() for text, _ in TWO_TRAPS}


def test_multi_label_data_is_there_and_uses_known_labels() -> None:
    data = training_set()
    assert len(data.multi_label) >= 250
    labels = [item.traps for item in data.multi_label]
    assert sum(len(t) >= 2 for t in labels) >= 150
    assert sum(t == ("none",) for t in labels) >= 20
    assert {label for t in labels for label in t} <= {*TRAP_IDS, "none"}
    assert all(len(set(t)) == len(t) for t in labels)


@pytest.mark.parametrize(("thought", "traps"), TWO_TRAPS)
def test_a_thought_with_two_traps_gets_both(thought: str, traps: set[str]) -> None:
    reported = {hit.id for hit in analyze(thought).traps}
    assert traps <= reported, (thought, reported)


def test_report_follows_each_traps_threshold() -> None:
    engine = get_engine()
    for thought, _ in TWO_TRAPS:
        ranked = engine.rank(thought)
        shown = engine.report(ranked)
        assert len(shown) <= 3
        assert all(r.score >= engine.thresholds.of(r.trap.id) for r in shown)
        passing = [r for r in ranked if r.score >= engine.thresholds.of(r.trap.id)]
        assert shown == passing[:3]


def test_labelled_thought_takes_one_to_three_traps() -> None:
    LabelledThought(text="I always fail", traps=("overgeneralizing",))
    with pytest.raises(ValidationError):
        LabelledThought(text="x", traps=())
    with pytest.raises(ValidationError):
        LabelledThought(text="x", traps=("labeling",) * 4)
    with pytest.raises(ValidationError):
        TrainingSet.model_validate(
            {"schema_version": 1, "examples": {"a": ["x"], "b": ["y"]}, "multi_labels": []}
        )


def test_choose_prefers_the_threshold_that_separates_and_is_deterministic() -> None:
    scored = [
        (frozenset({"labeling"}), (("labeling", 0.62), ("blaming", 0.31))),
        (frozenset({"labeling", "blaming"}), (("labeling", 0.58), ("blaming", 0.52))),
        (frozenset({"none"}), (("labeling", 0.33), ("blaming", 0.3))),
        (frozenset({"blaming"}), (("blaming", 0.66), ("labeling", 0.2))),
    ]
    first = choose(scored, ["labeling", "blaming"])
    assert first == choose(scored, ["labeling", "blaming"])
    assert first.default in GRID
    assert 0.33 < first.of("labeling") <= 0.58
    assert 0.31 < first.of("blaming") <= 0.52
    assert first.of("a_trap_added_later") == first.default


def test_stored_thresholds_are_what_calibration_gives_today() -> None:
    """Deterministic calibration on our own data reproduces ``data/thresholds.yaml``.

    After editing training.yaml, run ``python -m toolkit.reframing.calibration``.
    """
    result = calibrate(load_traps(), training_set())
    assert result == stored_thresholds()
    assert to_yaml(result) == thresholds_path().read_text(encoding="utf-8")
    assert set(result.per_trap) == set(TRAP_IDS)
    assert all(GRID[0] <= value <= GRID[-1] for value in result.per_trap.values())


def test_thresholds_round_trip() -> None:
    t = Thresholds(default=0.425, per_trap={"labeling": 0.35})
    data = ThresholdFile.model_validate(
        {"schema_version": 1, "default": t.default, "per_trap": dict(t.per_trap)}
    )
    assert Thresholds(default=data.default, per_trap=dict(data.per_trap)) == t


def test_load_fast_still_names_the_line_of_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "thresholds.yaml"
    bad.write_text("schema_version: 1\ndefault: 0.4\nper_trap:\n  labeling: high\n", "utf-8")
    with pytest.raises(ExerciseFileError) as info:
        load_fast(bad, ThresholdFile)
    assert "thresholds.yaml" in str(info.value)
    assert "4" in str(info.value)
