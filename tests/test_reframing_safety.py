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


# Public examples: wording from Sharma et al. (2023) and a patient-written corpus that the
# previous gate got wrong in both directions (issue "crisis safety net").
@pytest.mark.parametrize(
    "text",
    ["Someone please kill me", "i want someone to kill me", "I wish I could just not wake up"],
)
def test_public_crisis_examples_are_caught(text: str) -> None:
    result = check(text)
    assert result.crisis
    assert result.risk == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "She answered my message two days later and said work had been hectic.",
        "We went to the cinema and then had pizza.",
        "Fixed the leaking tap myself, then rang the council about the bins.",
        "I'm hoping the new manager gives clearer feedback than the last one.",
        "Evidence against: my friend still came round on Friday and we laughed a lot.",
    ],
)
def test_everyday_sentences_with_no_risk_word_are_not_veiled_risk(text: str) -> None:
    """The model once read calm, ordinary sentences as veiled risk (its hard negatives all
    held risk-looking words); the engine's own balanced thoughts now train it otherwise."""
    assert check(text).risk == "none"


@pytest.mark.parametrize(
    "text",
    [
        "I miss my sister so much I want to die",
        "my dad left and it hurts so much i want to die",
        "Iwanttodie",
    ],
)
def test_the_writer_stays_the_subject_of_i_want_to_die(text: str) -> None:
    """Text repair once dropped the "I" of "I want to die", so "my sister" became the
    subject and the other-person scope cleared the sentence."""
    assert check(text).risk == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "I cannot overcome this feeling of sadness and jealousy",
        "it is killing my self esteem",
        "I forgot to water the plants They're going to die",
        "I'm afraid she's going to die soon, her back is so bad",
        "I'm not suicidal, just exhausted",
        "My friend told me she wants to kill herself. I don't know what to do.",
    ],
)
def test_public_safe_examples_pass(text: str) -> None:
    result = check(text)
    assert not result.crisis
    assert result.risk == "none"
    assert result.rules == ()


def test_typo_repair_never_turns_a_real_word_into_a_risk_word() -> None:
    assert normalise("I cannot overcome it") == "i cannot overcome it"
    assert normalise("loving the exiting crowd") == "loving the exiting crowd"
    assert normalise("i want to dieee, myslef, suicde") == "i want to die, myself, suicide"


def test_possible_risk_is_the_check_tier() -> None:
    result = check("I just want to disappear")
    assert result.risk == "check"
    assert result.crisis  # both tiers withhold suggestions
    assert analyze("I just want to disappear").risk == "check"
    assert analyze("I just want to disappear").traps == ()


def test_two_warning_signs_together_are_a_crisis() -> None:
    assert check("I'm a burden and I can't go on").risk == "crisis"


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("I have the pills saved up", "plan_method"),
        ("I've been cutting myself again", "self_harm"),
        ("Everyone would be better off without me", "burden"),
        ("I wrote goodbye letters to my kids", "preparation"),
        ("Since mum died I just want to be with her again", "reunion"),
        ("I hope the cancer takes me", "be_killed"),
    ],
)
def test_hits_name_the_concept_for_the_therapist(text: str, concept: str) -> None:
    result = check(text)
    assert any(rule.startswith(concept) for rule in result.rules), result.rules
    assert all(label and "_" not in label for label in result.concepts)


def test_negation_third_party_and_recovered_past_switch_a_rule_off() -> None:
    assert not check("I would never hurt myself").crisis
    assert not check("My brother says he wants to die and I'm scared for him").crisis
    assert not check("When I was 16 I wanted to die. I'm 34 now and glad I'm still here.").crisis
    # ... but a present sign keeps it on
    assert check("When I was 16 I wanted to die, and lately I want to die again").crisis


def test_an_embedded_risk_sentence_is_found() -> None:
    entry = (
        "Situation: team meeting ran long. I ate lunch at my desk and answered emails. "
        "Honestly I don't want to wake up tomorrow. Then I went to the gym."
    )
    assert check(entry).crisis


