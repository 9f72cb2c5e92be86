"""Quality checks for a suggested balanced thought (reframe).

The checks follow what makes a reframe helpful in Sharma et al. (2023): it is specific to the
thought (reuses its words without copying it), readable, balanced rather than relentlessly
positive, empathic (names the feeling) and actionable. Readability is the Flesch–Kincaid grade
(Kincaid et al. 1975): ``0.39 * words/sentences + 11.8 * syllables/words - 15.59``, with a
vowel-group syllable heuristic. Sentiment is VADER's compound score (Hutto & Gilbert 2014).
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .text import STOPWORDS, expand, stem

if TYPE_CHECKING:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

MOOD_FAMILIES: dict[str, frozenset[str]] = {
    "fear": frozenset(
        [
            "anxious",
            "anxiety",
            "worried",
            "worry",
            "nervous",
            "scared",
            "afraid",
            "fear",
            "frightened",
            "terrified",
            "panicky",
            "panic",
            "stressed",
            "tense",
            "uneasy",
            "dread",
        ]
    ),
    "sadness": frozenset(
        [
            "sad",
            "sadness",
            "low",
            "down",
            "hopeless",
            "lonely",
            "empty",
            "hurt",
            "heartbroken",
            "grief",
            "miserable",
            "disappointed",
            "unhappy",
            "depressed",
            "numb",
        ]
    ),
    "anger": frozenset(
        [
            "angry",
            "anger",
            "frustrated",
            "frustration",
            "irritated",
            "annoyed",
            "furious",
            "resentful",
            "bitter",
            "jealous",
            "mad",
        ]
    ),
    "shame": frozenset(
        [
            "ashamed",
            "shame",
            "embarrassed",
            "embarrassment",
            "humiliated",
            "guilty",
            "guilt",
            "stupid",
            "worthless",
            "foolish",
        ]
    ),
}
"""Mood words by family, for telling whether a reframe names the client's own feeling."""
_CLAIMED = re.compile(
    r"\b(?:i feel|i{_A}m feeling|i am feeling|i felt|i am|i{_A}m|feeling|i get)\s+"
    r"(?:so |really |very |a bit |a little |quite |pretty |too )?([a-z]+)\b".replace(
        "{_A}", "['’]"
    ),
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)
def feeling_fits(reframe: str, about: str) -> str:
    """The feeling a reframe says the writer has that nothing in ``about`` (the thought, the
    situation, the moods they rated) shows, or ``""`` when every named feeling fits.

    Telling someone who rated shame highest that they feel "worried" is not empathy.

    Examples
    --------
    >>> feeling_fits("I feel worried about the exam.", "I failed the exam, I'm ashamed")
    'worried'
    >>> feeling_fits("I feel ashamed, and that can ease.", "I failed the exam embarrassed")
    ''
    """
    words = set(re.findall(r"[a-z]+", about.lower()))
    for match in _CLAIMED.finditer(reframe):
        word = match.group(1).lower()
        family = next((n for n, members in MOOD_FAMILIES.items() if word in members), "")
        if family and word not in words and not words & MOOD_FAMILIES[family]:
            return word
    return ""


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
    """Per-check results for one reframe and the overall verdict.

    The checks that decide ``passed`` are the ones a helpful reframe needs (Sharma et al. 2023):
    ``specific`` (refers to what the thought or situation is about, without copying the
    thought), ``fits_feeling`` (any feeling it names is one the client showed),
    ``addresses_trap`` (does not repeat the trap it answers), ``balanced_tone`` (not
    overly positive), ``not_command``, ``not_question``, ``readable`` and ``grammatical``.
    ``acknowledges_feeling`` and ``next_step`` are reported but not required: many good human
    reframes do neither. ``reasons`` says, for each failed check, what was found.
    """

    readable: bool
    specific: bool
    no_absolutes: bool
    balanced_tone: bool
    acknowledges_feeling: bool
    next_step: bool
    grade: float
    compound: float
    addresses_trap: bool = True
    not_command: bool = True
    not_question: bool = True
    grammatical: bool = True
    fits_feeling: bool = True
    reasons: tuple[tuple[str, str], ...] = ()

    @property
    def required(self) -> dict[str, bool]:
        """The checks that decide ``passed``, by name."""
        return {
            "specific": self.specific,
            "fits_feeling": self.fits_feeling,
            "addresses_trap": self.addresses_trap,
            "balanced_tone": self.balanced_tone,
            "not_command": self.not_command,
            "not_question": self.not_question,
            "readable": self.readable,
            "grammatical": self.grammatical,
        }

    @property
    def score(self) -> int:
        """How many of the required checks pass."""
        return sum(self.required.values())

    @property
    def passed(self) -> bool:
        """True when every required check passes."""
        return all(self.required.values())

    def why(self, name: str) -> str:
        """What was found for a failed check (``""`` when it passed)."""
        return dict(self.reasons).get(name, "")


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


