"""Explainable cue rules: words and patterns that point to each thinking trap.

Each rule is a small regular expression written from the definitions of the distortions in
Beck (1976), Burns (1980) and the Mental Health America thinking traps used by Sharma et al.
(2023). A rule's match is a *cue*: the client's own words, with their character span, so the page
can highlight them and say why a trap was suggested. Matches that are negated ("I don't always
fail") count for little, and matches set in the past ("I used to think ...") count for less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .text import negated, past_habit

_A = r"['’]"  # apostrophe, straight or curly


@dataclass(frozen=True)
class CueRule:
    """One cue pattern for one trap, with how strongly it points there (0..1)."""

    trap: str
    pattern: re.Pattern[str]
    weight: float
    why: str
    negatable: bool = True
    declared: bool = False
    """True for a therapist's ``cue_words`` from ``traps.yaml``: trusted as given."""


@dataclass(frozen=True)
class Cue:
    """One matched cue: the words as written and their span in the text."""

    trap: str
    text: str
    start: int
    end: int
    weight: float
    why: str
    declared: bool = False


def _r(trap: str, pattern: str, weight: float, why: str, *, negatable: bool = True) -> CueRule:
    return CueRule(trap, re.compile(pattern, re.IGNORECASE), weight, why, negatable)


_LABELS = (
    r"idiot|failure|loser|stupid|worthless|useless|pathetic|lazy|fraud|fake|burden|ugly|weak|"
    r"disgusting|jerk|monster|dumb|freak|coward|joke|nobody|unlovable|broken|screw-?up|"
    r"embarrassment|disappointment|mess|wimp|klutz|moron|clown|snake|crook|brat|slob|hypocrite|"
    r"selfish|rude|heartless|cruel|liar|arrogant|narcissist|toxic|evil|ungrateful|unreliable|"
    r"inconsiderate|incompetent|spoilt|spoiled|"
    r"bad person|terrible person|horrible person|awful person|hopeless case|waste of space|"
    r"(?:terrible|awful|horrible|bad|useless|lousy|rubbish|worst) (?!day|week|time|night|year|"
    r"weather|news|mood|cold|headache|luck|traffic|sleep)[a-z]+"
)
_LABEL_AFTER = (
    r"(?:(?:such|so|a|an|the|just|really|totally|complete|total|utter|real|big|absolute|damn|"
    r"bloody|"
    r"nothing but|too old and|a complete|an absolute|a total)\s+)*(?:" + _LABELS + r")\b"
)
_EPISTEMIC = (
    r"(?:regret|know|feel|wish|see|notice|resent|despise|think|hate|pity|judge|like|love|want|"
    r"mean|believe|assume|wonder|realise|realize|sense|find|laugh|not like|not want)"
)
"""Verbs after an epistemic "must" ("she must hate me"): a guess about a mind, not a rule."""
_EMOTIONS = (
    r"sad|anxious|lonely|alone|angry|mad|furious|scared|afraid|frightened|terrified|worried|"
    r"nervous|stressed|upset|hurt|miserable|down|low|empty|frustrated|heartbroken|guilty|"
    r"ashamed|jealous|embarrassed|overwhelmed|irritated|tense|disappointed|bitter|homesick|"
    r"drained|awful|terrible|hopeless|helpless|depressed|unhappy|lost|numb|panicky|panicked|"
    r"uneasy|restless|exhausted|fed up|grieving|devastated|humiliated|insecure|annoyed"
)
_OTHERS = (
    r"(?:he|she|they|everyone|everybody|people|nobody|no one|someone|others|all of them|"
    r"(?:my|the|his|her|their|our|your) (?:[a-z-]+ ){0,2}?[a-z-]+(?: (?:at|in|from|on) "
    r"(?:the |my |our )?[a-z]+)?)"
)
_FUTURE = rf"(?:will|{_A}ll|won{_A}t|wont|going to|gonna|is going to|are going to)"

