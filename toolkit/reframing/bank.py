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
_EVENT_KINDS: dict[str, frozenset[str]] = {
    "performance": frozenset(
        (  # noqa: SIM905 - a word list reads best as text
            "interview exam exams test tests presentation audition speech recital race "
            "performance pitch match game review talk"
        ).split()
    ),
    "task": frozenset("deadline essay assignment project report".split()),  # noqa: SIM905
    "occasion": frozenset(
        (  # noqa: SIM905
            "meeting date party dinner wedding funeral holiday trip visit call conversation "
            "shift class lesson lecture session appointment"
        ).split()
    ),
    "medical": frozenset("scan surgery operation appointment".split()),  # noqa: SIM905
    "outcome": frozenset("result promotion award prize offer raise deal move".split()),  # noqa: SIM905
}
"""What kind of thing an event is: a slot whose default is a performance ("the interview")
takes only another performance ("the driving test"), never an outcome ("the promotion"): one
does not stumble through a promotion or forget a presentation."""


def event_kinds(phrase: str) -> frozenset[str]:
    """The kinds of the event a noun phrase names, from its last word ("the driving test" ->
    performance)."""
    head = phrase.rsplit(maxsplit=1)[-1].lower() if phrase.strip() else ""
    return frozenset(kind for kind, nouns in _EVENT_KINDS.items() if head in nouns)


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
    untrapped: tuple[str, ...] = ()
    """Quoting ideas for a painful thought with no clear trap (``{cue}``, ``{feeling}``)."""
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
    story_stems: frozenset[str] = frozenset()
    """Content stems of its own words, slots left out (a slot's default is not its story:
    it is replaced by the client's event or person, or the client named it)."""


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


