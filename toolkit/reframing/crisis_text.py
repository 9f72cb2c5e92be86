"""Text preparation for the crisis detector: surface repair, then a canonical form.

Two steps, kept apart so each can be tested on its own:

- :func:`normalise` repairs the *surface*: case, full-width letters, leetspeak inside words
  (``k1ll``), letters split by marks (``s-u-i-c-i-d-e``), long repeats (``diiiie``) and typos of a
  few risk words. A typo is repaired only when the token is *not* a known English word, so a real
  word is never turned into a risk word ("overcome" stays "overcome", not "overdose").
- :func:`canonical` rewrites contractions, apostrophe-free spellings and internet shorthand into
  one form (``dont`` and ``don't`` become ``do not``; ``wanna`` becomes ``want to``; ``kms``
  becomes ``kill myself``) so the concept rules are written once.

Examples
--------
>>> normalise("I wanna K1LL mys3lf!!!")
'i wanna kill myself!!'
>>> canonical(normalise("i dont wanna b here anymore"))
'i do not want to be here anymore'
>>> normalise("I cannot overcome this feeling")
'i cannot overcome this feeling'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

# Words whose misspellings are repaired (only when the misspelt token is not a known word).
KEY_WORDS: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "myself",
    "killing",
    "overdose",
    "unalive",
    "goodbye",
    "existing",
    "disappear",
    "anymore",
    "tomorrow",
    "tonight",
    "forever",
    "burden",
    "without",
    "wrists",
    "tablets",
    "living",
    "alive",
    "pills",
)
# Frequent misspellings further than one edit away (or too short for the edit rule).
_SPELLINGS: dict[str, str] = {
    "kil": "kill",
    "kll": "kill",
    "ded": "dead",
    "dieing": "dying",
    "dyin": "dying",
    "dissapear": "disappear",
    "dissappear": "disappear",
    "disapear": "disappear",
    "dissapearing": "disappearing",
    "disapearing": "disappearing",
    "meself": "myself",
    "masel": "myself",
    "masell": "myself",
    "maself": "myself",
    "wats": "what is",
    "stayin": "staying",
    "mysel": "myself",
    "mysef": "myself",
    "mysefl": "myself",
    "suiside": "suicide",
    "sucide": "suicide",
    "suicied": "suicide",
    "sucidal": "suicidal",
    "suisidal": "suicidal",
    "tomoz": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tommorow": "tomorrow",
    "tomorow": "tomorrow",
    "2nite": "tonight",
    "tonite": "tonight",
    "2night": "tonight",
    "nomore": "anymore",
    "enymore": "anymore",
    "alyve": "alive",
    "lyf": "life",
    "lyfe": "life",
    "liv": "live",
    "wana": "wanna",
    "wanan": "wanna",
    "wnna": "wanna",
    "wnt": "want",
    "dnt": "dont",
    "cnt": "cant",
    "evry1": "everyone",
    "every1": "everyone",
    "some1": "someone",
    "no1": "no one",
    "any1": "anyone",
    "b4": "before",
    "gud": "good",
    "pils": "pills",
    "tabs": "tablets",
    "bcuz": "because",
    "becuz": "because",
    "wen": "when",
    "wud": "would",
    "wld": "would",
    "cud": "could",
    "shud": "should",
    "tho": "though",
    "thru": "through",
    "luv": "love",
    "plz": "please",
    "pls": "please",
    "ppl": "people",
}
# Contractions and shorthand, rewritten after the surface repair (whole tokens).
_CANONICAL: dict[str, str] = {
    "dont": "do not",
    "don't": "do not",
    "doesnt": "does not",
    "doesn't": "does not",
    "didnt": "did not",
    "didn't": "did not",
    "cant": "can not",
    "can't": "can not",
    "cannot": "can not",
    "couldnt": "could not",
    "couldn't": "could not",
    "wont": "will not",
    "won't": "will not",
    "wouldnt": "would not",
    "wouldn't": "would not",
    "shouldnt": "should not",
    "shouldn't": "should not",
    "isnt": "is not",
    "isn't": "is not",
    "arent": "are not",
    "aren't": "are not",
    "wasnt": "was not",
    "wasn't": "was not",
    "werent": "were not",
    "weren't": "were not",
    "havent": "have not",
    "haven't": "have not",
    "hasnt": "has not",
    "hasn't": "has not",
    "hadnt": "had not",
    "hadn't": "had not",
    "aint": "is not",
    "ain't": "is not",
    "im": "i am",
    "i'm": "i am",
    "ive": "i have",
    "i've": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "it's": "it is",
    "its": "its",
    "that's": "that is",
    "thats": "that is",
    "there's": "there is",
    "theres": "there is",
    "what's": "what is",
    "whats": "what is",
    "he's": "he is",
    "she's": "she is",
    "they're": "they are",
    "theyre": "they are",
    "we're": "we are",
    "you're": "you are",
    "youre": "you are",
    "they'd": "they would",
    "they'll": "they will",
    "we'd": "we would",
    "you'd": "you would",
    "she'd": "she would",
    "he'd": "he would",
    "wanna": "want to",
    "wannna": "want to",
    "gonna": "going to",
    "finna": "going to",
    "gotta": "got to",
    "tryna": "trying to",
    "lemme": "let me",
    "gimme": "give me",
    "kinda": "kind of",
    "sorta": "sort of",
    "outta": "out of",
    "u": "you",
    "ya": "you",
    "ur": "your",
    "r": "are",
    "y": "why",
    "n": "and",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "bc": "because",
    "b/c": "because",
    "rn": "right now",
    "atm": "right now",
    "idc": "i do not care",
    "idk": "i do not know",
    "idek": "i do not even know",
    "ngl": "honestly",
    "tbh": "honestly",
    "tbf": "honestly",
    "fr": "really",
    "frfr": "really",
    "istg": "i swear",
    "lowkey": "",
    "highkey": "",
    "literally": "",
    "genuinely": "",
    "fucking": "",
    "f*cking": "",
    "effing": "",
    "bloody": "",
    "kms": "kill myself",
    "kys": "kill myself",
    "agian": "again",
    "agen": "again",
    "shes": "she is",
    "hes": "he is",
    "whos": "who is",
    "beter": "better",
    "arround": "around",
    "dissapeer": "disappear",
    "dissapeared": "disappeared",
    "em": "them",
    "'em": "them",
    "s/h": "self harm",
    "kmsl": "kill myself",
    "sewerslide": "suicide",
    "sewer-slide": "suicide",
    "unaliving": "unalive",
    "unalived": "unalive",
    "b": "be",
    "w/o": "without",
    "w/": "with",
    "abt": "about",
    "bout": "about",
    "til": "until",
    "till": "until",
    "nite": "night",
    "jus": "just",
    "juss": "just",
    "jst": "just",
    "mom": "mum",
    "mommy": "mum",
    "mummy": "mum",
    "mother": "mum",
    "daddy": "dad",
    "father": "dad",
}
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_WORD = re.compile(r"(?:[a-z0-9@$']|!(?=[a-z0-9]))+")
_TOKEN = re.compile(r"[a-z0-9'/*-]+")


@cache
def known_words() -> frozenset[str]:
    """English words the project's own texts use (``data/crisis_vocabulary.txt``)."""
    text = (
        resources.files("toolkit.reframing")
        .joinpath("data/crisis_vocabulary.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(w for w in text.split() if not w.startswith("#"))


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


@cache
def _fix_word(word: str) -> str:
    """Repair a misspelt key word; a known English word is never changed."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if len(word) < 5 or word in KEY_WORDS or word in known_words():
        return word
    plain = word.strip("'")
    if plain.endswith("'s") or "'" in plain:
        return word
    for key in KEY_WORDS:
        if abs(len(key) - len(word)) <= 1 and word[0] == key[0] and _distance(word, key) <= 1:
            return key
    return word


def _deleet(match: re.Match[str]) -> str:
    token = match.group(0)
    letters = sum(ch.isalpha() for ch in token)
    if letters and letters < len(token) and not token.isdigit():
        token = token.translate(_LEET)
    return token


def normalise(text: str) -> str:
    """Repair the surface of a text: case, width, leetspeak, split letters, repeats and typos.

    Examples
    --------
    >>> normalise("s-u-i-c-i-d-e")
    'suicide'
    >>> normalise("I wanna diiiie")
    'i wanna die'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("´", "'")
    text = re.sub(
        r"\b(?:[a-z0-9][.\-*_]){2,}[a-z0-9]\b", lambda m: re.sub(r"[.\-*_]", "", m.group(0)), text
    )
    text = re.sub(r"\bs[*]icid", "suicid", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    text = _WORD.sub(_deleet, text)
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    text = re.sub(r"\bdi+e+\b", "die", text)
    text = re.sub(r"\bde+d\b", "dead", text)
    text = re.sub(r"[ \t]+", " ", text).strip()
    return re.sub(r"[a-z0-9']{3,}", lambda m: _fix_word(m.group(0)), text)


def canonical(text: str) -> str:
    """Rewrite contractions and shorthand of a normalised text into one canonical form."""
    text = re.sub(r"\bany more\b", "anymore", text)
    text = re.sub(r"\bno one\b|\bnoone\b|\bnobody\b", "nobody", text)
    text = re.sub(r"\bsewer ?slide\b|\bsui ?side\b", "suicide", text)
    text = re.sub(r"\bself ?delete\b|\bdelete myself\b", "unalive myself", text)
    text = re.sub(r"\bun ?alive\b", "unalive", text)
    text = re.sub(r"\bwith out\b", "without", text)
    text = re.sub(
        r"\b(tonight|today|tomorrow|it|that|there|here|what|who|decision|time|life|everything)'s\b",
        r"\1 is",
        text,
    )
    text = re.sub(r"\bkil+ ?my ?self\b", "kill myself", text)
    text = re.sub(r"\bi ?want ?to ?die\b", "i want to die", text)
    text = re.sub(r"\bwant ?to ?die\b", "want to die", text)
    text = re.sub(r"\bwanna ?die\b", "want to die", text)
    text = re.sub(r"\bend ?my ?life\b", "end my life", text)
    text = re.sub(
        r"\bmy self\b(?! ?-?(?:esteem|worth|confidence|image|respect|care|belief|doubt|"
        r"compassion|harm|injury|control|discipline))",
        "myself",
        text,
    )
    text = re.sub(r"\b(want|need|going|have|got|wish|ready) 2 (?=[a-z])", r"\1 to ", text)
    text = re.sub(r"\b(?:wan|waan|wah) (?=die\b|dead\b)", "want to ", text)
    text = re.sub(r"\bmi (?=want to |want |cyaan |can not |jus )", "i ", text)
    text = re.sub(r"\bwant(s?) (?:to )?dead\b", r"want\1 to be dead", text)
    text = re.sub(
        r"\b(?:top|topping|toppin|topped|finish|finishing) (?:myself|meself)\b", "kill myself", text
    )
    text = re.sub(r"\b(?:6 ?(?:ft|feet|foot)|six (?:feet|foot)) under\b", "dead", text)
    text = re.sub(
        r"\bneck (?:the lot|them all|the (?:whole )?(?:box|packet|bottle))\b", "overdose", text
    )
    text = re.sub(r"\bsi ?/ ?sh\b|\bsh ?/ ?si\b", "suicide and self harm", text)
    text = re.sub(r"\bill (?=be |go |do |see |never |not |just |end )", "i will ", text)
    text = re.sub(
        r"\bid (?=rather |be |do |never |like |love |want |just |have )", "i would ", text
    )
    text = re.sub(r"\bbetter of\b", "better off", text)
    text = re.sub(r"\bbe hear\b", "be here", text)
    text = re.sub(r"\b(end|kill|think|cutt|hurt|dy|liv|harm|starv|jump|hang)in\b", r"\1ing", text)
    text = re.sub(r"\bs\.? ?h\.?(?=\s|$)", "sh", text)
    text = re.sub(r"\b(?:d\*e|d\*\*)\b", "die", text)
    text = re.sub(r"\bh\*rm", "harm", text)
    text = re.sub(r"\bk\*ll", "kill", text)

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in _CANONICAL:
            return _CANONICAL[token]
        if token.endswith("n't"):
            return token[:-3] + " not"
        if token.endswith("'ll"):
            return token[:-3] + " will"
        if token.endswith("'ve"):
            return token[:-3] + " have"
        if token.endswith("'re"):
            return token[:-3] + " are"
        return token

    text = _TOKEN.sub(swap, text)
    return re.sub(r"[ \t]+", " ", text).strip()


__all__ = ["KEY_WORDS", "canonical", "known_words", "normalise"]