_FIRST_RULES: tuple[CueRule, ...] = (
    # all-or-nothing: totals and two-box words
    _r(
        "all_or_nothing",
        r"\b(?:completely|totally|entirely|100 ?(?:percent|%)|all or nothing|full stop|"
        r"write-?off|either\b.{1,60}\bor)\b",
        0.55,
        "uses all-or-nothing words",
    ),
    _r(
        "all_or_nothing",
        r"\b(?:whole|entire) (?:\w+ )?(?:day|week|thing|year|season|trip|holiday|party|"
        r"project|term|show|interview|book|plan|life|evening|night|visit|test|meeting)\b|"
        r"\b(?:perfect(?:ly)?|flawless|ruined|wasted?|pointless|worthless|no point|"
        r"for nothing|nothing (?:i|about)|everything (?:is|was|about|i))\b",
        0.45,
        "sees it as total success or total failure",
    ),
    _r(
        "all_or_nothing",
        r"\b(?:everything|nothing|anything|everyone|all of it)\b",
        0.3,
        "thinks in totals",
    ),
    _r(
        "all_or_nothing",
        r"\b(?:complete|total|utter) (?:failure|disaster|waste|mess|loss|embarrassment)\b",
        0.55,
        "calls it a total failure",
    ),
    # overgeneralizing: always/never/every time
    _r(
        "overgeneralizing",
        r"\b(?:always|never|every ?(?:single )?time|whenever|every (?:single )?(?:job|one|"
        r"day|night|interview|relationship|teacher|company|deadline)|nothing ever|"
        r"no one ever|nobody ever|everyone always|all my \w+|constantly|forever)\b",
        0.5,
        "turns one event into a rule with always, never or every time",
    ),
    _r(
        "overgeneralizing",
        r"\b(?:again|as usual|typical|this always happens|same thing)\b",
        0.25,
        "treats this as one more case of a pattern",
        negatable=False,
    ),
    # labeling: I'm a <label>; he's a <label>
    _r(
        "labeling",
        rf"\b(?:i{_A}?m|i am|im|i was|i feel like)\s+{_LABEL_AFTER}",
        0.7,
        "puts a label on yourself as a whole person",
    ),
    _r(
        "labeling",
        rf"\b(?:he{_A}s|she{_A}s|they{_A}re|you{_A}re|he is|she is|they are|is|are|was|were)"
        rf"\s+{_LABEL_AFTER}",
        0.7,
        "puts a label on someone else as a whole person",
    ),
    _r("labeling", rf"\b(?:what an?|such an?) (?:{_LABELS})\b", 0.6, "name-calling"),
    # fortune telling: sure predictions of a bad future
    _r(
        "fortune_telling",
        rf"\b(?:i|we|it|they|he|she|this|things|nobody|no one|"
        rf"(?:my|the|his|her|their|our) (?:\w+ )?\w+)"
        rf"(?:\s*{_A}m|\s+am|\s*{_A}re|\s+are|\s*{_A}s|\s+is)?\s*"
        rf"(?:(?:{_FUTURE})\s+(?:\w+\s+){{0,3}}?(?:fail|lose|go (?:badly|wrong)|mess|never|not|"
        rf"be (?:awful|terrible|a disaster|alone|rejected|fired|late|stuck|broke|a mess|bad)|"
        rf"get (?:fired|rejected|worse|sick|lost|dumped)|hate|say no|refuse|turn (?:me|it) down|"
        rf"leave me|forget|choke|panic|embarrass|ruin|end up (?:alone|broke|homeless)|laugh)|"
        rf"(?:won{_A}?t|will not|{_A}ll never|will never|never going to|am not going to|"
        rf"{_A}m not going to|are not going to)\s+(?:\w+\s+){{0,2}}?\w+)",
        0.6,
        "predicts the future as if it were certain",
    ),
    _r(
        "fortune_telling",
        r"\b(?:i (?:just )?know (?:it|i|that|they|he|she)|i bet|there{_A}?s no (?:way|chance)|"
        r"no chance|bound to|definitely going to|won{_A}?t work|never going to|won{_A}?t last|"
        r"it{_A}?s going to|i{_A}?ll never|will never|gonna)\b".replace("{_A}", _A),
        0.55,
        "is sure how things will turn out",
    ),
    # mind reading: knowing others' thoughts
    _r(
        "mind_reading",
        rf"\b{_OTHERS}\s+(?:now |must |probably |secretly |all |really |just |already )?"
        rf"(?:thinks?|thought|believes?|judg\w*|hates?|dislikes?|finds? me|sees? me|"
        rf"looks? down on|laugh\w* at me|talk\w* about me|gossip\w* about me|stare\w* at me|"
        rf"look\w* at me|is (?:annoyed|angry|mad|bored|disappointed|tired) (?:with|at|of|in) me|"
        rf"(?:is|are) (?:annoyed|angry|mad|bored|disappointed|judging|laughing)|"
        rf"doesn{_A}?t (?:really )?(?:like|trust|want|care)|don{_A}?t (?:really )?(?:like|trust|"
        rf"want|care)|feels? sorry for me|is pretending|(?:is|are) only|noticed)",
        0.6,
        "assumes what someone else is thinking",
    ),
    _r(
        "mind_reading",
        r"\b(?:must (?:hate|think|be (?:angry|mad|annoyed|bored|upset) (?:with|at) )me|"
        r"i can (?:tell|feel it|see it)|i know what (?:they|he|she|everyone)|"
        r"(?:hates?|judg\w+|laughing at|talking about|annoyed with|mad at|angry with|"
        r"disappointed in|bored of) me|only to be (?:polite|nice)|to be polite|"
        r"(?:she|he|they) (?:was|were) really|only because (?:nobody|no one)|pretending to)\b",
        0.5,
        "reads other people's minds",
    ),
    _r(
        "mind_reading",
        rf"\b{_OTHERS}\s+(?:now |all |really |surely )?must\s+(?:really |secretly |all )?"
        rf"(?:{_EPISTEMIC}|be (?:sick|tired|fed up|ashamed|embarrassed|disappointed|"
        rf"annoyed|angry|bored|laughing|talking))",
        0.65,
        "assumes what someone else must be thinking or feeling",
    ),
    # emotional reasoning: a feeling taken as proof
    _r(
        "emotional_reasoning",
        r"\b(?:i|it) (?:feel|feels|felt|am feeling)\b[^.!?]{0,50}?"
        r"(?:\bso\b(?! i{_A}?ll| i will| i{_A}?m going| i can| i{_A}?d| i (?:am|will) | i{_A}?ve"
        r"| we{_A}?ll| we (?:can|will))"
        r"[^.!?]{0,25}\b(?:i|it|this|he|she|they|something|there|we|nobody|my|"
        r"things|everyone|driving|resting)\b|".replace("{_A}", _A)
        + r",?\s*(?:therefore|which (?:means|proves)|that means|"
        r"this means|it means|means|proves|so it must|must be))",
        0.75,
        "takes a feeling as proof of a fact",
        negatable=False,
    ),
    _r(
        "emotional_reasoning",
        r"\b(?:my gut (?:tells|says)|since i feel|because i feel|if i feel|it feels (?:hopeless|"
        r"like everyone|like nobody|like it)|i feel (?:like )?(?:a|an) \w+,? so)\b",
        0.6,
        "lets a feeling decide what is true",
        negatable=False,
    ),
    # should statements: rigid rules
    _r(
        "should_statements",
        rf"\b(?:should(?:n{_A}?t)?|ought(?:n{_A}?t)? to|mustn{_A}?t|supposed to|"
        rf"have to be|has to be|need to be|must (?!be\b|have\b|{_EPISTEMIC})\w+|"
        rf"must be (?:perfect|in control|strong|productive|the best|able))\b",
        0.6,
        "holds a rigid rule with should or must",
    ),
    _r(
        "should_statements",
        r"\b(?:i have to (?:be|keep|get|make|finish|do)|a good \w+ (?:should|would|always)|"
        r"by (?:now|my age)|at my age)\b",
        0.35,
        "measures against a strict rule",
    ),
    # personalizing: taking the blame or making it about me
    _r(
        "personalizing",
        rf"\b(?:because of me|(?:it{_A}?s|it is|it was|all) my (?:fault|responsibility)|"
        rf"my fault|on me|down to me|i{_A}?m to blame|i am to blame|blame myself|"
        rf"what did i do|i must have (?:done|upset|caused|said)|i (?:caused|ruined|killed) it|"
        rf"i (?:feel|am) responsible|if only i|if i (?:were|was|had been) (?:a )?better|"
        rf"i should have (?:stopped|helped|seen|known|been there)|i made it (?:awkward|worse)|"
        rf"i{_A}?m failing them|i ruin everything|because i{_A}?m (?:not|a bad|too))\b",
        0.7,
        "takes the blame for more than was in your control",
        negatable=False,
    ),
    _r(
        "personalizing",
        r"\b(?:it must be because of|something i did|what i did wrong|i{_A}?m the reason|"
        r"i am the reason)\b".replace("{_A}", _A),
        0.55,
        "makes it about you",
        negatable=False,
    ),
    # disqualifying the positive
    _r(
        "disqualifying_positive",
        rf"\b(?:(?:just|only) (?:being|to be) (?:nice|polite|kind)|to be (?:nice|kind|polite)|"
        rf"(?:pure|just|only|dumb) luck|"
        rf"\blucky\b|fluke|(?:doesn{_A}?t|didn{_A}?t|don{_A}?t|does not|did not) (?:really )?count|"
        rf"anyone could have|anybody could have|anyone would have|that{_A}?s (?:her|his|their) job|"
        rf"one-?off|nothing special|felt sorry for me|(?:they|she|he) (?:has|have) to say that|"
        rf"always say that|say that to everyone|(?:doesn{_A}?t|don{_A}?t) mean anything|"
        rf"not an achievement|bare minimum|just (?:a )?formality|the test was easy|it was easy|"
        rf"(?:was|were) easy anyway|for beginners)\b",
        0.7,
        "brushes a good thing aside",
        negatable=False,
    ),
    _r(
        "disqualifying_positive",
        r"\b(?:i |yes,? i |sure,? i )?(?:got|passed|won|did|finished|made|scored|fixed|"
        r"was (?:praised|chosen|picked)|had a good)\b[^.!?]{0,40},? but\b",
        0.45,
        "adds a 'but' that cancels a success",
        negatable=False,
    ),
    _r(
        "disqualifying_positive",
        r"\bonly because\b|\bbut (?:that{_A}?s|it{_A}?s|it was) (?:just|only|nothing)\b".replace(
            "{_A}", _A
        ),
        0.4,
        "explains a success away",
        negatable=False,
    ),
    # catastrophizing
    _r(
        "catastrophizing",
        r"\b(?:disaster|catastroph\w*|end of the world|(?:life|career|world) (?:is|will be) "
        r"(?:over|ruined|finished)|over for good|ruined forever|the worst|nightmare|can{_A}?t "
        r"survive|never survive|homeless|on the street|bankrupt|collapse|unbearable|"
        r"(?:brain )?tumou?r|cancer|heart attack|die|dying|destroy(?:ed)?|fall apart|game over|"
        r"everything will|lose everything|never recover|kicked out|my life is over|it{_A}?s over|"
        r"terribl[ey]|horrible|awful)\b".replace("{_A}", _A),
        0.55,
        "jumps to the worst outcome",
    ),
    _r(
        "catastrophizing",
        rf"\b(?:what if|if)\b[^.!?]{{3,70}}\b(?:{_FUTURE}|i{_A}?ll|it{_A}?ll|we{_A}?ll|my life|"
        rf"everything|then)\b",
        0.3,
        "follows one setback to a big consequence",
        negatable=False,
    ),
    _r(
        "catastrophizing",
        r"\b(?:must be|could be|means i{_A}?m) (?:seriously ill|something (?:serious|terrible|"
        r"awful)|cancer|dying)|\bsomething (?:terrible|awful|is terribly wrong|horrible)\b".replace(
            "{_A}", _A
        ),
        0.6,
        "reads a small sign as a catastrophe",
        negatable=False,
    ),
    # comparing and despairing
    _r(
        "comparing_despairing",
        r"\b(?:than (?:me|i (?:am|do|did|have|was))|compared (?:to|with)|next to (?:him|her|"
        r"them|theirs)|unlike me|except me|but me|everyone else|everybody else|other (?:people|"
        r"mums|moms|dads|parents|kids|students|couples|families|players|writers|nurses|"
        r"immigrants|retirees|bands)|my (?:age|friends all|classmates already)|"
        r"all my friends (?:are|have)|(?:better|faster|smarter|prettier|thinner|richer|happier|"
        r"fitter|cooler|younger|more (?:successful|talented|beautiful|confident)) than"
        r"(?! (?:last|yesterday|before|i (?:was|used|did)|ever|my old|a year|a week|a month)))\b",
        0.65,
        "compares yourself with others and comes off worse",
        negatable=False,
    ),
    _r(
        "comparing_despairing",
        r"\b(?:my (?:sister|brother|cousin|twin|friend|coworker|colleague|neighbour|neighbor|"
        r"classmate|teammate|roommate|ex)(?:'s)? (?:has|have|got|earns|gets|was always|"
        r"already|lost)|(?:while|and) i{_A}?m (?:still|stuck|just)|i{_A}?m (?:still|being left) "
        r"(?:single|renting|stuck|behind|left behind))\b".replace("{_A}", _A),
        0.45,
        "measures yourself against someone else",
        negatable=False,
    ),
    # blaming
    _r(
        "blaming",
        rf"\b(?:(?:his|her|their|your|the \w+{_A}?s?|my \w+{_A}s|\w+{_A}s) fault|"
        rf"(?:is|are) to blame|(?:is|are) the reason|(?:is|are) why i|ruined my|"
        rf"(?:made|makes|make) me (?:\w+ )?(?:feel|this|angry|like|so|lose|miss|shout)|"
        rf"set me up|cost (?:us|me)|(?:is|are) destroying|turned \w+ (?:\w+ )?against me|"
        rf"it{_A}?s all (?:him|her|them|their)|drive me to|dragged me|messed up my|"
        rf"(?:is|are) the cause of|because of (?:him|her|them|my (?:boss|ex|parents|partner|"
        rf"mother|father|mum|dad|husband|wife|teacher|coach|sister|brother)))\b",
        0.65,
        "puts all of the responsibility on someone else",
        negatable=False,
    ),
    _r(
        "blaming",
        r"\b(?:(?:he|she|they|my \w+|the \w+) (?:never|always) (?:helps?|explain\w*|starts?|"
        r"listen\w*|support\w*)|if (?:my|the) \w+ (?:had|hadn{_A}?t|helped|would)|"
        r"(?:is|are) a bad influence|failed (?:me|my son|my daughter|us))\b".replace("{_A}", _A),
        0.4,
        "points at someone else's part",
        negatable=False,
    ),
    # negative feeling or emotion
    _r(
        "negative_feeling",
        rf"\b(?:i{_A}?m|i am|im|i feel|i{_A}?ve been|i have been|feeling|i felt|i get|makes me "
        rf"feel)\s+(?:so |really |very |a bit |quite |too |kind of |pretty |extremely |"
        rf"incredibly |totally |just )*(?:{_EMOTIONS})\b",
        0.6,
        "names a painful feeling",
    ),
    _r(
        "negative_feeling",
        r"\b(?:i{_A}?m dreading|i dread|i hate (?:this|feeling|it)|it hurts|i can{_A}?t stop "
        r"(?:crying|worrying)|(?:heavy|deep) sadness|i{_A}?m grieving|i miss \w+)\b".replace(
            "{_A}", _A
        ),
        0.5,
        "speaks of a painful feeling",
    ),
)

