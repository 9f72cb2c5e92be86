"""Recall-first crisis gate: runs on every text before any analysis.

The gate looks for suicidal ideation (direct, indirect and passive), self-harm, intent, plans and
farewells, including lower case, slang ("unalive", "kms"), euphemism ("end it all") and typos.
It is tuned for recall: when in doubt it fires, and a person is shown calm crisis resources.
Only a few narrow contexts switch a match off again: idioms never match a rule in the first
place (rules need a self-directed form such as "kill myself"); a *topic* word such as "suicide"
is ignored in an academic, clinical or media context unless the writer also speaks of their own
wish or plan; a clearly past and recovered experience is ignored unless anything points to the
present ("again", "lately", "urges", "still").

The risk factors follow the warning signs listed by the 988 Suicide & Crisis Lifeline and the
NHS ("talking about wanting to die", "feeling a burden", "saying goodbye", "giving away
possessions", "looking for a way to end their life"). Nothing here replaces a clinical
assessment; the result only decides whether the app shows resources instead of suggestions.

Examples
--------
>>> check("this commute is killing me").crisis
False
>>> check("i wanna kms").crisis
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from toolkit.exercises.base import Strict
from toolkit.exercises.loader import load_model
from toolkit.paths import exercises_dir

if TYPE_CHECKING:
    from pathlib import Path

Kind = Literal["self", "topic"]


@dataclass(frozen=True)
class CrisisResult:
    """What the gate decided.

    Attributes
    ----------
    crisis
        True when the text should be answered with crisis resources only.
    rules
        Ids of the rules that matched and were not switched off by context (for the
        therapist's alert; never log them together with the text).
    """

    crisis: bool
    rules: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        """The first rule that matched, or ``""``."""
        return self.rules[0] if self.rules else ""


@dataclass(frozen=True)
class _Rule:
    id: str
    kind: Kind
    pattern: re.Pattern[str]


def _rule(rule_id: str, kind: Kind, pattern: str) -> _Rule:
    return _Rule(rule_id, kind, re.compile(pattern))


_SELF = r"(?:my ?self|me ?self|myslef|my sel)"

# Each rule is a regular expression over the normalised text (see `normalise`). `self` rules
# speak of the writer's own wish, act or plan; `topic` rules name the subject only.
_RULES: tuple[_Rule, ...] = (
    _rule("kill_self", "self", rf"\bkill(?:ing|ed)? ?{_SELF}|\bkms\b|\boff(?:ing)? {_SELF}"),
    _rule("end_self", "self", rf"\b(?:end|delete|unalive|unaliving|erase) ?{_SELF}"),
    _rule("unalive", "self", r"\bunaliv|\bsewer ?slide|\bself ?delete"),
    _rule("suicide_word", "topic", r"\bsuicid|\bs ?u ?i ?c ?i ?d ?e\b"),
    _rule("overdose_word", "topic", r"\boverdos"),
    _rule("self_harm_word", "topic", r"\bself ?harm"),
    _rule(
        "want_die",
        "self",
        r"\b(?:want(?:s)? to|wanna|ready to|deserve to|hope i|wish i (?:could|would)|"
        r"just want to|need to|should just|going to|gonna) (?:just )?die\b|"
        r"\bwants? to die\b",
    ),
    _rule("wish_dead", "self", r"\b(?:wish|rather|better off) (?:i (?:was|were) |be )?dead\b"),
    _rule(
        "end_life",
        "self",
        r"\b(?:end(?:ing)?|take|taking|took) (?:my|my own) life\b|\bend(?:ing)? it all\b|"
        r"\bend(?:ing)? (?:it|things) (?:tonight|soon|now|for good|this week(?:end)?|today)\b|"
        r"\b(?:should|will|gonna|going to|want to) (?:just )?end (?:it|things)\b(?! with| between)|"
        r"\bplanning to end\b",
    ),
    _rule(
        "not_live",
        "self",
        r"\b(?:do ?n[o']?t|dont|don't|do not) (?:want|wanna) to (?:live|be alive|exist|be here)"
        r"(?! at| for| in this| during| with)|"
        r"\b(?:don't|dont|do not) wanna (?:live|be alive|exist)|"
        r"\b(?:stop|not) (?:existing|exist)\b(?! in)|\bwant to stop existing|"
        r"\btired of (?:living|being alive|life)\b|\bdone with life\b|"
        r"\b(?:not|isn't|isnt|is not) worth living\b|\bnothing (?:left )?to live for\b|"
        r"\bno reason (?:for me )?to (?:keep )?(?:living|live|go on)\b|"
        r"\bpoint (?:of|in) (?:living|being alive|life)\b|\bwant to be gone\b|"
        r"\bnot be here anymore\b|\bbe here anymore\b|\bnever been born\b",
    ),
    _rule(
        "passive_sleep",
        "self",
        r"\b(?:sleep|asleep) (?:forever|and (?:not|never) wake)|"
        r"\b(?:not|never|don't|dont|do not) (?:want to )?wake up (?:tomorrow|again|anymore)?|"
        r"\bhope i (?:do ?n[o']?t|don't|dont) wake\b|\bdie in my sleep\b|"
        r"\bgo to sleep forever\b",
    ),
    _rule(
        "burden_gone",
        "self",
        r"\bbetter off (?:without me|if i (?:was|were|wasn't|weren't) (?:gone|dead|here|around))|"
        r"\b(?:happier|easier|better) if i (?:wasn't|weren't|was not|were not) (?:around|here|"
        r"alive)|"
        r"\b(?:miss|notice|care) (?:me )?if i (?:was|were|am) gone\b|"
        r"\bnotice if i (?:died|was dead|disappeared)\b|\bmiss me if i\b",
    ),
    _rule(
        "disappear",
        "self",
        r"\b(?:disappear|vanish) (?:forever|for good|for ever)\b|"
        r"\b(?:starve|hurt) {self} until i (?:disappear|die)\b|"
        r"\bcould just vanish\b|"
        r"\b(?:wish i could|want to|wanna) (?:just )?disappear\b(?! under| into| for a| to| from|"
        r" on| in)|"
        r"\bnot come back\b(?=.*\b(?:sea|water|river|woods|cliff)\b)|"
        r"\b(?:sea|river|water|lake)\b.{0,30}\bnot come back\b".replace("{self}", _SELF),
    ),
    _rule(
        "self_harm",
        "self",
        rf"\b(?:cut|cutting|burn|burned|burnt|burning|hurt|hurting|harm|harming|punish|hit|"
        rf"hitting|scratch|starve|starving) {_SELF}\b(?! shaving| on| at| while| by accident|"
        rf" lifting| of)|"
        r"\bi (?:self ?harm|sh)\b|\bsh relapse|\brelapsed and cut\b|\bcut (?:again|my (?:arms|"
        r"wrists|legs|thighs))|"
        r"\bslit my wrists?\b|\bto hurt myself\b|\bscratch my arms until\b|\buntil (?:they|"
        r"it) bleeds?\b",
    ),
    _rule(
        "method",
        "self",
        rf"\bhang {_SELF}|\bnoose\b|\bbought a rope\b|\bpills? saved|\bsaved up (?:pills|tablets)|"
        r"\bhow many (?:pills|tablets)\b|\b(?:whole|entire) bottle of (?:pills|tablets)\b|"
        r"\ball my (?:pills|tablets|meds) at once\b|\b(?:od|o\.d\.) on\b|"
        r"\b(?:going to|gonna|want to|wanna|will|might|plan to) overdose\b|"
        r"(?<!bungee )\bjump(?:ing)? (?:off|from) (?:the|a) (?:bridge|roof|building|cliff|"
        r"balcony)\b|"
        r"\b(?:jump|jumping|step|stepping|walk|walking) in front of (?:a|the) (?:train|bus|car|"
        r"truck|lorry)\b|"
        r"\bdrive (?:my car )?into (?:a|the) (?:wall|tree|river)\b|\bthe gun (?:is )?ready\b|"
        r"\bon the roof\b.{0,40}\bjump|\bthinking of jumping\b|"
        r"\b(?:knife|blade|razor)\b.{0,60}\bon myself\b|\bwalk into the sea\b|"
        r"\bhow i would do it\b|\bplan(?:ning)? my (?:own )?funeral\b|\bplan to (?:die|end)\b",
    ),
    _rule(
        "farewell",
        "self",
        r"\b(?:my|wrote|writing|written) (?:a |my )?goodbye (?:letter|note)s?\b|"
        r"\bthis is goodbye\b|\bsaying my goodbyes\b|"
        r"\bgoodbye everyone\b(?!.{0,40}\b(?:see you|after|summer|holiday|monday|soon))|"
        r"\bwritten a note for\b|\bnote for my family\b|\bwon'?t need them\b|"
        r"\bwon'?t (?:be here|be around) (?:tomorrow|much longer|anymore)\b(?!.{0,30}\b(?:travel|"
        r"holiday|trip|abroad|away|moving))|"
        r"\b(?:by|this time) tomorrow i won'?t be here\b|"
        r"\bworry about me (?:much )?(?:longer|anymore)\b|\bwhen i'?m dead\b",
    ),
    _rule(
        "death_wish",
        "self",
        r"\bthinking about dying\b|\bthink about death every day\b|"
        r"\bsomething would (?:just )?kill me\b|\bplane crashes so\b|"
        r"\bhit by a (?:bus|car|train) i wouldn'?t (?:mind|care)\b|"
        r"\bway out (?:except|but) (?:dying|death)\b|\bwant (?:it|the pain|"
        r"everything) to (?:stop|end) (?:forever|for good)\b|"
        r"\bwant it to be over for good\b|\bwant it to end\b|\bwant it to come\b|"
        r"\bcan'?t go on\b(?!.{0,12}\b(?:the|a|holiday|trip|stage)\b)",
    ),
)

# Context that switches a `topic` match off (academic, clinical, media, fiction, games).
_TOPIC_CONTEXT = re.compile(
    r"\b(?:studied|study|studies|studying|research|researching|paper|essay|dissertation|thesis|"
    r"lecture|seminar|course|class|module|training|prevention|awareness|statistics|rates?|"
    r"hotline|charity|volunteer|nurse|doctor|gp|screen|screening|documentary|film|movie|"
    r"novel|book|story|chapter|character|podcast|article|song|poem|play|show|series|episode|"
    r"game|counsellor|counselor|loss|survivors?|history|recovery|questions?|adolescents|"
    r"teenagers)\b"
)
# A first-person wish or plan next to a topic word keeps it a crisis.
_OWN_WISH = re.compile(
    r"\b(?:i|i'?m|i'?ve|im|ive|me|my)\b[^.!?]{0,40}\b(?:thinking|think|thought|considering|"
    r"want|wanna|plan|planning|feel|feeling|going to|gonna|attempt|tried|try|option|"
    r"answer|mind|head|urges?)\b|\b(?:suicidal)\b[^.!?]{0,20}\b(?:again|tonight|now|lately)\b|"
    r"\bi'?m suicidal\b|\bi am suicidal\b|\bfeeling suicidal\b|\bfeel suicidal\b|"
    r"\bsuicide (?:feels|seems|is the|is on)\b"
)
# A clearly past experience ...
_PAST = re.compile(
    r"\b(?:years? ago|in the past|used to|when i was (?:a |in |younger|\d)|as a teen|back in|"
    r"in (?:19|20)\d\d|in (?:high )?school|in college|once\b|decade ago)"
)
# ... that the writer says is over ...
_RECOVERED = re.compile(
    r"\b(?:doing (?:really |much )?(?:well|better|ok|okay|fine)|much better|recovered|recovery|"
    r"good (?:place|life)|haven'?t (?:in|since|for)|well for years|proud|therapy helped|"
    r"i'?m (?:ok|okay|fine|happy|good|well) now|happy now)\b"
)
# ... unless something points to the present.
_PRESENT = re.compile(
    r"\b(?:again|lately|recently|these days|tonight|right now|still|urges?|(?:are|is|came|"
    r"coming) back|"
    r"relapse|"
    r"starting to|want to (?:do it|try)|scared i'?ll|miss it|thinking about it)\b"
)
# Fiction and games: an act of a character, not of the writer.
_FICTION = re.compile(
    r"\b(?:in (?:the|this|that) (?:game|film|movie|book|novel|play|show|series|level)|"
    r"minecraft|fortnite|respawn|grenade|my character|the character|the villain|the hero|"
    r"the song|lyrics|about (?:a|an|the) (?:man|woman|girl|boy|person|guy|teen|kid)s? who)\b"
)
# "I'm not suicidal" and "I said no" answers to a screening question.
_DENIAL = re.compile(
    r"\b(?:i'?m not|i am not|not) suicidal\b|\bnever wanted to (?:hurt|harm|kill) myself\b|"
    r"\bthoughts of self.?harm and i said no\b"
)
_NEGATED_DIE = re.compile(r"\b(?:don'?t|do not|dont|never|not)\s+(?:\w+\s+)?$")

_SQUASHED = re.compile(r"\b(?:kill+myself|kilmyself|iwanttodie|wanttodie|wannadie|endmylife)\b")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_KEY_WORDS = (
    "suicide",
    "suicidal",
    "myself",
    "killing",
    "overdose",
    "unalive",
    "goodbye",
    "existing",
    "hanging",
    "self",
)
_NOT_TYPOS = frozenset(
    {
        "suicides",
        "homicide",
        "herself",
        "himself",
        "itself",
        "yourself",
        "selfie",
        "shelf",
        "willing",
        "filling",
        "billing",
        "milling",
        "skilling",
        "kidding",
        "kissing",
        "killer",
        "exiting",
        "editing",
        "exciting",
        "banging",
        "hanging",
        "changing",
        "ranging",
        "overdone",
        "goodbyes",
        "sell",
        "seal",
        "serf",
        "elf",
        "half",
    }
)


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
    """Map a near-miss of a key word (``suicde``, ``myslef``) to the key word."""
    if len(word) < 5 or word in _NOT_TYPOS or word in _KEY_WORDS:
        return word
    for key in _KEY_WORDS:
        if key == "self":
            continue
        limit = 1 if len(key) <= 7 else 2
        if word != key and _distance(word, key) <= limit:
            return key
    if word.startswith(("kil", "kll")) and _distance(word, "killing") <= 1:
        return "killing"
    return word


_WORD = re.compile(r"(?:[a-z0-9@$']|!(?=[a-z0-9]))+")


def _deleet(match: re.Match[str]) -> str:
    token = match.group(0)
    letters = sum(ch.isalpha() for ch in token)
    if letters and letters < len(token) and not token.isdigit():
        token = token.translate(_LEET)
    return token


def normalise(text: str) -> str:
    """Normalise text for matching: case, width, leetspeak, spaced letters, repeats and typos.

    Examples
    --------
    >>> normalise("I wanna K1LL mys3lf!!!")
    'i wanna kill myself!!'
    >>> normalise("s-u-i-c-i-d-e")
    'suicide'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    # s-u-i-c-i-d-e, k.i.l.l, s*icide: join single letters split by marks
    text = re.sub(
        r"\b(?:[a-z0-9][.\-*_]){2,}[a-z0-9]\b", lambda m: re.sub(r"[.\-*_]", "", m.group(0)), text
    )
    text = re.sub(r"([a-z])[*](?=[a-z])", r"\1u", text)  # s*icide -> suicide-ish
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    text = _WORD.sub(_deleet, text)
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)  # diiiie -> diie
    text = re.sub(r"\b(di)i+e\b", r"\1e", text)
    text = re.sub(r"\b(die)e+\b", r"\1", text)
    text = re.sub(r"\bkil\b", "kill", text)
    text = re.sub(r"\bim\b", "i'm", text)
    text = re.sub(r"\bu\b", "you", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[a-z']{5,}", lambda m: _fix_word(m.group(0)), text)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in re.finditer(r"[.!?;]+\s|\n|,\s*(?:but|and now|now|today)\b", text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _sentence_of(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for start, end in spans:
        if start <= position < end:
            return start, end
    return spans[-1]


def _switched_off(rule: _Rule, match: re.Match[str], text: str) -> bool:
    """Whether context switches this one match off (idiom, topic, fiction, recovered past)."""
    spans = _sentences(text)
    start, end = _sentence_of(spans, match.start())
    sentence = text[start:end]
    before = text[max(0, match.start() - 12) : match.start()]
    if rule.id in {"want_die", "passive_sleep"} and _NEGATED_DIE.search(before):
        return True
    if rule.kind == "topic":
        if _DENIAL.search(text) and not _PRESENT.search(text):
            return True
        if _TOPIC_CONTEXT.search(text) and not _OWN_WISH.search(text):
            return True
    if _FICTION.search(sentence) and not _OWN_WISH.search(sentence.replace(match.group(0), "")):
        return True
    if _DENIAL.search(sentence) and not _PRESENT.search(text):
        return True
    return bool(_PAST.search(text) and _RECOVERED.search(text) and not _PRESENT.search(text))


def check(text: str) -> CrisisResult:
    """Run the crisis gate on one text.

    Parameters
    ----------
    text
        Anything a person typed: a thought, a situation, an LLM's answer.

    Returns
    -------
    CrisisResult
        ``crisis`` and the ids of the rules that fired. The text itself is not kept.
    """
    if not text or not text.strip():
        return CrisisResult(crisis=False)
    norm = normalise(text[:20_000])
    fired: list[str] = []
    for rule in _RULES:
        for match in rule.pattern.finditer(norm):
            if not _switched_off(rule, match, norm):
                fired.append(rule.id)
                break
    if not fired and _SQUASHED.search(norm):
        fired.append("squashed")
    return CrisisResult(crisis=bool(fired), rules=tuple(fired))


class _Resource(Strict):
    locales: tuple[str, ...] = Field(min_length=1)
    message: str = Field(min_length=1)


class CrisisResources(Strict):
    """``exercises/crisis_resources.yaml``: what to show, per locale."""

    schema_version: Literal[1]
    intro: str = Field(min_length=1)
    resources: tuple[_Resource, ...] = Field(min_length=1)
    default: str = Field(min_length=1)


@cache
def _load_resources(path: Path) -> CrisisResources:
    return load_model(path, CrisisResources)


def crisis_resources(locale: str = "en-US", path: Path | None = None) -> str:
    """The calm message with crisis contacts for ``locale`` (e.g. ``en-US``, ``en-GB``, ``GB``).

    Parameters
    ----------
    locale
        A language-region tag or a bare region code; unknown regions get the default text.
    path
        The YAML file; by default ``crisis_resources.yaml`` in the exercises folder.

    Examples
    --------
    >>> "988" in crisis_resources("en-US")
    True
    """
    data = _load_resources(path or exercises_dir() / "crisis_resources.yaml")
    region = locale.replace("_", "-").split("-")[-1].upper()
    for resource in data.resources:
        if region in {code.upper() for code in resource.locales}:
            return f"{data.intro}\n\n{resource.message}".strip()
    return f"{data.intro}\n\n{data.default}".strip()


__all__ = ["CrisisResources", "CrisisResult", "check", "crisis_resources", "normalise"]