def test_the_model_vote_raises_but_never_lowers() -> None:
    from toolkit.reframing import safety

    # A rule hit stays whatever the model says; the model alone can only reach "check".
    assert safety.check("I want to kill myself").risk == "crisis"
    assert safety.MODEL_CHECK < safety.MODEL_CHECK_SHORT <= 1.0


def test_shipped_model_matches_its_training_data() -> None:
    import json
    from importlib import resources

    from toolkit.reframing.crisis_model import corpus_hash

    raw = resources.files("toolkit.reframing").joinpath("data/crisis_model.json").read_text()
    model = json.loads(raw)
    assert model["format"] == "cbt-toolkit/crisis-model@1"
    assert model["corpus_sha256"] == corpus_hash(), "run `make train-crisis`"
    assert len(model["weights"]["word"]) + len(model["weights"]["char"]) > 1000


def test_own_corpus_is_large_and_balanced() -> None:
    import json

    from toolkit.reframing.crisis_model import corpus_files

    rows = [
        json.loads(line)
        for path in corpus_files()
        if path.name.startswith("own_")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert sum(r["label"] == "risk" for r in rows) >= 600
    assert sum(r["label"] == "none" for r in rows) >= 600
    assert len({r["category"] for r in rows}) >= 24


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-CA", "9-8-8"),
        ("en-AU", "13 11 14"),
        ("en-NZ", "1737"),
        ("en-IE", "jo@samaritans.ie"),
        ("en-GB", "999"),
        ("en-US", "911"),
        ("de-DE", "112"),
    ],
)
def test_more_regions_have_their_own_lines(locale: str, expected: str) -> None:
    assert expected in crisis_resources(locale)


def test_ireland_gets_the_irish_samaritans_address() -> None:
    assert "jo@samaritans.org" not in crisis_resources("en-IE")


@pytest.mark.parametrize(
    "text",
    [
        # "it would be ..." has no person as its subject
        "Most days I think it would be a relief to be dead, honestly",
        # a person after "rang", "with", "to" is an object, not the one who acts
        "Called my sister to hear her laugh one last time before I go",
        # the match itself says "i": the writer is its subject
        "My uncle keeps pills in the cabinet and I keep thinking about taking them all",
        # self-harm said with the subject left out, or as a count
        "Self-harmed again last night, third time this week",
        "sh twice since Sunday, hiding it under long sleeves",
        "I've been cutting on my hips where no one looks",
        "Pinched my arms till they were black and blue to punish myself",
        # shorthand and slang
        "need 2 die. cant keep doing this",
        "honestly just want to be 6ft under",
        "thinking about toppin meself tonight",
        "gonna neck the lot after work",
    ],
)
def test_scope_and_shorthand_keep_the_writers_risk(text: str) -> None:
    assert check(text).crisis, text


@pytest.mark.parametrize(
    "text",
    [
        "never self harmed and never will, I just cry a lot",
        "It is wrecking my self esteem, this job",
        "Three years ago I wanted to die. Today I went to the beach with my kids and enjoyed it.",
        "Last summer I couldn't see a reason to live. This summer I'm learning to sail.",
        (
            "Back in my twenties I thought everyone would be better off without me. God and my "
            "friends pulled me through."
        ),
    ],
)
def test_denials_and_recovered_pasts_stay_quiet(text: str) -> None:
    assert not check(text).crisis, text


def test_a_future_once_is_not_a_recovered_past() -> None:
    # "once ... is over" is a plan, not a memory; "stopped" is not recovery by itself
    assert check(
        "Once the wedding is over I am going to end it. I want them to have that day."
    ).crisis
    assert check("Once the wedding is over I am going to end it.").crisis
    assert check("I stopped taking my tablets. I don't care anymore if it kills me.").crisis