_PERSON = (
    r"(?:father|mother|dad|mum|mom|parent|friend|son|daughter|husband|wife|partner|person|"
    r"teacher|student|employee|worker|boss|manager|nurse|doctor|human|human being|man|woman|"
    r"boyfriend|girlfriend|sister|brother|grandmother|grandfather|grandma|grandpa|colleague|"
    r"player|leader|cook|driver|writer|artist|carer|caregiver|adult|kid|child|mate|neighbou?r)"
)
_HARSH = (
    r"(?:weak|bad|terrible|useless|lousy|awful|pathetic|selfish|lazy|horrible|hopeless|rubbish|"
    r"crap|crappy|shit|shitty|failed|worthless|incompetent|stupid|dumb|boring|cruel|heartless|"
    r"disgusting|miserable|ungrateful|spoilt|spoiled|inadequate|second-rate|poor excuse for a)"
)
_BAD_VERB = (
    r"(?:fail|flunk|bomb|blow it|blow the|screw (?:it |this |that )?up|mess (?:it |this |that )?up|"
    r"lose|freeze|forget|choke|panic|crash|break down|fall apart|be found out|be rejected|"
    r"be alone|be late|be fired|get fired|get dumped|get rejected|never|hate|laugh|leave|"
    r"drop me|dump me|reject me|say no|turn me down|see through me|regret)"
)