_SELF_LABEL = re.compile(
    r"\b(?:i|i['’]m|im|i am|i was|i feel like|i['’]ve been|myself|me)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def labels_others(thought: str) -> bool:
    """Whether the thought's trap is about someone else rather than the writer.

    The subject of the strongest labeling, blaming or mind-reading cue decides: "My ex was
    right, I'm unlovable" labels the writer although it starts with someone else; "He is
    selfish" labels someone else. With no such cue, whether the thought starts with someone
    else (:func:`about_others`).

    Examples
    --------
    >>> labels_others("My ex was right, I'm unlovable"), labels_others("He is so selfish")
    (False, True)
    """
    from .cues import RULES, find_cues

    rules = tuple(rule for rule in RULES if rule.trap == "labeling")
    found = sorted(find_cues(thought, rules), key=lambda c: -c.weight)
    if found:
        cue = found[0]
        before = thought[max(0, cue.start - 12) : cue.start]
        return not (_SELF_LABEL.search(cue.text) or re.search(r"\b(?:i|i['’]m)\s*$", before, re.I))
    return about_others(thought)


@cache
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
    untrapped: tuple[str, ...] = ()


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
                        story_stems=content_stems(_SLOT.sub(" ", text)),
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
        data.untrapped,
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
            return event if event and event_kinds(event) & event_kinds(default) else default
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
    labels_others: bool = False
    """The thought's label is about someone else (:func:`labels_others`)."""
    domain_stems: frozenset[str] = frozenset()
    """Stems of the words of the client's strongest life domains ("work", "job" for a
    thought about a meeting): an entry may name its domain without the client's word."""


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
    queues = [
        (trap, list(_fitting(thought, situation, mood, trap, rank)))
        for rank, trap in enumerate(wanted[:3])
    ]
    chosen: list[str] = []
    openings: set[str] = {_opening(text) for text in exclude}
    seen = set(exclude)
    while len(chosen) < count and any(q for _, q in queues):
        for _trap, queue in queues:
            while queue:
                text = queue.pop(0)
                if text not in seen and _opening(text) not in openings:
                    chosen.append(text)
                    seen.add(text)
                    openings.add(_opening(text))
                    break
            if len(chosen) == count:
                break
    return chosen


@lru_cache(maxsize=2048)
def _fitting(thought: str, situation: str, mood: str, trap: str, rank: int) -> tuple[str, ...]:
    """The bank's ideas for one trap that fit this thought, adapted and checked, best first
    (cached: the analysis, the panel and the top-ups ask for the same trap more than once)."""
    bank = load_bank()
    need = _need_for(thought, situation, mood)
    seed = zlib.crc32(thought.encode("utf-8"))
    weight = (1.0, 0.8, 0.65)[rank]
    scored = sorted(
        bank.by_trap[trap],
        key=lambda e: (-_score(e, weight, need), zlib.crc32(e.text.encode("utf-8")) ^ seed),
    )
    checked = (_checked(entry, thought, situation, trap, need) for entry in scored[:_TRIES])
    return tuple(text for text in checked if text)


@lru_cache(maxsize=512)
def _need_for(thought: str, situation: str, mood: str) -> _Need:
    """What the thought asks of the bank (cached: one analysis asks once per trap)."""
    from .domains import domain_words
    from .text import stem

    context = f"{thought} {situation}"
    domains = domains_of(context)
    named = [name for name, score in domains.items() if score >= _NAMED_DOMAIN]
    return _Need(
        domain_stems=frozenset(stem(w) for name in named for w in domain_words(name)),
        domains=domains,
        family=mood_family(mood) or _family(thought),
        voice=voice_of(context),
        words=frozenset(w for w in content_stems(context) if w not in _NUMBER_WORDS),
        event=event_phrase(thought) or event_phrase(situation),
        person=person_of(thought, situation),
        others=about_others(thought),
        labels_others=labels_others(thought),
        mood=mood,
    )


_TRIES = 30
_LITERAL_PERSON = re.compile(
    r"\b(?:my|our) (" + "|".join(sorted(PERSON_NOUNS)) + r")\b", re.IGNORECASE
)
_STRONG_DOMAIN = 0.5
_NAMED_DOMAIN = 0.25
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
        default = re.search(r"\{event\|([^{}|]+)\}", entry.text)
        same_kind = bool(default and event_kinds(need.event) & event_kinds(default.group(1)))
        if need.event and fits_domain and same_kind:
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


_GENERIC = (  # noqa: SIM905 - a word list reads best as text
    "people person someone somebody anyone other others thing things time times way day days week "
    "weeks month year years today tonight tomorrow yesterday moment moments morning night "
    "bad good hard easy right wrong real fair true better worse best worst small big whole part "
    "parts lot bit kind one two first last next new old same different else far away back "
    "look looks see seen mean means meant help helps ask asked guess guessing take taken keep "
    "kept happen happened need needs change changed want wanted care cared love hurt hurts "
    "count counts talk talked tell told expect expected find found let decide matter matters "
    "pass passes come came show shows learn learned remember start started feel feels felt "
    "feeling feelings think thinks thought know knew say says said sign signs proof rest "
    "mistake mistakes worry worried fear afraid sad angry tired life live lives end ends "
    "instead normal still worth sure plan step steps try tried chance mind rule rules "
    "like compare comparing struggle struggling fail failed failure lose lost leave left "
    "make made do did go went get got give gave put work working done doing gone going "
    "reason reasons mood deal dealt face facing hope hoped wish pressure space room "
    "before after well through word words act action turn turns fine check fix fixable "
    "perfect unlike pattern fact facts actual actually read blame question verdict role "
    "problem jump jumps ordinary cause causes common possible several even ease eases "
    "together between notice most sort without sum okay ok progress hold case rare inside "
    "imagine understand explain answer predict prediction outcome timeline luck point handle "
    "label harsh assume trust solve place front every much many less more often sometimes "
    "stress stressed nervous tense disappointed disappointing low pain painful upset "
    "frustrated frustrating uncomfortable unhappy sting stings calm scary scared anxious "
    "guilty ashamed embarrassed lonely hurtful heavy kind kinder gentle effort standard "
    "advice alone enough short break safe secret carry harder tender fast call miss drop "
    "disaster devastating manage focus shame sadness hurting worrying understandable "
    "support someone's fault problem problems next"
).split()
"""Words a balanced thought uses whatever the story: they assert nothing about what happened.
Every other content word of an entry is part of its story ("a few tense emails", "the one who
helped me last week"), and must be in what the client wrote."""


@cache
def _generic_stems() -> frozenset[str]:
    from .text import stem

    return frozenset(stem(word) for word in _GENERIC)


def story_fits(entry: Entry, need: _Need, filled: bool = False) -> bool:
    """Whether the entry is about what the client wrote and tells no story they did not: one
    of its own content words (past the generic words of reframing) is in the thought or
    situation (or a slot of it takes the client's own event or person: ``filled``), and at
    most as many as are shared, two at most, are in neither (nor among the words of the
    client's life domain).

    An entry about "a few tense emails" for a thought about saying the wrong thing in meetings
    asserts facts the client never wrote; a reader takes it for a template.
    """
    own = _concepts(entry.story_stems - _generic_stems())
    words = _concepts(need.words)
    shared = len(own & words) + filled
    missing = own - words - need.domain_stems
    return bool(shared) and len(missing) <= min(2, shared)


_CONCEPTS = {
    "death": "die died dead death dying grief grieve grieving funeral loss passed widow widower",
    "money": "money debt debts bill bills pay paid savings broke overdraft loan rent",
    "illness": "ill illness sick doctor hospital scan symptom symptoms diagnosis",
}
"""Word families whose members speak of the same thing ("died" and "grief"): a bank entry
about grief is about a thought that says someone died."""


@cache
def _concept_of() -> dict[str, str]:
    from .text import stem

    return {stem(w): f"~{name}" for name, words in _CONCEPTS.items() for w in words.split()}


def _concepts(stems: frozenset[str]) -> frozenset[str]:
    """``stems`` with each member of a word family (:data:`_CONCEPTS`) also standing for it."""
    table = _concept_of()
    return stems | {table[s] for s in stems if s in table}


def _checked(entry: Entry, thought: str, situation: str, trap: str, need: _Need) -> str:
    """The entry adapted to the client when it fits and passes the checklist; else ``""``.

    Every check but specificity gives the same verdict for the entry with its defaults and
    with the client's words in its slots (tone, commands, questions, reading level, the trap's
    own words), and the test suite holds every entry to them; so here only the adapted
    sentence is run through the grammar gate again, and specificity is judged against this
    thought. A test checks that what comes out passes
    :func:`~toolkit.reframing.checklist.check_reframe` in full.
    """
    others = need.labels_others if entry.trap == "labeling" else need.others
    if entry.trap in _TARGETED and entry.about_other != others:
        return ""
    context = f"{thought} {situation}"
    fit = _eligible(entry, need, context)
    if fit is None:
        return ""
    event, person = fit
    if not story_fits(entry, need, filled=bool(event or person)):
        return ""
    attempt = adapt(entry.text, event, person)
    if not specific_to(attempt, thought, situation):
        return ""
    if entry.family and feeling_fits(attempt, f"{thought} {situation} {need.mood}"):
        return ""
    if attempt != adapt(entry.text) and problems(attempt):
        return ""
    return attempt


_MAX_QUOTE_WORDS = 18
UNTRAPPED = "untrapped"
"""The pseudo-trap of :func:`quoted_pairs` for a painful thought that shows no clear trap."""
_ABSOLUTE_TRAPS = frozenset({"all_or_nothing", "overgeneralizing", "should_statements"})
_ABSOLUTE_CUE = re.compile(
    r"(?:(?:always|never|ever|every ?(?:single )?time|everyone|everybody|nobody|no one|"
    r"nothing|everything|forever|should|shouldn['’]t|must|mustn['’]t|ought to|have to|"
    r"completely|totally|all the time|constantly)\s*)+",
    re.IGNORECASE,
)
_FEELING_ADJECTIVES = frozenset(
    """anxious worried nervous scared afraid frightened terrified panicky stressed tense uneasy
    sad low down hopeless lonely empty hurt heartbroken miserable disappointed unhappy
    depressed numb angry frustrated irritated annoyed furious resentful bitter jealous
    ashamed embarrassed humiliated guilty stupid worthless foolish overwhelmed insecure
    upset exhausted drained helpless rejected""".split()  # noqa: SIM905
)
_FEELING_NOUNS = {
    "anxiety": "anxious",
    "worry": "worried",
    "fear": "scared",
    "panic": "panicky",
    "stress": "stressed",
    "sadness": "sad",
    "loneliness": "lonely",
    "hopelessness": "hopeless",
    "hurt": "hurt",
    "disappointment": "disappointed",
    "anger": "angry",
    "frustration": "frustrated",
    "irritation": "irritated",
    "jealousy": "jealous",
    "resentment": "resentful",
    "shame": "ashamed",
    "embarrassment": "embarrassed",
    "humiliation": "humiliated",
    "guilt": "guilty",
    "insecurity": "insecure",
    "mad": "angry",
}


def feeling_adjective(mood: str) -> str:
    """The client's mood as an adjective that fits "Feeling ..." ("shame" -> "ashamed"), or
    ``""`` when it is not a mood word we know (then no idea names it)."""
    word = mood.strip().lower()
    if word in _FEELING_ADJECTIVES:
        return word
    return _FEELING_NOUNS.get(word, "")


@lru_cache(maxsize=4096)
def _rule_cue(thought: str, trap: str) -> str:
    """The client's words that the cue rules (not the classifier) found for ``trap``."""
    from .cues import RULES, find_cues

    found = find_cues(thought, tuple(rule for rule in RULES if rule.trap == trap))
    return max(found, key=lambda c: c.weight).text if found else ""


def quote_for(thought: str, trap: str) -> str:
    """What an idea for ``trap`` may quote of the thought: the absolute word itself for the
    traps made of absolute words ("Always"), else the whole clause that shows the trap
    ("He's going to leave me"), else the thought when it is one short clause; ``""`` when
    nothing quotes cleanly. A quotation is never cut mid-phrase ("“I feel anxious so
    something”"): what is quoted is a clause as the client wrote it.

    Examples
    --------
    >>> quote_for("My partner didn't reply, he's going to leave me", "fortune_telling")
    "He's going to leave me"
    >>> quote_for("I always say the wrong thing", "overgeneralizing")
    'Always'
    """
    word = absolute_word(thought, trap)
    if word:
        return word
    return quote_clause(thought, trap)


@lru_cache(maxsize=4096)
def absolute_word(thought: str, trap: str) -> str:
    """The absolute word that shows ``trap`` ("Always", "Nobody ever"), for the traps made of
    absolute words; ``""`` otherwise."""
    cue = _rule_cue(thought, trap).strip()
    if cue and trap in _ABSOLUTE_TRAPS and _ABSOLUTE_CUE.fullmatch(cue):
        return cue[:1].upper() + cue[1:]
    return ""


@lru_cache(maxsize=4096)
def quote_clause(thought: str, trap: str) -> str:
    """The clause of the thought that shows ``trap``, whole and as written (see
    :func:`quote_for`)."""
    cue = (_rule_cue(thought, trap).strip() if trap else "") or _any_rule_cue(thought)
    clauses = [c.strip() for c in re.split(r"[.!?;,:\n]+|\s[-–—]\s", thought) if c.strip()]
    if cue:
        clauses = [c for c in clauses if cue.lower() in c.lower()] or clauses
    clauses = [
        c
        for c in clauses
        if 2 <= len(c.split()) <= _MAX_QUOTE_WORDS and not re.search(r"[“”\"]", c)
    ]
    if not clauses:
        return ""
    return clauses[0][:1].upper() + clauses[0][1:]


@lru_cache(maxsize=4096)
def _any_rule_cue(thought: str) -> str:
    """The strongest cue of any trap in the thought (``""`` when the rules find none)."""
    from .cues import RULES, find_cues

    found = find_cues(thought, RULES)
    return max(found, key=lambda c: c.weight).text if found else ""


_CUE_SLOT = re.compile(r"“\{cue(?:\|([^{}]*))?\}”")


def _fill_quote(line: str, quote: str, refer_back: bool) -> str:
    """Put the quotation into a line, or, when ``refer_back``, the line's own words for it
    ("this", "a rule like that", "This thought ...")."""

    def fill(match: re.Match[str]) -> str:
        if not refer_back:
            return f"“{quote}”"
        words = match.group(1) or "this thought"
        opening = match.start() == 0 or line[: match.start()].rstrip().endswith((".", "!"))
        return words[:1].upper() + words[1:] if opening else words

    return _CUE_SLOT.sub(fill, line)


def quoted_ideas(
    thought: str,
    trap: str,
    cue: str = "",
    *,
    count: int = 3,
    exclude: tuple[str, ...] = (),
    mood: str = "",
) -> list[str]:
    """Ideas that quote the client's own words for ``trap`` (:func:`quote_for`), for when the
    bank has too few that fit. The quotation is the client's, exactly, so nothing in the
    sentence around it needs adapting; a line that names a feeling takes the client's
    highest-rated ``mood`` and is used only when there is one. ``cue`` is kept for callers;
    the quotation comes from the cue rules. Openings differ from one idea to the next.
    """
    del cue
    return [
        text for text, _ in quoted_pairs(thought, trap, count=count, exclude=exclude, mood=mood)
    ]


def _reads_well(line: str, quote: str) -> bool:
    """Whether a quoting line reads cleanly with ``quote`` in it: the line is checked once
    with a stand-in quotation, the quotation once on its own, for being cut mid-phrase and
    for reading cleanly (both cached: one thought's quotation goes into many lines)."""
    from .grammar import quotation_problems

    stand_in = tidy(_fill_quote(line, "It went wrong", refer_back=False))
    if problems(stand_in) or quotation_problems(quote) or problems(quote):
        return False
    # where the quotation meets the line: no word doubled across the quotation marks
    # ("Even if “If I ...”", "“... again” again")
    text = _fill_quote(line, quote, refer_back=False)
    return not re.search(r"\b(\w+)[\s“”,]+\1\b", text, re.IGNORECASE)


def quoted_pairs(
    thought: str, trap: str, *, count: int = 3, exclude: tuple[str, ...] = (), mood: str = ""
) -> list[tuple[str, str]]:
    """The ideas of :func:`quoted_ideas`, each with the same idea in its own words for the
    thought instead of the quotation ("A rule like that ..."; ``""`` when that does not read
    cleanly), for ideas shown after one that already quotes the client: three quotations of
    one sentence read as an echo."""
    bank = load_bank()
    if trap == UNTRAPPED:
        word, clause, lines = "", quote_clause(thought, ""), bank.untrapped
    else:
        word, clause = absolute_word(thought, trap), quote_clause(thought, trap)
        lines = bank.quoted.get(trap, ())
    if not (word or clause):
        return []
    feeling = feeling_adjective(mood)
    start = zlib.crc32(thought.encode("utf-8")) % max(1, len(lines))
    ordered = (*lines[start:], *lines[:start])
    if feeling:  # the line that names the client's own feeling comes first
        ordered = tuple(sorted(ordered, key=lambda line: "{feeling}" not in line))
    out: list[tuple[str, str]] = []
    openings: set[str] = set()
    for line in ordered:
        if "{feeling}" in line and not feeling:
            continue
        # the bare word only opens an idea ("“Never” turns ..."); inside one, the clause
        quote = word if word and line.startswith("“{cue}”") else clause
        if not quote:
            continue
        filled = line.replace("{feeling}", feeling)
        text = tidy(_fill_quote(filled, quote, refer_back=False))
        if text in exclude or _opening(text) in openings or not _reads_well(filled, quote):
            continue
        back = tidy(_fill_quote(filled, quote, refer_back=True))
        out.append((text, "" if problems(back) else back))
        openings.add(_opening(text))
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
_LOWER_FIRST = frozenset(
    """My The A An Last This That These Those She He They It There We Our His Her Their Some
    Most People One Two Three Four Five Several Everyone Nobody Yesterday Today Tonight
    Earlier Once When After Before Even Still Also Both""".split()  # noqa: SIM905
)
"""First words of the evidence that are lower-cased after "You noted that"; any other
capitalised first word is taken for a name and kept ("Priya invited me ...")."""


def second_person(sentence: str) -> str:
    """``sentence`` with the writer's first person turned into "you" ("I was" -> "you were").

    Examples
    --------
    >>> second_person("My last review was good and I fixed it by Monday")
    'your last review was good and you fixed it by Monday'
    """
    out = sentence.strip().rstrip(".!")
    first = out.split(" ", 1)[0]
    keep = first not in _LOWER_FIRST and first[:1].isupper() and first.lower() != "i"
    for pattern, repl in _TO_YOU:
        out = re.sub(pattern, repl, out, flags=re.IGNORECASE if repl != "you" else 0)
    return out if keep else out[:1].lower() + out[1:]


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
    bank = load_bank()
    follow = bank.evidence.get(trap) or bank.evidence.get("default") or ()
    if not follow:
        return ""
    line = follow[zlib.crc32(f"{thought}|{evidence}".encode()) % len(follow)]
    if re.search(r"\b(?:I|we|us|our)\b", noted) or re.search(r"[“”\"]", first):
        # "we" cannot be turned into "you" safely: quote the client's sentence as written
        if re.search(r"[“”\"]", first):
            return ""
        text = tidy(f"You wrote: “{first.rstrip('.!')}.” {line}")
    else:
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
    "feeling_adjective",
    "load_bank",
    "mood_family",
    "person_of",
    "quote_for",
    "quoted_ideas",
    "quoted_pairs",
    "retrieve",
    "second_person",
    "voice_of",
]
