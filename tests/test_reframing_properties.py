"""Property tests: analyze never crashes, and what it returns is always well formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.reframing import TRAP_IDS, analyze
from toolkit.reframing.safety import check

_SAMPLES = st.sampled_from(
    [
        "",
        " ",
        "\x00\x1b[31m",
        "<script>alert('x')</script> I always fail",
        "אני תמיד נכשל",  # RTL text
        "أنا دائما أفشل",
        "😭😭 I'm such an idiot 😭",
        "I\u200b always\u200b fail",
        "I ALWAYS FAIL!!!!!!",
        "should should should must must",
        "a" * 20_000,
        "I always mess up. " * 400,
    ]
)
_TEXT = st.one_of(_SAMPLES, st.text(max_size=300), st.text(alphabet=st.characters(), max_size=60))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(thought=_TEXT, situation=st.one_of(st.just(""), st.text(max_size=80)))
def test_analyze_never_crashes_and_cues_come_from_the_thought(thought: str, situation: str) -> None:
    result = analyze(thought, situation)
    if result.crisis:
        assert result.traps == ()
        assert result.reframes == ()
        assert result.questions == ()
        assert result.crisis_resources
        return
    assert len(result.traps) <= 3
    for hit in result.traps:
        assert hit.id in TRAP_IDS
        assert 0.0 <= hit.score <= 1.0
        for cue in hit.cues:
            assert cue
            assert cue in thought
        for start, end in hit.spans:
            assert thought[start:end] in hit.cues
    assert all(isinstance(r, str) and r for r in result.reframes)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_crisis_gate_never_crashes(text: str) -> None:
    assert isinstance(check(text).crisis, bool)


def test_analyze_is_deterministic() -> None:
    thought = "My sister is married with kids and I'm still alone, I'll never catch up"
    assert analyze(thought) == analyze(thought)