# Further cue rules written from the definitions (a second pass over the same sources): wider
# wording for each trap, kept at modest weights.
MORE_RULES: tuple[CueRule, ...] = (
    _r(
        "labeling",
        rf"\b(?:a|an|the|such a|such an)\s+(?:\w+\s+)?{_HARSH}\s+{_PERSON}\b",
        0.55,
        "puts a harsh label on a whole person",
    ),
    _r(
        "labeling",
        rf"\bwhat an?\s+(?:\w+\s+){{0,2}}(?:{_LABELS}|grump|pig|idiot|cow|witch|baby|wreck|"
        r"failure|waste)\b",
        0.5,
        "name-calling",
    ),
    _r(
        "fortune_telling",
        rf"\b(?:i{_A}ll|i will|we{_A}ll|we will|they{_A}ll|they will|he{_A}ll|she{_A}ll|it{_A}ll|"
        rf"it will|i{_A}m going to|i am going to|i{_A}m gonna)\s+(?:definitely|surely|certainly|"
        rf"probably|obviously|just|only|end up|never|always|still)?\s*(?:\w+\s+)?{_BAD_VERB}",
        0.45,
        "predicts a bad outcome as if it were certain",
    ),
    _r(
        "fortune_telling",
        r"\b(?:sooner or later|it{_A}?s only a matter of time|just a matter of time|"
        r"(?:they|he|she|people|everyone|everybody|someone|somebody)(?: will|{_A}ll) (?:soon )?"
        r"(?:find out|see through|realise|realize|notice|discover|see the real)|"
        r"(?:is|are) going to happen|nothing will (?:change|help|work)|"
        r"no (?:point|use) (?:in )?(?:trying|applying|going|asking))\b".replace("{_A}", _A),
        0.45,
        "is sure how things will turn out",
    ),
    _r(
        "overgeneralizing",
        r"\b(?:all (?:men|women|people|guys|girls|bosses|managers|teachers|doctors|landlords|"
        r"kids|teenagers|parents|employers|companies|politicians)\b|people like me|"
        r"(?:nobody|no one|everyone|everybody) (?:ever )?(?:cares|likes|wants|listens|"
        r"understands|notices|respects|loves|helps|calls|asks|invites|remembers)|over and over|"
        r"time after time|yet again|the story of my life|(?:keeps|kept) happening|"
        r"every (?:week|month|year|summer|christmas|birthday|morning|evening|party|date|class|"
        r"exam|test|match|game|shift|meeting)|each time|any time i)\b",
        0.45,
        "makes one event a rule",
    ),
    _r(
        "all_or_nothing",
        r"\b(?:at all|not (?:even )?(?:one|a single)|(?:can{_A}?t|cannot|never) do anything "
        r"(?:right|well)?|no good|good for nothing|absolutely|the only one|nothing but|"
        r"(?:a|an) (?:total|complete|utter|absolute) \w+|not good enough|100%|all the time|"
        r"always or never|no in-between|no middle|either way|only (?:good|worth)|"
        r"unless i)\b".replace("{_A}", _A),
        0.35,
        "sees it in all-or-nothing terms",
    ),
    _r(
        "emotional_reasoning",
        r"\b(?:(?:i|it) (?:just )?(?:feel|feels|felt) (?:like|as if|as though|that) "
        r"(?:everyone|everybody|nobody|no one|they|he|she|people|i{_A}?m|i am|i{_A}?ll|i will|"
        r"i can{_A}?t|i{_A}?ve|it{_A}?s|something|this|we)|"
        r"(?:i|it) (?:feel|feels) (?:so )?\w+,? so (?:i|it|this|they|he|she) (?:must|am|is|are)|"
        r"can{_A}?t shake (?:the|this) feeling|deep down i (?:feel|know)|"
        r"my (?:feelings?|instinct|gut|intuition) (?:tells?|says?) |it feels (?:true|real|obvious)|"
        r"(?:because|since) i feel|"
        r"i{_A}?m (?:so )?(?:scared|afraid|anxious|nervous|worried),? so (?:it|something|this) "
        r"(?:must|is|will))".replace("{_A}", _A),
        0.45,
        "takes a feeling as a sign of how things are",
        negatable=False,
    ),
    _r(
        "personalizing",
        r"\b(?:because i (?:didn{_A}?t|wasn{_A}?t|couldn{_A}?t|failed to|forgot|said|did|"
        r"wasn{_A}?t there)|i let (?:them|him|her|everyone|everybody|the team|you|us|my \w+) "
        r"down|i{_A}?m (?:responsible|the problem|the one who)|(?:it{_A}?s|it is|it was) "
        r"(?:me|because of me|down to me)|i (?:caused|made (?:him|her|them) (?:sad|angry|upset|"
        r"leave|cry))|if i had(?:n{_A}?t)?|if i{_A}?d(?: only)?|i blame myself)\b".replace(
            "{_A}", _A
        ),
        0.5,
        "takes the blame for something not all in your control",
        negatable=False,
    ),
    _r(
        "mind_reading",
        rf"\b{_OTHERS}(?:\s+(?:will|would|are going to|is going to)|{_A}ll|{_A}d)\s+"
        r"(?:probably |definitely |surely |all )?(?:think|judge|see (?:me|that|how)|notice|"
        r"laugh|hate|know|realise|realize|assume|wonder why|be disappointed)",
        0.5,
        "assumes what others will think",
    ),
    _r(
        "mind_reading",
        rf"\b(?:{_OTHERS}\s+(?:(?:must|probably|surely|obviously|definitely) )?"
        rf"(?:think|thinks|thought|believe|believes|feel|feels|see|sees|consider|considers) "
        rf"(?:i{_A}?m|i am|i was|i{_A}?ve|me (?:as|a|an|to be))|"
        rf"(?:i can see|i could see|i can tell|i could tell|it{_A}?s obvious|obviously) "
        rf"(?:in (?:his|her|their) (?:eyes|face)|(?:that )?(?:he|she|they|everyone)))",
        0.5,
        "reads other people's minds",
    ),
    _r(
        "catastrophizing",
        r"\b(?:can{_A}?t (?:cope|handle|bear|stand|take) (?:with )?(?:it|this|any ?more)|"
        r"(?:will|{_A}ll) (?:be )?(?:ruined|finished|destroyed|over)|lose (?:my|the|our) "
        r"(?:job|house|home|flat|family|kids|children|mind|marriage|business|career)|"
        r"(?:everything|it all|my life) (?:will |is going to |would )?(?:fall apart|collapse|"
        r"crumble|end)|worst (?:thing|possible|case)|(?:total|complete) (?:disaster|"
        r"catastrophe|nightmare)|never (?:be (?:the same|able to|ok|okay)|get over)|"
        r"ruin(?:s|ed)? (?:my|our|his|her|their) (?:life|lives|future|career|chances)|"
        r"go(?:ing)? crazy|lose my mind)\b".replace("{_A}", _A),
        0.45,
        "jumps to the worst outcome",
    ),
    _r(
        "disqualifying_positive",
        r"\b(?:all i (?:can )?(?:think|thought) (?:about|of) (?:is|was)|"
        r"the only thing (?:i|people|anyone|they) (?:remember|noticed?|see|saw|heard)|"
        r"(?:all|only) (?:i|anyone) (?:remember|noticed?|see|saw|heard)|"
        r"(?:keep|kept|can{_A}?t stop) (?:going over|going back to|thinking about|replaying|"
        r"dwelling on|focusing on) (?:the|that|this|one|his|her|their|my)|"
        r"can{_A}?t (?:get|stop) (?:the|that|this) \w+ (?:comment |remark )?(?:out of my head)|"
        r"can{_A}?t stop (?:thinking about|replaying|going over)|"
        r"(?:only|just) (?:see|notice|remember|focus on|think about) (?:the )?(?:bad|negative|"
        r"mistakes?|flaws?|faults?|what went wrong)|"
        r"(?:focus|focusing|dwell|dwelling|fixate|fixated|fixating) on (?:the )?(?:bad|negative|"
        r"mistakes?|flaws?|faults?|what went wrong|one)|nothing good (?:ever )?happens|"
        r"ignore (?:all )?the good|that{_A}?s all (?:i see|that matters|people see)|"
        r"(?:yet|but|still) (?:all|the only thing) i (?:focus|focused|dwell)|"
        r"one (?:bad|negative|critical|nasty|mean) (?:comment|review|remark|thing|word|note|"
        r"moment|mistake))\b".replace("{_A}", _A),
        0.5,
        "dwells on one bad detail and sets the good aside",
        negatable=False,
    ),
    _r(
        "should_statements",
        r"\b(?:(?:i|you|he|she|they|we|people|a (?:good |real |proper )?\w+) "
        r"(?:has|have|had|need|needs|needed) to (?:always|never|know|keep|do everything|"
        r"get it right|cope|manage)|(?:is|are|was|were) expected to|it{_A}?s my job to|"
        r"by this age|at this point in my life|real (?:men|women) don{_A}?t)\b".replace("{_A}", _A),
        0.4,
        "holds a rigid rule about how things must be",
    ),
)

