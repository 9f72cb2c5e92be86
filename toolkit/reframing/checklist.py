"""Quality checks for a suggested balanced thought (reframe).

The checks follow what makes a reframe helpful in Sharma et al. (2023): it is specific to the
thought (reuses its words without copying it), readable, balanced rather than relentlessly
positive, empathic (names the feeling) and actionable. Readability is the Flesch–Kincaid grade
(Kincaid et al. 1975): ``0.39 * words/sentences + 11.8 * syllables/words - 15.59``, with a
vowel-group syllable heuristic. Sentiment is VADER's compound score (Hutto & Gilbert 2014).
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .text import STOPWORDS, expand, stem

if TYPE_CHECKING:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MAX_GRADE = 8.0
MAX_COMPOUND = 0.8
_SURFACE_POSITIVE = 0.25
"""A thought that discounts a success ("I won, but it was luck") reads as positive to VADER;
then a reframe only has to be clearly positive itself, not more positive than the thought."""

ABSOLUTES = re.compile(
    r"\b(?:always|never|should|shouldn't|must|mustn't|everyone|everybody|nobody|no one|"
    r"everything|nothing|completely|totally|all the time|every time|forever)\b",
    re.IGNORECASE,
)
FEELING_WORDS = frozenset(
    [
        "sad",
        "sadness",
        "anxious",
        "anxiety",
        "lonely",
        "angry",
        "anger",
        "scared",
        "afraid",
        "fear",
        "frightened",
        "terrified",
        "worried",
        "worry",
        "worries",
        "nervous",
        "stressed",
        "stress",
        "upset",
        "hurt",
        "hurts",
        "hurting",
        "miserable",
        "down",
        "low",
        "empty",
        "frustrated",
        "frustrating",
        "heartbroken",
        "guilty",
        "guilt",
        "ashamed",
        "shame",
        "jealous",
        "embarrassed",
        "overwhelmed",
        "irritated",
        "tense",
        "disappointed",
        "disappointing",
        "bitter",
        "homesick",
        "drained",
        "unhappy",
        "lost",
        "pain",
        "painful",
        "hard",
        "tough",
        "heavy",
        "feel",
        "feeling",
        "feelings",
        "felt",
        "understandable",
        "uneasy",
        "unsure",
        "pressure",
        "let",
        "sting",
        "stings",
        "grief",
        "grieving",
        "tired",
        "behind",
    ]
)
_STEP = re.compile(
    r"\b(?:i can|i could|i will|i'll|i am going to|i'm going to|next|try|ask|plan|step|"
    r"today|tomorrow|write down|talk to|check|take a|list|practise|practice|let myself)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReframeCheck:
    """Per-check results for one reframe and the overall verdict."""

    readable: bool
    specific: bool
    no_absolutes: bool
    balanced_tone: bool
    acknowledges_feeling: bool
    next_step: bool
    grade: float
    compound: float

    @property
    def score(self) -> int:
        """How many of the six checks pass."""
        return sum(
            (
                self.readable,
                self.specific,
                self.no_absolutes,
                self.balanced_tone,
                self.acknowledges_feeling,
                self.next_step,
            )
        )

    @property
    def passed(self) -> bool:
        """True when every check passes."""
        return all(
            (
                self.readable,
                self.specific,
                self.no_absolutes,
                self.balanced_tone,
                self.acknowledges_feeling,
                self.next_step,
            )
        )


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Count syllables with a vowel-group heuristic (silent final *e*, ``-le``, ``-ed``).

    Examples
    --------
    >>> [syllables(w) for w in ("cat", "table", "tired", "reading")]
    [1, 2, 1, 2]
    """
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1
    return max(1, count)


def fk_grade(text: str) -> float:
    """Flesch–Kincaid grade level of ``text`` (Kincaid et al. 1975).

    Examples
    --------
    >>> round(fk_grade("The cat sat on the mat."), 1)
    -1.4
    """
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text.strip())) or 1)
    tokens = re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", text)
    if not tokens:
        return 0.0
    syl = sum(syllables(t) for t in tokens)
    return 0.39 * len(tokens) / sentences + 11.8 * syl / len(tokens) - 15.59


@cache
def _vader() -> SentimentIntensityAnalyzer:
    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = str(importlib.resources.files("vaderSentiment"))
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


@lru_cache(maxsize=4096)
def compound(text: str) -> float:
    """VADER compound sentiment of ``text``, from -1 (negative) to +1 (positive)."""
    return float(_vader().polarity_scores(text)["compound"])


@lru_cache(maxsize=4096)
def _plain_words(text: str) -> tuple[str, ...]:
    return tuple(w for word in _WORD.findall(text.lower().replace("’", "'")) for w in expand(word))


@lru_cache(maxsize=4096)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of ``text`` (no stop words, no punctuation)."""
    return frozenset(
        stem(w) for w in _plain_words(text) if w.isalpha() and len(w) > 2 and w not in STOPWORDS
    )


def check_reframe(reframe: str, thought: str) -> ReframeCheck:
    """Score one reframe of ``thought`` against the checklist.

    Examples
    --------
    >>> check_reframe(
    ...     "I feel let down about the deadline. It is one event, and I can plan the next one.",
    ...     "I always miss every deadline",
    ... ).passed
    True
    """
    grade = fk_grade(reframe)
    shared = content_stems(reframe) & content_stems(thought)
    norm_thought = " ".join(_plain_words(thought))
    norm_reframe = " ".join(_plain_words(reframe))
    copied = bool(norm_thought) and norm_thought in norm_reframe
    tone = compound(reframe)
    lower = {w.strip(".,!?;:").lower() for w in reframe.split()}
    return ReframeCheck(
        readable=grade <= MAX_GRADE,
        specific=bool(shared) and not copied,
        no_absolutes=not ABSOLUTES.search(reframe),
        balanced_tone=tone > min(compound(thought), _SURFACE_POSITIVE) and tone <= MAX_COMPOUND,
        acknowledges_feeling=bool(lower & FEELING_WORDS),
        next_step=bool(_STEP.search(reframe)),
        grade=round(grade, 2),
        compound=tone,
    )


__all__ = [
    "ABSOLUTES",
    "FEELING_WORDS",
    "ReframeCheck",
    "check_reframe",
    "compound",
    "content_stems",
    "fk_grade",
    "syllables",
]
