"""The offline engine through the public API: shape, traps, cues, negation, reframes, editing."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from toolkit.reframing import TRAP_IDS, Analysis, TrapHit, analyze
from toolkit.reframing.checklist import check_reframe, fk_grade, syllables
from toolkit.reframing.engine import build, get_engine, training_examples
from toolkit.reframing.taxonomy import load_traps, traps_path

# New sentences written for these tests (not in training.yaml or traps.yaml).
NEW_THOUGHTS = {
    "all_or_nothing": [
        "If my thesis isn't flawless, the whole degree was a waste.",
        "I skipped one day of revision so my entire plan is ruined.",
    ],
    "overgeneralizing": [
        "The printer jammed again, nothing ever works for me.",
        "Every time I ask someone out they say no.",
    ],
    "labeling": ["I'm such a failure for missing the bus.", "My flatmate is a total slob."],
    "fortune_telling": [
        "I'm going to fail the chemistry exam next week.",
        "The new boss will hate my work.",
    ],
    "mind_reading": [
        "My neighbour thinks I'm rude.",
        "The other dads at football think I'm useless.",
    ],
    "emotional_reasoning": [
        "I feel like an impostor, so I must be one.",
        "I feel nervous about the bridge, so it must be unsafe.",
    ],
    "should_statements": [
        "I should be able to cook for eight people without stress.",
        "I must reply to every email within an hour.",
    ],
    "personalizing": [
        "The choir sounded bad tonight because of me.",
        "It's all my fault that my brother is unhappy.",
    ],
    "disqualifying_positive": [
        "They praised my poster, but they were just being nice.",
        "I won the quiz but it was pure luck.",
    ],
    "catastrophizing": [
        "If I fail this module, my life is over.",
        "This mole must be cancer.",
    ],
    "comparing_despairing": [
        "My cousin earns far more than me.",
        "Other students write better than I do.",
    ],
    "blaming": [
        "It's my landlord's fault I can't sleep.",
        "My parents ruined my chances at uni.",
    ],
    "negative_feeling": [
        "I feel so anxious about the hospital visit.",
        "I'm really lonely this week.",
    ],
}

BALANCED = [
    "I was nervous before the talk, and it went fine.",
    "I forgot to call my aunt, so I'll ring her tomorrow.",
    "The weather spoiled our picnic, so we played board games.",
    "I'm learning to cook and the soup was decent.",
    "My friend was quiet at lunch; I'll check she's okay.",
    "Money is tight, so I've made a simple budget.",
    "I didn't get the part in the play, and I'll audition again next year.",
    "I had a good run this morning.",
]


def test_the_training_data_never_contains_the_test_sentences() -> None:
    seen = {t.lower() for texts in training_examples().values() for t in texts}
    seen |= {e.lower() for trap in load_traps().traps for e in trap.examples}
    for texts in NEW_THOUGHTS.values():
        assert not seen & {t.lower() for t in texts}


def test_training_data_is_big_enough() -> None:
    data = training_examples()
    assert all(len(data[trap_id]) >= 60 for trap_id in TRAP_IDS)
    assert len(data["none"]) >= 150


def test_contract_shape() -> None:
    result = analyze("I always mess everything up", situation="missed a deadline")
    assert isinstance(result, Analysis)
    assert dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.crisis = True  # type: ignore[misc]
    assert result.crisis is False
    assert result.engine == "offline"
    assert 1 <= len(result.traps) <= 3
    hit = result.traps[0]
    assert isinstance(hit, TrapHit)
    assert hit.id in TRAP_IDS
    assert 0 <= hit.score <= 1
    assert isinstance(hit.name, str)
    assert hit.name
    assert all(isinstance(cue, str) for cue in hit.cues)
    assert hit.why
    assert [h.score for h in result.traps] == sorted((h.score for h in result.traps), reverse=True)
    assert all(isinstance(r, str) for r in result.reframes)
    assert all(isinstance(q, str) for q in result.questions)


def test_trap_ids_are_the_thirteen_of_the_design() -> None:
    assert len(TRAP_IDS) == 13
    assert [t.id for t in load_traps().traps] == list(TRAP_IDS)


@pytest.mark.parametrize(
    ("trap_id", "thought"), [(k, t) for k, texts in NEW_THOUGHTS.items() for t in texts]
)
def test_each_trap_is_found_on_new_sentences(trap_id: str, thought: str) -> None:
    result = analyze(thought)
    ids = [h.id for h in result.traps]
    assert trap_id in ids, (thought, ids)
    hit = next(h for h in result.traps if h.id == trap_id)
    assert hit.cues, "a detected trap says which words pointed to it"
    for cue, (start, end) in zip(hit.cues, hit.spans, strict=False):
        assert cue in thought
        assert thought[start:end] == cue


@pytest.mark.parametrize(
    ("thought", "cue"),
    [
        ("I always mess everything up", "always"),
        ("My boss thinks I'm lazy", "thinks"),
        ("I should have known better", "should"),
        ("It's all my fault", "my fault"),
    ],
)
def test_cues_are_sensible(thought: str, cue: str) -> None:
    cues = " ".join(c for h in analyze(thought).traps for c in h.cues)
    assert cue in cues


def test_negation_weakens_an_absolute() -> None:
    def score(thought: str) -> float:
        return next((h.score for h in analyze(thought).traps if h.id == "overgeneralizing"), 0.0)

    assert score("I always fail") >= 0.5
    assert score("I don't always fail") < score("I always fail")
    assert score("I don't always fail") < 0.5


def test_past_tense_weakens_a_cue() -> None:
    engine = get_engine()
    now = engine.rank("I'd always fail")
    then = engine.rank("I used to think I'd always fail, now I know better")
    assert {r.trap.id: r.rule_score for r in then}["overgeneralizing"] < {
        r.trap.id: r.rule_score for r in now
    }["overgeneralizing"]


def test_balanced_thoughts_rarely_score_high() -> None:
    high = [t for t in BALANCED if any(h.score >= 0.5 for h in analyze(t).traps)]
    assert len(high) / len(BALANCED) <= 0.15, high


def test_reframes_three_per_trap_distinct_and_mostly_pass_the_checklist() -> None:
    total = passed = 0
    for trap_id, texts in NEW_THOUGHTS.items():
        for thought in texts:
            result = analyze(thought)
            assert len(result.reframes) >= 3 * len(result.traps)
            assert len(set(result.reframes)) == len(result.reframes)
            assert len(result.questions) >= 3
            for reframe in result.reframes:
                total += 1
                passed += check_reframe(reframe, thought).passed
            assert trap_id
    assert passed / total >= 0.95, passed / total


def test_reframes_reuse_the_thoughts_words() -> None:
    result = analyze("I'm going to fail the driving test")
    assert sum("driving test" in r for r in result.reframes) >= 2


def test_questions_fill_in_the_clients_words() -> None:
    result = analyze("My teacher thinks I'm stupid")
    assert any("thinks" in q for q in result.questions)
    assert not any("{cue}" in q for q in result.questions)


def test_checklist_pieces() -> None:
    assert [syllables(w) for w in ("cat", "table", "reading")] == [1, 2, 2]
    assert fk_grade("The cat sat on the mat.") < 2
    good = check_reframe(
        "I feel let down about the deadline. It is one event, and I can plan the next one.",
        "I always miss every deadline",
    )
    assert good.passed
    bad = check_reframe("Everything is always amazing and wonderful!!!", "I always miss deadlines")
    assert not bad.no_absolutes
    assert not bad.passed


def _edited_traps(tmp_path: Path, change: object) -> Path:
    data = yaml.safe_load(traps_path().read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "traps.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_hidden_trap_is_never_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hide(data: dict) -> None:  # type: ignore[type-arg]
        for trap in data["traps"]:
            if trap["id"] == "labeling":
                trap["hidden"] = True

    monkeypatch.setenv("CBT_EXERCISES_DIR", str(_edited_traps(tmp_path, hide)))
    for thought in ["I'm such an idiot", "I'm a failure", "He's a jerk", "I'm a loser"]:
        assert "labeling" not in [h.id for h in analyze(thought).traps]


def test_renamed_trap_shows_the_new_name(tmp_path: Path) -> None:
    def rename(data: dict) -> None:  # type: ignore[type-arg]
        data["traps"][0]["name"] = "Black-and-white thinking"

    path = _edited_traps(tmp_path, rename) / "traps.yaml"
    result = analyze("If it's not perfect, the whole project is a total failure", traps_file=path)
    names = {h.id: h.name for h in result.traps}
    assert names.get("all_or_nothing") == "Black-and-white thinking"


def test_added_trap_works_from_its_examples_and_cue_words(tmp_path: Path) -> None:
    def add(data: dict) -> None:  # type: ignore[type-arg]
        data["traps"].append(
            {
                "id": "magical_thinking",
                "name": "Magical thinking",
                "burns_name": "Magical thinking",
                "definition": "Believing that a ritual or a thought can change what happens.",
                "examples": [
                    "If I don't touch the door three times, something bad will happen.",
                    "If I wear my lucky socks, we'll win.",
                    "Thinking about an accident can make it happen.",
                ],
                "questions": [
                    "What has happened the times you skipped it?",
                    "How could a thought cause this?",
                    "What would a test of this look like?",
                ],
                "cue_words": ["lucky socks", "touch the door", "jinx"],
                "hidden": False,
            }
        )

    path = _edited_traps(tmp_path, add) / "traps.yaml"
    result = analyze("I'll jinx the exam if I talk about it", traps_file=path)
    hit = next(h for h in result.traps if h.id == "magical_thinking")
    assert "jinx" in hit.cues
    assert hit.name == "Magical thinking"


def test_training_is_deterministic() -> None:
    traps = load_traps()
    from toolkit.reframing.engine import TrainingSet, training_path

    data = TrainingSet.model_validate(yaml.safe_load(training_path().read_text(encoding="utf-8")))
    first, second = build(traps, data), build(traps, data)
    for thought in ["I always fail", "My boss hates me", "It went fine"]:
        assert [(r.trap.id, r.score) for r in first.rank(thought)] == [
            (r.trap.id, r.score) for r in second.rank(thought)
        ]


def test_import_is_light() -> None:
    """Importing the engine pulls in no widget, chart, notebook or NLTK module (its time is a
    benchmark's business: benchmarks/bench_pages.py)."""
    code = (
        "import sys; import toolkit.reframing; "
        "print([m for m in ('ipywidgets', 'plotly', 'nbformat', 'nltk') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_pickles_in_the_package() -> None:
    package = Path(__file__).parents[1] / "toolkit" / "reframing"
    assert not [p for p in package.rglob("*") if re.search(r"\.(pkl|pickle|joblib)$", p.name)]


def test_cues_do_not_depend_on_letter_case() -> None:
    from toolkit.reframing.cues import find_cues

    for thought in ["My boss thinks I'm lazy", "I always fail", "It's all my fault"]:
        lower = [(c.trap, c.start, c.end) for c in find_cues(thought)]
        upper = [(c.trap, c.start, c.end) for c in find_cues(thought.upper())]
        assert lower == upper
        assert all(thought.upper()[c.start : c.end] == c.text for c in find_cues(thought.upper()))
    # lower() changes the length of some letters: the cues still come from the text as written
    odd = "İ always fail, İ"
    assert all(odd[c.start : c.end] == c.text for c in find_cues(odd))
    assert "always" in [c.text for c in find_cues(odd)]


def test_a_second_view_damps_the_scores() -> None:
    from toolkit.reframing.cues import balance_cues

    assert balance_cues("The survey found damp in one corner; it's a common problem.")
    assert balance_cues("I keep thinking about the silence, and I remind myself it went well.")
    assert not balance_cues("I keep thinking about the silence in the interview.")


def test_finding_out_is_a_prediction_only_when_others_find_out() -> None:
    from toolkit.reframing.cues import find_cues

    def predictions(thought: str) -> list[str]:
        return [c.text for c in find_cues(thought) if c.trap == "fortune_telling"]

    assert not predictions("I'll find out the results next week.")
    assert predictions("They'll find out I lied about the job.")


def test_mind_reading_about_others_holds_on_their_words() -> None:
    for thought in (
        "Everyone in that room now thinks I'm incompetent",
        "My manager must regret hiring me",
        "She must hate me after what I said",
    ):
        shown = [hit.id for hit in analyze(thought).traps]
        assert shown[0] == "mind_reading", (thought, shown)
    rule = analyze("I must finish this report today").traps[0]
    assert rule.id == "should_statements"


def test_labels_about_others_are_told_apart_from_labels_about_oneself() -> None:
    other = analyze("He is so selfish").traps[0]
    own = analyze("I am so lazy").traps[0]
    assert other.id == own.id == "labeling"
    assert "someone else" in other.why
    assert "yourself" in own.why


def test_once_a_trap_shows_the_next_likely_ones_are_shown_too() -> None:
    engine = get_engine()
    thought = "I always mess everything up and I'm going to lose my job"
    ranked = engine.rank(thought)
    shown = engine.shown(ranked)
    assert engine.report(ranked)
    assert len(shown) >= len(engine.report(ranked))
    assert [r.trap.id for r in shown] == [r.trap.id for r in ranked[: len(shown)]]
    assert engine.shown(engine.rank("I had a nice walk with my dog today")) == []
