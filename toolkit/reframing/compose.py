"""Balanced thoughts composed for one client's thought: acknowledge, rebalance, one small step.

Sharma et al. (2023) found that the reframes people keep are empathic, answer the thinking trap
with a rational alternative, are specific to the thought, and are actionable. An idea here has
those three parts, each picked from lines we wrote (``data/compose.yaml``) and filled only with
what the client wrote:

1. an **acknowledgement** of the feeling in the client's own terms: the mood they rated
   highest (or a feeling they named), else what the thought is about (the person, the event,
   the word they called themselves, the part of life), never a feeling they did not show;
2. a **balanced view** that answers the trap the idea is for, about the same person, event or
   label, or, when they wrote evidence against the thought, that evidence in their words and
   what it shows ("My manager gave me the new client last week. That counts for more than my
   guess about what others think.");
3. a **next step** small enough to do this week, written as something the writer could do
   ("I could ask my manager how things are between us"), never an order.

Each part comes in several wordings, picked by a hash of the thought and the trap, so different
thoughts get different frames; ideas already shown are passed as ``exclude`` and no sentence
or opening repeats. Every idea passes :func:`~toolkit.reframing.checklist.check_reframe` in
full, or it is not offered.

Examples
--------
>>> idea = compose("My manager must regret hiring me", "", "mind_reading", mood="ashamed")
>>> "ashamed" in idea and "my manager" in idea.lower()
True
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from toolkit.exercises.base import Strict

from .taxonomy import load_fast

_Lines = tuple[str, ...]


class ComposeFile(Strict):
    """``data/compose.yaml``: the parts of a composed idea (see the file's header)."""

    schema_version: Literal[1]
    acknowledge: dict[str, _Lines | dict[str, _Lines]] = Field(min_length=1)
    views: dict[str, dict[str, _Lines]] = Field(min_length=1)
    evidence: dict[str, dict[str, _Lines]] = Field(min_length=1)
    steps: dict[str, dict[str, _Lines]] = Field(min_length=1)


@cache
def compose_path() -> Path:
    """Where the parts are stored (inside the package)."""
    return Path(__file__).resolve().parent / "data" / "compose.yaml"


@cache
def _load(path: Path, mtime: int) -> ComposeFile:
    del mtime  # cache key only
    return load_fast(path, ComposeFile)


def parts_file() -> ComposeFile:
    """The parts shipped with the package (read again when the file changes)."""
    path = compose_path()
    return _load(path, path.stat().st_mtime_ns)


# -- what the client wrote -------------------------------------------------------------------
@dataclass(frozen=True)
class Facts:
    """What an idea may say back to the client: only things they wrote."""

    feeling: str = ""
    event: str = ""
    person: str = ""
    pronoun: str = "they"
    group: str = ""
    self_label: str = ""
    other_label: str = ""
    about_other: bool = False
    """The thought is about someone else the client named ("He is selfish")."""
    labels_other: bool = False
    """Its label is about someone else, not the writer."""
    self_blame: bool = False
    domain: str = ""


_LABEL_LEAD = re.compile(
    r"\b(?:i['’]?m|i am|i must be|i['’]m being|i am being|i was|i feel like|i['’]ve become|"
    r"i have become|must be)\s+"
    r"((?:(?:so|such|really|very|just|totally|a|an|such a|such an|the|being)\s+)*)"
    r"([a-z-]+(?:\s+[a-z-]+){0,2})",
    re.IGNORECASE,
)
_OTHER_LABEL_LEAD = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Mm]y [a-z]+|[A-Z][a-z]+)\s+(?:is|was|are|['’]s)\s+"
    r"((?:(?:so|such|really|very|just|totally|a|an|such a|such an|being)\s+)*)"
    r"([a-z-]+(?:\s+(?:and\s+)?[a-z-]+){0,2})",
)
_LABEL_STOP = frozenset(
    """for because who that when if and but so to at in on with of about since after as or
    not going gonna trying being than enough again too""".split()  # noqa: SIM905
)
_NOT_LABELS = frozenset(
    """going able sure afraid scared worried tired here there home back late ready fine okay
    ok alone single married sorry right wrong not never always still also really feeling
    getting doing trying thinking""".split()  # noqa: SIM905
)
"""Words after "I'm" that are states or plans, not labels for a person."""
_GROUP = re.compile(
    r"\b(?:everyone|everybody|people|nobody|no one|the others)\s+(at|in|from)\s+"
    r"((?:the|my|our|that|this)\s+)?([a-z]+(?:\s+[a-z]+)?)\b|"
    r"\b(my|our)\s+(kids|children|parents|friends|family|colleagues|coworkers|team|"
    r"classmates|teachers|neighbours|neighbors|in-laws)\b",
    re.IGNORECASE,
)
_MODALS = frozenset("must might may will would can could should shall".split())  # noqa: SIM905
_SELF_BLAME = re.compile(
    r"\b(?:myself|my fault|my own fault|i failed|i blame myself|i ruined|i let [a-z]+ down)\b",
    re.IGNORECASE,
)
_STATED_FEELING = re.compile(
    r"\b(?:i am|i['’]m|im|i was|i feel|i felt|feeling|made me|makes me|left me|so|very|"
    r"really|extremely|quite|too)\s+(?:so\s+|very\s+|really\s+|extremely\s+|quite\s+)?"
    r"([a-z]+)\b",
    re.IGNORECASE,
)


def _label_phrase(article: str, words: str) -> str:
    """A label as it may be said back: up to three words, ending in a noun or an adjective,
    with its article ("a hopeless cook", "unlovable"); ``""`` when it is no label."""
    from .grammar import word_classes

    kept: list[str] = []
    for word in words.lower().split():
        if word in {"to", "than", "enough"}:
            return ""  # "a hard person to love": the label is the whole phrase
        if word in _LABEL_STOP:
            break
        kept.append(word)
    if not kept or kept[0] in _NOT_LABELS or any(w in _NOT_LABELS for w in kept):
        return ""
    if not word_classes(kept[-1]) & {"NOUN", "ADJ"}:
        return ""
    if any(not word_classes(w) & {"NOUN", "ADJ"} for w in kept[:-1]):
        return ""
    article = " ".join(w for w in article.lower().split() if w in {"a", "an"})[-2:].strip()
    if article and not word_classes(kept[-1]) & {"NOUN"}:
        return ""
    if not article and word_classes(kept[-1]) == frozenset({"NOUN"}) and len(kept) == 1:
        return ""  # "I am person": not a label that reads back cleanly
    return " ".join([article, *kept]).strip() if article else " ".join(kept)


def self_label(thought: str) -> str:
    """The word the writer called themselves ("a failure", "stupid"), or ``""``.

    Examples
    --------
    >>> self_label("I'm such a failure"), self_label("I feel useless so I must be useless")
    ('a failure', 'useless')
    >>> self_label("I'm going to fail the test")
    ''
    """
    for match in _LABEL_LEAD.finditer(thought):
        found = _label_phrase(match.group(1) or "", match.group(2))
        if found:
            return found
    return ""


def other_label(thought: str) -> str:
    """The word the writer called someone else ("a crook", "rude and selfish"), or ``""``.

    Examples
    --------
    >>> other_label("My neighbour is rude and selfish")
    'rude and selfish'
    """
    for match in _OTHER_LABEL_LEAD.finditer(thought):
        words = match.group(2).replace(" and ", " ")
        found = _label_phrase(match.group(1) or "", words)
        if found:
            if " and " in match.group(2) and len(found.split()) == 2:
                first, second = found.split()
                return f"{first} and {second}"
            return found
    return ""


def group_of(thought: str) -> str:
    """The people the thought is about as a plural noun phrase ("people at church"), or
    ``""``."""
    match = _GROUP.search(thought)
    if not match:
        return ""
    if match.group(4):
        return f"{match.group(4).lower()} {match.group(5).lower()}"
    from .grammar import word_classes

    det = (match.group(2) or "").strip().lower()
    det = "that" if det == "this" else det
    words = match.group(3).lower().split()
    if len(words) == 2 and (
        not word_classes(words[1]) & {"NOUN"} or words[1] in _LABEL_STOP | _MODALS
    ):
        words = words[:1]
    if not word_classes(words[-1]) & {"NOUN"}:
        return ""
    return " ".join(w for w in ("people", match.group(1).lower(), det, *words) if w)


_DEATH = re.compile(
    r"\b(?:died|dies|dead|death|passed away|funeral|grief|grieving|widow|widower|loss of|"
    r"lost my (?:mum|mom|dad|husband|wife|son|daughter|brother|sister|friend|baby))\b",
    re.IGNORECASE,
)


def stated_feeling(text: str) -> str:
    """A feeling the writer named in ``text`` ("I was extremely angry" -> "angry"), or ``""``."""
    from .bank import feeling_adjective

    for match in _STATED_FEELING.finditer(text):
        found = feeling_adjective(match.group(1))
        if found:
            return found
    return ""


@lru_cache(maxsize=1024)
def facts_of(thought: str, situation: str = "", mood: str = "") -> Facts:
    """What the client wrote that an idea may use (see :class:`Facts`)."""
    from .bank import about_others, event_phrase, feeling_adjective, labels_others, person_of
    from .domains import domains_of

    person = person_of(thought, situation)
    if (
        person
        and person.phrase[:1].isupper()
        and re.search(
            rf"\b(?:a|an|the|my|our)\s+{re.escape(person.phrase)}\b",
            f"{thought} {situation}",
            re.IGNORECASE,
        )
    ):
        person = None  # "A Roomate of mine": a noun written with a capital, not a name
    domains = domains_of(thought) or domains_of(situation)
    domains.pop("identity", None)  # too broad to say back ("how I see myself")
    domain = max(domains, key=lambda d: domains[d]) if domains else ""
    if domain == "grief" and not _DEATH.search(f"{thought} {situation}"):
        domain = ""  # "missing her party" is no loss
    labelled_other = labels_others(thought)
    return Facts(
        feeling=feeling_adjective(mood) or stated_feeling(f"{thought}. {situation}"),
        event=event_phrase(thought) or event_phrase(situation),
        person=person.phrase if person else "",
        pronoun=person.pronoun if person else "they",
        group=group_of(thought),
        self_label="" if labelled_other else self_label(thought),
        other_label=other_label(thought) if person and labelled_other else "",
        about_other=about_others(thought) and bool(person),
        labels_other=labelled_other and bool(person),
        self_blame=bool(_SELF_BLAME.search(thought)),
        domain=domain if domains.get(domain, 0.0) >= 0.5 else "",
    )


# -- filling lines ---------------------------------------------------------------------------
_PRONOUNS = {
    "he": ("he", "him", "his"),
    "she": ("she", "her", "her"),
    "they": ("they", "them", "their"),
}
_SLOT = re.compile(r"\{([A-Za-z]+)\}")


def _fill(line: str, facts: Facts, quote: tuple[str, str] = ("", "")) -> str:
    """``line`` with its slots filled, or ``""`` when a slot has nothing from the client;
    ``quote`` is the clause and the absolute word of the thought for this trap."""
    pronouns = _PRONOUNS.get(facts.pronoun, _PRONOUNS["they"])
    values = {
        "feeling": facts.feeling,
        "event": facts.event,
        "person": facts.person,
        "group": facts.group,
        "label": facts.self_label or facts.other_label,
        "they": pronouns[0] if facts.person else "",
        "them": pronouns[1] if facts.person else "",
        "their": pronouns[2] if facts.person else "",
        "clause": quote[0],
        "absolute": quote[1],
    }
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        value = values.get(name.lower(), "")
        if not value:
            missing = True
            return ""
        return value[:1].upper() + value[1:] if name[0].isupper() else value

    out = _SLOT.sub(fill, line)
    if facts.person in {"he", "she"}:  # "I could ask her", not "ask she"
        obj = pronouns[1]
        out = re.sub(
            rf"\b(ask|tell|with|calling|Calling|about|see|to) {facts.person}\b", rf"\1 {obj}", out
        )
    return "" if missing else out


def _pool(groups: dict[str, tuple[str, ...]], keys: tuple[str, ...]) -> list[str]:
    return [line for key in keys for line in groups.get(key, ())]


def _ack_lines(facts: Facts, trap: str) -> list[str]:
    data = parts_file().acknowledge
    if facts.feeling:
        keys = ("feeling_event", "feeling") if facts.event else ("feeling",)
        return [line for key in keys for line in _flat(data.get(key))]
    specific: list[str] = []
    if facts.self_label and trap in {"labeling", "emotional_reasoning"}:
        specific += _flat(data.get("label"))
    if facts.person and trap in {"mind_reading", "personalizing", "blaming", "emotional_reasoning"}:
        specific += _flat(data.get("person"))
    if facts.group and trap == "mind_reading":
        specific += _flat(data.get("group"))
    if facts.event:
        specific += _flat(data.get("event"))
    domain = data.get("domain")
    if isinstance(domain, dict) and facts.domain:
        specific += list(domain.get(facts.domain, ()))
    by_trap = data.get("trap")
    general = list(by_trap.get(trap, ())) if isinstance(by_trap, dict) else []
    return specific + general if specific else general


def _flat(value: object) -> list[str]:
    return list(value) if isinstance(value, tuple) else []


def _keys(facts: Facts, trap: str) -> tuple[str, ...]:
    """Which keys of a trap's views and steps fit this thought, most specific first."""
    keys: list[str] = []
    if trap in {"labeling", "emotional_reasoning"}:
        if facts.labels_other and trap == "labeling":
            keys += ["other_label", "other"] if facts.other_label else ["other"]
        elif facts.self_label:
            keys += ["self_label", "self"]
        else:
            keys.append("self")
    if trap == "blaming":
        keys.append("other" if facts.about_other and not facts.self_blame else "self")
    if facts.person and trap not in {"labeling", "blaming"}:
        keys.append("person")
    if facts.group:
        keys.append("group")
    if facts.event:
        keys.append("event")
    if facts.domain == "health":
        keys.append("health")
    keys += ["absolute", "clause", "any"]
    return tuple(keys)


def _filled(lines: list[str], facts: Facts, quote: tuple[str, str] = ("", "")) -> list[str]:
    out = [_fill(line, facts, quote) for line in lines]
    return list(dict.fromkeys(line for line in out if line))


def _rotate(lines: list[str], seed: int) -> list[str]:
    if not lines:
        return []
    start = seed % len(lines)
    return lines[start:] + lines[:start]


def _evidence_sentence(evidence: str) -> str:
    """The first sentence of the client's evidence against the thought, as they wrote it
    (first person), or ``""`` when it is too long, a question or quotes someone."""
    first = re.split(r"(?<=[.!?])\s+|\n", evidence.strip())[0].strip().rstrip(".!")
    if not first or len(first.split()) > 25 or "?" in first or re.search(r"[“”\"]", first):
        return ""
    return first[:1].upper() + first[1:] + "."


def _sentences(text: str) -> set[str]:
    return {s.strip().lower() for s in re.split(r"(?<=[.!?;])\s+", text) if s.strip()}


def _opening(text: str) -> str:
    return " ".join(text.lower().split()[:3])


_TRIES = 6


def candidates(
    thought: str,
    situation: str,
    trap: str,
    *,
    mood: str = "",
    evidence: str = "",
    variant: int = 0,
) -> Iterator[str]:
    """Composed ideas for one trap, best first, unchecked (see :func:`compose`)."""
    from .bank import _rule_cue, absolute_word, quote_clause
    from .grammar import tidy

    data = parts_file()
    facts = facts_of(thought, situation, mood)
    seed = zlib.crc32(f"{thought}|{trap}".encode())
    # a quotation only of words the cue rules see as this trap
    clause = quote_clause(thought, trap) if _rule_cue(thought, trap) else ""
    quote = (clause, absolute_word(thought, trap).lower())
    if quote[1]:
        quote = ("", quote[1])  # an absolute word is answered as a word, not as a clause
    acks = _rotate([a for a in (_fill(line, facts) for line in _ack_lines(facts, trap)) if a], seed)
    keys = _keys(facts, trap)
    views_by = data.views.get(trap, data.views["negative_feeling"])
    own = _evidence_sentence(evidence)
    if own:
        follow_by = data.evidence.get(trap, {})
        follow = _filled(_pool(follow_by, keys), facts) or _filled(
            _pool(data.evidence.get("default", {}), ("any",)), facts
        )
        view_lines = [f"{own} {line}" for line in _rotate(follow, seed >> 3)]
    else:
        specific = _filled(_pool(views_by, keys[:-3]), facts, quote)
        quoted = _filled(_pool(views_by, keys[-3:-1]), facts, quote)
        plain = _filled(_pool(views_by, ("any",)), facts, quote)
        view_lines = _rotate(specific, seed >> 3) + _rotate(quoted, seed >> 4)
        view_lines += _rotate(plain, seed >> 5)
    steps_by = data.steps.get(trap, data.steps["negative_feeling"])
    step_lines = _rotate(_filled(_pool(steps_by, keys[:-3]), facts), seed >> 6)
    step_lines += _rotate(_filled(_pool(steps_by, ("any",)), facts), seed >> 7)
    step_lines += _filled(list(data.steps.get("domain", {}).get(facts.domain, ())), facts)
    if not (acks and view_lines and step_lines):
        return
    for i in range(_TRIES):
        # the views come most specific first: try them in turn with one acknowledgement
        ack = acks[(variant + i // len(view_lines)) % len(acks)]
        view = view_lines[(i + variant) % len(view_lines)]
        step = step_lines[(i + variant) % len(step_lines)]
        yield tidy(f"{ack} {view} {step}")


def compose(
    thought: str,
    situation: str,
    trap: str,
    *,
    mood: str = "",
    evidence: str = "",
    variant: int = 0,
    exclude: tuple[str, ...] = (),
) -> str:
    """One composed idea for ``trap`` that passes the checklist and repeats no sentence or
    opening of ``exclude`` (the ideas already chosen), or ``""``.

    ``variant`` picks another wording for a second idea of the same trap.
    """
    from .checklist import check_reframe, specific_to

    used = set().union(*(_sentences(text) for text in exclude)) if exclude else set()
    openings = {_opening(text) for text in exclude}
    context = f"{situation} {evidence}".strip()
    for text in candidates(thought, situation, trap, mood=mood, evidence=evidence, variant=variant):
        if _opening(text) in openings or _sentences(text) & used:
            continue
        if not specific_to(text, thought, context):
            continue  # the cheap check first: most candidates that fail, fail here
        if check_reframe(text, thought, trap, context, mood).passed:
            return text
    return ""


__all__ = [
    "ComposeFile",
    "Facts",
    "candidates",
    "compose",
    "compose_path",
    "facts_of",
    "group_of",
    "other_label",
    "parts_file",
    "self_label",
    "stated_feeling",
]