_COMMAND = re.compile(
    r"^(?:just |please |so )?(?:try|stop|think|remember|don't|do not|focus|be|take|let go|go|"
    r"tell|accept|consider|ask|look|keep|make|give|get|quit|realize|realise|understand|"
    r"believe|imagine|relax|calm|breathe|write|talk|move|forget|learn|start|remind|know|"
    r"see|notice|try to|you should|you need|you must|you have to)\b",
    re.IGNORECASE,
)
_YOU_COMMAND = re.compile(r"\byou (?:should|need to|must|have to|ought to)\b", re.IGNORECASE)
_OVER_POSITIVE = re.compile(
    r"\b(?:everything (?:will|is going to) be (?:fine|ok|okay|great|perfect|amazing)|"
    r"nothing to worry about|(?:amazing|flawless|wonderful|fantastic|awesome)\b|"
    r"just (?:be|stay) (?:happy|positive)|think positive|good vibes|no problem at all|"
    r"(?:i am|i'm) the best|cannot fail|can't fail|will definitely)",
    re.IGNORECASE,
)
_NEGATED_ABSOLUTE = re.compile(
    r"\b(?:not|n't|doesn't|don't|isn't|aren't|wasn't|won't) (?:always|everyone|everybody|"
    r"everything|all the time|every time|completely|totally|forever)\b",
    re.IGNORECASE,
)
MIN_WORDS = 4
MAX_WORDS = 70
_TRAP_REPEAT = 0.5
"""A reframe whose own cues for the trap it answers reach this strength repeats the trap."""


_PEOPLE = re.compile(
    r"\b(?:[Hh]e|[Ss]he|him|her|his|[Tt]hey|them|their|(?:[Mm]y|[Tt]he|[Oo]ur) [a-z]+|"
    r"[A-Z][a-z]+(?= [a-z]))\b"
)
_PRONOUN_PEOPLE = frozenset({"he", "she", "they"})


@lru_cache(maxsize=16384)
def _same_domain(reframe: str, about: str) -> frozenset[str]:
    """Life domains (work, grief ...) that both texts name; "identity" is too broad to count."""
    from .domains import domains_of

    return frozenset(domains_of(reframe)) & frozenset(domains_of(about)) - {"identity"}


_SAME_PERSON = {"him": "he", "his": "he", "her": "she", "them": "they", "their": "they"}


@lru_cache(maxsize=16384)
def _people(text: str) -> frozenset[str]:
    """Who a text is about besides the writer ("she", "my boss", a name), lower case; a
    reframe that answers "She ignores me" with "She may have been busy" stays specific."""
    found = set()
    for match in _PEOPLE.finditer(text):
        word = match.group(0).lower()
        found.add(
            {"him": "he", "his": "he", "her": "she", "them": "they", "their": "they"}.get(
                word, word
            )
        )
    return frozenset(
        w for w in found if w in _PRONOUN_PEOPLE or (" " in w and w.split()[-1] not in STOPWORDS)
    )


