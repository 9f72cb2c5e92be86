"""A grammar-and-sense gate for suggested balanced thoughts: no idea that fails it is shown.

The gate looks for the mistakes that filling sentence slots with a client's words produces:
a clause where a noun phrase belongs ("about my exam results came"), a phrase cut short
("about a hard"), a contraction used as a possessive ("in he's mind"), verbs that disagree
with their subject ("they thinks"), doubled or dangling words, "a"/"an" before the wrong
sound, and leftover slot markers. Word classes come from LemmInflect's English lexicon
(Jascha/“lemminflect”, MIT licence; loaded on first use, about 1 s); everything else is our own
rules. It is a filter, not a parser: it can miss an error, but each rule names what it found.

Examples
--------
>>> problems("I feel disappointed about my exam results came.")
('a clause after "about" where a noun phrase belongs: "results came"',)
>>> problems("I don't know yet how the interview will go. I can prepare one answer tonight.")
()
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_DETERMINER = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "his",
        "her",
        "their",
        "our",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "every",
        "each",
    ]
)
_PREPOSITION = frozenset(
    [
        "about",
        "of",
        "with",
        "for",
        "in",
        "on",
        "at",
        "from",
        "into",
        "to",
        "by",
        "over",
        "under",
        "than",
    ]
)
_SUBJECT_PLURAL = frozenset(["i", "you", "we", "they"])
_SUBJECT_SINGULAR = frozenset(["he", "she"])
_MODALS = frozenset(["will", "would", "can", "could", "shall", "should", "may", "might", "must"])
_FINITE_ONLY = frozenset(
    [
        "did",
        "died",
        "came",
        "went",
        "left",
        "said",
        "got",
        "happened",
        "became",
        "broke",
        "began",
        "brought",
        "thought",
        "told",
        "took",
        "gave",
        "made",
        "knew",
        "saw",
        "ran",
        "won",
        "lost",
        "fell",
        "felt",
        "passed",
        "failed",
        "called",
    ]
)
"""Past-tense verbs that cannot continue a noun phrase (checked before the lexicon). Present
tense ("is", "hurts") is left alone: "worrying about the future is normal" is correct."""
_NOT_ADJECTIVE_END = frozenset(["own", "same"])
_AN_EXCEPTIONS = ("hour", "honest", "honour", "honor", "heir")
_A_EXCEPTIONS = ("uni", "use", "usu", "eu", "one", "once", "ur")


@lru_cache(maxsize=1)
def _lexicon() -> object:
    import lemminflect

    return lemminflect


@lru_cache(maxsize=16384)
def word_classes(word: str) -> frozenset[str]:
    """The parts of speech LemmInflect's lexicon allows for ``word`` (``VERB``, ``NOUN``,
    ``ADJ``, ``ADV`` ...); empty for a word it does not know."""
    module = _lexicon()
    found = module.getAllLemmas(word.lower())  # type: ignore[attr-defined]
    return frozenset(found)


def _third_person(word: str) -> bool:
    """Whether ``word`` is the -s form of a verb ("thinks", "wants")."""
    module = _lexicon()
    lemmas = module.getAllLemmas(word.lower(), upos="VERB")  # type: ignore[attr-defined]
    for lemma in lemmas.get("VERB", ()):
        forms = module.getInflection(lemma, tag="VBZ")  # type: ignore[attr-defined]
        if word.lower() in forms and word.lower() != lemma:
            return True
    return False


def _base_verb(word: str) -> bool:
    """Whether ``word`` is only a verb's base form here ("think", "want"; not "thinks", "read",
    "just")."""
    classes = word_classes(word)
    if "VERB" not in classes or classes & {"ADV", "ADJ", "PRON", "DET", "ADP"}:
        return False
    module = _lexicon()
    low = word.lower()
    if low not in module.getAllLemmas(low).get("VERB", ()):  # type: ignore[attr-defined]
        return False
    past = module.getInflection(low, tag="VBD")  # type: ignore[attr-defined]
    return low not in past


def _article_problem(article: str, word: str) -> bool:
    low = word.lower()
    vowel = low[:1] in "aeiou"
    if low.startswith(_AN_EXCEPTIONS):
        vowel = True
    elif low.startswith(_A_EXCEPTIONS):
        vowel = False
    return (article == "a" and vowel) or (article == "an" and not vowel)


@lru_cache(maxsize=16384)
def problems(text: str) -> tuple[str, ...]:
    """Every grammar or sense problem found in ``text`` (empty when it reads as clean English).

    Parameters
    ----------
    text
        One suggested balanced thought (one or a few sentences).
    """
    found: list[str] = []
    if re.search(r"[{}\[\]<>]|\bNone\b|\s[,.;:!?]", text):
        found.append("a leftover marker or a space before punctuation")
    if (
        text.count('"') % 2
        or text.count("“") != text.count("”")
        or text.count("(") != text.count(")")
    ):
        found.append("unbalanced quotes or brackets")
    for sentence in re.split(r"(?<=[.!?;:,])\s+", text):
        found += _word_problems(sentence)
    found += _phrase_problems(text)
    found += _quote_problems(text)
    match = _PLURAL_SINGULAR_VERB.search(text)
    if match and not match.group(2).lower().endswith(("ss", "us", "is", "ics")):
        found.append(f'the verb does not agree with "{match.group(1)}": "{match.group(3)}"')
    return tuple(dict.fromkeys(found))


_PLURAL_SINGULAR_VERB = re.compile(
    r"(?:^|[.!?;:,]\s+|\b(?:and|but|so|because)\s+)"
    r"((?:my|the|his|her|their|our|your|these|those) ([a-z]{3,}s)) "
    r"(feels|is|was|has|looks|seems|makes|goes|does)\b",
    re.IGNORECASE,
)
"""A plural noun phrase opening a clause, with a singular verb ("My knees feels huge")."""
_QUOTE_CUT = frozenset(
    """a an the and or but so because if to of in on at for with my your his her their our
    that which who than as very really""".split()  # noqa: SIM905 - a word list reads best as text
)


def _quote_problems(text: str) -> list[str]:
    """A quotation of the client's words cut mid-phrase: one that ends on a word that cannot
    end a phrase ("“I feel anxious so something”"), or that starts with a bare verb
    ("“Is an idiot”")."""
    found: list[str] = []
    for quote in re.findall(r"“([^”]+)”", text):
        found += quotation_problems(quote)
    return found


@lru_cache(maxsize=4096)
def quotation_problems(quote: str) -> tuple[str, ...]:
    """What is wrong with ``quote`` as a quotation of the client's words (see
    :func:`problems`): cut mid-phrase at either end."""
    words = [w.lower() for w in _WORD.findall(quote)]
    if not words:
        return ()
    cut_clause = re.search(
        r"\b(?:so|and|but|because|if|that|when)\s+(?:something|someone|anything|nothing|"
        r"everything|it|this|he|she|they|i|we|my|the)$",
        " ".join(words),
    )
    if len(words) > 1 and (words[-1] in _QUOTE_CUT or cut_clause):
        return (f'a quotation cut mid-phrase: "{quote}"',)
    if words[0] in {"is", "are", "was", "were", "am"}:
        return (f'a quotation that starts mid-phrase: "{quote}"',)
    return ()


def _word_problems(sentence: str) -> list[str]:
    found: list[str] = []
    words = [m.group(0) for m in _WORD.finditer(sentence)]
    lower = [w.lower().replace("’", "'") for w in words]
    for index, word in enumerate(lower):
        nxt = lower[index + 1] if index + 1 < len(lower) else ""
        if nxt and word == nxt and word not in {"very", "had", "that"}:
            found.append(f'a doubled word: "{word} {nxt}"')
        if word in _DETERMINER and nxt in _DETERMINER and word not in {"that", "this"}:
            found.append(f'two determiners in a row: "{word} {nxt}"')
        if word in {"a", "an"} and nxt and _article_problem(word, nxt):
            found.append(f'"{word}" before "{nxt}"')
        if word in _PREPOSITION and nxt in {"he's", "she's", "it's", "they're", "they's"}:
            found.append(f'a contraction where a possessive belongs: "{word} {nxt}"')
        if word in {"they's", "we's", "you's", "i's"}:
            found.append(f'not a word: "{word}"')
        before = lower[index - 1] if index > 0 else ""
        if (
            word in _SUBJECT_PLURAL
            and nxt
            and nxt not in _MODALS
            and not (word == "i" and before in {"than", "and"})
            and _third_person(nxt)
        ):
            found.append(f'the verb does not agree with "{words[index]}": "{nxt}"')
        if (
            word in _SUBJECT_SINGULAR
            and nxt
            and nxt not in _MODALS
            and before not in {"let", "make", "help", "see", "watch"}
            and _base_verb(nxt)
        ):
            found.append(f'the verb does not agree with "{word}": "{nxt}"')
    return found


_PHRASE_START = frozenset(
    ["the", "my", "a", "an", "his", "her", "their", "our", "this", "that", "your"]
)
_CAN_CONTINUE = frozenset({"NOUN", "ADJ", "PROPN", "NUM"})
_PHRASE_END = frozenset(
    [
        "to",
        "that",
        "who",
        "which",
        "whom",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "it",
        "me",
        "him",
        "us",
        "them",
        "my",
        "your",
        "his",
        "her",
        "their",
        "our",
        "its",
        "this",
        "these",
        "those",
        "the",
        "a",
        "an",
    ]
)
"""Words that end the noun phrase being walked (a relative clause or a new phrase starts)."""
_PRONOUN_LIKE = frozenset(
    "one own worst first last next best most rest other others same her his this that its".split()  # noqa: SIM905
)


def _phrase_problems(text: str) -> list[str]:
    """Noun phrases after a preposition: a finite verb inside one, or one cut short."""
    found = []
    for sentence in re.split(r"[.;:!?,]|\b(?:and|but|so|because|or)\b", text):
        toks = [t.lower().replace("’", "'") for t in _WORD.findall(sentence)]
        for index, word in enumerate(toks[:-1]):
            if word not in _PREPOSITION or toks[index + 1] not in _PHRASE_START:
                continue
            phrase = toks[index + 2 : index + 7]
            if not phrase:
                if toks[index + 1] not in _PRONOUN_LIKE:
                    found.append(f'a phrase cut short: "{word} {toks[index + 1]}"')
                continue
            found += _walk_phrase(word, phrase)
    return found


def _walk_phrase(preposition: str, phrase: list[str]) -> list[str]:
    """Walk the words after "<preposition> <determiner>" while they can belong to a noun phrase.

    A finite verb met there means a clause was put where a noun phrase belongs; a phrase that
    reaches the end of its clause on a word that cannot be a noun was cut short.
    """
    for position, token in enumerate(phrase):
        classes = word_classes(token)
        if token in _MODALS or token in _PHRASE_END:
            return []
        if position > 0 and preposition == "about" and token in _FINITE_ONLY:
            where = f'"{phrase[position - 1]} {token}"'
            return [f'a clause after "{preposition}" where a noun phrase belongs: {where}']
        if not classes & _CAN_CONTINUE:
            return []
    nouns = [t for t in phrase if word_classes(t) & {"NOUN", "PROPN", "PRON", "NUM"}]
    if len(phrase) <= 2 and not nouns and phrase[-1] not in _PRONOUN_LIKE:
        return [f'a phrase cut short: "{preposition} … {phrase[-1]}"']
    return []


def tidy(text: str) -> str:
    """``text`` with single spaces, a capital at the start of each sentence and a full stop at
    the end (formatting, which :func:`problems` does not judge)."""
    out = re.sub(r"\s+", " ", text).strip()
    if not out:
        return out
    out = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
    return out if out[-1] in '.!?"”' else out + "."


def warm() -> None:
    """Load the lexicon's lemma and inflection tables now (about 1.5 s) rather than on the
    first suggestion that needs them."""
    module = _lexicon()
    module.getAllLemmas("thinks")  # type: ignore[attr-defined]
    module.getInflection("think", tag="VBZ")  # type: ignore[attr-defined]


def grammatical(text: str) -> bool:
    """True when :func:`problems` finds nothing."""
    return not problems(text)


__all__ = ["grammatical", "problems", "tidy", "warm", "word_classes"]
