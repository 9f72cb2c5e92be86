"""Text helpers for the offline engine: tokens with character spans, stems, negation and tense.

Only NLTK parts that need no downloaded data are used: :class:`nltk.tokenize.RegexpTokenizer`
and the Snowball (Porter 2) English stemmer. NLTK is imported on first use, not at import time.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.stem.snowball import EnglishStemmer
    from nltk.tokenize import RegexpTokenizer

_TOKEN_PATTERN = r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|[^\w\s]"  # noqa: S105 - a regular expression, not a secret

NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "n't"})
_NEGATION_SCOPE = 3
_CLAUSE_END = frozenset({".", ",", ";", ":", "!", "?", "but", "and", "so", "because"})

_CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "i'm": ("i", "am"),
    "im": ("i", "am"),
    "dont": ("do", "not"),
    "cant": ("can", "not"),
    "wont": ("will", "not"),
    "didnt": ("did", "not"),
    "doesnt": ("does", "not"),
    "isnt": ("is", "not"),
    "shouldnt": ("should", "not"),
}
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("n't", ("not",)),
    ("'ll", ("will",)),
    ("'re", ("are",)),
    ("'ve", ("have",)),
    ("'d", ("would",)),
    ("'s", ("is",)),
    ("'m", ("am",)),
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "up",
        "down",
        "out",
        "over",
        "under",
        "again",
        "about",
        "into",
        "than",
        "then",
        "there",
        "here",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "it's",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "ours",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "too",
        "very",
        "just",
        "also",
        "even",
        "still",
        "yet",
        "now",
        "ever",
        "once",
        "as",
        "because",
        "until",
        "while",
        "s",
        "t",
        "don",
        "didn",
        "doesn",
        "isn",
        "wasn",
        "aren",
        "weren",
        "won",
        "wouldn",
        "shouldn",
        "couldn",
        "ll",
        "re",
        "ve",
        "d",
        "m",
        "o",
        "y",
        "get",
        "got",
        "gets",
        "getting",
        "go",
        "goes",
        "going",
        "gone",
        "went",
        "make",
        "makes",
        "made",
        "know",
        "knows",
        "knew",
        "think",
        "thinks",
        "thought",
        "feel",
        "feels",
        "felt",
        "feeling",
        "say",
        "says",
        "said",
        "like",
        "really",
        "so",
        "much",
        "many",
        "lot",
        "thing",
        "things",
        "something",
        "anything",
        "everything",
        "nothing",
        "one",
        "two",
        "day",
        "today",
        "time",
        "times",
        "way",
    ]
)


@dataclass(frozen=True)
class Token:
    """One token: its text as written, lower-cased form, and character span in the input."""

    text: str
    lower: str
    start: int
    end: int


@cache
def _tokenizer() -> RegexpTokenizer:
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(_TOKEN_PATTERN)


@cache
def _stemmer() -> EnglishStemmer:
    from nltk.stem.snowball import EnglishStemmer

    return EnglishStemmer()


def tokens(text: str) -> tuple[Token, ...]:
    """Split ``text`` into word and punctuation tokens with their character spans.

    Examples
    --------
    >>> [t.lower for t in tokens("I don't ALWAYS fail!")]
    ['i', "don't", 'always', 'fail', '!']
    """
    spans = _tokenizer().span_tokenize(text)
    out = []
    for start, end in spans:
        word = text[start:end]
        out.append(Token(word, word.lower().replace("’", "'"), start, end))
    return tuple(out)


@cache
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word."""
    if not word.isalpha() or len(word) < 3:
        return word
    return str(_stemmer().stem(word))


def expand(word: str) -> tuple[str, ...]:
    """Split an English contraction into words: ``"don't"`` -> ``("do", "not")``."""
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for suffix, parts in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            head = word[: -len(suffix)]
            if suffix == "n't" and head == "ca":
                head = "can"
            if suffix == "n't" and head == "wo":
                head = "will"
            return (head, *parts)
    return (word,)


def words(text: str) -> list[str]:
    """Lower-case words with contractions expanded and punctuation kept as tokens."""
    out: list[str] = []
    for token in tokens(text):
        out.extend(expand(token.lower))
    return out


def features(text: str) -> list[str]:
    """Bag-of-words features for the classifier: stems, negation-marked stems and bigrams.

    A word within three words after a negation (and before the end of the clause) is marked
    ``not_``, so "I don't always fail" and "I always fail" give different features.

    Examples
    --------
    >>> features("I don't always fail")[:5]
    ['i', 'do', 'not', 'not_alway', 'not_fail']
    """
    stems: list[str] = []
    scope = 0
    for word in words(text):
        if word in _CLAUSE_END or not word[0].isalnum():
            scope = 0
            stems.append("|")
            continue
        base = stem(word)
        if scope > 0:
            stems.append("not_" + base)
            scope -= 1
        else:
            stems.append(base)
        if word in NEGATIONS:
            scope = _NEGATION_SCOPE
    grams = [s for s in stems if s != "|"]
    bigrams = [f"{a}~{b}" for a, b in itertools.pairwise(stems) if "|" not in (a, b)]
    return grams + bigrams


_NEG_BEFORE = re.compile(
    r"(?:\b(?:not|never|no|hardly|rarely|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|"
    r"won't|can't|cannot|dont|doesnt|didnt|isnt|wont|cant)\b|n't)\W+(?:\w+\W+){0,2}$"
)
_PAST_BEFORE = re.compile(
    r"\b(?:used to|back then|years ago|"
    r"when i was (?:younger|little|a kid|a child|a teen\w*|at school)|"
    r"in the past|i once|at one time|as a (?:kid|child|teen\w*))\b"
)


def negated(text: str, start: int) -> bool:
    """Whether the word at ``start`` is negated by one of the three words before it.

    Examples
    --------
    >>> t = "I don't always fail"
    >>> negated(t, t.index("always"))
    True
    """
    head = text[max(0, start - 40) : start].lower().replace("’", "'")
    clause = re.split(r"[.,;:!?]|\bbut\b", head)[-1]
    return bool(_NEG_BEFORE.search(clause))


def past_habit(text: str, start: int) -> bool:
    """Whether the words before ``start`` put the thought in the past ("I used to think ...")."""
    head = text[:start].lower()
    clause = re.split(r"[.;!?]|\bbut now\b|\bnow\b", head)[-1]
    return bool(_PAST_BEFORE.search(clause))


__all__ = [
    "NEGATIONS",
    "STOPWORDS",
    "Token",
    "expand",
    "features",
    "negated",
    "past_habit",
    "stem",
    "tokens",
    "words",
]