_SOFTENER = re.compile(
    r"\b(?:not|n't|no|but|might|may|could|maybe|perhaps|possible|likely|unlikely|instead|"
    r"rather|also|still|even if|though|although|yet|some|part|partly|sometimes|often|fair|"
    r"guess|guessing|don't know|can't know|feeling|feel like|worry|fear|predict|predicting|"
    r"imagine|assume|telling myself|my mind|thought|wish|would like|prefer|expected|seem|seems|"
    r"look like|looks like|many|most|i think|i thought)\b|n't\b",
    re.IGNORECASE,
)
_ABSOLUTE_TRAPS = frozenset({"all_or_nothing", "overgeneralizing", "should_statements"})
"""Traps made of absolute words: a reframe for them must not use one (unless negated)."""
_ACKNOWLEDGING = frozenset({"negative_feeling"})
"""Traps whose reframe names the feeling on purpose: only repeating the thought's own cue
words counts against it."""


def _trap_cues(text: str, trap_id: str) -> list[tuple[str, float]]:
    from .cues import RULES, find_cues

    rules = tuple(rule for rule in RULES if rule.trap == trap_id)
    return [(cue.text.lower(), cue.weight) for cue in find_cues(text, rules)]


def _repeats_trap(reframe: str, trap_id: str) -> str:
    """The trap words a reframe shows without answering them, or ``""``.

    A reframe may name the trap's words in order to answer them ("a feeling is not proof");
    it fails when it shows the trap clearly (cue strength >= 0.5) and nothing in it qualifies
    them (no "not", "but", "might", "still" ...). Naming the feeling is the point of a reframe
    for a negative feeling, so that trap only has to avoid absolutes.
    """
    if trap_id in _ACKNOWLEDGING:
        return ""
    found = _trap_cues(_unquoted(reframe), trap_id)
    remaining = 1.0
    for _, weight in found:
        remaining *= 1 - weight
    if found and 1 - remaining >= _TRAP_REPEAT and not _SOFTENER.search(reframe):
        return found[0][0]
    return ""


