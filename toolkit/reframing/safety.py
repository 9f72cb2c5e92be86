"""Recall-first crisis gate: runs on every text before any analysis.

Three layers, each explainable:

1. :mod:`~toolkit.reframing.crisis_text` repairs the surface (case, leetspeak, typos of risk
   words, never a real word) and rewrites contractions and shorthand into one form.
2. :mod:`~toolkit.reframing.crisis_rules` finds *concepts* (a wish to be dead, a plan, a
   preparatory act, self-harm, burden, hopelessness about living, reunion with someone who
   died, wanting to be killed, wanting to disappear ...) clause by clause, each in scope: a
   negation, another person as subject, an accident, an idiom, fiction or a clearly past and
   recovered experience switch a match off.
3. :mod:`~toolkit.reframing.crisis_model`, a linear model over word and character n-grams
   trained on our own examples, gives a second opinion where no rule matched at all: a
   confident vote raises the verdict to ``check``. It never lowers a rule's verdict, and a
   match its context switched off ("cut myself shaving") is not second-guessed.

The result has two tiers: ``crisis`` (clear risk: resources only) and ``check`` (possible risk:
ask directly, with resources visible). Both withhold every suggestion. Hits carry the concept
ids (for the therapist's alert), never the text. Nothing here replaces a clinical assessment.

Examples
--------
>>> check("this commute is killing me").risk
'none'
>>> check("i wanna kms").risk
'crisis'
>>> check("I just want to disappear").risk
'check'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from toolkit.exercises.base import Strict
from toolkit.exercises.loader import load_model
from toolkit.paths import exercises_dir

from . import crisis_rules as rules
from .crisis_model import probability
from .crisis_text import canonical, normalise

if TYPE_CHECKING:
    from pathlib import Path

Risk = Literal["none", "check", "crisis"]
RISK_LEVELS: tuple[Risk, ...] = ("none", "check", "crisis")

MODEL_CHECK = 0.70
"""Model probability that raises a text of ten words or more, with no rule match, to ``check``."""
MODEL_CHECK_SHORT = 0.97
"""The same for shorter texts: a few words give the model few features, so it must be surer."""
SHORT_WORDS = 10
MODEL_CLEARED = 0.97
"""Model probability that still raises to ``check`` a text whose rule matches were all switched
off by their context (a negation, another person, a recovered past ...): context rules are
written by hand and miss phrasings, so a model that is nearly sure gets the last word."""
MODEL_ONLY = "model"
"""The concept id recorded when only the model's vote raised the tier."""


@dataclass(frozen=True)
class CrisisResult:
    """What the gate decided.

    Attributes
    ----------
    crisis
        True when the text must get no suggestions (tier ``check`` or ``crisis``).
    rules
        Ids of the concepts that fired (``"model"`` when only the statistical vote did), for
        the therapist's alert; never log them together with the text.
    risk
        ``"none"``, ``"check"`` (possible risk: ask directly) or ``"crisis"``.
    """

    crisis: bool
    rules: tuple[str, ...] = ()
    risk: Risk = "none"

    @property
    def rule(self) -> str:
        """The first concept that fired, or ``""``."""
        return self.rules[0] if self.rules else ""

    @property
    def concepts(self) -> tuple[str, ...]:
        """What fired, in the therapist's words ("a wish to be dead" ...)."""
        return tuple(concept_label(c) for c in self.rules)


@cache
def _labels() -> dict[str, str]:
    found = {c.id: c.label for c in rules.CONCEPTS}
    found[MODEL_ONLY] = "wording like other crisis statements"
    return found


def concept_label(concept_id: str) -> str:
    """The therapist-facing label of a concept id (the id itself if unknown)."""
    return _labels().get(concept_id, concept_id.replace("_", " "))


_CLAUSE = re.compile(r"[^.!?\n]+[.!?]*")
_SCOPE_BREAK = re.compile(
    r"[,;:()]|\b(?:but|though|although|yet|except|however|anyway|so|and then|because|cause)\b"
)
_TOKEN = re.compile(r"[a-z']+")


