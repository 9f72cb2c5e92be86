"""Balanced thoughts written by people, retrieved for a client's thought and adapted safely.

This follows the retrieval-enhanced idea of Sharma et al. (2023), "Cognitive Reframing of
Negative Thoughts through Human-Language Model Interaction", ACL: start from reframes that
people wrote for similar thoughts, without a language model. ``data/balanced.yaml`` holds our
own balanced thoughts, filed by thinking trap and life domain, each marked with a voice (teen,
adult, older adult, or any). For one thought they are ranked by the ticked (or found) traps,
the domain of the thought and situation, the client's strongest mood, the voice, and the words
they share; the best few are adapted and checked.

Only what is safe to adapt is adapted, through typed slots:

``{event|the meeting}``
    an event the client named ("the driving test", "my exam results"): only a noun phrase
    whose head is a known event noun is put in, otherwise the default stays;
``{person|my friend}``
    the other person the client named ("my manager", "Sam");
``{they}`` ``{them}`` ``{their}`` (and capitalised)
    that person's pronouns when the client's words show them ("he", "she"), else "they";
    in the bank a ``{they}`` is only followed by a word that fits every pronoun (a modal or a
    past-tense verb), which a test checks.

Every adapted idea then passes the checklist (:func:`~toolkit.reframing.checklist.check_reframe`,
which includes the grammar gate), or is tried with the defaults, or is dropped.

Examples
--------
>>> ideas = retrieve("I'm going to fail the driving test", "", ("fortune_telling",))
>>> any("driving test" in idea for idea in ideas)
True
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from toolkit.exercises.base import Strict

from .checklist import MOOD_FAMILIES, check_reframe, content_stems, feeling_fits, specific_to
from .domains import DOMAINS, domains_of
from .grammar import problems, tidy
from .taxonomy import load_fast

VOICES = {"t": "teen", "a": "adult", "o": "older adult", "*": "any"}

_TEEN_WORDS = frozenset(
    [
        "school",
        "teacher",
        "teachers",
        "homework",
        "class",
        "classmates",
        "mum",
        "mom",
        "dad",
        "parents",
        "exam",
        "exams",
        "grades",
        "detention",
        "crush",
        "snapchat",
        "instagram",
        "tiktok",
        "gcse",
        "gcses",
        "sats",
    ]
)
_OLDER_WORDS = frozenset(
    [
        "retired",
        "retirement",
        "pension",
        "grandchildren",
        "grandkids",
        "grandson",
        "granddaughter",
        "widow",
        "widower",
        "hip",
        "knees",
        "arthritis",
    ]
)


EVENT_NOUNS = frozenset(
    [
        "interview",
        "exam",
        "exams",
        "test",
        "tests",
        "meeting",
        "presentation",
        "date",
        "party",
        "appointment",
        "game",
        "match",
        "review",
        "call",
        "conversation",
        "trip",
        "deadline",
        "result",
        "audition",
        "speech",
        "essay",
        "assignment",
        "shift",
        "wedding",
        "funeral",
        "holiday",
        "dinner",
        "visit",
        "scan",
        "surgery",
        "operation",
        "class",
        "lesson",
        "lecture",
        "recital",
        "race",
        "performance",
        "talk",
        "session",
        "project",
        "report",
        "pitch",
        "deal",
        "move",
        "promotion",
        "award",
        "prize",
        "offer",
        "raise",
    ]
)
"""Nouns for things that happen; "results" is left out ("in my results" reads wrongly)."""
PERSON_NOUNS = frozenset(
    [
        "boss",
        "manager",
        "teacher",
        "partner",
        "husband",
        "wife",
        "mum",
        "mom",
        "dad",
        "mother",
        "father",
        "sister",
        "brother",
        "friend",
        "coworker",
        "colleague",
        "coach",
        "son",
        "daughter",
        "boyfriend",
        "girlfriend",
        "neighbour",
        "neighbor",
        "landlord",
        "roommate",
        "flatmate",
        "doctor",
        "therapist",
        "grandma",
        "grandad",
        "grandmother",
        "grandfather",
        "aunt",
        "uncle",
        "cousin",
        "ex",
        "supervisor",
        "tutor",
    ]
)
_HE = frozenset("husband dad father brother son boyfriend grandad grandfather uncle".split())  # noqa: SIM905
_SHE = frozenset(
    "wife mum mom mother sister daughter girlfriend grandma grandmother aunt".split()  # noqa: SIM905
)
_PRONOUNS = {
    "he": ("he", "him", "his"),
    "she": ("she", "her", "her"),
    "they": ("they", "them", "their"),
}
_SLOT = re.compile(r"\{(event|person)\|([^{}|]+)\}|\{(they|them|their|They|Them|Their)\}")
_NOT_NAMES = frozenset(
    [
        "I",
        "I'm",
        "I've",
        "I'll",
        "I'd",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "God",
        "English",
        "Maths",
        "OK",
    ]
)


class BankFile(Strict):
    """``data/balanced.yaml``: balanced thoughts by trap, then by domain.

    Each thought starts with its voice and a bar: ``t|`` teen, ``a|`` adult, ``o|`` older
    adult, ``*|`` any voice.
    """

    schema_version: Literal[1]
    thoughts: dict[str, dict[Literal[*DOMAINS], tuple[str, ...]]] = Field(min_length=1)  # type: ignore[valid-type]
    quoted: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Top-ups that quote the client's cue words (``{cue}``), by trap."""
    evidence: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Second sentences for an idea that starts from the client's evidence against the thought
    ("You noted that ..."), by trap; ``default`` for any trap."""


@dataclass(frozen=True)
class Entry:
    """One balanced thought of the bank."""

    text: str
    trap: str
    domain: str
    voice: str
    stems: frozenset[str]
    family: str
    slots: frozenset[str]
    about_other: bool = False
    """The entry is about another person's actions or words (not the writer's)."""
    domain_words: frozenset[str] = frozenset()
    """Domains its own words point to, slots left out ("scans" -> health)."""


_OTHER_SUBJECT = re.compile(
    r"^(?:(?:my|our) (?:[a-z]+ )?(?:" + "|".join(sorted(PERSON_NOUNS)) + r")s?|he|she|they|"
    r"someone|people|other people|some people|my (?:family|parents|kids|children|friends))\b",
    re.IGNORECASE,
)


def about_others(thought: str) -> bool:
    """Whether a thought is mainly about someone else ("He is selfish", "My boss hates me").

    Examples
    --------
    >>> about_others("He is so selfish"), about_others("I am so selfish")
    (True, False)
    """
    return bool(_OTHER_SUBJECT.match(thought.strip()))


def bank_path() -> Path:
    """Where the bank is stored (inside the package)."""
    return Path(__file__).resolve().parent / "data" / "balanced.yaml"


def _family(text: str) -> str:
    words = set(re.findall(r"[a-z]+", text.lower()))
    for name, members in MOOD_FAMILIES.items():
        if words & members:
            return name
    return ""


def mood_family(mood: str) -> str:
    """The family of a mood word ("ashamed" -> "shame"), or ``""`` when it is not known."""
    return _family(mood)


@dataclass(frozen=True)
class Bank:
    """The loaded bank: every entry, entries by trap, and the evidence sentences."""

    entries: tuple[Entry, ...]
    by_trap: dict[str, tuple[Entry, ...]]
    evidence: dict[str, tuple[str, ...]]
    quoted: dict[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def _load(path: Path, mtime: int) -> Bank:
    del mtime  # cache key only
    data = load_fast(path, BankFile)
    entries = []
    for trap, domains in data.thoughts.items():
        for domain, texts in domains.items():
            for raw in texts:
                voice, _, text = raw.partition("|")
                plain = _SLOT.sub(lambda m: m.group(2) or m.group(3) or "", text)
                entries.append(
                    Entry(
                        text=text.strip(),
                        trap=trap,
                        domain=domain,
                        voice=VOICES.get(voice.strip(), "any"),
                        stems=content_stems(plain),
                        family=_family(plain),
                        slots=frozenset((m.group(1) or "pronoun") for m in _SLOT.finditer(text)),
                        domain_words=frozenset(domains_of(_SLOT.sub(" ", text))),
                        about_other=bool(_OTHER_SUBJECT.match(plain))
                        or "{person|" in text
                        or "{they}" in text.lower(),
                    )
                )
    by_trap: dict[str, list[Entry]] = {}
    for entry in entries:
        by_trap.setdefault(entry.trap, []).append(entry)
    return Bank(
        tuple(entries),
        {k: tuple(v) for k, v in by_trap.items()},
        dict(data.evidence),
        dict(data.quoted),
    )


def load_bank() -> Bank:
    """The bank shipped with the package (read once, again when the file changes)."""
    path = bank_path()
    return _load(path, path.stat().st_mtime_ns)


# -- what the client wrote -------------------------------------------------------------------
_WORDS = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


def voice_of(text: str) -> str:
    """``teen``, ``older adult`` or ``adult``, from the words of the thought and situation."""
    words = {w.lower() for w in _WORDS.findall(text)}
    if words & _OLDER_WORDS:
        return "older adult"
    if words & _TEEN_WORDS:
        return "teen"
    return "adult"


_DET = re.compile(
    r"\b(the|my|our|this|that|tomorrow's|today's|next|his|her|their)\s+((?:[A-Za-z-]+\s*){1,4})",
    re.IGNORECASE,
)


def event_phrase(text: str) -> str:
    """An event the client named, as a noun phrase ("the driving test"), or ``""``.

    Only a phrase whose last word is a known event noun counts, with at most two words before
    it that can be nouns or adjectives (checked with the grammar gate's lexicon).

    Examples
    --------
    >>> event_phrase("I'm going to fail the driving test tomorrow")
    'the driving test'
    >>> event_phrase("Everyone in that room thinks I'm incompetent")
    ''
    """
    from .grammar import word_classes

    for match in _DET.finditer(text):
        det = match.group(1).lower()
        words = match.group(2).split()[:3]
        cut = next((i for i, w in enumerate(words) if w.lower() in EVENT_NOUNS), None)
        if cut is None:
            continue
        while cut + 1 < len(words) and words[cut + 1].lower() in EVENT_NOUNS:
            cut += 1
        middle, head = words[:cut], words[cut]
        if any(not word_classes(w) & {"NOUN", "ADJ"} for w in middle):
            continue
        if det in {"his", "her", "their", "that", "this", "tomorrow's", "today's"}:
            det = "the"
        if det == "next":
            det = "the next"
        return " ".join([det, *(w.lower() for w in middle), head.lower()])
    return ""


@dataclass(frozen=True)
class Person:
    """The other person in a thought: how to name them and their pronouns."""

    phrase: str
    pronoun: str = "they"


_PERSON = re.compile(
    r"\b(my|our)\s+((?:best|old|new|little|big|older|younger|step)\s+)?([a-z]+)\b",
    re.IGNORECASE,
)


def person_of(thought: str, situation: str = "") -> Person | None:
    """The other person the client wrote about ("my manager", a name), or ``None``.

    Examples
    --------
    >>> person_of("My husband must think I'm useless")
    Person(phrase='my husband', pronoun='he')
    """
    for text in (thought, situation):
        for match in _PERSON.finditer(text):
            noun = match.group(3).lower()
            if noun in PERSON_NOUNS:
                adjective = (match.group(2) or "").lower()
                pronoun = "he" if noun in _HE else "she" if noun in _SHE else "they"
                pronoun = _pronoun_in(thought, pronoun)
                return Person(f"my {adjective}{noun}", pronoun)
        subject = re.match(r"\s*(he|she)\b", text, re.IGNORECASE)
        if subject and text is thought:
            word = subject.group(1).lower()
            return Person(word, word)
        names = [
            m.group(0)
            for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b", text)
            if m.group(0) not in _NOT_NAMES
        ]
        if len(set(names)) == 1:
            return Person(names[0], _pronoun_in(thought, "they"))
    return None


def _pronoun_in(text: str, default: str) -> str:
    found = {w.lower() for w in _WORDS.findall(text)}
    has_he = bool(found & {"he", "him", "his"})
    has_she = bool(found & {"she", "her", "hers"})
    if has_he and not has_she:
        return "he"
    if has_she and not has_he:
        return "she"
    return default


# -- adapting and choosing -------------------------------------------------------------------
@lru_cache(maxsize=16384)
def adapt(text: str, event: str = "", person: Person | None = None) -> str:
    """Fill an entry's slots: the client's event and person where given, else the defaults."""
    pronouns = _PRONOUNS[person.pronoun if person else "they"]

    def fill(match: re.Match[str]) -> str:
        kind, default, pronoun = match.group(1), match.group(2), match.group(3)
        if kind == "event":
            return event or default
        if kind == "person":
            return person.phrase if person else default
        index = ("they", "them", "their").index(pronoun.lower())
        word = pronouns[index]
        return word.capitalize() if pronoun[0].isupper() else word

    out = _SLOT.sub(fill, text)
    out = re.sub(
        r"(^|[.!?]\s+)(my|the|he|she)\b", lambda m: m.group(1) + m.group(2).capitalize(), out
    )
    return tidy(out)


def _score(entry: Entry, weight: float, need: _Need) -> float:
    score = 3.0 * weight + 2.0 * need.domains.get(entry.domain, 0.0)
    if need.family and entry.family:
        score += 1.0 if entry.family == need.family else -0.5
    score += 0.4 if entry.voice == need.voice else 0.2 if entry.voice == "any" else -0.3
    if entry.stems:
        score += 1.2 * len(entry.stems & need.words) / math.sqrt(len(entry.stems))
    if need.event and "event" in entry.slots:
        score += 0.4
    if need.person and "person" in entry.slots:
        score += 0.3
    return score


_TARGETED = frozenset({"labeling", "blaming", "mind_reading"})
"""Traps where it matters whether the thought is about the writer or about someone else."""


@dataclass(frozen=True)
class _Need:
    """What a thought asks of the bank."""

    domains: dict[str, float]
    family: str
    voice: str
    words: frozenset[str]
    event: str
    person: Person | None
    others: bool
    mood: str = ""


def retrieve(
    thought: str,
    situation: str = "",
    traps: tuple[str, ...] = (),
    *,
    mood: str = "",
    count: int = 3,
    exclude: tuple[str, ...] = (),
) -> list[str]:
    """The best ``count`` adapted balanced thoughts from the bank, each passing the checklist.

    Traps are served in turn (the first trap's best idea, then the second's ...), so an idea
    answers each ticked trap, not only the first. Ties are broken by a hash of the thought, so
    the same thought always gets the same ideas.
    """
    bank = load_bank()
    wanted = [t for t in traps if t in bank.by_trap] or ["negative_feeling"]
    need = _need_for(thought, situation, mood)
    seed = zlib.crc32(thought.encode("utf-8"))
    queues = []
    for rank, trap in enumerate(wanted[:3]):
        weight = (1.0, 0.8, 0.65)[rank]
        scored = sorted(
            bank.by_trap[trap],
            key=lambda e: (-_score(e, weight, need), zlib.crc32(e.text.encode("utf-8")) ^ seed),
        )
        queues.append((trap, scored[:_TRIES]))
    chosen: list[str] = []
    openings: set[str] = {_opening(text) for text in exclude}
    seen = set(exclude)
    while len(chosen) < count and any(q for _, q in queues):
        for trap, queue in queues:
            while queue:
                entry = queue.pop(0)
                text = _checked(entry, thought, situation, trap, need)
                if text and text not in seen and _opening(text) not in openings:
                    chosen.append(text)
                    seen.add(text)
                    openings.add(_opening(text))
                    break
            if len(chosen) == count:
                break
    return chosen


@lru_cache(maxsize=512)
def _need_for(thought: str, situation: str, mood: str) -> _Need:
    """What the thought asks of the bank (cached: one analysis asks once per trap)."""
    context = f"{thought} {situation}"
    return _Need(
        domains=domains_of(context),
        family=mood_family(mood) or _family(thought),
        voice=voice_of(context),
        words=frozenset(w for w in content_stems(context) if w not in _NUMBER_WORDS),
        event=event_phrase(thought) or event_phrase(situation),
        person=person_of(thought, situation),
        others=about_others(thought),
        mood=mood,
    )


_TRIES = 30
_LITERAL_PERSON = re.compile(
    r"\b(?:my|our) (" + "|".join(sorted(PERSON_NOUNS)) + r")\b", re.IGNORECASE
)
_STRONG_DOMAIN = 0.5
_NUMBER_WORDS = frozenset(
    "else thing things way time lot get got make made feel felt".split()  # noqa: SIM905
) | frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty hundred".split()  # noqa: SIM905
)


def _opening(text: str) -> str:
    return " ".join(text.lower().split()[:3])


def _eligible(entry: Entry, need: _Need, context: str) -> tuple[str, Person | None] | None:
    """The event and person to put into an entry, or ``None`` when it does not fit.

    An entry about a particular event or person is only offered when the client wrote about
    one (or about the very one the entry names), and only within a domain the thought is in,
    so a thought about a driving test never gets a sentence about a scan.
    """
    strong = {name for name, score in need.domains.items() if score >= _STRONG_DOMAIN}
    fits_domain = (
        not strong
        or entry.domain in strong
        or bool(entry.domain_words and entry.domain_words <= strong)
    )
    if entry.domain_words and not entry.domain_words & strong:
        return None  # it speaks of a part of life ("at work") the thought is not about
    event, person = "", None
    if "event" in entry.slots:
        if need.event and fits_domain:
            event = need.event
        elif not _mentions_default(entry.text, "event", context):
            return None
    literal = _LITERAL_PERSON.search(_SLOT.sub(" ", entry.text))
    if literal and not re.search(rf"\b{literal.group(1)}s?\b", context, re.IGNORECASE):
        return None  # the entry is about someone the client did not mention
    if "person" not in entry.slots and "pronoun" in entry.slots:
        person = need.person if literal is None or need.person is None else None
    elif "person" in entry.slots:
        if need.person and fits_domain:
            person = need.person
        elif not _mentions_default(entry.text, "person", context):
            return None
    return event, person


def _mentions_default(text: str, kind: str, context: str) -> bool:
    match = re.search(r"\{" + kind + r"\|([^{}|]+)\}", text)
    if not match:
        return (
            kind == "person"
            and "{person|" not in text
            and bool(re.search(r"\b(?:he|she|they|him|her|them)\b", context, re.IGNORECASE))
        )
    head = match.group(1).split()[-1].lower()
    return bool(re.search(rf"\b{re.escape(head)}s?\b", context, re.IGNORECASE))


def _checked(entry: Entry, thought: str, situation: str, trap: str, need: _Need) -> str:
    """The entry adapted to the client when it fits and passes the checklist; else ``""``.

    Every check but specificity gives the same verdict for the entry with its defaults and
    with the client's words in its slots (tone, commands, questions, reading level, the trap's
    own words), and the test suite holds every entry to them; so here only the adapted
    sentence is run through the grammar gate again, and specificity is judged against this
    thought. A test checks that what comes out passes
    :func:`~toolkit.reframing.checklist.check_reframe` in full.
    """
    if entry.trap in _TARGETED and entry.about_other != need.others:
        return ""
    context = f"{thought} {situation}"
    fit = _eligible(entry, need, context)
    if fit is None:
        return ""
    event, person = fit
    attempt = adapt(entry.text, event, person)
    if not specific_to(attempt, thought, situation):
        return ""
    if entry.family and feeling_fits(attempt, f"{thought} {situation} {need.mood}"):
        return ""
    if attempt != adapt(entry.text) and problems(attempt):
        return ""
    return attempt


_MAX_CUE_WORDS = 6


def quoted_ideas(
    thought: str, trap: str, cue: str, *, count: int = 3, exclude: tuple[str, ...] = ()
) -> list[str]:
    """Ideas that quote the client's own cue words for ``trap`` ("“always” turns one event into
    a rule ..."), for when the bank has too few that fit. The quoted words are the client's,
    exactly, so nothing in the sentence around them needs adapting."""
    words = cue.strip().strip("“”\"'.,!?")
    if not words or len(words.split()) > _MAX_CUE_WORDS or "”" in words or "“" in words:
        return []
    lines = load_bank().quoted.get(trap, ())
    start = zlib.crc32(thought.encode("utf-8")) % max(1, len(lines))
    out = []
    for line in (*lines[start:], *lines[:start]):
        text = tidy(line.replace("{cue}", words[:1].upper() + words[1:]))
        if text not in exclude and not problems(text):
            out.append(text)
        if len(out) == count:
            break
    return out


# -- "You noted that ..." --------------------------------------------------------------------
_TO_YOU = (
    (r"\bI am\b|\bI'm\b", "you are"),
    (r"\bI was\b", "you were"),
    (r"\bI've\b", "you have"),
    (r"\bI'll\b", "you will"),
    (r"\bI'd\b", "you would"),
    (r"\bI\b", "you"),
    (r"\bmyself\b", "yourself"),
    (r"\bmy\b", "your"),
    (r"\bmine\b", "yours"),
    (r"\bme\b", "you"),
)
_MAX_EVIDENCE_WORDS = 25


def second_person(sentence: str) -> str:
    """``sentence`` with the writer's first person turned into "you" ("I was" -> "you were").

    Examples
    --------
    >>> second_person("My last review was good and I fixed it by Monday")
    'your last review was good and you fixed it by Monday'
    """
    out = sentence.strip().rstrip(".!")
    out = re.sub(r"^(\w)", lambda m: m.group(1).lower() if m.group(1) != "I" else "I", out)
    for pattern, repl in _TO_YOU:
        out = re.sub(pattern, repl, out, flags=re.IGNORECASE if repl != "you" else 0)
    return out[:1].lower() + out[1:] if not out.startswith("I ") else out


def evidence_idea(evidence: str, thought: str, trap: str, situation: str = "") -> str:
    """An idea that starts from the client's own evidence against the thought, or ``""``.

    The first sentence of the evidence is used when it is short and reads cleanly once turned
    into the second person ("You noted that your last review was good."); the idea must pass
    the checklist like any other.
    """
    first = re.split(r"(?<=[.!?])\s+|\n", evidence.strip())[0].strip()
    if not first or len(first.split()) > _MAX_EVIDENCE_WORDS or "?" in first:
        return ""
    noted = second_person(first)
    if re.search(r"\b(?:I|we|us|our)\b", noted):
        return ""
    bank = load_bank()
    follow = bank.evidence.get(trap) or bank.evidence.get("default") or ()
    if not follow:
        return ""
    line = follow[zlib.crc32(f"{thought}|{evidence}".encode()) % len(follow)]
    text = tidy(f"You noted that {noted}. {line}")
    check = check_reframe(text, thought, trap, f"{situation} {evidence}")
    return text if check.passed else ""


__all__ = [
    "DOMAINS",
    "EVENT_NOUNS",
    "MOOD_FAMILIES",
    "PERSON_NOUNS",
    "Bank",
    "BankFile",
    "Entry",
    "Person",
    "adapt",
    "bank_path",
    "domains_of",
    "event_phrase",
    "evidence_idea",
    "load_bank",
    "mood_family",
    "person_of",
    "quoted_ideas",
    "retrieve",
    "second_person",
    "voice_of",
]