def _unquoted(text: str) -> str:
    """``text`` without the words it quotes: quoting the client's "always" in order to
    answer it is not using an absolute word."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)


def answers_trap(reframe: str, trap_id: str) -> bool:
    """The "addresses the trap" check alone: the reframe does not repeat ``trap_id``'s own
    words unanswered, nor use an absolute word when the trap is made of them."""
    if _repeats_trap(reframe, trap_id):
        return False
    absolute = ABSOLUTES.search(_NEGATED_ABSOLUTE.sub(" ", _unquoted(reframe)))
    return absolute is None or trap_id not in _ABSOLUTE_TRAPS


@lru_cache(maxsize=16384)
def specific_to(reframe: str, thought: str, situation: str = "") -> bool:
    """Whether ``reframe`` refers to what the thought (or situation) is about, without copying
    the thought: a shared content word, the same person ("she", "my boss") or the same life
    domain (a death and grief)."""
    about = content_stems(thought) | content_stems(situation)
    quoted = [q.lower() for q in re.findall(r"“([^”]+)”", reframe)]
    if any(q in thought.lower() for q in quoted):
        return True  # it quotes the client's own words back
    shared = (
        (content_stems(reframe) & about)
        or (_people(reframe) & _people(thought))
        or _same_domain(reframe, f"{thought} {situation}")
    )
    norm_thought = " ".join(_plain_words(thought))
    copied = len(norm_thought.split()) > 3 and norm_thought in " ".join(_plain_words(reframe))
    return bool(shared) and not copied


def check_reframe(
    reframe: str, thought: str, trap_id: str = "", situation: str = "", mood: str = ""
) -> ReframeCheck:
    """Score one reframe of ``thought`` against the checklist.

    Parameters
    ----------
    reframe
        The suggested balanced thought.
    thought
        The client's automatic thought.
    trap_id
        The thinking trap the reframe answers (the client's ticked one); without it, the
        reframe must only avoid absolute words.
    situation
        What happened; a reframe may refer to it instead of the thought's own words.
    mood
        The moods the client named (their words, any order); a feeling the reframe names
        must show in the thought, the situation or these.

    Examples
    --------
    >>> check_reframe(
    ...     "I feel let down about the deadline. It is one event, and I can plan the next one.",
    ...     "I always miss every deadline",
    ... ).passed
    True
    >>> bad = check_reframe("Just think positive!", "I always miss every deadline")
    >>> bad.passed, bad.not_command, bad.specific
    (False, False, False)
    """
    static = _static_checks(reframe, trap_id)
    other = feeling_fits(reframe, f"{thought} {situation} {mood}")
    if other:
        why = f"names a feeling the thought does not show: “{other}”"
        static = dataclasses.replace(
            static, fits_feeling=False, reasons=(("fits_feeling", why), *static.reasons)
        )
    if specific_to(reframe, thought, situation):
        return static
    norm_thought = " ".join(_plain_words(thought))
    copied = len(norm_thought.split()) > 3 and norm_thought in " ".join(_plain_words(reframe))
    why = (
        "copies the thought word for word"
        if copied
        else ("shares no word with the thought or the situation")
    )
    return dataclasses.replace(static, specific=False, reasons=(("specific", why), *static.reasons))


@lru_cache(maxsize=16384)
def _static_checks(reframe: str, trap_id: str) -> ReframeCheck:
    """Every check that does not depend on the client's thought (cached per text and trap)."""
    from .grammar import problems

    reasons: list[tuple[str, str]] = []
    grade = fk_grade(reframe)
    count = len(_WORD.findall(reframe.lower()))
    readable = grade <= MAX_GRADE + 4 and MIN_WORDS <= count <= MAX_WORDS
    if not readable:
        reasons.append(
            (
                "readable",
                f"{count} words (aim for {MIN_WORDS}–{MAX_WORDS})"
                if not MIN_WORDS <= count <= MAX_WORDS
                else f"reading grade {grade:.1f} (aim for {MAX_GRADE + 4:.0f} or below)",
            )
        )
    unqualified = _NEGATED_ABSOLUTE.sub(" ", _unquoted(reframe))
    absolute = ABSOLUTES.search(unqualified)
    no_absolutes = absolute is None
    if trap_id:
        words = _repeats_trap(reframe, trap_id)
        addresses = not words and (no_absolutes or trap_id not in _ABSOLUTE_TRAPS)
        if words:
            reasons.append(("addresses_trap", f"repeats the trap itself: “{words}”"))
        elif not addresses and absolute is not None:
            reasons.append(("addresses_trap", f"uses an absolute word: “{absolute.group(0)}”"))
    else:
        addresses = no_absolutes
        if not addresses and absolute is not None:
            reasons.append(("addresses_trap", f"uses an absolute word: “{absolute.group(0)}”"))
    tone = compound(reframe)
    forced = _OVER_POSITIVE.search(reframe)
    balanced_tone = tone <= MAX_COMPOUND + 0.1 and forced is None
    if not balanced_tone:
        reasons.append(
            (
                "balanced_tone",
                f"forced cheerfulness: “{forced.group(0)}”"
                if forced
                else f"relentlessly positive (sentiment {tone:.2f})",
            )
        )
    first = reframe.strip().lstrip("“\"'")
    command = _COMMAND.match(first) or _YOU_COMMAND.search(reframe)
    not_command = command is None
    if command is not None:
        reasons.append(("not_command", f"tells the reader what to do: “{command.group(0)}”"))
    not_question = "?" not in reframe
    if not not_question:
        reasons.append(("not_question", "asks a question instead of offering a thought"))
    found = problems(reframe)
    if found:
        reasons.append(("grammatical", "; ".join(found)))
    lower = {w.strip(".,!?;:").lower() for w in reframe.split()}
    return ReframeCheck(
        readable=readable,
        specific=True,
        no_absolutes=no_absolutes,
        balanced_tone=balanced_tone,
        acknowledges_feeling=bool(lower & FEELING_WORDS),
        next_step=bool(_STEP.search(reframe)),
        grade=round(grade, 2),
        compound=tone,
        addresses_trap=addresses,
        not_command=not_command,
        not_question=not_question,
        grammatical=not found,
        reasons=tuple(reasons),
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
