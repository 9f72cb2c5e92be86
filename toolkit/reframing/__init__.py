"""Thinking-trap analysis: find likely thinking traps in a thought and suggest balanced thoughts.

Every text first passes a recall-first crisis gate (:mod:`toolkit.reframing.safety`); on a hit
the result carries crisis resources only. Otherwise the offline engine (cue rules plus a naive
Bayes classifier trained on our own examples) ranks the traps of ``exercises/traps.yaml``, and
balanced thoughts and Socratic questions are built from the client's words. When
``CBT_LLM_URL`` is set, an OpenAI-compatible chat endpoint is asked instead, with the same
result shape and the offline engine as fallback.

The traps are the "thinking traps" of Sharma et al. (2023), "Cognitive Reframing of Negative
Thoughts through Human-Language Model Interaction", ACL, which build on Beck (1976) and
Burns (1980).

Examples
--------
>>> from toolkit.reframing import analyze, TRAP_IDS
>>> a = analyze("I always mess everything up", situation="missed a deadline")
>>> a.crisis, a.traps[0].id in TRAP_IDS, len(a.reframes) >= 3
(False, True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .taxonomy import TRAP_IDS

if TYPE_CHECKING:
    from pathlib import Path

    from .analysis import Analysis, TrapHit


def __getattr__(name: str) -> Any:
    # The engine (cue rules, classifier, NLTK) loads on the first analysis, not when a page
    # imports the crisis gate (``toolkit.reframing.safety``), so a page's first field is not
    # held back by suggestions nobody asked for yet. The gate itself stays eager.
    if name in ("Analysis", "TrapHit"):
        from . import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def analyze(thought: str, situation: str = "", *, traps_file: Path | None = None) -> Analysis:
    """Analyse one automatic thought.

    Parameters
    ----------
    thought
        The thought as the client wrote it.
    situation
        What was happening (optional); it is checked by the crisis gate and lends words to
        the reframes.
    traps_file
        A ``traps.yaml`` to use instead of the one in the exercises folder.

    Returns
    -------
    Analysis
        ``crisis``; ``traps`` (at most three, most likely first); ``reframes``;
        ``questions``; ``engine`` ("offline" or "llm"); ``notice`` (why the LLM was not
        used, if it was configured); ``crisis_resources``.
    """
    from . import llm
    from .analysis import analyze_offline

    settings = llm.settings()
    if settings is not None:
        return llm.analyze_llm(thought, situation, settings, traps_file=traps_file)
    return analyze_offline(thought, situation, traps_file)


__all__ = ["TRAP_IDS", "Analysis", "TrapHit", "analyze"]