def test_a_context_rule_that_cannot_tell_leaves_the_model_its_vote() -> None:
    from toolkit.reframing import safety

    # "no death word nearby" is not a decision that the text is safe; a negation is
    assert "negated" in safety._DECISIVE
    assert "no context" not in safety._DECISIVE
    assert safety.MODEL_CHECK < safety.MODEL_CLEARED <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "some nights I want to shoot myself and be done",
        "thinking of hanging myself in the garage",
        "Every night I pray I don't wake up",
        "I won't be around much longer, so it doesn't matter",
        "There is no future worth sticking around for",
        "If I died I could hold my little girl again",
        "said my goodbyes",
        "mi waan dead",
    ],
)
def test_plain_statements_of_method_and_leaving_are_caught(text: str) -> None:
    assert check(text).crisis, text


@pytest.mark.parametrize(
    "text",
    [
        "I really shot myself in the foot with that email to my manager",
        "Leaving the choir after ten years, said my goodbyes tonight",
        "I'm checking out of the hotel at eleven tomorrow",
        "I won't be around next week, we're in Cornwall",
    ],
)
def test_everyday_uses_of_those_words_stay_quiet(text: str) -> None:
    assert not check(text).crisis, text


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Honestly I was annoyed that I woke up this morning", "quiet_wish"),
        ("Some weeks I stop caring whether I wake up", "quiet_wish"),
        ("What am I even staying alive for at this point", "quiet_wish"),
        ("I can't find one reason to keep on living", "no_reason_left"),
        ("I'd like to not be. Just for a bit, or for good.", "quiet_wish"),
        ("Part of me is drawn to the idea of simply ceasing", "quiet_wish"),
        ("Would anybody notice if I were no longer around", "quiet_wish"),
        ("On the drive home I thought it would be easier if I never got home", "quiet_wish"),
        ("I would rather go by my own hand than wait for it", "quiet_wish"),
        ("Once my dad goes I'm going too, there's nothing else keeping me", "quiet_wish"),
        ("mood 2/10, passive SI on and off", "clinical_terms"),
        ("Honest update: SI with a plan since the weekend", "clinical_terms"),
        ("Self-injury is back, most nights", "clinical_terms"),
        ("I know how many of my sleeping tablets would do it", "quiet_means"),
        ("I keep putting a few of my painkillers aside in a sock", "quiet_means"),
        ("The rope in the shed, I look at it for other reasons now", "quiet_means"),
        ("Kept digging at the scab on my arm until it bled again", "quiet_harm"),
        ("Punched the wall until my knuckles split, on purpose", "quiet_harm"),
        ("Before the operation I caught myself hoping for the worst outcome", "hoping_for_harm"),
        ("A van nearly hit me on the crossing and I was disappointed", "hoping_for_harm"),
        ("I'm still the burden in this family", "burden_feeling"),
        ("they'd all be happier if I wasn't taking up space", "burden_feeling"),
    ],
)
def test_quiet_wording_of_risk_is_caught(text: str, concept: str) -> None:
    """Quiet, indirect and clinical wording: each sentence is ours, written in the manner of
    what independent authors wrote (their rounds are never copied into the tests)."""
    result = check(text)
    assert result.crisis, text
    assert concept in result.rules, (text, result.rules)


@pytest.mark.parametrize(
    "text",
    [
        "I was annoyed that I woke up late and missed the bus",
        "I don't care if I wake up early, the gym is worth it",
        "Two years ago I wanted to die. The therapy worked and I'm well now",
        "When the café went under I thought they'd be better off without me. Glad I stayed.",
        "The urge to hurt myself hasn't come back since spring",
        "Ending my life has never been on the table for me, I'm just worn out",
        "Back from my second tour I wanted to end it all. The treatment helped. Three years clear.",
        "I fade into the background at parties like a song nobody listens to",
        "Getting my affairs in order before the house sale next month",
        "Wrote a goodbye letter to my ED, like we practised in group",
        "My eldest screamed 'I want to die' when I took the tablet off him",
        "Rehomed the cat because of the baby's allergy, it broke my heart",
        "We're hoping for the best, bracing for the worst",
    ],
)
def test_everyday_and_recovered_versions_of_those_words_stay_quiet(text: str) -> None:
    assert not check(text).crisis, (text, check(text).rules)
