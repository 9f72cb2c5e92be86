"""Properties of the composed balanced-thought ideas (toolkit/reframing/compose.py) over our own
thoughts (tests/test_reframing_ideas.py's CASES and benchmarks/data/sample_thoughts.jsonl, all
written for this project): every idea shown passes the whole checklist, the first one
acknowledges the client's mood or what the thought is about, it ends with a step the writer
could take (never an order), and the wording varies from thought to thought."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_reframing_ideas import CASES

from toolkit.reframing import analyze
from toolkit.reframing.bank import feeling_adjective
from toolkit.reframing.checklist import MOOD_FAMILIES, check_reframe
from toolkit.reframing.compose import compose, facts_of, parts_file, self_label
from toolkit.reframing.suggest import plan_ideas

SAMPLE = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "sample_thoughts.jsonl"


def _own() -> list[tuple[str, str, str, str]]:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    out = list(CASES)
    for row in rows:
        moods = [e for e in row.get("emotions") or [] if e.get("name")]
        mood = max(moods, key=lambda e: int(e["intensity"]))["name"] if moods else ""
        out.append((row["thought"], row.get("situation", ""), mood, row.get("evidence", "")))
    return out


OWN = _own()
_COMMAND_START = re.compile(r"^(?:try|stop|just|remember|focus|ask|tell|write|talk|make)\b", re.I)


def _plan(case: tuple[str, str, str, str]) -> list:
    thought, situation, mood, evidence = case
    traps = tuple(hit.id for hit in analyze(thought, situation).traps)
    return plan_ideas(thought, situation, traps, mood=mood, evidence=evidence, ticked=False)


def test_enough_own_thoughts() -> None:
    assert len(OWN) >= 60


@pytest.mark.parametrize("case", OWN, ids=[c[0][:30] for c in OWN])
def test_every_idea_passes_the_gate(case: tuple[str, str, str, str]) -> None:
    thought, situation, mood, evidence = case
    ideas = _plan(case)
    assert ideas, thought
    for idea in ideas:
        check = check_reframe(
            idea.text,
            thought,
            idea.trap if idea.trap != "untrapped" else "",
            f"{situation} {evidence}",
            mood,
        )
        assert check.passed, (idea.text, check.reasons)


@pytest.mark.parametrize("case", OWN, ids=[c[0][:30] for c in OWN])
def test_the_first_idea_acknowledges_the_mood_or_the_situation_and_ends_with_a_step(
    case: tuple[str, str, str, str],
) -> None:
    thought, situation, mood, _evidence = case
    first = _plan(case)[0]
    if first.source not in {"composed", "evidence"}:
        # no composed idea fits (a few bare thoughts): a bank or quoted idea is shown instead
        assert first.text.strip(), case
        return
    sentences = re.split(r"(?<=[.!?])\s+", first.text)
    opening, last = sentences[0].lower(), sentences[-1]
    feeling = feeling_adjective(mood)
    if feeling:
        family = next((w for w in MOOD_FAMILIES.values() if feeling in w), frozenset())
        assert set(re.findall(r"[a-z]+", opening)) & ({feeling} | family), first.text
    else:
        facts = facts_of(thought, situation, mood)
        named = [facts.person, facts.event, facts.group, facts.self_label]
        generic = [line.lower() for line in _all_acknowledgements()]
        assert any(n and n.lower() in opening for n in named) or any(
            g.split("{")[0] and opening.startswith(g.split("{")[0]) for g in generic
        ), first.text
    # the step is the writer's own ("I can", "I could", "Next time I ..."), never an order
    assert re.search(r"\bI (?:can|could)\b", last), first.text
    assert not _COMMAND_START.match(last), first.text
    assert check_reframe(first.text, thought).not_command


def test_nearly_every_own_thought_gets_a_composed_first_idea() -> None:
    bare = [case[0] for case in OWN if _plan(case)[0].source not in {"composed", "evidence"}]
    assert len(bare) <= 3, bare


def _all_acknowledgements() -> list[str]:
    out: list[str] = []
    for value in parts_file().acknowledge.values():
        if isinstance(value, dict):
            for lines in value.values():
                out += lines
        else:
            out += value
    return out


def test_the_evidence_is_said_back_in_the_clients_words() -> None:
    idea = compose(
        "My manager must regret hiring me",
        "",
        "mind_reading",
        mood="ashamed",
        evidence="My manager gave me the new client last week. She smiled.",
    )
    assert "My manager gave me the new client last week." in idea
    assert "She smiled" not in idea
    assert "ashamed" in idea


def test_wording_varies_across_thoughts() -> None:
    firsts = [_plan(case)[0].text for case in OWN]
    openings = [" ".join(t.split()[:4]) for t in firsts]
    most = max(openings.count(o) for o in set(openings))
    assert most <= len(firsts) // 5, sorted(openings)
    assert len(set(firsts)) == len(firsts)


def test_labels_are_said_back_whole_or_not_at_all() -> None:
    assert self_label("I'm a hopeless cook") == "a hopeless cook"
    assert self_label("I am a hard person to love") == ""
    assert self_label("I'm going to fail the test") == ""
    other = compose("My neighbour is rude and selfish", "", "labeling", mood="irritated")
    assert "myself" not in other


def test_no_composed_idea_for_crisis_text() -> None:
    assert analyze("I want to kill myself tonight").reframes == ()
    assert plan_ideas("I'm a failure", evidence="I want to end my life") == []


@pytest.mark.parametrize(
    ("thought", "situation"),
    [
        ("It was my fault he hit me, I wound him up", "My ex shoved me into the door"),
        ("If I'd been a better brother his overdose wouldn't have happened", ""),
        ("I should have stopped it, I let it happen", "I was bullied at school for two years"),
        ("Everyone blames me for what happened", "My colleague was assaulted at the work party"),
    ],
)
def test_blame_for_harm_done_gets_no_idea_that_shares_it_out(thought: str, situation: str) -> None:
    """No idea tells someone who was hurt, or whose relative was, that "other things played a
    part too": the questions and the therapist answer those thoughts."""
    from toolkit.reframing import analyze

    result = analyze(thought, situation)
    traps = tuple(t.id for t in result.traps) or ("personalizing",)
    ideas = plan_ideas(thought, situation, (*traps, "personalizing", "blaming"), ticked=True)
    shared = re.compile(r"played a part|only one of them|several causes|my part|other factors")
    assert not any(shared.search(i.text) for i in ideas), [i.text for i in ideas]
    assert not any(shared.search(r) for r in result.reframes), result.reframes


def test_blame_without_harm_still_gets_ideas() -> None:
    ideas = plan_ideas("It's my fault the team lost the final", "", ("personalizing",))
    assert ideas
