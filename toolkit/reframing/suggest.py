"""Balanced thoughts and Socratic questions built from the client's own words.

A reframe here follows the advice distilled by Sharma et al. (2023): empathic (it names the
feeling), specific (it reuses what the thought is about), balanced rather than falsely positive,
actionable (a small next step), in short plain words. Each trap has several sentence patterns
that take the thought's topic ("the interview", "my boss"), its feeling, the person it is about,
and a softened version of the thought with absolute words swapped for qualified ones. Questions
come from ``traps.yaml``, with ``{cue}`` filled by the client's words.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from toolkit.exercises.base import Strict
from toolkit.exercises.loader import load_model

from .checklist import answers_trap, check_reframe
from .text import STOPWORDS, tokens

_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "his",
        "her",
        "their",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "its",
    ]
)
_NOT_TOPIC = frozenset(
    [
        "always",
        "never",
        "every",
        "everything",
        "nothing",
        "everyone",
        "nobody",
        "anything",
        "anyone",
        "someone",
        "life",
        "time",
        "way",
        "fault",
        "reason",
        "idiot",
        "failure",
        "loser",
        "mess",
        "disaster",
        "joke",
        "nightmare",
        "worst",
        "best",
        "thing",
        "things",
        "whole",
        "entire",
        "total",
        "complete",
        "own",
        "same",
        "other",
        "only",
        "very",
        "really",
        "just",
        "so",
        "such",
        "lot",
        "bit",
        "kind",
        "sort",
        "one",
        "way",
        "point",
        "forever",
        "tonight",
        "today",
        "tomorrow",
        "yesterday",
        "now",
        "week",
        "morning",
        "night",
        "further",
        "along",
        "anymore",
        "again",
        "ever",
        "way",
        "better",
        "worse",
    ]
)
_FEELINGS = (
    "sad",
    "anxious",
    "lonely",
    "angry",
    "scared",
    "afraid",
    "worried",
    "nervous",
    "stressed",
    "upset",
    "hurt",
    "miserable",
    "down",
    "low",
    "empty",
    "frustrated",
    "heartbroken",
    "guilty",
    "ashamed",
    "jealous",
    "embarrassed",
    "overwhelmed",
    "irritated",
    "tense",
    "disappointed",
    "bitter",
    "homesick",
    "drained",
    "unhappy",
    "lost",
    "terrified",
    "hopeless",
    "insecure",
    "annoyed",
    "exhausted",
    "tired",
    "stupid",
    "useless",
    "left out",
)
_VERBS = frozenset(
    """hate hates love loves ruin ruins ruined thinks think says said makes made wants want
    need needs cost costs blame blames left leaves hurt hurts gave gives took takes won lost
    will would can could should must""".split()  # noqa: SIM905 - a word list reads best as text
)
_DEFAULT_FEELING = {
    "all_or_nothing": "let down",
    "overgeneralizing": "let down",
    "labeling": "upset",
    "fortune_telling": "unsure",
    "mind_reading": "unsure",
    "emotional_reasoning": "upset",
    "should_statements": "under pressure",
    "personalizing": "weighed down",
    "disqualifying_positive": "unsure",
    "catastrophizing": "shaken",
    "comparing_despairing": "behind",
    "blaming": "upset",
    "negative_feeling": "upset",
}
"""Used when the thought names no feeling: words of no mood family, so the idea does not tell
the client they feel something (worried, sad ...) that they did not say."""
_FEELING_AS_STATE = {"stupid": "small", "useless": "low", "left out": "left out"}

_SWAPS: tuple[tuple[str, str], ...] = (
    (r"\balways\b", "often"),
    (r"\bnever\b", "not yet"),
    (r"\bevery ?(?:single )?time\b", "some of the time"),
    (r"\beveryone\b|\beverybody\b", "some people"),
    (r"\bnobody\b|\bno one\b", "few people"),
    (r"\beverything\b", "some things"),
    (r"\bnothing\b", "not much"),
    (r"\bcompletely\b|\btotally\b|\bentirely\b", "partly"),
    (r"\bshould(?:n't| not)\b", "would rather not"),
    (r"\bshould\b", "would like to"),
    (r"\bmust\b", "want to"),
    (r"\bwill\b", "might"),
    (r"\b(?:I'm|I am) going to\b", "I might"),
    (r"\bwon't\b", "might not"),
    (r"\bcan't\b", "find it hard to"),
)


@dataclass(frozen=True)
class Parts:
    """Pieces of a thought that the reframe patterns reuse."""

    topic: str
    feeling: str
    other: str
    soft: str
    cue: str
    label: str = ""


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def topic_phrase(text: str) -> str:
    """The first noun-like phrase after a determiner ("the interview", "my boss"), or ``""``.

    Examples
    --------
    >>> topic_phrase("I'm going to fail the driving test tomorrow")
    'the driving test'
    """
    toks = [t for t in tokens(text) if t.text[0].isalnum() or t.text in "'’"]
    for index, token in enumerate(toks[:-1]):
        if token.lower not in _DETERMINERS:
            continue
        phrase = [token.text.lower() if token.lower in {"my", "the"} else token.text]
        for nxt in toks[index + 1 : index + 4]:
            low = nxt.lower
            if not nxt.text.isalpha() or low in STOPWORDS or low in _NOT_TOPIC:
                break
            if low.endswith("ly") or low in _FEELINGS or (low.endswith("ed") and len(low) > 4):
                break
            if low in _VERBS:
                break
            phrase.append(nxt.text)
        if len(phrase) > 1 and len(phrase[-1]) > 2:
            return " ".join(phrase)
    return ""


def _content_word(text: str) -> str:
    best = ""
    for token in tokens(text):
        low = token.lower
        if (
            low.isalpha()
            and low not in STOPWORDS
            and low not in _NOT_TOPIC
            and len(low) > len(best)
        ):
            best = low
    return best


def feeling_word(text: str, trap_id: str) -> str:
    """The feeling named in ``text``, or the one a trap usually brings."""
    lower = text.lower().replace("’", "'")
    for feeling in _FEELINGS:
        state = (
            r"\b(?:feel|feels|feeling|felt|am|i'm|im|so|really|very|been|get|getting|too|quite|bit)"
        )
        if re.search(rf"{state} (?:\w+ )?{re.escape(feeling)}\b", lower):
            return _FEELING_AS_STATE.get(feeling, feeling)
    return _DEFAULT_FEELING.get(trap_id, "upset")


def soften(text: str) -> str:
    """Swap absolute words for qualified ones ("always" -> "often", "will" -> "might")."""
    out = text.strip().rstrip(".!?")
    for pattern, repl in _SWAPS:
        out = re.sub(pattern, repl, out, flags=re.IGNORECASE)
    return out


def other_person(text: str) -> str:
    """Who else the thought is about ("my boss", "she", "they"), or ``""``."""
    match = re.search(
        r"\b((?:my|the) (?:boss|manager|teacher|partner|husband|wife|mum|mom|dad|mother|father|"
        r"sister|"
        r"brother|friend|friends|coworker|colleague|coach|ex|son|daughter|kids|parents|"
        r"boyfriend|girlfriend|neighbours?|neighbors?|landlord|roommate|team))\b|"
        r"\b(he|she|they|people)\b",
        text,
        re.IGNORECASE,
    )
    if not match:
        return ""
    return match.group(0).lower()


def parts(thought: str, situation: str, trap_id: str, cue: str) -> Parts:
    """Extract the reusable pieces of a thought (topic, feeling, person, softened text)."""
    topic = topic_phrase(thought) or topic_phrase(situation)
    if not topic:
        word = _content_word(thought)
        topic = f"the {word}" if word else "this"
    return Parts(
        topic=topic,
        feeling=feeling_word(f"{thought} {situation}", trap_id),
        other=other_person(thought),
        soft=soften(thought),
        cue=cue,
        label=_label(cue),
    )


def _label(cue: str) -> str:
    """The label word at the end of a labeling cue ("I'm such an idiot" -> "an idiot")."""
    match = re.search(r"\b((?:a|an) )?([a-z-]+)\W*$", cue.lower())
    if not match or match.group(2) in STOPWORDS:
        return ""
    return f"“{(match.group(1) or '')}{match.group(2)}”"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# Patterns per trap. Slots: {topic} {feeling} {other} {Other}. Each is short, names a feeling,
# avoids absolute words and ends with a next step.
class ReframePatterns(Strict):
    """``toolkit/reframing/data/reframes.yaml``: sentence patterns per trap."""

    schema_version: Literal[1]
    traps: dict[str, tuple[str, ...]]
    generic: tuple[str, ...] = Field(min_length=3)
    label: tuple[str, ...] = ()


@cache
def reframe_patterns() -> ReframePatterns:
    """The reframe patterns shipped with the package (read once)."""
    return load_model(Path(__file__).resolve().parent / "data" / "reframes.yaml", ReframePatterns)


def _fill(pattern: str, part: Parts) -> str:
    other = part.other or "they"
    text = pattern.format(
        label=part.label,
        topic=part.topic,
        Topic=_cap(part.topic),
        feeling=part.feeling,
        other=other,
        Other=_cap(other),
    )
    text = (
        text.replace("they's", "their")
        .replace("people's", "their")
        .replace("they thinks", "they think")
    )
    text = text.replace("everyone thinks", "others think").replace("everyone's", "others'")
    text = text.replace("he thinks", "he thinks").replace("I am unsure", "I feel unsure")
    text = re.sub(r"\bI am under pressure\b", "I feel under pressure", text)
    text = re.sub(r"\bbe (let down|under pressure|behind)\b", r"feel \1", text)
    return _clean(text)


def reframes(
    thought: str,
    situation: str,
    trap_id: str,
    cue: str = "",
    *,
    count: int = 3,
    exclude: tuple[str, ...] = (),
    mood: str = "",
    composed: bool = True,
) -> list[str]:
    """Up to ``count`` distinct balanced thoughts for one trap, each passing the checklist.

    With ``composed`` the first is composed for this thought (:mod:`.compose`: the feeling, a
    balanced view, a small step). ``analyze`` does not ask for it (it runs as the client types,
    within 10 ms); the balanced-thought step composes its ideas with :func:`plan_ideas`.

    They come from the bank of balanced thoughts people wrote (:mod:`.bank`), retrieved for
    this thought and adapted; when the bank has too few that fit, ideas that quote the
    client's own clause whole (:func:`~toolkit.reframing.bank.quoted_ideas`). Nothing is
    spliced into a sentence pattern: the patterns of ``data/reframes.yaml`` made
    "My knees feels huge" of a thought about knees. Fewer than ``count`` may come back: one
    good idea beats three bad ones. ``exclude`` holds reframes already chosen (for another
    trap of the same thought).

    Examples
    --------
    >>> out = reframes("I'm going to fail the test", "", "fortune_telling")
    >>> len(out) >= 1 and any("the test" in r for r in out)
    True
    """
    from .bank import quoted_ideas, retrieve
    from .compose import compose

    if _no_idea_after_harm(thought, situation):
        return []
    count = max(count, 3)
    first = compose(thought, situation, trap_id, mood=mood, exclude=exclude) if composed else ""
    out = [first] if first else []
    out += retrieve(
        thought, situation, (trap_id,), mood=mood, count=count - len(out), exclude=(*exclude, *out)
    )
    if len(out) < count and trap_id != "negative_feeling":
        # ideas that meet the feeling fit this trap too when they do not repeat it
        extra = retrieve(
            thought,
            situation,
            ("negative_feeling",),
            mood=mood,
            count=count,
            exclude=(*exclude, *out),
        )
        out += [text for text in extra if answers_trap(text, trap_id)][: count - len(out)]
    if len(out) < count:
        out += quoted_ideas(
            thought, trap_id, cue, count=count - len(out), exclude=(*exclude, *out), mood=mood
        )
    return out[:count]


_PATTERN_TRIES = 6
"""Sentence patterns tried per trap when the bank has too few ideas (each costs a full check)."""


def _pattern_reframes(
    thought: str, situation: str, trap_id: str, cue: str, *, count: int, exclude: tuple[str, ...]
) -> list[str]:
    """Balanced thoughts from the sentence patterns, only those passing the whole checklist."""
    part = parts(thought, situation, trap_id, cue)
    bank = reframe_patterns()
    patterns = bank.traps.get(trap_id, bank.generic)
    if trap_id == "labeling" and part.label:
        patterns = bank.label + patterns
    start = zlib.crc32(thought.encode("utf-8")) % len(patterns)
    ordered = patterns[start:] + patterns[:start] + bank.generic
    good: list[str] = []
    seen = set(exclude)
    named_topic = bool(topic_phrase(thought) or topic_phrase(situation))
    for pattern in ordered[:_PATTERN_TRIES]:
        if "{other}" in pattern and not part.other:
            continue
        if not named_topic and ("{topic}" in pattern or "{Topic}" in pattern):
            continue  # "the <longest word>" is no topic ("about the fuck")
        text = _fill(pattern, part)
        if text in seen:
            continue
        seen.add(text)
        if check_reframe(text, thought, trap_id, situation).passed:
            good.append(text)
            if len(good) == count:
                break
    return good


@dataclass(frozen=True)
class Idea:
    """One balanced-thought idea, the trap it answers and where it came from (``evidence``,
    ``bank``, ``quoted``)."""

    text: str
    trap: str
    source: str
    again: str = ""
    """For a quoted idea: the same idea with its own words for the thought instead of the
    quotation, shown when an earlier idea already quotes the client."""


def balanced_ideas(
    thought: str,
    situation: str = "",
    traps: tuple[str, ...] = (),
    *,
    mood: str = "",
    evidence: str = "",
    count: int = 3,
    ticked: bool = True,
) -> list[str]:
    """Balanced-thought ideas for the ticked (or found) ``traps``, the client's strongest
    ``mood`` and their ``evidence`` against the thought (see :func:`plan_ideas`).

    Examples
    --------
    >>> ideas = balanced_ideas(
    ...     "I always mess up at work", traps=("overgeneralizing",),
    ...     evidence="My last two projects went well.",
    ... )
    >>> "My last two projects went well." in ideas[0]
    True
    """
    return [
        idea.text
        for idea in plan_ideas(
            thought, situation, traps, mood=mood, evidence=evidence, count=count, ticked=ticked
        )
    ]


def plan_ideas(
    thought: str,
    situation: str = "",
    traps: tuple[str, ...] = (),
    *,
    mood: str = "",
    evidence: str = "",
    count: int = 3,
    ticked: bool = True,
) -> list[Idea]:
    """The ideas of :func:`balanced_ideas`, each with the trap it answers.

    ``ticked`` says the client ticked ``traps``; when they were only found by the engine, a
    trap the cue rules do not see in the client's words (a classifier guess) gets bank ideas
    only, never one that tells the client their thought is that trap.

    Ideas are composed first (:mod:`.compose`: the client's feeling, a balanced view for the
    trap, one small step); when the evidence gives a clean sentence, the first one uses it
    ("My last review was good. That is a time it went differently."). Each trap in turn gets
    its composed ideas, then the bank's, then ones that quote the client's clause, so a second
    ticked trap is answered too, not only the first. When the
    client rated a mood, one idea names it unless another already does. A thought with no
    trap that does not read as painful gets no idea beyond the evidence one. Evidence that
    trips the crisis gate gives no ideas at all.
    """
    from . import safety
    from .bank import (
        UNTRAPPED,
        feeling_adjective,
        mood_family,
        quoted_pairs,
        retrieve,
    )
    from .checklist import MOOD_FAMILIES, compound

    if evidence.strip() and safety.check(evidence).crisis:
        return []
    if _no_idea_after_harm(thought, situation):
        return []
    from .compose import compose

    wanted = tuple(dict.fromkeys(traps)) or (UNTRAPPED,)
    if not traps and compound(thought) >= _POSITIVE_TONE and not mood:
        first = compose(thought, situation, "negative_feeling", evidence=evidence)
        if evidence.strip() and first:
            return [Idea(first, wanted[0], "evidence")]
        return []
    feeling = feeling_adjective(mood)
    family = mood_family(mood)
    words = MOOD_FAMILIES.get(family, frozenset()) | {feeling} - {""}

    def names_mood(text: str) -> bool:
        return bool(words & set(re.findall(r"[a-z]+", text.lower())))

    per_trap: dict[str, list[Idea]] = {}
    taken: list[str] = []
    for rank, trap_id in enumerate(wanted[:3]):
        options: list[Idea] = []
        if ticked or rank == 0 or _first_cue(thought, trap_id):
            own = evidence if rank == 0 else ""
            options = _composed(thought, situation, trap_id, mood=mood, evidence=own, taken=taken)
            taken += [i.text for i in options]
        found = retrieve(thought, situation, (trap_id,), mood=mood, count=2, exclude=tuple(taken))
        options += [Idea(text, trap_id, "bank") for text in found]
        if ticked or rank == 0 or _first_cue(thought, trap_id):
            # a trap the rules do not see in the client's words gets no idea that names it
            pairs = quoted_pairs(
                thought,
                trap_id,
                count=2,
                exclude=(*taken, *found),
                mood=mood if rank == 0 else "",
            )
            options += [Idea(text, trap_id, "quoted", again) for text, again in pairs]
        per_trap[trap_id] = options
        taken += [i.text for i in options if i.text not in taken]
    spare = [i for queue in per_trap.values() for i in queue if names_mood(i.text)]
    ideas = _in_turn(per_trap, wanted[:3], count)
    ideas = _quote_once(ideas[:count], thought, situation)
    if feeling and ideas and not any(names_mood(i.text) for i in ideas):
        # the client's strongest feeling is met by an idea that names it
        shown = {i.text for i in ideas}
        _swap_in(ideas, [i for i in spare if i.text not in shown], wanted[:2], count)
    return ideas


_HARM_DONE = re.compile(
    r"\b(?:abus(?:e|ed|er|ers|ive|ing)|assault(?:ed)?|sexually|rap(?:e|ed|ist)|molest\w*|"
    r"groomed|(?:was|got|been) attacked|attacker|beat me up|punched me|slapped me|kicked me|"
    r"shoved me|strangled me|hit me (?:again|in|across|with|when)|(?:was|got|been|being) "
    r"bullied|bullying me|bullies me|harass(?:ed|ing) me|stalk(?:ed|ing) me|domestic violence|"
    r"suicid\w*|overdos\w*|self[- ]?harm\w*|murder(?:ed)?)\b"
)
"""Harm done to the writer or to someone close: no automatic idea is shown for such thoughts."""
_LOSS = re.compile(r"\b(?:killed|died|death|passed away|miscarr\w*|stillb\w*)\b")
_SELF_BLAME = re.compile(
    r"\b(?:my fault|my own fault|i deserved|i deserve(?:d)? it|i caused|i made (?:him|her|them|it)|"
    r"i should have (?:stopped|known|seen|prevented)|because of me|i let it happen|"
    r"i asked for it|blames? me|blaming me)\b"
)


def _no_idea_after_harm(thought: str, situation: str) -> bool:
    """Whether no idea may be shown: a thought about abuse, violence, bullying, a suicide
    attempt or self-harm ("other things played a part too" after abuse, "some of it may have
    gone fine" after an assault), or one that blames the writer for a death ("it was my fault
    she died"). The questions and the therapist answer those thoughts."""
    text = f"{thought} {situation}".lower()
    if _HARM_DONE.search(text):
        return True
    return bool(_LOSS.search(text) and _SELF_BLAME.search(thought.lower()))


_COMPOSED = frozenset({"composed", "evidence"})


def _composed(
    thought: str, situation: str, trap_id: str, *, mood: str, evidence: str, taken: list[str]
) -> list[Idea]:
    """Up to two composed ideas for one trap (the feeling, a balanced view, a small step), the
    first starting from the client's ``evidence`` when there is some; when none uses the
    evidence, the plain evidence idea of :func:`~toolkit.reframing.bank.evidence_idea`."""
    from .bank import UNTRAPPED, evidence_idea
    from .compose import compose

    trap = "negative_feeling" if trap_id == UNTRAPPED else trap_id
    options: list[Idea] = []
    for variant in (0, 1):
        own = evidence if variant == 0 else ""
        exclude = (*taken, *(i.text for i in options))
        text = compose(
            thought, situation, trap, mood=mood, evidence=own, variant=variant, exclude=exclude
        )
        if text:
            used = bool(own.strip()) and _uses_evidence(text, own)
            options.append(Idea(text, trap_id, "evidence" if used else "composed"))
    if evidence.strip() and not any(i.source == "evidence" for i in options):
        first = evidence_idea(evidence, thought, trap, situation)
        if first:
            options.insert(0, Idea(first, trap_id, "evidence"))
    return options


def _in_turn(per_trap: dict[str, list[Idea]], traps: tuple[str, ...], count: int) -> list[Idea]:
    """Each trap's best idea in turn (a composed one when it has one), so every trap is
    answered; then the composed ideas left, then the others; no text or opening twice."""
    ideas: list[Idea] = []
    seen: set[str] = set()
    openings: set[str] = set()
    tiers = [
        {t: [i for i in q if i.source in _COMPOSED] for t, q in per_trap.items()},
        {t: [i for i in q if i.source not in _COMPOSED] for t, q in per_trap.items()},
    ]

    def take(queue: list[Idea]) -> bool:
        while queue:
            idea = queue.pop(0)
            if idea.text not in seen and _opening(idea.text) not in openings:
                ideas.append(idea)
                seen.add(idea.text)
                openings.add(_opening(idea.text))
                return True
        return False

    for trap_id in traps:
        if len(ideas) < count and not take(tiers[0].get(trap_id, [])):
            take(tiers[1].get(trap_id, []))
    for tier in tiers:
        while len(ideas) < count and any(tier.values()):
            for trap_id in traps:
                take(tier.get(trap_id, []))
                if len(ideas) == count:
                    break
    return ideas


def _uses_evidence(text: str, evidence: str) -> bool:
    """Whether a composed idea carries the client's evidence sentence."""
    first = re.split(r"(?<=[.!?])\s+|\n", evidence.strip())[0].strip().rstrip(".!").lower()
    return bool(first) and first in text.lower()


def _quote_once(ideas: list[Idea], thought: str = "", situation: str = "") -> list[Idea]:
    """Only the first quoted idea quotes the client; later ones use their own words for it,
    and are left out when those words no longer say what the thought is about."""
    from .checklist import specific_to

    out: list[Idea] = []
    quoted = False
    for idea in ideas:
        again = idea.source == "quoted" and quoted
        if again and not (idea.again and specific_to(idea.again, thought, situation)):
            continue
        out.append(Idea(idea.again, idea.trap, idea.source) if again else idea)
        quoted = quoted or idea.source == "quoted"
    return out


def _swap_in(ideas: list[Idea], named: list[Idea], keep: tuple[str, ...], count: int) -> None:
    """Add the first of ``named``, or when there are ``count`` ideas already put it in place of
    a later one, keeping every trap of ``keep`` that the ideas answered answered still (the
    evidence idea stays first)."""
    if named and len(ideas) < count:
        ideas.append(named[0])
        return
    covered = {i.trap for i in ideas} & set(keep)
    for idea in named:
        for pos in range(len(ideas) - 1, 0, -1):
            trial = [*ideas[:pos], idea, *ideas[pos + 1 :]]
            if covered <= {i.trap for i in trial}:
                ideas[pos] = idea
                return


def _opening(text: str) -> str:
    return " ".join(text.lower().split()[:3])


def _first_cue(thought: str, trap_id: str) -> str:
    """The client's words that point most strongly to ``trap_id`` (``""`` when none do)."""
    from .cues import RULES, find_cues

    found = find_cues(thought, tuple(rule for rule in RULES if rule.trap == trap_id))
    return max(found, key=lambda c: c.weight).text if found else ""


_GENERAL_QUESTIONS = (
    "What would you say to a friend who had this thought?",
    "What is the evidence for this thought, and what is the evidence against it?",
    "Is there another way to look at this?",
)


def questions(
    question_bank: tuple[str, ...], cue: str, thought: str, count: int = 3, trap_id: str = ""
) -> list[str]:
    """Pick ``count`` Socratic questions for a trap, filling ``{cue}`` with the client's words.

    Questions with ``{cue}`` come first when there is a cue; the rest rotate with the thought so
    that different thoughts get different questions (deterministically). Given ``trap_id``,
    ``{cue}`` takes the whole clause that shows the trap (or its absolute word), never a cut
    phrase ('Did anyone actually say "My manager must regret"?'); with no clean clause the
    question with ``{cue}`` is left out.
    """
    from .bank import absolute_word, quote_clause

    with_cue = [q for q in question_bank if "{cue}" in q]
    plain = [q for q in question_bank if "{cue}" not in q]
    start = zlib.crc32(thought.encode("utf-8")) % max(1, len(plain))
    plain = plain[start:] + plain[:start]
    picked: list[str] = []
    if trap_id:
        cue = quote_clause(thought, trap_id) or absolute_word(thought, trap_id).lower()
    short_cue = _clean(cue)[:90]
    if short_cue:
        picked += [q.replace("{cue}", short_cue) for q in with_cue[:1]]
    picked += plain
    if len(picked) < count:
        picked += list(_GENERAL_QUESTIONS)
    seen: list[str] = []
    for q in picked:
        if q not in seen:
            seen.append(q)
    return seen[:count]


_NEGATIVE_TONE = -0.3
_POSITIVE_TONE = 0.3
"""A thought with no trap at or above this VADER compound reads as balanced: no idea. Below
it, a thought the client wrote down as an automatic thought gets ideas that quote it gently
(VADER reads "I will never be good enough" as positive, so tone alone cannot ask for more)."""


def untrapped(thought: str, situation: str = "") -> list[str]:
    """Ideas for a thought that shows no clear trap: when it sounds painful (VADER compound
    at most -0.3) ideas from the bank that meet the feeling; then, unless it reads as
    positive (compound 0.3 or more), ideas that quote the thought and offer a balanced way to
    hold it. A positive thought gets none."""
    from .checklist import compound

    tone = compound(thought)
    if tone >= _POSITIVE_TONE:
        return []
    from .bank import UNTRAPPED, quoted_ideas, retrieve

    out = (
        retrieve(thought, situation, ("negative_feeling",), count=3)
        if tone <= _NEGATIVE_TONE
        else []
    )
    return out + quoted_ideas(thought, UNTRAPPED, count=3 - len(out), exclude=tuple(out))


def general_questions() -> tuple[str, ...]:
    """Questions for a thought that shows no clear trap."""
    return _GENERAL_QUESTIONS


__all__ = [
    "Idea",
    "Parts",
    "feeling_word",
    "general_questions",
    "other_person",
    "parts",
    "plan_ideas",
    "questions",
    "reframes",
    "soften",
    "topic_phrase",
    "untrapped",
]