_TRAIT = (
    r"(?:old|fat|ugly|stupid|slow|weak|boring|shy|damaged|dumb|awkward|weird|quiet|lazy|"
    r"sensitive|broken|useless|thick|plain|short|skinny|big)"
)

# A third pass, from wording seen in thoughts written for cbt-toolkit's own tests: a trait
# that rules a future out, "not good enough", what others "can see", a success explained by
# their need, and rules about everyone that name a place in between.
THIRD_RULES: tuple[CueRule, ...] = (
    _r(
        "fortune_telling",
        rf"\b(?:i{_A}?m|i am|im)\s+(?:(?:just|far|way|much|simply) )?too {_TRAIT} "
        r"(?:to|for)\b",
        0.55,
        "decides from one trait how things will turn out",
    ),
    _r(
        "labeling",
        rf"\b(?:i{_A}?m|i am|im)\s+(?:(?:just|far|way|much|simply) )?too {_TRAIT}\b|"
        rf"\b(?:i{_A}?m|i am|im|i{_A}?ll never be|i will never be)\s+(?:just )?not "
        r"(?:good|clever|smart|pretty|strong|thin|interesting|brave|talented|funny|"
        r"attractive|fit|young|experienced|qualified) enough\b",
        0.5,
        "sums yourself up by one trait",
    ),
    _r(
        "mind_reading",
        r"\b(?:everyone|everybody|people|they|he|she|the whole (?:room|class|team)) "
        r"(?:can|could) (?:see|tell|sense|hear) (?:how|that|what|i{_A}?m|i am|i was|my)\b".replace(
            "{_A}", _A
        ),
        0.55,
        "assumes others can see what you feel",
    ),
    _r(
        "disqualifying_positive",
        r"\b(?:only|just) (?:hired|picked|chose|chosen|asked|invited|promoted|passed|accepted|"
        r"praised|liked|thanked|kept) (?:me|it|us)\b[^.!?]{0,30}\bbecause\b",
        0.6,
        "explains a success away",
        negatable=False,
    ),
    _r(
        "overgeneralizing",
        r"\b(?:nobody|no one|everyone|everybody) (?:(?:at|in|from|on) (?:my |the |this |our )?"
        r"[a-z]+ )(?:ever )?(?:likes|cares|wants|listens|understands|notices|respects|loves|"
        r"helps|calls|asks|invites|picks|talks to|texts)\b",
        0.5,
        "makes one event a rule",
    ),
    _r(
        "catastrophizing",
        r"\bcan{_A}?t (?:cope|deal|go on) (?:with )?(?:anything|everything|life|any of (?:it|this)|"
        r"it all)\b".replace("{_A}", _A),
        0.5,
        "sees no way to cope",
    ),
)