def _clauses(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _CLAUSE.finditer(text)]


def _negated(clause: str, start: int) -> bool:
    before = clause[:start]
    breaks = list(_SCOPE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    tail = " ".join(_TOKEN.findall(before)[-6:])
    if re.search(r"\b(?:do not know|not sure|no idea)\b", tail):
        return False  # "I don't know how much longer I can ..." doubts, it does not deny
    if re.search(r"\bif i (?:was|were|am|did|do) not$|\bif i was not$", tail):
        return False  # "they'd be better if I wasn't taking up space" is a condition, not a denial
    if re.search(r"\bwhy (?:i |do i )?(?:should|would|could) not$", tail):
        return False  # "I don't see why I shouldn't ..." is not a denial
    if re.search(
        r"\b(?:can not|could not|not|never) stop(?: (?:thinking|wondering))?(?: about)?$", tail
    ):
        return False  # "I can't stop thinking about dying" is not a denial
    return bool(rules.NEGATORS.search(tail))


_EXPLETIVE_IT = frozenset(
    {
        "would",
        "is",
        "was",
        "feels",
        "felt",
        "seems",
        "might",
        "could",
        "sounds",
        "must",
        "will",
        "normal",
        "ok",
        "okay",
        "wrong",
        "bad",
        "weird",
        "strange",
        "terrible",
        "selfish",
        "awful",
        "mad",
    }
)
"""After "it", these make it the empty subject of "it would be a relief to ...", not a person."""
_OBJECT_LEAD = frozenset(
    {
        "to",
        "with",
        "for",
        "at",
        "from",
        "about",
        "of",
        "like",
        "than",
        "by",
        "without",
        "rang",
        "rung",
        "called",
        "phoned",
        "texted",
        "hugged",
        "visited",
        "saw",
        "see",
        "hear",
        "heard",
        "miss",
        "missed",
        "love",
        "loved",
        "told",
        "tell",
        "asked",
        "thanked",
    }
)
"""Words before a person that make the person an object ("rang my mum"), not the subject."""


def _other_subject(clause: str, start: int, end: int | None = None) -> bool:
    """Whether the nearest subject before ``start`` is another person (not the writer).

    A match that itself says "i" ("... and i keep thinking about it") is the writer's; "it"
    before "would", "is" ... is the empty subject of "it would be easier to ..."; a person
    after "rang", "with", "to" ... is an object, not the one who acts.
    """
    if end is not None and "i" in _TOKEN.findall(clause[start:end]):
        return False
    tokens = _TOKEN.findall(clause[:start])
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token in rules.SELF_WORDS:
            return False
        if token in rules.POSSESSIVES:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in {"it"} and following in _EXPLETIVE_IT:
            continue
        if token in {"you", "u"} and index > 0 and tokens[index - 1] in {"tfw", "mfw"}:
            return False  # "tfw you want to ..." ("that feeling when") speaks of the writer
        if token in rules.OTHER_WORDS:
            lead = index - 1
            while lead >= 0 and tokens[lead] in rules.POSSESSIVES:
                lead -= 1
            if token in {"him", "them", "us"} or (lead >= 0 and tokens[lead] in _OBJECT_LEAD):
                continue
            return True
    return False


_OWN_WORDS = re.compile(r"\bi (?:said|wrote|told|say|keep saying|texted|posted|typed)\b")
_QUOTE_GONE = re.compile(
    r"^[^.!?]{0,12}\b(?:has not|have not|had not|does not|did not|never) (?:come|came|been|"
    r"happened|returned)\b|^[^.!?]{0,12}\b(?:is|has) gone\b|^[^.!?]{0,12}\bwent away\b"
)


_WAKE_END = re.compile(r"\b(?:wake|wake up|woke|woke up|waking up)$")
_WAKE_TIME = re.compile(
    r"^(?: up)? (?:early|late|on time|in time|at \d|before (?:six|seven|eight|\d)|for (?:work|"
    r"school|the (?:gym|alarm|school run)))\b"
)
_GONE_AFTER = re.compile(
    r"^[^.!?]{0,6}\b(?:have not|has not|had not) (?:come back|returned|been back)\b|"
    r"^[^.!?]{0,6}\b(?:has|have|had) never been (?:on the table|an option|something i)\b|"
    r"^[^.!?]{0,6}\b(?:is|was) not (?:on the table|an option)\b"
)
"""Words straight after a match that deny it: "the suicidal thoughts haven't come back",
"taking my own life has never been on the table"."""


def _reported(clause: str, start: int, end: int) -> bool:
    """Whether the match sits inside quoted words that someone else said or wrote, or a quoted
    thought that the writer says is gone ("the thought 'I want to die' hasn't come up")."""
    before = clause[:start]
    for quote in ('"', "'"):
        if before.count(quote) % 2 == 1:
            opened = before.rfind(quote)
            lead = before[:opened]
            closing = clause.find(quote, end)
            after = clause[closing + 1 :] if closing >= 0 else ""
            if _QUOTE_GONE.search(after):
                return True
            others = any(t in rules.OTHER_WORDS for t in _TOKEN.findall(lead))
            if rules.SPEECH.search(lead[-60:]) and others and not _OWN_WORDS.search(lead):
                return True
    return False


def _screening_no(clause: str, start: int, text: str) -> bool:
    """A screening question being reported ("the GP asked if ..."), not answered yes."""
    return bool(rules.SCREENING.search(clause[:start])) and not rules.SCREENING_YES.search(text)


_DECISIVE = frozenset(
    {"negated", "other", "reported", "screening", "everyday", "accident", "topic", "fiction"}
)
"""Reasons that settle a match as not the writer's risk; the other reasons ("no death word
nearby", "no wish or plan word") only mean the rule cannot tell, so the model still votes."""


def _said_after(match: re.Match[str], clause: str) -> str:
    """What the words straight after a match say about it: a denial ("... haven't come back")
    or a time ("I don't care if I wake up early" is about an alarm, not a wish)."""
    after = clause[match.end() :]
    if _GONE_AFTER.search(after):
        return "negated"
    if _WAKE_END.search(match.group(0)) and _WAKE_TIME.search(after):
        return "everyday"
    return ""


def _out_of_scope(concept: rules.Concept, match: re.Match[str], clause: str, text: str) -> str:
    """Why a match does not count (``""`` when it does)."""
    if concept.negatable and _negated(clause, match.start()):
        return "negated"
    if concept.subject and _other_subject(clause, match.start(), match.end()):
        return "other"
    if _reported(clause, match.start(), match.end()):
        return "reported"
    after = _said_after(match, clause)
    if after:
        return after
    if _screening_no(clause, match.start(), text):
        return "screening"
    if concept.unless is not None and concept.unless.search(clause):
        return "everyday"
    rest = clause[: match.start()] + " " + clause[match.end() :]
    accident = concept.id == "self_harm" and rules.ACCIDENT.search(clause)
    if accident and not rules.ON_PURPOSE.search(rest):
        return "accident"
    if concept.context and not rules.DEATH_WORDS.search(text):
        return "no context"
    if concept.stance:
        if not rules.STANCE.search(rest):
            return "no stance"
        if rules.TOPIC_CONTEXT.search(text) and not rules.OWN_WISH.search(rest):
            return "topic"
    if rules.FICTION.search(clause) and not rules.OWN_WISH.search(rest):
        return "fiction"
    return ""


def _in_scope(concept: rules.Concept, match: re.Match[str], clause: str, text: str) -> bool:
    return not _out_of_scope(concept, match, clause, text)


def _recovered_past(text: str) -> bool:
    return bool(
        rules.PAST.search(text) and rules.RECOVERED.search(text) and not rules.PRESENT.search(text)
    )


def rule_hits(prepared: str) -> dict[str, Risk]:
    """Concepts that fire on a text already prepared by ``canonical(normalise(...))``."""
    return _rule_scan(prepared)[0]


def _rule_scan(prepared: str) -> tuple[dict[str, Risk], bool]:
    """``(hits, cleared)``: the concepts that fire, and whether a match was switched off by
    its context (a negation, another person, an accident, a recovered past ...): a decision
    the model's vote does not overturn."""
    hits: dict[str, Risk] = {}
    cleared = bool(rules.IDIOMS.search(prepared))
    if _recovered_past(prepared):
        return hits, True
    present = [c for c in rules.CONCEPTS if c.anchored or c.any_pattern.search(prepared)]
    for _offset, clause in _clauses(prepared):
        for concept in present:
            if not concept.any_pattern.search(clause):
                continue
            for pattern in concept.compiled:
                found = None
                for match in pattern.finditer(clause):
                    reason = _out_of_scope(concept, match, clause, prepared)
                    if not reason:
                        found = match
                        break
                    cleared = cleared or reason in _DECISIVE
                if found is None:
                    continue
                tier: Risk = concept.tier
                if tier == "check" and concept.upgrade is not None:
                    rest = clause[: found.start()] + " " + clause[found.end() :]
                    if concept.upgrade.search(rest):
                        tier = "crisis"
                if hits.get(concept.id) != "crisis":
                    hits[concept.id] = tier
                break
    return hits, cleared


def warm() -> None:
    """Compile every pattern and load the model now (they are loaded lazily otherwise)."""
    for concept in rules.CONCEPTS:
        _ = concept.compiled, concept.any_pattern
    check("warm up the crisis gate")


def check(text: str) -> CrisisResult:
    """Run the crisis gate on one text.

    Parameters
    ----------
    text
        Anything a person typed: a thought, a situation, an LLM's answer.

    Returns
    -------
    CrisisResult
        ``crisis``, ``risk`` and the concept ids that fired. The text itself is not kept.
    """
    if not text or not text.strip():
        return CrisisResult(crisis=False)
    prepared = canonical(normalise(text[:20_000]))
    hits, cleared = _rule_scan(prepared)
    tiers = set(hits.values())
    risk: Risk = "crisis" if "crisis" in tiers else "check" if tiers else "none"
    if risk == "check" and len(hits) >= 2:
        risk = "crisis"  # two different warning signs together
    if risk == "none":
        # Where a match was switched off by its context ("cut myself shaving", "she wants to
        # die") the model must be nearly sure to overturn that decision.
        vote = probability(prepared)
        words = len(_TOKEN.findall(prepared))
        needed = MODEL_CHECK if words >= SHORT_WORDS else MODEL_CHECK_SHORT
        if vote >= (max(needed, MODEL_CLEARED) if cleared else needed):
            risk = "check"
            hits[MODEL_ONLY] = "check"
    ordered = sorted(hits, key=lambda c: (hits[c] != "crisis", c))
    return CrisisResult(crisis=risk != "none", rules=tuple(ordered), risk=risk)


class CrisisLine(Strict):
    """One helpline: how to reach it (any of call, text, chat, email, url) and its source."""

    name: str = Field(min_length=1)
    call: str | None = None
    text: str | None = None
    chat: str | None = None
    email: str | None = None
    url: str | None = None
    hours: str = ""
    source: str = ""


class _Region(Strict):
    regions: tuple[str, ...] = Field(min_length=1)
    emergency: str = Field(min_length=1)
    lines: tuple[CrisisLine, ...] = ()


class _Default(Strict):
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    source: str = ""
    emergency_words: str = Field(min_length=1)


class _After(Strict):
    assignment: str = Field(min_length=1)
    practice: str = Field(min_length=1)


class CrisisResources(Strict):
    """``exercises/crisis_resources.yaml``: what to show, per region."""

    schema_version: Literal[2]
    intro: str = Field(min_length=1)
    check_question: str = Field(min_length=1)
    check_intro: str = Field(min_length=1)
    after_crisis: _After
    clinic: tuple[CrisisLine, ...] = ()
    regions: tuple[_Region, ...] = Field(min_length=1)
    default: _Default


@dataclass(frozen=True)
class CrisisContacts:
    """The contacts for one region, chosen in one place for every page and message.

    Attributes
    ----------
    intro, check_question, check_intro, after_assignment, after_practice
        The configured words.
    lines
        The clinic's own lines, then the region's, then the international directory.
    emergency
        The region's emergency number, or ``""`` when the region is not listed.
    emergency_words
        How to say "your local emergency number" when the number is not known.
    """

    intro: str
    check_question: str
    check_intro: str
    after_assignment: str
    after_practice: str
    lines: tuple[CrisisLine, ...]
    emergency: str
    emergency_words: str


@cache
def _load_resources(path: Path) -> CrisisResources:
    return load_model(path, CrisisResources)


def region_of(locale: str) -> str:
    """The region code of a locale tag (``en-GB`` → ``GB``; ``IE`` → ``IE``; ``""`` → ``""``)."""
    return locale.replace("_", "-").split("-")[-1].upper() if locale else ""


def crisis_contacts(locale: str = "", path: Path | None = None) -> CrisisContacts:
    """The helplines and words for ``locale`` (e.g. ``en-US``, ``en-GB``, ``GB``).

    With no locale (``CBT_LOCALE`` unset) every listed line is shown, and "your local
    emergency number" stands for the number.

    Examples
    --------
    >>> crisis_contacts("en-AU").emergency
    '000'
    >>> [line.name for line in crisis_contacts("en-IE").lines][0]
    'Samaritans Ireland'
    """
    data = _load_resources(path or exercises_dir() / "crisis_resources.yaml")
    region = region_of(locale)
    found = next((r for r in data.regions if region in {c.upper() for c in r.regions}), None)
    local = found.lines if found else ()
    if not region:  # no locale configured: every listed line, the clinic's first
        local = tuple(dict.fromkeys(line for r in data.regions for line in r.lines))
    directory = CrisisLine(name=data.default.name, url=data.default.url, source=data.default.source)
    return CrisisContacts(
        intro=data.intro,
        check_question=data.check_question,
        check_intro=data.check_intro,
        after_assignment=data.after_crisis.assignment,
        after_practice=data.after_crisis.practice,
        lines=(*data.clinic, *local, directory),
        emergency=found.emergency if found else "",
        emergency_words=data.default.emergency_words,
    )


def describe_line(line: CrisisLine) -> str:
    """One helpline as a plain sentence ("Samaritans: call 116 123, email jo@samaritans.org")."""
    ways = []
    if line.call and line.text == line.call:
        ways.append(f"call or text {line.call}")
    else:
        if line.call:
            ways.append(f"call {line.call}")
        if line.text:
            ways.append(f"text {line.text}")
    if line.chat:
        ways.append(f"chat at {line.chat}")
    if line.email:
        ways.append(f"email {line.email}")
    if line.url:
        ways.append(line.url)
    hours = f" ({line.hours})" if line.hours else ""
    return f"{line.name}: {', '.join(ways)}{hours}"


def crisis_resources(locale: str = "", path: Path | None = None) -> str:
    """The calm message with crisis contacts for ``locale``, as plain text.

    Examples
    --------
    >>> "988" in crisis_resources("en-US")
    True
    """
    contacts = crisis_contacts(locale, path)
    emergency = (
        f"If you are in immediate danger, call {contacts.emergency}."
        if contacts.emergency
        else f"If you are in immediate danger, call {contacts.emergency_words}."
    )
    lines = "\n".join(f"- {describe_line(line)}" for line in contacts.lines)
    return f"{contacts.intro}\n\n{lines}\n\n{emergency}"


__all__ = [
    "RISK_LEVELS",
    "CrisisContacts",
    "CrisisLine",
    "CrisisResources",
    "CrisisResult",
    "Risk",
    "check",
    "concept_label",
    "crisis_contacts",
    "crisis_resources",
    "describe_line",
    "normalise",
    "region_of",
    "rule_hits",
    "warm",
]
