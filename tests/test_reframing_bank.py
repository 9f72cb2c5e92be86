"""The bank of balanced thoughts: its coverage, its own quality, retrieval and safe adaptation."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from toolkit.reframing.bank import (
    adapt,
    event_phrase,
    load_bank,
    mood_family,
    person_of,
    quoted_ideas,
    retrieve,
    second_person,
)
from toolkit.reframing.checklist import check_reframe
from toolkit.reframing.domains import DOMAINS
from toolkit.reframing.suggest import balanced_ideas
from toolkit.reframing.taxonomy import TRAP_IDS

MODALS = frozenset(["might", "could", "may", "would", "will", "can"])


def fits_every_pronoun(word: str) -> bool:
    """A modal or a past-tense verb reads the same after he, she and they ("were" does not)."""
    import lemminflect

    low = word.lower()
    if low in MODALS:
        return True
    if low == "were":
        return False
    lemmas = lemminflect.getAllLemmas(low).get("VERB", ())
    return any(low in lemminflect.getInflection(lemma, tag="VBD") for lemma in lemmas)


def test_the_bank_covers_every_trap_domain_and_voice() -> None:
    bank = load_bank()
    assert len(bank.entries) >= 800
    cells = Counter((e.trap, e.domain) for e in bank.entries)
    for trap in TRAP_IDS:
        for domain in DOMAINS:
            assert cells[trap, domain] >= 5, (trap, domain)
    voices = Counter(e.voice for e in bank.entries)
    assert {"teen", "adult", "older adult", "any"} <= set(voices)
    assert min(voices[v] for v in ("teen", "older adult")) >= 60
    texts = [e.text for e in bank.entries]
    assert len(set(texts)) == len(texts)


def test_every_balanced_thought_passes_the_checklist_with_its_defaults() -> None:
    failed = []
    for entry in load_bank().entries:
        text = adapt(entry.text)
        check = check_reframe(text, "x", entry.trap)
        needed = {k: v for k, v in check.required.items() if k not in {"specific", "fits_feeling"}}
        if not all(needed.values()) or not check.no_absolutes:
            failed.append((text, check.reasons))
    assert failed == []


def test_a_pronoun_slot_is_followed_by_a_word_that_fits_he_she_and_they() -> None:
    for entry in load_bank().entries:
        for match in re.finditer(r"\{they\} (\w+)", entry.text, re.IGNORECASE):
            assert fits_every_pronoun(match.group(1)), entry.text


def test_the_clients_event_is_put_in_only_where_it_makes_sense() -> None:
    assert event_phrase("I'm going to fail the driving test tomorrow") == "the driving test"
    assert event_phrase("Everyone in that room now thinks I'm incompetent") == ""
    ideas = retrieve("I'm going to fail the driving test", "", ("fortune_telling",))
    assert sum("driving test" in idea for idea in ideas) >= 2
    assert not any("scan" in idea or "exam" in idea for idea in ideas)


def test_a_person_and_their_pronouns_are_adapted() -> None:
    assert person_of("My husband must think I'm useless").pronoun == "he"
    ideas = retrieve("My friend didn't text back, she must hate me", "", ("mind_reading",))
    assert ideas
    assert any("my friend" in idea.lower() for idea in ideas)
    assert not re.search(r"\b(?:he|him|his)\b", " ".join(ideas))


def test_a_label_about_someone_else_gets_ideas_about_them_not_about_me() -> None:
    ideas = retrieve("He is so selfish", "", ("labeling",))
    assert ideas
    for idea in ideas:
        assert not re.search(r"\b(?:I am|I'm|me) (?:not )?selfish\b", idea), idea
        assert re.search(r"\b(?:he|him|his)\b", idea, re.IGNORECASE), idea
    mine = retrieve("I am so selfish, I forgot my sister's birthday", "", ("labeling",))
    assert mine
    assert not any(idea.lower().startswith("my sister") for idea in mine)


def test_the_strongest_mood_steers_the_ideas() -> None:
    thought = "Money is so tight this month and the debt keeps growing"
    for mood, family in (("anxious", "fear"), ("ashamed", "shame")):
        ideas = retrieve(thought, "", ("negative_feeling",), mood=mood, count=3)
        assert ideas
        assert mood_family(ideas[0]) == family, (mood, ideas)


def test_grief_thoughts_get_grief_ideas() -> None:
    ideas = retrieve(
        "My husband died eight months ago and I should be over it", "", ("should_statements",)
    )
    assert ideas
    assert any(re.search(r"\bgrie[fv]", idea.lower()) for idea in ideas)
    assert not any("remembered" in idea for idea in ideas), ideas


def test_the_clients_evidence_against_opens_the_ideas() -> None:
    assert second_person("I was on time twice this week") == "you were on time twice this week"
    ideas = balanced_ideas(
        "I am always late for everything",
        traps=("overgeneralizing",),
        evidence="I was on time twice this week. Also my boss thanked me.",
    )
    # the first idea carries the client's own sentence, as they wrote it, and what it shows
    assert "I was on time twice this week." in ideas[0]
    assert "Also my boss" not in ideas[0]
    assert len(ideas) == 3
    assert len(set(ideas)) == 3


@pytest.mark.parametrize(
    "evidence",
    ["I want to kill myself if this keeps up", "Who would care, I wish I was dead"],
)
def test_evidence_that_trips_the_crisis_gate_gives_no_ideas(evidence: str) -> None:
    assert balanced_ideas("I always fail", traps=("overgeneralizing",), evidence=evidence) == []


def test_several_traps_are_each_answered() -> None:
    ideas = retrieve(
        "I always mess everything up and I'm going to lose my job",
        "",
        ("overgeneralizing", "catastrophizing"),
        count=2,
    )
    assert len(ideas) == 2
    bank = {adapt(e.text): e.trap for e in load_bank().entries}
    assert {bank.get(idea) for idea in ideas} == {"overgeneralizing", "catastrophizing"}


def test_what_retrieval_returns_passes_the_whole_checklist() -> None:
    cases = [
        ("I'm going to fail the driving test", "", ("fortune_telling",)),
        ("My manager must regret hiring me", "", ("mind_reading", "labeling")),
        ("He is so selfish", "My brother left early", ("labeling", "blaming")),
        ("My husband died and I should be over it", "", ("should_statements",)),
        ("I am useless at school and my teacher hates me", "", ("labeling", "mind_reading")),
        ("Money is tight and I will lose the house", "", ("catastrophizing",)),
    ]
    for thought, situation, traps in cases:
        ideas = retrieve(thought, situation, traps, count=3)
        assert ideas, thought
        for idea in ideas:
            assert any(check_reframe(idea, thought, trap, situation).passed for trap in traps), idea


def test_quoted_top_ups_read_well_with_any_cue() -> None:
    bank = load_bank()
    assert set(bank.quoted) == set(TRAP_IDS)
    for trap, lines in bank.quoted.items():
        assert len(lines) >= 3
        for cue in ("always", "she must hate me", "I'm such an idiot"):
            thought = f"I think {cue} today"
            for idea in quoted_ideas(thought, trap, cue, count=3):
                check = check_reframe(idea, thought, trap)
                assert check.passed, (idea, check.reasons)
    assert quoted_ideas("x", "labeling", "one two three four five six seven") == []