RULES: tuple[CueRule, ...] = _FIRST_RULES + MORE_RULES + THIRD_RULES
"""Every built-in cue rule."""

# Signs of a balanced thought: a coping plan, a second view, or acceptance. They do not point to
# a trap; the engine uses them to damp the trap scores (see engine.rank).
BALANCE = re.compile(
    r"(?:,|;|\band|\bso|\bbut|\bthen)\s+(?:i{_A}?ll|i will|i{_A}?m going to|i can|i could|i asked|"
    r"i told|i called|i sent|i booked|we{_A}?ll|we can|let{_A}?s|i{_A}?m (?:going to )?(?:try|plan|"
    r"ask|talk|call|look|practi[sc]e|learn))\b|"
    r"\b(?:that{_A}?s (?:okay|ok|fine|normal|alright)|it{_A}?s (?:okay|ok|normal|fine)|"
    r"and (?:it|that) (?:passed|was (?:fine|okay|ok))|it went (?:fine|okay|ok|well)|"
    r"i{_A}?m (?:proud|glad|happy for|pleased)|good for (?:her|him|them)|"
    r"i know it passes|(?:some|other) (?:days|times) are|next time|for everyone|"
    r"it happens|worth a try|a bit better|step by step)\b|"
    # a second view: the good part is kept, the worry is put in proportion, a step is taken
    r"\b(?:i remind(?:ed)? myself|which (?:makes sense|is normal|is fine|sounds sensible|"
    r"is understandable)|(?:it{_A}?s|that{_A}?s) (?:a )?(?:common|normal|fixable|"
    r"understandable|sensible)|probably (?:busy|tired|new|just|nothing|not about me|"
    r"a routine)|i (?:still|also) (?:managed|ran|did|got|made|enjoyed|had)|"
    r"(?:mostly|overall|generally) (?:went )?(?:fine|well|good|okay|ok)|we laughed|"
    r"i{_A}?ve (?:signed up|called|told|asked|booked|set|made|apologi[sz]ed|muted|started)|"
    r"(?:feelings|thoughts) like (?:that|this) (?:come and go|pass))\b".replace("{_A}", _A),
    re.IGNORECASE,
)


