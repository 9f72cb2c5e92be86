"""The reframe checklist can fail: each check catches its own kind of bad reframe."""

from __future__ import annotations

import pytest

from toolkit.reframing.checklist import check_reframe
from toolkit.reframing.grammar import grammatical, problems, tidy

THOUGHT = "I always mess up every presentation at work"

GOOD = [
    (
        "I have given presentations that went fine, so one rough one is not a pattern.",
        THOUGHT,
        "overgeneralizing",
    ),
    (
        "My manager was quiet. She might have been tired, and I could ask how the work is going.",
        "My manager thinks I'm useless",
        "mind_reading",
    ),
    (
        "I don't know yet how the interview will go. I have prepared, and I can handle it.",
        "I'm going to fail the interview",
        "fortune_telling",
    ),
    (
        "Missing one deadline is a problem to fix, not proof that my career is over.",
        "I missed the deadline and my career is over",
        "catastrophizing",
    ),
    (
        "She may have been busy. One late reply does not tell me how she feels about me.",
        "She didn't reply, she hates me",
        "mind_reading",
    ),
]

# (reframe, thought, trap, the check that must fail)
BAD = [
    ("Just think positive and stop worrying!", THOUGHT, "overgeneralizing", "not_command"),
    ("Try to remember that presentations are hard.", THOUGHT, "overgeneralizing", "not_command"),
    (
        "You should stop being so hard on yourself about presentations.",
        THOUGHT,
        "overgeneralizing",
        "not_command",
    ),
    ("Why do you think the presentation went badly?", THOUGHT, "overgeneralizing", "not_question"),
    (
        "Everything will be fine, my presentations are amazing and wonderful!",
        THOUGHT,
        "overgeneralizing",
        "balanced_tone",
    ),
    (
        "I always mess up every presentation at work, and that is okay.",
        THOUGHT,
        "overgeneralizing",
        "specific",
    ),
    (
        "The weather is nice and the birds are singing outside today.",
        THOUGHT,
        "overgeneralizing",
        "specific",
    ),
    (
        "I will always be bad at presentations, but it is fine.",
        THOUGHT,
        "overgeneralizing",
        "addresses_trap",
    ),
    (
        "My boss thinks I am useless at presentations.",
        "My boss thinks I'm useless",
        "mind_reading",
        "addresses_trap",
    ),
    (
        "A strict rule about my husband died eight leaves me under pressure.",
        "My husband died eight months ago and I should be over it",
        "should_statements",
        "grammatical",
    ),
    (
        "I am guessing what is in he's mind about the work, and I feel unsure.",
        "He thinks my work is bad",
        "mind_reading",
        "grammatical",
    ),
    (
        "I feel disappointed about my exam results came, and I can plan next steps.",
        "My exam results came and I'm a failure",
        "labeling",
        "grammatical",
    ),
    (
        "I feel behind about a hard. I can take the next small step at work.",
        THOUGHT,
        "comparing_despairing",
        "grammatical",
    ),
    ("They thinks my presentation was bad, and I can ask.", THOUGHT, "mind_reading", "grammatical"),
    (
        (
            "Presentations at work notwithstanding, my perpetually overwhelming apprehensiveness "
            "concerning institutional communication necessitates comprehensive reconsideration."
        ),
        THOUGHT,
        "overgeneralizing",
        "readable",
    ),
]


@pytest.mark.parametrize(("reframe", "thought", "trap"), GOOD)
def test_good_reframes_pass(reframe: str, thought: str, trap: str) -> None:
    check = check_reframe(reframe, thought, trap)
    assert check.passed, check.reasons


@pytest.mark.parametrize(("reframe", "thought", "trap", "failing"), BAD)
def test_bad_reframes_fail_the_right_check_and_say_why(
    reframe: str, thought: str, trap: str, failing: str
) -> None:
    check = check_reframe(reframe, thought, trap)
    assert not check.passed
    assert not check.required[failing], check.reasons
    assert check.why(failing)


def test_a_reframe_may_refer_to_the_situation_or_the_person_instead() -> None:
    assert check_reframe(
        "My manager might just be busy this week.",
        "She hates me",
        "mind_reading",
        "My manager did not say hello this morning",
    ).specific
    assert check_reframe("She may have been tired.", "She ignores me", "mind_reading").specific


def test_negated_absolutes_are_not_absolutes() -> None:
    check = check_reframe(
        "My presentations don't always go badly; last month's went fine.",
        THOUGHT,
        "overgeneralizing",
    )
    assert check.no_absolutes
    assert check.passed, check.reasons


@pytest.mark.parametrize(
    "text",
    [
        "A strict rule about my husband died eight leaves me under pressure.",
        "I feel disappointed about my exam results came.",
        "I am guessing what is in he's mind.",
        "I feel behind about a hard.",
        "She think I am lazy.",
        "It was a hour late.",
        "I am an failure.",
        "I feel the the pressure.",
        "I can {topic} tomorrow.",
    ],
)
def test_the_grammar_gate_catches_slot_filling_mistakes(text: str) -> None:
    assert problems(text)
    assert not grammatical(text)


@pytest.mark.parametrize(
    "text",
    [
        "I felt disrespected by her actions, but that doesn't mean she has no respect for me.",
        "I am proud of the work I did.",
        "I am thinking about the test that went badly.",
        "I feel upset about the email my manager sent.",
        "Worrying about the future is normal.",
        "I can plan for the next one.",
        "She just left early, and he might have been tired.",
    ],
)
def test_the_grammar_gate_leaves_correct_sentences_alone(text: str) -> None:
    assert problems(text) == ()


def test_tidy_fixes_formatting_only() -> None:
    assert tidy("  i can ask.  it may help  ") == "I can ask. It may help."


def test_the_sandbox_checklist_fails_bad_ideas_and_says_why() -> None:
    """Ideas of the kinds a reader found in earlier output fail at least one check, and the
    sandbox's checklist shows the failure (it does not say every check passes)."""
    from toolkit.ui.learn.sandbox import checklist_html

    bad = [
        (
            "My knees feels huge right now, and I feel shaken.",
            "My knees hurt so I will end up in a wheelchair",
            "catastrophizing",
            "grammatical",
        ),
        (
            "“I feel anxious so something” is how it feels.",
            "I feel anxious so something bad must be about to happen",
            "emotional_reasoning",
            "grammatical",
        ),
        (
            "“Is an idiot” leaves out the rest of what is true of the person.",
            "My boss is an idiot",
            "labeling",
            "grammatical",
        ),
        (
            "There is more than one way to see this.",
            "I always ruin dinner parties",
            "overgeneralizing",
            "specific",
        ),
        (
            "I am guessing what is in he's mind. I could ask him.",
            "He thinks I am boring",
            "mind_reading",
            "grammatical",
        ),
        ("Just think positive!", "I always fail", "overgeneralizing", "not_command"),
    ]
    for idea, thought, trap, failing in bad:
        check = check_reframe(idea, thought, trap)
        assert not check.passed, idea
        assert not check.required[failing], (idea, check.reasons)
        html = checklist_html(idea, thought, trap)
        total = len(check.required)
        assert "✗ Fail" in html
        assert f"{total} of {total} checks pass" not in html
    good = "Some of my dinner parties went fine, so one flat evening is not a pattern."
    assert check_reframe(good, "I always ruin dinner parties", "overgeneralizing").passed
