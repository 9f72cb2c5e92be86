"""The result types of :func:`toolkit.reframing.analyze` and the offline analysis itself."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import safety, suggest
from .engine import get_engine

if TYPE_CHECKING:
    from pathlib import Path

MAX_TRAPS = 3
REPORT_THRESHOLD = 0.4
"""The report threshold before per-trap calibration (kept for callers; the engine now uses the
thresholds of ``data/thresholds.yaml``, see :mod:`toolkit.reframing.calibration`)."""
REFRAMES_PER_TRAP = 3
MAX_INPUT = 5_000
"""Longer input is cut for the trap analysis (the crisis gate reads up to 20,000 characters)."""


@dataclass(frozen=True)
class TrapHit:
    """One suggested thinking trap.

    Attributes
    ----------
    id
        One of the ids in ``traps.yaml`` (the built-in ones are ``TRAP_IDS``).
    name
        Display name from ``traps.yaml``.
    score
        0..1, how likely the trap is (not a calibrated probability).
    cues
        The client's words that pointed to the trap, exactly as written (substrings of the
        thought), strongest first.
    why
        A short explanation for the client and therapist.
    spans
        ``(start, end)`` character offsets of each cue in the thought.
    """

    id: str
    name: str
    score: float
    cues: tuple[str, ...] = ()
    why: str = ""
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`toolkit.reframing.analyze`.

    ``crisis=True`` means traps, reframes and questions are empty and ``crisis_resources`` holds
    the message to show instead. ``risk`` says which tier the crisis gate chose: ``"check"``
    (possible risk: ask directly, no suggestions) or ``"crisis"``; ``"none"`` otherwise.
    ``crisis`` is True for both tiers.
    """

    crisis: bool
    traps: tuple[TrapHit, ...] = ()
    reframes: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    engine: str = "offline"
    notice: str = ""
    crisis_resources: str = ""
    crisis_rules: tuple[str, ...] = field(default=(), repr=False)
    risk: safety.Risk = "none"


def locale() -> str:
    """The locale for crisis resources: ``CBT_LOCALE`` (e.g. ``en-GB``); unset, ``""`` (then
    every configured helpline is shown)."""
    from toolkit.config import current

    return current().locale


def crisis_analysis(
    result: safety.CrisisResult, engine: str = "offline", notice: str = ""
) -> Analysis:
    """The answer when the crisis gate fires: resources only, nothing else."""
    return Analysis(
        crisis=True,
        engine=engine,
        notice=notice,
        crisis_resources=safety.crisis_resources(locale()),
        crisis_rules=result.rules,
        risk=result.risk if result.risk != "none" else "crisis",
    )


def analyze_offline(thought: str, situation: str = "", traps_file: Path | None = None) -> Analysis:
    """Offline analysis: crisis gate, then cue rules + classifier, then reframes and questions."""
    gate = safety.check(f"{thought}\n{situation}")
    if gate.crisis:
        return crisis_analysis(gate)
    text = thought[:MAX_INPUT]
    if not text.strip():
        return Analysis(crisis=False)
    engine = get_engine(traps_file)
    ranked = engine.rank(text)
    hits: list[TrapHit] = []
    reframes: list[str] = []
    per_trap: list[list[str]] = []
    questions: list[str] = []
    for item in engine.shown(ranked, MAX_TRAPS, text):
        cues = item.cues or engine.model_cues(text, item.trap.id, item.trap.name)
        cue_texts = tuple(dict.fromkeys(c.text for c in cues))
        why = cues[0].why if cues else f"sounds like other examples of {item.trap.name.lower()}"
        why = why[:1].upper() + why[1:] + "."
        hits.append(
            TrapHit(
                id=item.trap.id,
                name=item.trap.name,
                score=round(min(1.0, max(0.0, item.score)), 3),
                cues=cue_texts,
                why=why,
                spans=tuple((c.start, c.end) for c in cues),
            )
        )
        first_cue = cue_texts[0] if cue_texts else ""
        found = suggest.reframes(
            text,
            situation[:MAX_INPUT],
            item.trap.id,
            first_cue,
            count=REFRAMES_PER_TRAP,
            exclude=tuple(reframes),
            composed=False,  # composing costs more than the 10 ms budget allows here
        )
        reframes += found
        per_trap.append(found)
        for question in suggest.questions(
            item.trap.questions, first_cue, text, trap_id=item.trap.id
        ):
            if question not in questions:
                questions.append(question)
    # one idea per trap in turn, so the first ideas shown answer the second trap too
    reframes = [idea for group in itertools.zip_longest(*per_trap) for idea in group if idea]
    if not hits:
        questions = list(suggest.general_questions())
        reframes = suggest.untrapped(text, situation[:MAX_INPUT])
    return Analysis(
        crisis=False,
        traps=tuple(hits),
        reframes=tuple(reframes),
        questions=tuple(questions),
    )


__all__ = [
    "MAX_TRAPS",
    "REPORT_THRESHOLD",
    "Analysis",
    "TrapHit",
    "analyze_offline",
    "crisis_analysis",
    "locale",
]