def balance_cues(text: str) -> list[str]:
    """Signs of balance or coping in ``text`` ("so I'll ask", "that's okay")."""
    return [m.group(0) for m in BALANCE.finditer(text)]


_WEAK_IF_NEGATED = 0.15
_WEAK_IF_PAST = 0.45


def find_cues(text: str, rules: tuple[CueRule, ...] = RULES) -> list[Cue]:
    """Every cue in ``text``, with its weight after negation and tense are taken into account.

    Examples
    --------
    >>> [c.text for c in find_cues("I always fail") if c.trap == "overgeneralizing"]
    ['always']
    >>> [round(c.weight, 2) for c in find_cues("I don't always fail") if c.text == "always"]
    [0.07]
    """
    found: list[Cue] = []
    lowered = text.lower()
    same_length = len(lowered) == len(text)
    for rule in rules:
        matches = (
            _case_sensitive(rule.pattern).finditer(lowered)
            if same_length
            else rule.pattern.finditer(text)
        )
        for match in matches:
            if match.end() == match.start():
                continue
            weight = rule.weight
            if rule.negatable and negated(text, match.start()):
                weight *= _WEAK_IF_NEGATED
            if past_habit(text, match.start()):
                weight *= _WEAK_IF_PAST
            found.append(
                Cue(
                    rule.trap,
                    text[match.start() : match.end()],
                    match.start(),
                    match.end(),
                    weight,
                    rule.why,
                    rule.declared,
                )
            )
    return found


_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")


@cache
def _case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without IGNORECASE, to run on lower-cased text (about twice as fast).

    A pattern with an upper-case letter of its own keeps the flag.
    """
    if _UPPER_LITERAL.search(pattern.pattern):
        return pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def word_rules(trap: str, phrases: tuple[str, ...], weight: float = 0.7) -> tuple[CueRule, ...]:
    """Rules for a trap's ``cue_words`` from ``traps.yaml`` (whole words or phrases)."""
    return tuple(
        CueRule(
            trap,
            re.compile(rf"\b{re.escape(phrase.strip())}\b", re.IGNORECASE),
            weight,
            f"uses the words “{phrase.strip()}”",
            negatable=True,
            declared=True,
        )
        for phrase in phrases
        if phrase.strip()
    )


__all__ = ["BALANCE", "RULES", "Cue", "CueRule", "balance_cues", "find_cues", "word_rules"]
