"""Concept rules of the crisis detector: what a clause says, who it is about, and its stance.

Each :class:`Concept` names one warning sign of the 988 Suicide & Crisis Lifeline, the NHS and
Samaritans lists, and the ideation/behaviour headings of the Columbia scale (wish to be dead,
active thoughts, intent, plan, preparatory acts, self-harm), plus perceived burdensomeness
(Joiner's interpersonal theory) and hopelessness about living. A concept carries patterns over
the canonical text (:func:`toolkit.reframing.crisis_text.canonical`) and a tier:

- ``crisis``: clear risk; the page shows crisis resources only;
- ``check``: possible risk; the page asks directly ("Are you having thoughts of ending your
  life?") with the resources already visible.

A match counts only in scope: a negation just before it ("I would never hurt myself"), another
person as its subject ("she wants to die"), an accident ("cut myself shaving"), an idiom ("I'd
rather die than sing") or a clearly past and recovered experience switch it off. Rules that
name a topic only ("suicide", "overdose") need the writer's own stance nearby.

Sources: 988 Suicide & Crisis Lifeline, "Know the warning signs"; NHS, "Help for suicidal
thoughts"; Samaritans, "Signs to look out for"; Posner et al. (2011), Am J Psychiatry 168:1266
(the Columbia scale's categories, not its items); Van Orden et al. (2010), Psychol Rev 117:575.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Tier = Literal["check", "crisis"]


@dataclass(frozen=True)
class Concept:
    """One kind of risk statement.

    Attributes
    ----------
    id
        Stable id, stored with alerts (never the text).
    label
        What the therapist reads ("a wish to be dead").
    tier
        ``crisis`` or ``check``.
    patterns
        Regular expressions over canonical text (compiled on first use, so importing the
        detector costs nothing until a text is checked).
    negatable
        A negation just before a match switches it off.
    subject
        The match must not have another person as its nearest subject.
    context
        The match needs a death or self-harm word elsewhere in the text.
    stance
        The clause must carry a wish, intent or plan word (for method and topic words).
    upgrade
        Words in the same clause that raise a ``check`` match to ``crisis``.
    unless
        Words anywhere in the text that mark an everyday plan (a wedding date, a solicitor's
        will, saving money) and switch the match off.
    """

    id: str
    label: str
    tier: Tier
    patterns: tuple[str, ...]
    negatable: bool = True
    subject: bool = False
    context: bool = False
    stance: bool = False
    upgrade: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None

    @cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        """The patterns, compiled."""
        return tuple(re.compile(p) for p in self.patterns)

    @cached_property
    def any_pattern(self) -> re.Pattern[str]:
        """All patterns in one: a clause that matches none of them is skipped in one scan."""
        return re.compile("|".join(f"(?:{p})" for p in self.patterns))

    @cached_property
    def anchored(self) -> bool:
        """Whether a pattern is anchored to a clause's start or end (``^``, ``$``)."""
        return any(re.search(r"(?<!\[)\^|\$", p) for p in self.patterns)


def _c(*parts: str) -> tuple[str, ...]:
    return parts


_KIN = (
    r"(?:mum|dad|parents?|wife|husband|partner|son|daughter|boy|girl|baby|brother|sister|nan|"
    r"nana|gran|granny|grandma|grandmother|grandad|grandpa|grandfather|friend|best friend|"
    r"fiance|fiancee|twin|child|kid|boyfriend|girlfriend|love|late \w+|uncle|aunt|cousin)"
)
_FINAL = r"(?:forever|for good|for ever|permanently|and never come back|without a trace|completely)"
_PILLS = (
    r"(?:prescriptions|medicines|medications|pills|tablets|meds|medication|medicine|painkillers|"
    r"paracetamol|tylenol|ibuprofen|"
    r"sleeping pills|sleepers|insulin|antidepressants|pain meds|opioids|oxy\w*|co ?codamol|"
    r"codeine|morphine|benzos|diazepam|prescription)"
)
_PLACES = (
    r"(?:bridge|roof|rooftop|building|cliff|cliffs|balcony|car park|multi ?storey|tower|top floor|"
    r"platform|overpass|flyover|window|ledge|viaduct)"
)
_VEHICLES = r"(?:train|bus|car|lorry|truck|traffic|tracks|oncoming \w+|railway|motorway|tram|van)"

_CORE: tuple[Concept, ...] = (
    Concept(
        "suicide_intent",
        "wanting or intending to end their life",
        "crisis",
        _c(
            r"\bkill(?:ing|ed|s)? myself\b(?! (?:laughing|with laughter|trying to|to get|working|"
            r"at the gym|running|getting|for (?:this|that|a|the|nothing)|falling|tripping|"
            r"slipping|on "
            r"the|off the))",
            r"\boff(?:ing)? myself\b",
            r"\bunalive\b",
            r"\bend(?:ing|ed|s)? myself\b",
            r"\b(?:end|ending|ended|take|taking|took) (?:my|my own) (?:own )?life\b",
            r"\bend(?:ing)? it all\b",
            r"\bput(?:ting)? an end to (?:it all|myself|my life|everything|my suffering|it)\b",
            r"\bfinish(?:ing)? myself off\b|\bfinish(?:ing)? it (?:all|for good)\b",
            r"\btop(?:ping)? myself\b|\bdo(?:ing)? myself in\b|\bneck(?:ing)? myself\b",
            r"\b(?:shoot|shooting|shot|hang|hanging|hanged|drown|drowning|poison|poisoning|gas|"
            r"gassing|electrocute|electrocuting|suffocate|suffocating) myself\b(?! (?:in the foot|"
            r"with (?:the |my |a )?(?:new |old )?(?:camera|phone)|a (?:look|glance|message)|up|"
            r"off|out of|dry))",
            r"\bblow(?:ing)? my (?:brains|head) (?:out|off)\b|"
            r"\bslit(?:ting)? my (?:wrists?|throat)\b",
            r"\bput a (?:gun|bullet) (?:to|in|through) my (?:head|mouth)\b",
            r"\bcommit(?:ting)? (?:suicide|sudoku|die)\b|\bsudoku myself\b|\bctb\b",
            r"\bgame ?end(?:ing)? myself\b|\bdelete myself\b|\berase myself\b",
            r"\bend(?:ing)? (?:it|things|everything)\b(?! (?:with|between|for (?:him|her|them|us)|"
            r"off|on a|up))(?=.{0,25}\b(?:tonight|tomorrow|soon|now|for good|forever|this week|"
            r"this weekend|next week|friday|saturday|sunday|monday|tuesday|wednesday|thursday|"
            r"today|once and for all|before|after|when|at last|finally|quietly|properly)\b)",
            r"\b(?:want|wanted|wanting|going|need|needing|plan|planning|ready|decided|about) to "
            r"(?:just )?end (?:it|things|everything)\b(?! (?:with|between|for (?:him|her|them|us)|"
            r"off|on a|up))",
            r"\b(?:i|just) (?:will|should|could|might|may as well|might as well|am going to) "
            r"(?:just )?end (?:it|things|everything)\b(?! (?:with|between|off|on a|up))",
            r"\bsuicide (?:note|letter|plan|attempt|pact)\b",
            r"\b(?:thought|voice|voices|head|brain|mind|tell myself|telling myself|hear|hearing)\b"
            r".{0,40}\b(?:just )?(?:kill|end|unalive) yourself\b|"
            r"\b(?:just )?kill yourself\b.{0,40}\b(?:thought|"
            r"in my head|pops up|option|voice)\b",
            r"\b(?:alt ?\+? ?f4|log ?out|logout|log off|logging off|logging out|uninstall|exit|"
            r"exit "
            r"button|quit|rage ?quit|"
            r"game over|unsubscribe)\b.{0,15}\b(?:irl|from life|of life|for life|on life|myself|"
            r"permanently|real life|from existence|from this world)\b",
            r"\bfinal (?:logout|log off|exit|curtain|goodbye|sleep|escape)\b",
            r"\b(?:going to|want to|should|might|about to|will|gonna) (?:just )?rope\b|\brope "
            r"(?:myself|tonight|time)\b|\bbecom(?:e|ing) a ghost\b",
            r"\blet (?:this|today|tonight|this one) be (?:the|my) last\b",
            r"\bi am leaving (?:everything|everyone|this world|this life|this earth)\b|\bi am "
            r"leaving for good\b(?!.{0,40}\b(?:to go|back to|for (?:a|the)|move|moving|job|flat|"
            r"country|home|abroad|university|uni))",
        ),
        subject=True,
    ),
    Concept(
        "suicidal_self",
        "saying they feel suicidal",
        "crisis",
        _c(
            r"\b(?:i am|i feel|i have been|i was|feeling|been|getting|felt|feel|i get|making me) "
            r"(?:so |very |really |quite |a bit |kind of |sort of |pretty |a little |more |too |"
            r"properly |actually |really really )?suicidal\b",
            r"\bsuicidal (?:again|thoughts|feelings|ideation|urges|tonight|lately|today|rn|now)\b|"
            r"\bsuicide (?:thoughts|ideation|urges)\b",
            r"\b(?:thoughts|thinking|thought|think|considering|considered|contemplating|"
            r"fantasi[sz]ing|dreaming|urges?) (?:about |of )?(?:suicide|killing myself|ending it|"
            r"ending my (?:own )?life|taking my (?:own )?life|unalive|ending things)\b",
            r"\b(?:tried|attempted|try|attempt|trying) (?:to )?(?:commit )?suicide\b",
            r"\bsuicide (?:is|seems|feels|looks|sounds) (?:like )?(?:the|my|an|a) "
            r"(?:only|answer|option|way|solution|escape)\b",
            r"\bsui (?:thoughts|thinking|urges|feelings|again|vibes|mode)\b",
        ),
        subject=True,
    ),
    Concept(
        "suicidal_word",
        "using the word suicidal",
        "check",
        _c(
            r"\bsuicidal\b(?! (?:patients?|clients?|people|person|friends?|sons?|daughters?|"
            r"teens?|teenagers?|students?|ideation (?:in|among)|behaviou?rs? (?:in|among)|crisis "
            r"team|callers?|characters?|thoughts? (?:in|among)|risk (?:in|among)|individuals?|"
            r"veterans|men|women|youth|young people))",
        ),
        subject=True,
        stance=True,
    ),
    Concept(
        "death_wish",
        "a wish to be dead",
        "crisis",
        _c(
            r"\b(?:want|wants|wanted|wanting|wish|wishes|wished|wishing|need|needing|ready|longing|"
            r"long|pray|praying|hope|hoping|deserve|prefer|would like|like) (?:to |that i could |"
            r"i could |"
            r"i would |i can |i )?(?:just |simply |finally |quietly |peacefully )?"
            r"(?:die|be dead|pass away|not be alive|be taken)\b"
            r"(?! (?:of|from) (?:embarrassment|shame|laughter|laughing|boredom|cringe)| laughing| "
            r"than)",
            r"\b(?:wish|wished|wishing|pray) (?:that )?i (?:was|were|had been|would be|could be) "
            r"(?:dead|never born|gone|not here|not alive|in the ground|in my grave)\b",
            r"\b(?:i should|i would be|better off|i would rather be|might as well be|"
            r"i deserve to be) "
            r"(?:just )?(?:be )?dead\b(?! than (?!(?:alive|live|go on|this|like this|feel)))",
            r"\bwould rather (?:die|be dead)\b(?! than (?!(?:live|go on|carry on|keep going|feel|"
            r"be "
            r"like|continue|wake up|be alive|face)))",
            r"\b(?:let|make) me die\b|\b(?:can not|could not) wait to die\b",
            r"\bdeath (?:would be|is|sounds|seems|feels like|would feel like) (?:a |the |like a |"
            r"like the )?(?:relief|release|better|easier|peaceful|welcome|escape|mercy|gift|rest|"
            r"only (?:way|option|answer|choice))\b",
            r"\b(?:dying|being dead|not being alive|not existing|to die|not being here) "
            r"(?:would be|is|sounds|seems|feels|would feel) (?:a |the |like a |like the |so |kind "
            r"of |quite )?(?:relief|better|easier|nice|peaceful|good|welcome|release|tempting|"
            r"appealing|like (?:a relief|the only|an escape|rest))\b",
            r"\bpermanent (?:solution|way out|escape|sleep|rest|fix|exit)\b",
            r"\b(?:the )?(?:only|easiest|one) way out\b.{0,25}\b(?:die|death|dying|dead|end it|"
            r"gone|not be here)\b",
            r"\b(?:do not|would not|could not|does not|did not) (?:even )?(?:care|matter) "
            r"(?:anymore )?(?:if|whether) i (?:live or die|lived or died|die|died|was dead|"
            r"were dead|do not wake up|did not wake up|never woke up|never wake up|wake up|"
            r"make it|survive)\b",
            r"\b(?:would not|will not|do not) mind (?:if i )?(?:dying|died|die|being dead|not "
            r"waking up|did not wake up|never woke up|not being here|was gone|were gone|"
            r"if something happened to me|if i died|if i did not wake up|going to sleep forever)\b",
            r"\bif i (?:died|die|was dead|were dead|did not wake up|do not wake up|never woke up|"
            r"was not here|were not here|was gone|were gone|disappeared|stopped existing)\b"
            r".{0,45}\b(?:relief|fine|better|easier|ok|okay|nobody|would not (?:mind|care|notice)|"
            r"finally|"
            r"win|celebrate|party|happier|"
            r"who would (?:care|notice)|good thing|not so bad|blessing|at peace|peace|not mind|"
            r"would not be sad)\b",
            r"\b(?:i )?(?:think|thought|thinking|dream|dreaming|fantasi[sz]e|fantasi[sz]ing) "
            r"(?:a lot |all the time |constantly |every day |always )?(?:about|of) (?:dying|being "
            r"dead|not being here|not existing|not being alive|not waking up|ending it|how i would "
            r"die)\b",
            r"\bthink about death every day\b|\bwant (?:it|death) to come\b|"
            r"\bi (?:just )?want death\b|\bwelcome death\b|\bdeath (?:to )?come (?:for|"
            r"and take) me\b",
            r"\b(?:god|lord|jesus|allah|heaven|universe)\b.{0,25}\b(?:take me|call me home|let me "
            r"go|end my life|take my life)\b",
            r"\b(?:had|have had|i have had) enough of (?:life|living|being alive|this life|"
            r"existing|this world|breathing)\b",
            r"\b(?:tired|sick|weary|exhausted) of (?:living|being alive|life|existing|being here|"
            r"breathing|waking up|this life|trying to stay alive|staying alive)\b",
            r"\b(?:no|not see|do not see) (?:a |any )?reasons? (?:for )?(?:to )?(?:keep living|"
            r"live|go "
            r"on|stay alive)\b|\bwaiting for (?:it|life|everything) to (?:be over|end)\b",
            r"\bdone with (?:life|living|existing|being alive|this world|breathing)\b",
            r"\bgiv(?:e|ing|en) up on (?:life|living|being alive|staying alive)\b",
            r"\b(?:i will|i am going to|going to) die (?:soon|tonight|tomorrow|by my own)\b",
            r"\b(?:envy|envied|envying|jealous of)\b.{0,40}\b(?:die|dies|died|dead|dying|"
            r"gets to go|"
            r"passed)\b",
            r"\bdeath (?:would|will|to|could|might) (?:just )?(?:come|take|collect|claim|find|"
            r"visit) (?:me|for me)\b",
            r"\bwish(?:ed)? (?:they|you|he|she|someone|the doctors|the paramedics) (?:had not|"
            r"did not|never) (?:saved|found|revived|resuscitated|stopped) me\b",
        ),
        subject=True,
    ),
    Concept(
        "not_waking",
        "hoping not to wake up",
        "crisis",
        _c(
            r"\b(?:hope|hoping|pray|praying|wish|wishing|want) (?:that )?(?:i |to )?(?:could |"
            r"would )?"
            r"(?:just )?(?:do not|"
            r"will not|would not|never|not) wake(?: up)?\b",
            r"\b(?:not|never) (?:to )?wake up (?:tomorrow|again|anymore|in the morning|ever|one "
            r"day|some day)\b",
            r"\b(?:sleep|asleep) and (?:never|not) (?:wake|woke|waking)\b",
            r"\b(?:go to sleep|fall asleep|sleep|drift off|slip away) (?:and )?(?:forever|for "
            r"ever|permanently|for good|and not come back|and never come back)\b",
            r"\b(?:hope|wish|pray|want|would not mind if|do not mind if|would be nice to|"
            r"would love to).{0,12}\bdie in my sleep\b",
            r"\bnot waking up (?:would be|sounds|seems|is|feels)\b",
            r"\b(?:take|taking|use|using|drink|drinking|swallow|swallowing) enough (?:that |so "
            r"(?:that )?|to make sure )?(?:i )?(?:do not|will not|would not|never|not) wake\b",
        ),
        subject=True,
    ),
    Concept(
        "not_living",
        "not wanting to live",
        "crisis",
        _c(
            r"\b(?:do not|no longer|never|not|does not|did not) (?:really |even |actually )?"
            r"(?:want|wish|care|feel like|like) (?:to )?(?:live|be alive|exist|go on living|keep "
            r"living|stay alive|carry on living)\b",
            r"\b(?:do not|no longer|not) (?:really |even )?(?:want|wish) to (?:be here|wake up|go "
            r"on|keep going|carry on|be around)\b (?:anymore|again|ever|any longer|at all|on this "
            r"earth|in this world|another day|tomorrow|in the morning)\b",
            r"\b(?:life|living|my life|it|this life) (?:is|is just|has become|feels) (?:not|no "
            r"longer) worth (?:it|living)\b|\bnot worth living\b",
            r"\bno (?:point|reason|sense|use|purpose) (?:in |to |of |for me to |for me in )?"
            r"(?:me )?(?:living|being alive|going on|carrying on|keeping going|continuing|existing|"
            r"being here|life|staying alive|staying|live|stay alive|go on|keep going|carry on|"
            r"keep living|be alive|being around|my life)\b",
            r"\bnothing (?:left )?to live for\b|\bnothing to stay (?:alive )?for\b",
            r"\bwhat is (?:even )?the point (?:of|in) (?:me )?(?:living|life|me|going on|"
            r"carrying on|being alive|"
            r"existing|being here|staying|keeping going)\b",
            r"\bwhy (?:am i|should i|do i|would i|must i) (?:even |still )?(?:alive|living|exist|"
            r"keep going|go on|bother living|stay alive|keep living|carry on|still here|"
            r"be alive|live)\b",
            r"\bi (?:do not|can not) see (?:a|any|the) (?:point|reason) (?:in |to |of )?(?:living|"
            r"going on|being alive|life|carrying on|staying)\b",
            r"\bthere is no future for me\b|\bi (?:will|would) not be (?:here|alive) (?:in|to "
            r"see)\b",
        ),
        subject=True,
    ),
    Concept(
        "hopeless_living",
        "hopelessness about going on",
        "check",
        _c(
            r"\b(?:can not|could not|unable to|can no longer) (?:go on|carry on|keep going|keep "
            r"living|live like this|do (?:this|it|life) anymore|take (?:it|this|much more|any "
            r"more|anymore)|cope anymore|keep doing this|face (?:another|tomorrow|anything)|do "
            r"this any longer|survive this|bear (?:it|this)|live with (?:this|myself)|keep "
            r"fighting|go through another)\b(?! (?:the|a|holiday|trip|stage|tour|with the|at))",
            r"\b(?:do not|can not|no longer) see (?:a|any|my|the) future\b(?! (?:in|at|for (?:this|"
            r"the|us)|with))",
            r"\b(?:no|not any) future (?:for me|ahead of me|left)\b(?! (?:in|at|with|here at))",
            r"\b(?:future|world|life|picture) (?:with|that has) me in it\b",
            r"\b(?:can not|do not|could not) (?:picture|imagine|see) (?:myself )?(?:getting older|"
            r"growing old|being alive|living|being here|a future|next year|myself at \d+|turning "
            r"\d+|being around|old age|me in)\b",
            r"\bnothing (?:left )?for me (?:here|anymore|in this world)\b",
            r"\b(?:do not|did not) (?:know|see) (?:how|why) (?:i can|to|i could|i should|i would) "
            r"(?:go on|keep going|carry on|keep living|get through|live)\b",
            r"\b(?:not sure|do not know|unsure) (?:if|whether|why) i (?:want to|should|even want "
            r"to|can) (?:live|be alive|go on|keep going|keep living|be here|exist|carry on)\b",
            r"\bwant (?:it|everything|this|the pain|my life|life|all of it|it all|all this) to "
            r"(?:end|stop|be over|go away)\b",
            r"\bready to go\b(?! (?:to|out|home|for|back|now|and|there|in|on|shopping|with))",
            r"\b(?:just )?(?:let|letting) me go\b|\btake me (?:home|now|away)\b",
            r"\bwhat is the point (?:of|in) (?:anything|it all|any of it|trying|waking up|getting "
            r"up|me)\b",
            r"\bgiv(?:e|ing) up on everything\b|\bdone with everything\b|\bi am done\b$",
            r"\b(?:wish|wished) i (?:had|would have) never been born\b|\bnever (?:should have|"
            r"asked "
            r"to) be(?:en)? born\b",
            r"\bshould have been me\b|\b(?:why|wish) (?:did|could|would) (?:it|god|they|he|"
            r"cancer) not take me\b",
            r"\bhow much longer (?:can|must|do) i\b",
        ),
        upgrade=re.compile(rf"\b{_FINAL}\b|\bdie\b|\bdead\b|\blife\b|\bliving\b|\balive\b"),
        unless=re.compile(
            r"\bi meant (?:with )?(?:this|the|my) (?:job|work|course|relationship|commute|house|"
            r"flat|boss)\b|\bi am fine in myself\b"
        ),
    ),
    Concept(
        "disappear",
        "wanting to disappear",
        "check",
        _c(
            r"\b(?:want|wanted|wanting|wish|wishing|need|needing|going|like|longing|long|ready|"
            r"would love|love|pray) (?:to |i could |that i could |i would |i would just )?"
            r"(?:just |simply |quietly |finally )?(?:disappear|vanish|evaporate|fade away|fade out|"
            r"cease to exist|stop existing|not exist|be erased|be gone|melt away|dissolve|not be "
            r"here|not be around|be nothing|be invisible|stop being)\b"
            r"(?! (?:for (?:a|the|some|an|one|two|few|awhile|ages)|into (?:my|a|the) (?:room|"
            r"bed|book|work|game)|under (?:the|my|a) (?:duvet|covers|blanket|quilt)|to (?:the|my|"
            r"a|bed)|"
            r"from (?:the|this) (?:party|room|meeting|class|office|chat)|on (?:holiday|a|the)|in "
            r"(?:a|the|my)|off (?:to|the)|at|until|till|when|after|before|while|this weekend|"
            r"tonight|today|for now|this week|off))",
            rf"\b(?:disappear|vanish|be gone|go away|leave|fade away)\b.{{0,12}}\b{_FINAL}\b",
            r"\bstop(?:ped)? existing\b|\bcease(?:d)? to exist\b|\bnot (?:to )?exist(?:ing)? "
            r"(?:anymore|at all)\b|\bwish i did not exist\b|\bwish i never existed\b",
            r"\bnever (?:have )?existed\b|\bnever (?:being|be) found\b",
            r"\bnobody would (?:even )?(?:notice|care|miss me|know)\b.{0,12}\bif i (?:disappeared|"
            r"vanished|was gone|were gone|died|was not here|were not here|stopped existing|just "
            r"went|stopped being here|just stopped)\b",
        ),
        subject=True,
        unless=re.compile(
            r"\b(?:moving|move back|moving back|new job|new flat|new house|home city|home country|"
            r"abroad|emigrat\w*|relocat\w*)\b"
        ),
        upgrade=re.compile(rf"\b{_FINAL}\b|\bdie\b|\bdead\b|\bnever wake\b|\bbutton\b|\bpress\b"),
    ),
    Concept(
        "burden",
        "feeling others would be better off without them",
        "crisis",
        _c(
            r"\b(?:better|happier|easier|fine|okay|ok|freer|lighter|relieved|better off) (?:off "
            r")?(?:without me|if i (?:was|were|am|was not|were not|am not|was no longer|were no "
            r"longer) (?:gone|dead|here|around|alive|in the picture|in their lives|in the way|"
            r"there|in it)|if i (?:died|disappeared|left for good|did not exist|never existed))\b",
            r"\bwithout me (?:around|here|in it|in the picture|in their way)?\b.{0,30}\b(?:better|"
            r"easier|happier|free|fine|relief|lighter|money|more easy)\b",
            r"\bdo (?:them|everyone|my family|the world|my kids|the kids|him|her|you all|people) "
            r"a favou?r\b.{0,30}\b(?:going|leaving|disappearing|dying|gone|not being|ending|by "
            r"not|if i)\b",
            r"\b(?:everyone|everybody|they|my family|the world|my kids|the kids|my children|"
            r"people) (?:would|will|could) (?:all )?(?:be )?(?:better|happier|fine|move on|be free|"
            r"cope|manage) (?:off )?(?:once|when|after|if|without) i (?:am|was|were|have|had) "
            r"(?:gone|dead|not here|no longer here|left)\b",
        ),
    ),
    Concept(
        "burden_feeling",
        "feeling a burden",
        "check",
        _c(
            r"\b(?:i am|i feel|feel|feeling|being|just|only|nothing but|i have become|i have "
            r"turned into|i) (?:still |always |really |just |only )?(?:like )?(?:a |such a |"
            r"nothing but a |the |just a |one big |a huge |"
            r"an )?(?:burden|drain|dead weight|waste of (?:space|air|oxygen|life|skin)|"
            r"weight around (?:their|his|her|everyone's) necks?)\b",
            r"\b(?:nobody|they|everyone|my family|my kids|he|she|people)\b.{0,20}\b(?:will not|"
            r"would not|never|not) (?:even |really )?miss me\b",
            r"\b(?:when|once|after) i am gone\b(?! (?:on|for|to|away|abroad|at|from|out|"
            r"shopping|over))",
            r"\bi (?:only )?(?:ruin|make) (?:everything|everyone's life|their lives) (?:worse|"
            r"harder)\b.{0,20}\b(?:by being here|by existing|by being alive)\b",
            r"\bwould (?:not|never) (?:even )?notice if i (?:was|were) gone\b|\bweight on "
            r"(?:everyone|them|my family|everybody)\b|\b(?:do not|does not) need (?:a|an) \w+ "
            r"(?:\w+ )?like me\b|\b(?:they|she|he|everyone|my family|my kids) would (?:all )?be "
            r"(?:free|freer|relieved)\b",
            r"\b(?:using up|wasting|stealing|taking up|waste of) (?:the )?(?:oxygen|air|space)\b",
            r"\b(?:world|everyone|they|nobody|my family) (?:does not|do not|would not|will not) "
            r"need (?:me|another person like me|someone like me|people like me)\b",
            r"\b(?:manage|cope|do (?:the|it|things|everything)|know how to [\w ]{1,20}|be fine|be "
            r"ok|be okay|get by)\b.{0,30}\bwithout me\b",
        ),
        upgrade=re.compile(r"\bwithout me\b|\bgone\b|\bdead\b|\bdie\b"),
    ),
    Concept(
        "preparation",
        "preparing for death (farewells, affairs, giving things away)",
        "crisis",
        _c(
            r"\b(?:goodbye|farewell|suicide|final) (?:letter|note|message|video|post|text|email)s?"
            r"\b(?! (?:to|for) (?:my )?(?:perfectionism|anxiety|depression|old (?:self|job|life|"
            r"habits)|fear|addiction|inner critic|eating disorder|ed\b|anorexia|bulimia|smoking|"
            r"drinking|ex\b|"
            r"procrastination|"
            r"the (?:team|office|class|job|company)|colleagues?|a colleague|the group))",
            r"\b(?:wrote|writing|written|write|left|leave|leaving|recorded|recording|typed|"
            r"drafted|drafting) (?:a |my |the |some |little )?(?:letters?|notes?|messages?|cards?|"
            r"videos?) (?:for|to) (?:my |the |each of my |all my |everyone|them|him|her|each)\b"
            r".{0,80}\b(?:explain|sorry|forgive|goodbye|after|when i am gone|why|love (?:them|"
            r"you|him|her)|not (?:their|your|his|her) fault|find|read|open|to remember)\b",
            r"\bthis is (?:my |the )?(?:goodbye|last (?:entry|message|one|post|time i write))\b",
            r"\bsaying (?:my )?goodbyes\b(?! (?:at|to (?:the|my) (?:team|colleagues|class)))",
            r"\bgoodbye (?:everyone|world|all|forever|cruel world|"
            r"for good)\b(?!.{0,40}\b(?:see you|after|"
            r"summer|holiday|monday|soon|next|tomorrow|later)\b)",
            r"\b(?:will not|do not|am not going to|no longer|will never) (?:need|use|be needing) "
            r"(?:it|them|this|that|my [\w ]{1,20}|any of (?:it|this|them|my \w+)|these|those)\b"
            r".{0,20}\b(?:anymore|where i am going|after|much longer|soon|for long|again|any "
            r"longer|now)\b",
            r"\b(?:new |a |good )?homes? for (?:my|the) (?:cat|cats|dog|dogs|pet|pets|rabbit|bird|"
            r"hamster|fish|kitten|puppy|parrot|budgie)\b.{0,60}\b(?:when i am gone|after i am "
            r"gone|will not be (?:here|around)|before i|once i|am gone|for after)\b",
            r"\bwho will (?:look after|take care of|feed|have|walk|care for) (?:my |the )?"
            r"[\w ]{1,20} (?:when|after|once) i am (?:gone|dead|not here)\b",
            r"\b(?:will not|am not going to|not going to) be (?:here|around|alive) (?:much longer|"
            r"for long|tomorrow|next (?:week|month|year|christmas|birthday|summer)|by (?:then|"
            r"friday|monday|saturday|sunday|the weekend|next week|christmas|the end)|to see|"
            r"anymore|any longer|after (?:tonight|today|this week)|to (?:feed|see|look after|take "
            r"care|help|watch)|for (?:it|the \w+|christmas|that)|when (?:she|he|they|the)|"
            r"by the)\b",
            r"\b(?:by|this time) (?:tomorrow|next week|friday|monday|saturday|sunday|the weekend|"
            r"tonight)\b.{0,30}\b(?:i will be gone|i will not be here|it will (?:all )?be over|i "
            r"will be dead|i will not be around|i will be at peace|no more pain|i will be free)\b",
            r"\b(?:sorry|forgive me) for what i am (?:about|going) to do\b",
            r"\b(?:tell|make sure) (?:them|my (?:kids|children|family|wife|husband|mum|dad|"
            r"parents|sister|brother|son|daughter)|mum|dad|everyone) (?:know )?(?:that )?i "
            r"(?:love|loved) (?:them|him|her|you)\b.{0,50}\b(?:gone|after|when i|not their fault|"
            r"sorry|always will)\b",
            r"\bso (?:nobody|nobody else|my family does not|they do not|mum does not) (?:has|have) "
            r"to (?:deal with|sort|clean|find|worry|pay|do)\b",
            r"\b(?:it|that|this) was (?:a|my|our) (?:goodbye|farewell)\b",
            r"\bwhat to do with (?:my|all my) (?:stuff|things|belongings|body|ashes|cat|dog|"
            r"money|accounts)\b.{0,20}\b(?:after|when|once)\b",
            r"\bwithout me\b.{0,30}\bjust in case\b|\bjust in case\b.{0,30}\bwithout me\b",
            r"\blook after (?:my|the) \w+\b.{0,20}\bif (?:anything|something) (?:happens|happened|"
            r"were to happen)\b",
            r"\bmake sure (?:they|she|he|the kids|my kids|everyone|my family) (?:will be|are|is) "
            r"(?:ok|okay|alright|looked after|taken care of|provided for|fine) (?:when|after|once) "
            r"i am gone\b",
        ),
        subject=True,
        unless=re.compile(
            r"\b(?:travel|travelling|traveling|trip|holiday|flight|flying|moving|moved|abroad|"
            r"conference|host family|exchange|visa|new job|leaving do|farewell party|retir\w*|"
            r"therapy exercise|graduat\w*|outgrown|textbooks|first years|my class|we are (?:in|at|"
            r"away|off)|i am (?:away|off to)|off to|visiting|staying with|on leave|annual leave|"
            r"on a course|at a wedding)\b"
        ),
    ),
    Concept(
        "preparation_possible",
        "possibly preparing (affairs, giving things away)",
        "check",
        _c(
            r"\b(?:put|putting|got|getting|have|having|sorted|sorting|get|set|setting) (?:all )?"
            r"(?:of )?(?:my |my financial |the |my legal )?(?:affairs|things|papers|finances|"
            r"paperwork|accounts|life) (?:in order|sorted|straight|organi[sz]ed|tidy|tidied)\b",
            r"\b(?:gave|giving|give|given|handing|handed) (?:away|out) (?:all |most |a lot |lots |"
            r"some )?(?:of )?"
            r"(?:my |his |her )?(?:things|stuff|belongings|possessions|clothes|books|games|records|"
            r"guitar|collection|cat|dog|pet|jewell?ery|savings|everything|prized|favourite|"
            r"console|plants|art)\b",
            r"\bplan(?:ned|ning)? (?:my|my own) funeral\b|\b(?:playlist|songs|music|plans?|"
            r"wishes|outfit|clothes|readings) for my funeral\b",
            r"\bwho (?:gets|will get|should get|can have|takes|will take|should take|is having) "
            r"(?:what|my \w+|the \w+)\b",
            r"\b(?:tying|tied|tie) up (?:all )?(?:the |my )?loose ends\b|\bloose ends (?:tied|"
            r"sorted|done)\b",
            r"\bwhen i am (?:not|no longer) (?:there|here|around)\b",
            r"\b(?:wrote|writing|written|write|left|leaving) (?:letters|notes|a letter|a note|"
            r"cards) "
            r"(?:for|to) (?:my |each |everyone|all )\b",
            r"\b(?:life )?insurance\b.{0,50}\b(?:accident|pay ?out|suicide|if i die|when i die|"
            r"after i die|if i was gone|cover (?:them|the kids))\b",
            r"\b(?:deleted|deleting|delete|wiped|wiping|cancel+ed|cancel+ing) (?:all )?my "
            r"(?:accounts|social media|socials|profiles|subscriptions|messages|photos)\b",
            r"\b(?:said|say|saying|texted|called|visited|visiting) (?:my )?goodbye(?:s)? to "
            r"(?:everyone|everybody|my family|the kids|my kids|my mum|my dad|people|my friends|"
            r"all of them)\b(?!.{0,40}\b(?:trip|holiday|flight|move|moving|leaving (?:for|to)|"
            r"airport|party|new job|abroad|station|university|uni|school|company|job|work|"
            r"colleagues|"
            r"team|leaving do|last day|retire|cake|office)\b)",
        ),
        unless=re.compile(
            r"\b(?:routine|solicitor|lawyer|sensible|nurse suggested|saving|save money|save some|"
            r"budget|deposit|afford|cost of living|moving (?:house|flat|out|to)|decluttering|"
            r"declutter|charity shop|last day at|new job|leaving do|retir\w*|colleagues|"
            r"cake|spring clean|family history|for when they are older|future self|pen pal|thank "
            r"you|therapy exercise|final shift|last shift|uni|university|team|card|graduat\w*|"
            r"(?:house )?sale|selling|overseas|abroad|emigrat\w*|relocat\w*|the move|birthday|"
            r"to be opened|anniversary|christening)\b"
        ),
        upgrade=re.compile(
            r"\b(?:will not need|won't need|no longer need|where i am going|before i go|when i am "
            r"gone|so nobody has to|so no one has to|last time|for after|after i am gone|finally|"
            r"just in "
            r"case|sorry|explain|goodbye|forgive)\b"
        ),
    ),
    Concept(
        "plan_method",
        "a plan or a method",
        "crisis",
        _c(
            rf"\b(?:saving|saved|stockpil\w*|hoard\w*|collect(?:ing|ed)|stash\w*|hiding|hidden|"
            rf"hid|counting|counted|squirrel\w*|kept back|keeping back|putting aside|put aside) "
            rf"(?:up )?(?:all )?(?:of )?(?:my |some |enough |the |extra |a lot of |a stash of |"
            rf"boxes of |packs? of |bottles? of |a few )?(?:of )?(?:my )?{_PILLS}\b",
            rf"\b(?:take|taking|took|swallow\w*|down|downing|neck|necking) (?:all|every one|the "
            rf"whole|a whole|the rest|every last one|a handful) (?:of )?(?:my |the |them|those |"
            rf"these )?(?:{_PILLS}|bottle|packet|box|lot|pack|strip)\b",
            rf"\b(?:all|whole bottle|whole packet|whole box|entire bottle|the lot) (?:of )?(?:my "
            rf"|the )?{_PILLS}? ?(?:at once|in one go|together)\b",
            rf"\benough {_PILLS} to\b|\bhow many {_PILLS}\b.{{0,30}}\b(?:take|takes|kill|enough|"
            rf"die|"
            rf"lethal|fatal|it would take|would do it|to not wake)\b",
            r"\blethal dose\b|\bfatal dose\b|\bpainless (?:way|ways|death|method|methods)\b",
            r"\b(?:rope|noose|ligature|belt|cord)\b.{0,40}\b(?:myself|my neck|tie|tied|bought|"
            r"hang|beam|garage|loft|strong enough|tree|banister|hook|door)\b",
            r"\bbought (?:a |some |the )?(?:rope|noose)\b(?! (?:for (?:the |a |my )?(?:tent|"
            r"garden|boat|camping|"
            r"climbing|washing|clothes|dog|swing|allotment|gym)))|\b(?:thinking|thought) (?:of|"
            r"about) "
            r"jumping\b|\bon the roof\b.{0,40}\bjump|\b(?:do not|can not) see (?:a|any) way out\b"
            r".{0,30}\b(?:except|but|other than)\b|\bhang(?:ing)? myself\b|\bhang (?:from|"
            r"off) (?:the|a) (?:beam|tree|banister|door|"
            r"loft|hook)\b",
            rf"(?<!bungee )\b(?:jump|jumping|jumped|leap|leaping|throw myself|throwing myself|"
            rf"fall|go) (?:off|from|out of) (?:a |the |that |this |my |our |the top of (?:a|the) )?"
            rf"(?:\w+ )?{_PLACES}\b",
            rf"\b(?:step|stepping|stepped|walk|walking|walked|throw myself|throwing myself|jump|"
            rf"jumping|lie|"
            rf"lying|lay|stand|standing|run|running) (?:out )?(?:in front of|under|onto|on|into) "
            rf"(?:a |the |an |some )?{_VEHICLES}\b",
            r"\b(?:drive|driving|drove|crash|crashing|steer|steering|swerve|swerving|aim|aiming) "
            r"(?:my car |the car |it )?(?:into|off|at) (?:a |the |an )?(?:wall|tree|river|bridge|"
            r"cliff|lake|sea|oncoming \w+|lorry|truck|pillar|barrier|motorway|edge|concrete|canal|"
            r"quarry|reservoir)\b",
            r"\b(?:gun|shotgun|rifle|pistol|firearm|revolver)\b.{0,40}\b(?:myself|my head|my "
            r"mouth|my temple|loaded|ready|end it|use it on|to my)\b",
            r"\b(?:knife|blade|blades|razor|razors|glass|sharpener|scissors)\b.{0,40}\b(?:myself|"
            r"my (?:wrists?|arms?|legs?|thighs?|skin|stomach|throat|neck))\b",
            r"\bslit(?:ting)? (?:my )?(?:wrists?|throat)\b|\bmy wrists?\b.{0,20}\b(?:cut|slit|open|"
            r"blade|razor|bleed)\b",
            r"\b(?:walk|walking|swim|swimming|wade|wading|go|going|drive|driving) (?:out )?(?:into|"
            r"in to|out into) the (?:sea|river|lake|ocean|water|waves|tide|loch|canal)\b"
            r"(?:.{0,30}\b(?:keep going|not come back|never come back|not stop|until))?",
            r"\b(?:carbon monoxide|exhaust|hose ?pipe|charcoal|gas oven|the gas|helium)\b.{0,40}"
            r"\b(?:car|garage|myself|end|sleep|tent|room|bag)\b",
            r"\b(?:looked|looking|look|searched|searching|search|googled|googling|google|"
            r"researched|researching|research|read up|reading up|asked|asking|reading|"
            r"forums?)\b.{0,40}"
            r"\b(?:how "
            r"to (?:die|kill|end it|end my|overdose|hang|do it|go)|ways to (?:die|end it|kill|go)|"
            r"painless|how many (?:pills|tablets)|how long it takes to die|what would kill|lethal|"
            r"suicide methods|methods of|methods\b|how high|how far (?:you|a person|i) (?:need|"
            r"would|have) to fall|what height|how deep)\b",
            r"\b(?:have|got|made|make|making|working on|thought out|worked out|figured out|come "
            r"up with|came up with) (?:a |the |my )?plan\b.{0,40}\b(?:die|death|end it|end my "
            r"life|kill|not be here|gone|suicide|do it|how)\b",
            r"\b(?:know|knew|decided|worked out|figured out|planned|planning|plan|picked|chosen|"
            r"chose|found) (?:exactly )?(?:how|where|when|the way|the place|the spot|the day|the "
            r"date|the time|the bridge|the method) (?:i (?:would|will|am going to|want to|could|"
            r"should|can) )?(?:do it|end it|die|kill myself|end things|go|to do it|to go|i would "
            r"do it|it will happen)\b",
            r"\b(?:stop|stopped|stopping|quit|refuse|refusing|not taking|skip|skipping) (?:taking "
            r")?(?:my )?(?:insulin|heart (?:pills|tablets|medication|meds)|blood thinners|"
            r"dialysis|treatment|chemo|meds|medication|tablets|pills|inhaler)\b.{0,40}\b(?:so (?:i|"
            r"it)|and let|until|let nature|die|end|would be over|take its course|happen|never "
            r"wake|see what happens|get it over)\b",
            rf"\b(?:standing|stood|sat|sitting|stand|standing|go|went|going) (?:on|at|near|up to) "
            rf"(?:the )?(?:edge|ledge|top|railing|side) of (?:the |a |that )?{_PLACES}\b.{{0,40}}"
            rf"\b(?:thinking|wanting|looking down|jump|tempted|how easy|could|almost|for ages|"
            rf"again)\b",
            r"\b(?:the )?(?:bridge|railway|tracks|train line|cliff|roof)\b.{0,30}\b(?:tempt|"
            r"calling me|calls to me|keep thinking|keeps coming|how easy|would be quick|quick and|"
            r"think about (?:it )?(?:a lot|all the time|every day|constantly))",
            r"\b(?:engine|car|motor) running\b.{0,40}\b(?:garage|closed|shut|door)\b|\bgarage\b"
            r".{0,40}\bengine running\b",
            r"\blook(?:ing|ed)? at (?:the )?(?:knives|pills|tablets|rope|bridge|tracks|trains?|"
            r"blades|razors|medicine cabinet|belt|cliff)\b.{0,30}\b(?:differently|and think|and "
            r"wonder|for too long)\b",
            rf"\bmy plan is\b.{{0,30}}\b(?:{_PILLS}|rope|bridge|jump|train|gun|knife|car|overdose|"
            rf"vodka|drink|drive|hang)\b",
        ),
        subject=True,
    ),
    Concept(
        "overdose",
        "speaking of overdosing",
        "crisis",
        _c(r"\boverdos(?:e|es|ed|ing)\b|\b(?:od|o\.d\.)\b(?= on| again| tonight| this)"),
        stance=True,
    ),
    Concept(
        "intent_time",
        "a decision, date or time",
        "crisis",
        _c(
            r"\b(?:i have |i )?(?:decided|made (?:up )?my (?:mind|decision)|made the decision|"
            r"chosen (?:the|a) (?:day|date|way|time|place|night)|set (?:a|the) date|picked (?:a|"
            r"the) (?:date|day|night)|know when|set the day|it is decided|my mind is made up|i am "
            r"sure now|no going back)\b",
            r"\b(?:tonight|tomorrow|this weekend|on (?:friday|saturday|sunday|monday|tuesday|"
            r"wednesday|thursday|my birthday)|after (?:the|my) \w+) (?:is|will be) the (?:night|"
            r"day|end|last|time)\b",
            r"\b(?:i am |i will |going to |gonna )(?:do it|go through with it|finish it|end it|"
            r"go)\b (?:tonight|tomorrow|this weekend|soon|on \w+day|after|when|before|once|at|"
            r"next)\b",
            r"\b(?:it|this|everything|all of this|the pain) will (?:all )?be over (?:soon|"
            r"tonight|tomorrow|by|after|on|before|in a few)\b",
            r"\b(?:last|final) (?:day|night|week|weekend|christmas|birthday|time|morning|sunset|"
            r"summer)\b.{0,30}\b(?:alive|on earth|here|of my life|i will ever|ever see|you will "
            r"hear|you will see)\b",
            r"\b(?:not|never) (?:going to|gonna|be able to) (?:see|make it to|be here for|"
            r"be around "
            r"for) (?:my |the |next )?(?:birthday|christmas|new year|next (?:week|year|month)|"
            r"summer|spring|tomorrow|the weekend|thirty|forty|fifty|another year)\b",
            r"\bno going back (?:now|this time)\b",
        ),
        context=True,
    ),
    Concept(
        "intent_date",
        "a date or time set",
        "check",
        _c(
            r"\bi (?:have )?(?:set|picked|chosen|got) (?:a|the|my) (?:date|day|night|time)\b(?! "
            r"(?:for|of|with) )",
            r"\b(?:it is|it will be) happening (?:this week|tonight|tomorrow|soon|on \w+day|this "
            r"weekend)\b",
            r"\bno going back (?:now|this time)\b",
            r"\bnot long now\b",
        ),
        upgrade=re.compile(r"\bcalm\b|\bsorry\b|\bgoodbye\b|\bthe \d+(?:th|st|nd|rd)\b"),
        unless=re.compile(
            r"\b(?:wedding|married|marry|engaged|party|move|moving|holiday|trip|launch|exam|"
            r"interview|surgery|operation|birthday party|flight|appointment|deadline|opening|"
            r"concert|match|race|marathon|exhibition|gig)\b"
        ),
    ),
    Concept(
        "self_harm",
        "self-harm",
        "crisis",
        _c(
            r"\b(?:cut|cuts|cutting|burn|burns|burned|burnt|burning|hit|hits|hitting|punch|"
            r"punched|punching|scratch|scratched|scratching|bite|biting|bit|hurt|hurts|hurting|"
            r"harm|harmed|harming|injure|injured|injuring|starve|starving|starved|bang|banged|"
            r"banging|slap|slapped|slapping|choke|choking|bruise|bruising|mutilate|mutilating|"
            r"stab|stabbing|carve|carving|pinch|pinching|bleed|bled|punish|punishing|punished) "
            r"myself\b(?! (?:for|of|with (?:work|overthinking|guilt|thoughts)|by (?:working|"
            r"thinking|"
            r"overthinking|staying)))",
            r"\bi (?:still |have been |been |keep |sometimes |often |always |just |did |do )?"
            r"(?:self ?harm\w*|sh|self ?injur\w*)\b",
            r"\b(?:self ?harm\w*|sh|self ?injur\w*) (?:again|last night|tonight|today|this week|"
            r"more|every|urges?|relapse|thoughts? (?:again|tonight|today|are|on|all)|is getting|"
            r"twice|once|three times|a few times|most nights|every night)\b",
            r"^(?:self ?harmed|self ?injured|cut again|burned again)\b",
            r"\b\d+ (?:days?|weeks?|months?) (?:clean|free) (?:from|of) (?:sh|self harm\w*|cutting|"
            r"self injury)\b.{0,30}\b(?:back to (?:zero|day one|0|square one)|relapsed|again|"
            r"broke|gone)\b",
            r"\b(?:bite|bit|biting|slap|slapped|slapping|hit|hitting|punch|punched|punching|pinch|"
            r"pinched|pinching|scratch|scratched|scratching|claw|clawed|clawing) (?:my own|my) "
            r"(?:arms?|face|legs?|hands?|skin|thighs?|wrists?|stomach|head)\b.{0,40}\b(?:hard|"
            r"mark|marks|bruise|bruises|bruised|blood|bleed|bled|until|punish\w*|on purpose|black "
            r"and blue|raw)\b",
            r"\b(?:fresh|new|more|deep|deeper|open) (?:cuts|scars|burns|wounds|gashes)\b|\bcovered "
            r"in (?:cuts|scars|burns)\b|\bscars (?:are )?(?:hidden|under my)\b",
            r"\b(?:cigarette|lighter|iron|match|matches|hot (?:knife|spoon|metal))\b.{0,30}\bon "
            r"my (?:hand|arm|skin|leg|wrist|thigh|chest|body|stomach)\b",
            r"\b(?:hit|hitting|bang|banging|banged|smash|smashing|smashed|punch|punching|punched) "
            r"my (?:head|fists?|hands?|arms?|face) (?:against|on|into|off) (?:the |a )?(?:wall|"
            r"door|doors|floor|desk|mirror|table|radiator)\b.{0,30}\b(?:over and over|until|"
            r"again|on purpose|hurt|bleed|bled|after|every|keep|when)\b",
            r"\b(?:cut|cutting|cuts|slice|slicing|sliced|carve|carving|carved|burn|burning|burned|"
            r"scratch|scratching|scratched|gouge|gouging|pick|picking) (?:at |into |on )?(?:my |"
            r"the skin on my |the skin of my )?(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|"
            r"forearms?|ankles?|belly|chest|flesh)\b",
            r"\b(?:urges?|urge|tempted|itching|craving) (?:to )?(?:cut|self harm|hurt myself|burn "
            r"myself|harm myself|bleed|see blood|feel pain|feel the pain|punish myself|make myself "
            r"bleed|sh|hurt|burn)\b",
            r"\b(?:want|wants|wanting|wanted|need|needing|dying|longing) (?:to )?(?:cut myself|"
            r"self harm|hurt myself|burn myself|harm myself|bleed|see blood|"
            r"feel (?:physical )?pain|"
            r"punish myself|make myself bleed|cut again|cut deeper)\b",
            r"\b(?:relapsed|relapse|relapsing)\b.{0,25}\b(?:cut|cutting|self harm|sh|blade|hurt "
            r"myself|burn)\b",
            r"\b(?:blade|blades|razor|razors|sharpener|lighter|compass)\b.{0,40}\b(?:hid|hidden|"
            r"hide|hiding|under my|in my (?:drawer|bag|room|pencil case)|again|used|use it|use "
            r"them|took apart|take apart|out of the sharpener|on my)\b",
            r"\bpull(?:ed|ing)? (?:my )?hair out\b.{0,40}\b(?:hurt|bleed|bald|punish)\b",
            r"\bmake myself (?:bleed|bruise|hurt)\b|\bsee (?:the )?blood\b.{0,20}\b(?:calm|"
            r"better|relief|release)\b",
            r"\bpain (?:helps|makes me feel|is the only thing|distracts|calms)\b.{0,30}\b(?:myself|"
            r"i cause|i give|on purpose|when i)\b",
            r"\b(?:not|stopped|stop|barely|refuse to|refusing to) eat(?:en|"
            r"ing)?\b.{0,40}\b(?:punish|"
            r"deserve|disappear|waste away|until i|on purpose|to hurt|starve|fade)\b",
            r"\b(?:do not|does not|did not) deserve (?:to eat|food|to be fed|dinner|meals|to "
            r"nourish)\b",
        ),
        subject=True,
    ),
    Concept(
        "reunion",
        "wanting to join someone who died",
        "crisis",
        _c(
            rf"\b(?:want|wanted|wish|long|longing|ready|need|can not wait|hope|going|yearn|"
            rf"yearning|pray|waiting|wait) (?:to |i could |until i |till i )?(?:be with|join|"
            rf"see|hold|go to|meet|follow|be reunited with|reunite with|lie with|rest with|be "
            rf"next to|be beside) (?:him|her|them|my (?:late )?{_KIN}|my \w+)\b"
            rf"(?=.{{0,60}}\b(?:again|soon|there|up there|in heaven|on the other side|wherever|"
            rf"where (?:he|she|they) (?:is|are)|in the ground|one day soon|now|at last)\b)",
            rf"\b(?:join|follow|be with|go to|be reunited with) (?:him|her|them|my (?:late )?"
            rf"{_KIN})\b.{{0,25}}\b(?:in heaven|up there|on the other side|in the ground|wherever "
            rf"(?:he|she|they) (?:is|are|went|has gone)|in the grave|soon|in the next life|in the "
            rf"afterlife)\b",
            r"\b(?:heaven|the other side|the afterlife|next life|over the rainbow bridge)\b.{0,40}"
            r"\b(?:with (?:him|her|them)|join|together again|see (?:him|her|them)|be with)\b",
            r"\btake me (?:too|instead|with (?:him|her|them)|to (?:him|her|them))\b",
            r"\b(?:should|want to|wish i could|want to go) (?:have )?(?:gone|died) with (?:him|"
            r"her|them)\b",
        ),
        subject=True,
        context=True,
    ),
    Concept(
        "reunion_follow",
        "wanting to follow someone who died",
        "crisis",
        _c(
            rf"\b(?:want|wanted|wish|long|longing|ready|need|hope|going|yearn|yearning|pray|just "
            rf"want) (?:to |i could )?(?:just )?(?:join|follow|go be with|go and be with|be with|"
            rf"go "
            rf"to|be there with|lie next to|rest beside) (?:him|her|them|my (?:late )?{_KIN})\b"
            rf"(?! (?:on|for|at|in (?:the|a)|later|tomorrow|next|this|to the))",
            r"\b(?:should|could) (?:have|of) (?:gone|died) with (?:him|her|them)\b",
            r"\b(?:supposed|meant) to (?:follow|go with|join) (?:him|her|them)?\b",
            r"\b(?:come and get|come for|come and take|fetch|take) me\b(?! (?:from|to|at|home "
            r"from|out|later|after))",
            r"\b(?:belong|should be|i will be there) with (?:him|her|them)\b",
            r"\b(?:i will|i am going to) be (?:there )?with (?:him|her|them|you) soon\b",
            r"\b(?:i would|i had) (?:much )?rather (?:go|be) (?:to|with) (?:him|her|them)\b",
            r"\bgo with (?:him|her|them)\b(?= and be done| too\b| as well\b)",
        ),
        subject=True,
        context=True,
    ),
    Concept(
        "be_killed",
        "wanting to be killed",
        "crisis",
        _c(
            r"\b(?:someone|somebody|anyone|anybody|please|god|lord|universe|world|pls|just) "
            r"(?:please |just |pls |would |could |can |should |come |come and |come on and |"
            r"already )?(?:kill|shoot|end|murder|stab|run over|put down|finish|take out) me\b"
            r"(?! (?:now|off|out|in|through|to|with|if|when|for))",
            r"\b(?:want|wish|need|hope|hoping|pray|praying|would like|waiting for|waiting on|"
            r"begging) (?:for )?(?:someone|somebody|something|anyone|anything|a (?:car|bus|"
            r"train|truck|lorry|plane|bullet|stranger)|the (?:car|bus|train|plane|cancer|"
            r"illness|disease)|cancer|covid|it|this illness|a heart attack|god|death|a stroke) "
            r"(?:to |would |will |could |might |just |to just |finally )?(?:just )?(?:kill|hit|"
            r"take|end|run over|finish|shoot|get|knock) me\b",
            r"\b(?:hope|hoping|wish|pray|praying) (?:that )?(?:the |my |this |our )?(?:plane|car|"
            r"bus|train|flight|lift|roof|building|boat|ship) (?:crashes|goes down|hits me|comes "
            r"off|falls|sinks|collapses|blows up)\b",
            r"\b(?:hope|hoping|wish|pray|praying|would not (?:mind|care)|do not (?:mind|care)|"
            r"would (?:not )?be (?:glad|happy|relieved)) (?:if |that |when )?i (?:get|got|was|"
            r"were|would get|do get) (?:hit|run over|killed|shot|stabbed|struck|murdered|taken)\b",
            r"\b(?:would not|do not|will not|does not) (?:mind|care) (?:if|when|whether) "
            r"(?:a |the |something|someone|anything|anyone|somebody)\b.{0,25}\b(?:hit|hits|"
            r"killed|kill|kills|run over|ran over|runs over|happened to|happens to|took|take|takes|"
            r"finished|finishes) me\b",
            r"\bif something (?:bad )?(?:happened|happens) to me\b.{0,30}\b(?:would not (?:mind|"
            r"care)|relief|fine|good|better|not (?:be )?sad|glad|do not care)\b",
            r"\b(?:hope|hoping|wish|pray|praying) (?:i|that i) (?:do not|will not|never|would "
            r"not|dont) (?:survive|make it through|come (?:out|back) (?:of|from)|recover|make it|"
            r"wake up from)\b",
            r"\b(?:hope|hoping|wish|pray|want|praying) (?:that )?(?:the |this |my |it )?(?:cancer|"
            r"illness|disease|tumou?r|infection|heart|covid|virus|pneumonia|stroke) (?:takes|"
            r"kills|gets|finishes|wins|spreads|comes back|will take|would take)\b",
            r"\b(?:not|never|stopped|stop) (?:going to |gonna |bother(?:ing)? to )?look(?:ing)? "
            r"(?:both ways|before (?:i|crossing))\b",
            r"\b(?:pray|praying|hope|hoping|wish|wishing|waiting|ask|asking) for (?:a |the |an )?"
            r"(?:heart attack|stroke|car crash|crash|accident|bullet|death|it to end|the end|"
            r"cancer|aneurysm|fatal \w+)\b",
        ),
    ),
    Concept(
        "death_topic",
        "speaking of suicide or self-harm",
        "check",
        _c(r"\bsuicid\w*|\bkill(?:ing)? myself\b|\bself harm\w*\b"),
        subject=True,
        stance=True,
    ),
)

_MORE: tuple[Concept, ...] = (
    Concept(
        "harm_wish",
        "hoping something kills them",
        "crisis",
        _c(
            r"\b(?:hope|hoping|hoped|hopes|wish|wishing|wished|pray|praying|prayed|want|wanting|"
            r"would like|longing for|waiting for|part of me hopes|secretly hope)\b.{0,50}\b(?:"
            r"(?:take|takes|took) me\b(?! (?:to|out|home|back|away from|shopping|for))|"
            r"kills? me\b|hits? me\b|finish(?:es)? me(?: off)?\b|crush(?:es|ed)? me\b|finds? me\b|"
            r"knocks? me (?:off|over|down)\b|ends? me\b|"
            r"my heart (?:would |will |to |just )*(?:stop|give (?:out|up))\b(?! (?:racing|pounding|"
            r"beating so|hurting|aching|being))|"
            r"(?:does not|will not|would not|did not) work\b|comes? back bad\b|goes? wrong in the "
            r"(?:operation|surgery)|i (?:do not|will not|would not|never|just do not|"
            r"just will not) "
            r"(?:come round|come back|wake|survive|make it|recover|see the morning)|"
            r"the end (?:comes|would come|will come|to come)|i (?:go|die) soon\b|to go soon\b|"
            r"i (?:get|got|had|have|would get) (?:cancer|something terminal|a terminal|hit|run "
            r"over|killed|an accident)|(?:something|it) (?:bad )?happens to me\b|"
            r"i (?:am|was) one of the first to go|(?:the )?(?:current|sea|waves|wind|lightning|"
            r"storm|bombs?|cold|fire) (?:would |will |to )?(?:take|takes|took|find|finds|hit|"
            r"hits|get|gets|knock|knocks|decide)\b|gets? me\b|got me\b|i (?:come off|crash|do not "
            r"come back)\b|something happens\b(?! to (?:him|her|them|my))|(?:the )?(?:plane|"
            r"flight|car|"
            r"bus|train|boat) (?:would |will |to |just )?(?:crash|crashes|go down|goes down|sink|"
            r"sinks)"
            r"\b)",
        ),
        subject=True,
    ),
    Concept(
        "indifferent_to_death",
        "not caring whether they live",
        "crisis",
        _c(
            r"\bif (?:a |the |something|someone|anything|it|i)\b[\w ]{0,30}\b(?:hits me|hit me|"
            r"kills"
            r" me|killed me|gets me|got me|happens|happened|crash|crashed|die|died|took me|takes "
            r"me|stabbed me|find me|found me|attacked me|attacks me)\b.{0,25}\b(?:whatever|"
            r"so be it|it happens|fine by "
            r"me|good riddance|at least it (?:is|would be|will be) over|i would (?:thank|welcome|"
            r"not (?:run|fight|mind|care)|be (?:glad|grateful|relieved|fine)|say yes)|would be "
            r"fine|i would not mind|that would be (?:fine|ok|okay|it)|ok|okay|fine|feel relieved|"
            r"be "
            r"relieved|good)\b",
            r"\b(?:do not|would not|did not|does not) (?:care|mind)\b.{0,15}\b(?:if i (?:crash|die|"
            r"live|get hurt|get killed|make it|wake up|come home|come back|survive)|"
            r"what happens to "
            r"me|whether i (?:live|make it|wake up|come home))\b",
            r"\b(?:not sure i would|i would not|would not) (?:mind|care) if i (?:did not|never|do "
            r"not) (?:come home|came home|wake up|woke up|make it|made it|come back|survive|get "
            r"up)\b",
            r"\bwould not (?:fight|resist|mind|run|struggle)\b.{0,30}\b(?:if|when) (?:my time|it|"
            r"death|the end|i|something)\b",
            r"\b(?:not|never) (?:make|made|making) it (?:through|to|past) (?:the winter|the year|"
            r"christmas|spring|another year|next year|the night|the weekend|my birthday)\b",
            r"\b(?:drive|driving|drove|ride|riding|rode) (?:way |much )?too fast on purpose\b|"
            r"\bstopped (?:wearing|using|taking|bothering with) (?:my )?(?:seatbelt|inhaler|"
            r"tablets|insulin|meds|medication|blood pressure \w+|heart \w+)\b.{0,40}\b(?:point|"
            r"so be it|if i|whatever|hoping|it happens|kills me|gets me)\b",
            r"\b(?:walk|walked|walking|cross|crossed|crossing) (?:across |into |"
            r"out into )?(?:the road|"
            r"traffic) without looking\b|\bdo not look when i cross\b",
            r"\bif (?:it|something|a \w+) (?:gets|kills|takes|hits) me,? it (?:gets|kills|takes|"
            r"hits) "
            r"me\b|\b(?:attacked|attack|attacks|hurt|hits) me\b.{0,30}\bwould not (?:even )?fight "
            r"(?:back|it)\b",
            r"\bif i (?:got|get|was|were) (?:shot|hit|killed|stabbed|run over|attacked|"
            r"mugged)\b.{0,40}"
            r"\b(?:would not (?:mind|care)|fine|relieved|ok|okay|good|whatever)\b",
            r"\bwould not have (?:cared|minded)\b",
        ),
        subject=True,
    ),
    Concept(
        "better_dead",
        "finding death easier than living",
        "crisis",
        _c(
            r"\b(?:easier|better|a relief|relief|peaceful|nicer|kinder|simpler|best|nice|good|"
            r"lovely|restful|more easy)\b.{0,25}\b(?:to (?:just )?be dead|to (?:just )?die|"
            r"being dead|to not exist|not to exist|"
            r"to just not exist|to not be here|to not be alive|to just stop|to stop living|if i "
            r"(?:just )?(?:died|was dead|were dead|stopped (?:being alive|living|existing|being "
            r"here|breathing)|was not (?:alive|here|around)|were not (?:alive|here|around)|did not "
            r"exist|went|was gone|were gone))\b",
            r"\bdead (?:be|would be|is) (?:more )?(?:easy|easier|better)\b|\bbetter (?:that )?i "
            r"(?:am|was|be) dead\b|\bnot be the worst thing if i\b|\brather not (?:exist|be "
            r"alive|be here|live|wake up)\b|\bnot being (?:anywhere|here|around|alive) (?:anymore|"
            r"at all|any longer)\b|\btoaster bath\b",
            r"\b(?:being dead|dying|death|to die)\b.{0,20}\b(?:would be|is|sounds|must be|seems|"
            r"feels|might (?:actually )?be|could be) (?:so |such a |more |like |"
            r"actually )?(?:peaceful|easier|better|relief|nice|restful|quiet|"
            r"a rest|welcome)\b",
            r"\b(?:wish|want|hope|would like|rather|better)\b.{0,25}\bstop (?:being alive|living|"
            r"existing|waking up|breathing|being here)\b|\bquietly stop living\b|\bwant to stop "
            r"living\b",
            r"\bwish i (?:would|had|could) (?:of |have )?(?:died|been killed|gone with (?:him|her|"
            r"them)|never woken|been in the car|not woken)\b",
            r"\bwish i (?:had|got|would get|could get) (?:something terminal|cancer|"
            r"a terminal \w+)\b",
            r"\b(?:rather|prefer to) be dead\b|\bwould rather die than (?:live|go on|carry on|keep|"
            r"go back|face|be like|continue)\b",
            r"\b(?:sleep|asleep)\b.{0,20}\b(?:forever|for ever|and that is it|"
            r"and that would be it|no "
            r"more mornings|the longest one|and never|and not wake|permanently|stay asleep|"
            r"ever again)\b",
            r"\b(?:pray|hope|wish|praying|hoping) (?:not to|to not|i do not|i will not|i never) "
            r"(?:see|wake to|make it to) (?:the |another |tomorrow )?(?:morning|tomorrow|another "
            r"day|sunrise|dawn|next year)\b",
            r"\bdisappointed (?:that )?(?:i )?(?:woke up|wake up|i am still (?:here|alive)|to wake "
            r"up|to still be|i have to do life)\b",
            r"\b(?:long|big|eternal|forever|dirt|final) (?:nap|sleep)\b(?! (?:on|this|after|before|"
            r"today|yesterday|in the))|\b(?:6|six) (?:feet|foot) under\b|\bbe with the worms\b|"
            r"\bworm food\b|\bpushing up daisies\b|\bwant to 💀",
        ),
        subject=True,
    ),
    Concept(
        "absence_helps",
        "believing their absence would help others",
        "crisis",
        _c(
            r"\bif i (?:just )?(?:died|was dead|were dead|was gone|were gone|was not here|were not "
            r"here|was not in it|was not around|went|vanished|disappeared|was out of the picture|"
            r"were out of the picture|did not exist|killed myself|"
            r"was not alive)\b.{0,80}\b(?:better|"
            r"easier|free|freer|happier|fine|relief|improve|save|get along|cope|start again|life "
            r"back|more time|solved|fortune|nobody has to|would not have to|kinder|lighter|would "
            r"stop)\b",
            r"\b(?:better|easier|free|freer|happier|fine|relief|improve|save|get along|cope better|"
            r"start again|life back|solved|kinder|lighter|simpler|more easy|easy)\b.{0,40}\bif i "
            r"(?:just )?(?:died|was dead|were dead|was gone|were gone|was not here|were not here|"
            r"was "
            r"not in it|went|vanished|disappeared|was out of the picture|did not exist|"
            r"was not around|"
            r"am not alive|am not here|am gone|am dead|am not around|was not alive)\b",
            r"\b(?:one less|one fewer) (?:problem|burden|mouth|thing)\b.{0,20}\bwithout me\b|"
            r"\bwithout me\b.{0,20}\bone less\b|\bcry for (?:like )?a (?:week|day|while|"
            r"bit)\b.{0,30}"
            r"\b(?:be fine|move on|get over it|forget)\b",
            r"\b(?:with|take|taking|took) me out of (?:the|their|his|her) (?:picture|equation|way|"
            r"lives|life)\b|\bme out of the picture\b",
            r"\bmy (?:being alive|existence|being here)\b.{0,20}\b(?:is|is the|was) (?:the |a )?"
            r"(?:problem|burden|biggest problem)\b",
            r"\bbetter off with (?:a |another )?(?:different|new|better|other) (?:mum|mother|dad|"
            r"father|wife|husband|partner|son|daughter|person)\b",
            r"\bthe kindest thing i (?:could|can) do\b.{0,40}\b(?:not be here|not exist|go|leave|"
            r"die|disappear|be gone)\b",
            r"\b(?:insurance|life cover|pension|payout)\b.{0,40}\b(?:do more|clear|pay off|"
            r"worth more|"
            r"only useful|would help|more use)\b",
            r"\b(?:deserve|deserves) (?:me gone|better than me|someone who is not me|a \w+ who is "
            r"not)\b",
        ),
    ),
    Concept(
        "when_dead",
        "imagining others after their death",
        "crisis",
        _c(
            r"\bwhen i am (?:dead|gone)\b.{0,30}\b(?:they|everyone|you|he|she|people)\b.{0,20}"
            r"\b(?:understand|see|sorry|regret|realise|realize|miss me|happy|free|notice)\b",
            r"\b(?:will not|would not|do not|will never) (?:have to|"
            r"need to) worry about me (?:much "
            r")?(?:longer|anymore|for long|any longer|soon)\b",
        ),
        negatable=False,
    ),
    Concept(
        "more_signs",
        "warning signs in other words",
        "crisis",
        _c(
            r"\b(?:pray|hope|wish|praying|hoping)\b.{0,20}\b(?:not to|to not|i do not|i will not|i "
            r"never) (?:see|wake to|make it to) (?:the |another |tomorrow )?(?:morning|tomorrow|"
            r"another day|sunrise|dawn|next year)\b",
            r"\blet me (?:join|be with|go to|go and be with) (?:him|her|them)\b",
            r"\b(?:beam|rafter|rafters|loft hatch|banister)\b.{0,30}\b(?:keep looking|keep staring|"
            r"looking at|staring at|thinking about|strong enough)\b",
            r"\b(?:not bothered|do not mind|would not mind|would not care) (?:if|"
            r"whether) i (?:do not|"
            r"did not|never) wake\b",
            r"\bcancer (?:would|will|to) (?:hurry up|get on with it|be quick|finish me)\b",
            r"\b(?:gun|shotgun|rifle|pistol)\b.{0,80}\bknow (?:where (?:he|she|they|dad|mum) "
            r"keeps? (?:it|the key)|the (?:code|combination|key))\b",
            r"\bthe decision is made\b|\b(?:set|gave) myself a (?:date|deadline|day)\b",
            r"\bwelcome (?:a|the) (?:heart attack|stroke|accident|end|crash|bullet)\b",
            r"\b(?:envy|envying|envious of|jealous of)\b.{0,40}\b(?:obituaries|graves?|cemetery|"
            r"the dead|dead people|people who died)\b",
            r"\b(?:switch|turn|shut) myself off\b|\bdo(?:ing)? away with myself\b|\beat (?:my|a) "
            r"(?:gun|bullet)\b|\bbe(?:come)? a ghost\b",
            r"\bwithout me (?:she|he|they|the kids|everyone) (?:could|can|would|"
            r"will) (?:start over|"
            r"start again|move on|be happy|have a life|be free)\b|\b(?:better|"
            r"happier) without (?:a|"
            r"an) \w+ like me\b",
            r"\b(?:give|gave) anything to (?:go to|be with|see|join|hold) (?:him|her|them|"
            r"my \w+)\b",
            r"\b(?:praying|pray|hoping|hope|wishing|wish) for (?:a |an )?(?:quick |fatal |bad |big "
            r")?(?:accident|crash|heart attack|stroke)\b",
            r"\bhow deep (?:it is|the (?:river|water|lake|sea|weir) is)\b",
            r"\bnot (?:seeing|see|going to see|make it to|making it to|be here for) another "
            r"(?:winter|christmas|year|birthday|summer|spring)\b",
            r"\b(?:go|going) and be with (?:the lads|them|my mates|my unit|the boys|him|her)\b",
            r"\b(?:will not|am not going to) be (?:here|around) for (?:the |our )?next (?:session|"
            r"week|appointment|time|month)\b|\bnot (?:be )?sticking around\b",
            r"\b(?:surgery|operation|treatment|chemo|chemotherapy)\b.{0,15}\b(?:does not|do not|"
            r"will "
            r"not|would not) (?:go well|work)\b",
            r"\b(?:falls?|fell) on me\b|\bget caught in (?:a |the )?(?:shooting|crossfire|fire|"
            r"explosion|accident)\b",
            r"\bsuicide\b.{0,30}\b(?:answer|way out|keeps popping|pops up|keeps coming)\b",
            r"\btell (?:him|her|them) i am coming\b|\bi will be dead (?:by|before|soon|in|next)\b",
            r"\b(?:better|rather) (?:to )?die than (?:live|go on|carry on|be like this)\b.{0,60}\b"
            r"(?:i mean it|for me|every day|now)\b",
            r"\bcut(?:ting)? where (?:my|the|no one|nobody|they|it)\b",
            r"\b(?:tallest|highest) (?:bridge|building|cliff|car park|tower)\b",
            r"\btime i went to (?:him|her|them)\b|\bfollow(?:ing)? (?:him|her|them)\b(?! (?:on|"
            r"around|home|to the|into|out|up|back|in))",
            r"\bi will be with (?:my \w+|him|her|them) again\b",
            r"\bbite my hands?\b.{0,20}\b(?:hard|until|marks|bleed)\b",
            r"\b(?:dug|dig|digging|pressed|dragged|scraped|pushed) (?:the |a |my )?(?:compass|"
            r"blade|"
            r"razor|knife|scissors|pin|needle|nails?|pen) into my\b",
            r"\b(?:heaven|afterlife)\b.{0,40}\b(?:there with|be with|see (?:him|her|them|"
            r"my \w+))\b",
            r"\bopt(?:ing)? out\b.{0,20}\b(?:of )?(?:life|living)\b|\b(?:living|life)\b.{0,30}\b"
            r"opt(?:ing)? out\b",
            r"\blumps?\b.{0,30}\bis cancer\b|\bso it is (?:all )?over\b",
        ),
        subject=True,
    ),
    Concept(
        "more_warning_signs",
        "possible warning signs",
        "check",
        _c(
            r"\b(?:do not|can not) see (?:a way|how) i am still (?:here|alive|around)\b",
            r"\b(?:finished|wrote|written|writing) the note\b",
            r"\bwhat is (?:even )?the point (?:anymore|of it all|of anything)\b|\b(?:point|use) of "
            r"waking up\b",
            r"\bso done\b.{0,20}\b(?:not joking|actually|for real)\b",
            r"\bsorry for everything\b|\bone last time\b",
            r"\bi am the problem in (?:all )?(?:their|everyone's|his|her) li(?:fe|ves)\b",
            r"\bnothing (?:left )?for me now\b",
        ),
        subject=True,
        upgrade=re.compile(r"\bwhile i (?:still )?can\b|\bnow\b|\bgoodbye\b|\blove them\b"),
    ),
    Concept(
        "warning_signs",
        "warning signs of possible risk",
        "check",
        _c(
            r"\b(?:more trouble than i am worth|dragging (?:my whole family|everyone|them|"
            r"my family) "
            r"down|in the way of everyone|ruining (?:my kids'|their|everyone's) lives? just by)\b",
            r"\b(?:do not|can not|do not really) (?:see myself|think i will|think i am going to|"
            r"picture myself) (?:make|making|be|being|getting|live|living|reach|reaching|last)\b"
            r"(?: it)? (?:to|here|around|past|much longer|for (?:them|it|long))\b",
            r"\b(?:life|my life|living) (?:has|have) no (?:meaning|point|purpose)\b|\bno meaning "
            r"(?:to|in) (?:continue|continuing|living|go on|my life)\b|^(?!.*\bif\b).*\bmy life is "
            r"over\b",
            r"\buntil (?:it|this|my life|everything) ends\b|\bhow long i will last\b",
            r"\b(?:do not|can not) (?:think|believe|see) (?:that )?i (?:have|will have) (?:a|any) "
            r"future\b|\bno me in it\b|\bwithout me in it\b",
            r"\b(?:not sure|do not know if|do not think) i can (?:keep going|go on|carry on|keep "
            r"doing this|last|hold on|keep living|live)\b",
            r"\b(?:do not|can not) see the point (?:anymore|of anything|in anything|any longer)\b",
            r"\b(?:living|being alive|life|existing|my existence)\b (?:feels|is|seems) (?:so |just "
            r"|completely |totally )?(?:pointless|meaningless|like a punishment|unbearable|not "
            r"worth it)\b",
            r"\b(?:i have )?(?:gave|given|give|giving) myself (?:until|till|a deadline|one more|"
            r"another|a date)\b|\bone more (?:month|week|year) and then i am\b",
            r"\b(?:i am|i will be|that is me) (?:out|finished|done|gone)\b (?:for good|by|after|"
            r"then|permanently)\b",
            r"\bi (?:have|have got|made) a plan\b(?! (?:for|to (?:get|go|finish|study|save|pay|"
            r"talk|"
            r"ask|tell|fix|deal|be|buy|make)|b\b))",
            r"\b(?:my|the only|a|that is my) way out\b",
            r"\b(?:knife drawer|roof access)\b|\b(?:the car and the garage)\b",
            r"\bif you know what i mean\b",
            r"\b(?:be|become) a statistic\b",
            r"\b(?:want|wish) (?:to )?(?:not be|be unborn|be un born|never have been)\b(?! (?:here "
            r"at|at|in|with|late|alone|so|too|like|a |an |the |around (?:them|him|her)|sad|angry|"
            r"anxious|scared|afraid|this|that|me))",
            r"\bif i (?:just )?(?:was|were) not\.?$|\b(?:carry on|go on|keep turning) without me\b",
            r"\boff the face of the (?:earth|planet)\b|\boff switch\b|\b(?:go|goes|fade) (?:black|"
            r"dark) and stay\b",
            r"\b(?:said|say|saying|rang|called|phoned) (?:everyone|them all|"
            r"my family)?\b.{0,20}\bjust"
            r" to say goodbye\b",
            r"\bbefore i go\b(?! (?:on|to|away|out|home|back|in|for|abroad|into|shopping))|"
            r"\b(?:free|"
            r"ready) to go now\b|\bnow i can go\b(?! (?:to|out|home|back|on|for))",
            r"\b(?:will not|am not going to) need (?:them|it|one|any of it|these|those|my \w+|no "
            r"more|anymore)\b",
            r"\b(?:told|asked) (?:my )?[\w ]{1,20} to (?:take care of|look after|watch over) (?:my|"
            r"the) \w+(?: for me)?\b|\bif something happens to me\b",
            r"\bpasswords\b.{0,40}\b(?:envelope|for (?:the wife|my \w+|her|him)|just in case|"
            r"written down)\b",
            r"\b(?:messaged|texted|told|called) everyone (?:that )?i love them\b",
            r"\baffairs are (?:settled|in order|sorted)\b|\bsaid sorry to everyone\b",
            r"\bi have had enough\b(?! (?:of (?:work|this job|him|her|them|school)|to eat|sleep))",
            r"\bwant to (?:not|never) wake\b|\bwish the ground would (?:open|"
            r"swallow)\b.{0,20}\bkeep me",
            r"\bdeserve (?:to be (?:cut|hurt|punished|in pain)|pain|to suffer|to bleed)\b",
            r"\bpick(?:ing|ed)? at\b.{0,30}\b(?:can not heal|does not heal|until it bleeds)\b",
            r"\b(?:stood|standing|stand|sat|sitting) (?:at|on) the edge\b|\broof\b.{0,30}\bedge\b",
            r"\bdo not want (?:a|this|my) life\b",
            r"\bmade sure (?:the|my) (?:dog|cat|pet|kids|children)\b.{0,20}\b(?:will go|goes|would "
            r"go) to\b|\b(?:does not|do not|did not) (?:know|need to know) why\b",
            r"\binstructions for (?:the|my) funeral\b|\bfuneral (?:instructions|wishes|plans)\b",
            r"\b(?:gave|give|giving|given) (?:away )?my (?:cat|dog|pet|rabbit|tools|things|stuff|"
            r"games|"
            r"switch|console|guitar|watch|bike|car|jewell?ery|clothes|books|pss?|ps\d) (?:away )?"
            r"(?:to|for)\b",
            r"\bi (?:wrote|have written|have left|left) a (?:note|letter)\b(?! (?:to|for) (?:the|"
            r"my) "
            r"(?:landlord|teacher|boss|school|office|neighbou?r|council|gp|doctor|tutor|manager))",
            r"\b(?:thanking|thanked|thank) (?:\w+ )?(?:her|him|them|everyone|you) for everything\b|"
            r"\blike (?:it is|its) the last time\b",
            r"\b(?:tonight|today) is the (?:night|day)\b|\bthis is my last (?:worksheet|entry|week|"
            r"session|message|post|night)\b|\bi will be gone (?:before|by|after|soon)\b|\bno "
            r"coming back (?:from it|this time)\b|\bthat is when\b[.!]*$|\bit is settled\b",
            r"\bi am done\b[.!]*$|\bset (?:a|the) date\b|\bi (?:already )?cho(?:o)?se the date\b",
            r"\b(?:going to|will|gonna) do it (?:after|before|when|once|on|at|tonight|tomorrow|"
            r"this)\b(?!.{0,30}\b(?:homework|laundry|dishes|essay|tax|washing|shopping|later|"
            r"assignment|report|revision|exercise))",
            r"\b(?:do not|can not) see how i (?:survive|get through|make it through|keep going|go "
            r"on|carry on)\b|\bno life (?:left )?(?:for me|worth)\b|\bnot (?:meant|supposed) to "
            r"(?:grow up|grow old|be here|be alive|live|exist)\b|\bhow much longer i can\b",
            r"\b(?:find|found|finding|get|getting|work up|working up) the (?:nerve|courage|guts)\b",
            r"\b(?:which|the highest|how high)\b.{0,30}\b(?:floor|roof|bridge|building|"
            r"multi ?storey|"
            r"car park|cliff)\b|\bgot a plan now\b",
            r"\bkill me now\b(?!.{0,40}\b(?:meeting|class|lecture|traffic|song|show|homework|"
            r"boss|exam|shopping|queue|cringe|embarrass|haha|lol|joke|this week|monday|sister|"
            r"brother|"
            r"mum|dad|frozen|again|time|film|movie|team|day|work|trust|party))",
            r"\bwhat is the (?:use|point) (?:of|in) (?:going on|carrying on|me)\b",
        ),
        upgrade=re.compile(
            r"\b(?:die|dead|death|kill|not done it|not told anyone|told nobody|told no one|calm|"
            r"permanently|for good|forever|end it|do not really want|nobody notices|expect "
            r"something will|so nobody|it happens|no illness|point of keeping|last one|last time|"
            r"need to know why|know why|will not be around|can not look after|for good|told (?:her|"
            r"him) (?:it is|to keep))\b"
        ),
    ),
    Concept(
        "plan_method_signs",
        "a method",
        "crisis",
        _c(
            r"\b(?:gun|pistol|rifle|shotgun)\b.{0,40}\b(?:think about it|thinking about it|can not "
            r"stop thinking|every night|in the house and)\b",
            rf"\b(?:stash|stockpile|hoard|supply|boxes|packets) of (?:\w+ )?{_PILLS}\b|"
            rf"\b(?:stockpil|"
            r"hoard)\w* my (?:prescriptions|medication|meds|pills|tablets)\b",
            r"\btake (?:all|every one|the lot) of them\b|\bmany boxes\b",
            rf"\b(?:{_PILLS}|overdose|insulin)\b.{{0,30}}\b(?:would make it easy|"
            rf"nobody would (?:even )?"
            rf"(?:know|question|suspect))\b",
            r"\b(?:pesticide|bleach|poison|weedkiller|antifreeze|paraquat|rat poison)\b.{0,40}\b(?:"
            r"drink|drinking|swallow|take|taking)\b",
            r"\b(?:thinking about|thought about|think about|wonder|wondering|imagining|worked out|"
            r"figured out|planned) (?:how|where|when|which part)\b.{0,20}\b(?:i would|i will|i "
            r"could|to) (?:do it|go|go from|jump|end it)\b|\bworked out how,? (?:where|when)\b|"
            r"\bthought about (?:where|how)\b\.?$",
            r"\b(?:step|stepped|stepping|lean|leaned|leaning|fall|fell|jump|jumped|go) (?:forward|"
            r"off|out|over)\b.{0,30}\b(?:platform|edge|train|ledge|bridge|cliff|roof|balcony)\b|"
            r"\b(?:platform|edge|ledge|bridge|cliff|roof|balcony)\b.{0,40}\b(?:step|stepped|"
            r"stepping|lean|leaned|jump|jumped) (?:forward|off|out|over)\b",
            rf"\b{_PILLS} (?:counted|saved|stashed|hidden|ready|lined up|set aside|put aside)\b|"
            rf"\b{_PILLS}\b.{{0,40}}\benough for me\b|\b(?:take|taking|took) (?:the lot|"
            rf"them all)\b",
            r"\b(?:gun|rifle|shotgun|pistol)\b.{0,60}\bknow where the key is\b",
            r"\bhow deep (?:i would|i would have to|to|id have to) (?:go|cut)\b|\bone step and "
            r"(?:it is|its|it would be|i am) (?:over|gone|done)\b",
            r"\b(?:the |a )?rope in my (?:car|room|bag|wardrobe|garage|boot|drawer)\b|\b(?:roof|"
            r"rooftop)\b.{0,30}\b(?:no lock|unlocked|open door)\b",
            r"\bturn(?:ing)? the (?:wheel|car)\b.{0,30}\b(?:into|towards|off)\b|\bjust end it\b(?! "
            r"(?:with|between|already|now,? (?:with|please)))(?!.{0,30}\b(?:meeting|season|show|"
            r"series|game|match|relationship)\b)",
            r"\b(?:yeet|yeeting|throw|fling|launch|chuck|hurl) myself (?:off|from|out of|"
            r"in front of|"
            r"under|into)\b",
            r"\b(?:nobody|no one) (?:finds|will find|would find) me\b|\bwhoever finds me\b",
            r"\busing (?:them|it) on myself\b|\bon myself\b.{0,10}\b(?:meds|pills|tablets)\b",
            r"\b(?:took|take|taking) more (?:of my )?(?:pills|tablets|meds|"
            r"medication)\b.{0,10}\bthan\b",
            r"\b(?:drive|driving|drove) (?:it|the car|my car)? ?(?:into|off) (?:the |a )?(?:canal|"
            r"water|quarry|reservoir|harbour|dock|road)\b",
            r"\b(?:walk|walking|go|going|drive|driving|swim|swimming|wander|"
            r"wandering)\b.{0,30}\b(?:"
            r"and )?(?:not|never) (?:coming|come) back\b",
            r"\b(?:do it|go through with it|end it)\b.{0,40}\bwhen (?:everyone|everybody|the kids|"
            r"nobody|no one|the house)\b|\bgo(?:ing)? through with it\b",
            r"\bwrote a note\b.{0,40}\b(?:leave it|not sure|whether to leave|in case|"
            r"on the table)\b|"
            r"\b(?:easier|simpler|less work) for (?:them|everyone|my family|her|him) after\b",
            r"\b(?:do not|not) (?:plan|planning|intend|expect) (?:on |to )?(?:being|be) (?:here|"
            r"around|alive)\b|\bi will not be (?:there|here|around) (?:for (?:it|her|him|them)|to "
            r"see|to feed|to look after)\b",
            r"\b(?:rang|called|phoned|said|saying) goodbye\b.{0,40}\b(?:did not know|do not know|"
            r"without them knowing|did not realise|last time)\b",
        ),
        subject=True,
    ),
    Concept(
        "self_harm_signs",
        "self-harm",
        "crisis",
        _c(
            r"\b(?:punched|hit|kicked|punch|punching|hitting) (?:the |a )?(?:wall|door|"
            r"mirror)\b.{0,30}"
            r"\b(?:on purpose|until|bled|split|bleed|broke)\b",
            r"\buntil (?:it|they|my \w+|the skin) (?:bled|bleeds|bleed|bruised|bruises|split|"
            r"blistered|broke)\b",
            r"\b(?:\d+|\w+) (?:days|weeks|months|years) clean\b.{0,40}\b(?:relapsed|ruined|broke|"
            r"again)\b|\brelapsed\b.{0,40}\bclean\b",
            r"\b(?:did|do) (?:it|what i always do) with the (?:razor|blade|lighter|compass)\b",
            r"\b(?:thinking about|think about|thought about|tempted by|considering) (?:cutting|"
            r"hurting myself|self harming|burning myself|sh)\b",
            r"\bma(?:de|king|ke) myself (?:sick|throw up|vomit)\b.{0,40}\b(?:punish|deserve|"
            r"every meal|"
            r"after every)\b",
            r"\b(?:cut|cutting|burning|hurting myself|burnt|burned) (?:again|last night|deeper)\b",
            r"\bwant to cut (?:so bad|so badly|really bad|tonight|again)\b|\bblade is in my hand\b",
            r"\b(?:slam|slammed|slamming|shut|trap|trapped) my (?:hand|fingers|arm|head) in the "
            r"(?:door|drawer|car door)\b",
            r"\b(?:dug|digging|dig|pressed|pressing|press|scratched|scratch) my nails into\b",
            r"\b(?:not|do not) eat\b.{0,20}\b(?:feel the pain|feel pain|in control)\b|"
            r"\bbarcode\b.{0,20}"
            r"\b(?:wrist|arm|leg|thigh|again)\b",
            r"\bon purpose\b.{0,40}\b(?:hurt|worse|pain|bleed|injur\w*)\b",
            r"\b(?:keep|kept|been|started|start) (?:hitting|banging|smashing) my head (?:against|"
            r"on|"
            r"into|off)\b|\b(?:restricting|purging|starving) again\b|\bpunishment i (?:have )?"
            r"(?:earned|deserve)\b",
            r"\bbite my (?:hand|arm|lip|fingers|wrist)\b.{0,20}\b(?:hard|until|marks|bleed)\b|\bi "
            r"cut (?:after|before|last night|this morning|again|a little|but only|tonight|today|"
            r"when)\b",
            r"\b(?:long sleeves|hoodie|jumper|bracelets?|watch strap)\b.{0,40}\b(?:see|notice|hide|"
            r"cover) (?:my )?(?:arms|wrists|legs|scars|cuts)\b",
        ),
        subject=True,
    ),
    Concept(
        "life_over",
        "giving up on life",
        "crisis",
        _c(
            r"\b(?:no|not any) (?:wish|desire|will|reason|point) to (?:go on|live|remain|stay|"
            r"carry on|"
            r"continue|keep going|be here|keep living)\b",
            r"\b(?:done|finished) (?:with )?(?:living|this life|with life|trying to live)\b",
            r"\bdo not want to be here without (?:him|her|them)\b",
            r"\bi am done living\b|\bdone trying to live\b",
            r"\b(?:running out of|run out of|no more|no|out of) reasons? (?:to|for) (?:stay|"
            r"staying) "
            r"alive\b|\b(?:running out of|run out of|no more) reasons? to (?:keep going|live|go on|"
            r"stay|carry on|be here|keep living)\b",
            r"\bno way out\b.{0,30}\b(?:except|but|other than)\b.{0,20}\b(?:not being alive|death|"
            r"dying|"
            r"die|dead|ending it|not being here)\b",
            r"\bwhy (?:i |do i |should i |would i )?(?:keep )?(?:bother(?:ing)? to live|"
            r"bother living|"
            r"am still alive|keep living|stay alive)\b|\bwhy i am still alive\b",
            r"\b(?:just |only )?waiting (?:to die|for death|for the end)\b",
            r"\bwant (?:my life|it all|everything|life) to (?:be (?:finished|over)|end)\b",
            r"\bfinish my (?:own )?life\b|\bwant to suicide\b|\bthinking about ending (?:things|"
            r"everything)\b|\bthoughts of ending my own life\b",
            r"\b(?:tired|sick) of (?:surviving|respawning)\b|\bno respawn\b|"
            r"\bend my (?:own )?game\b",
            r"\b(?:quit|dip out of|leave|exit|log off|log out of|check out of|opt out of|"
            r"unsubscribe "
            r"from|rage quit) (?:life|existence|this life|this world|living)\b",
            r"\bvoid\b.{0,30}\b(?:calling|answer|jump|join)\b|\bdelete my (?:whole )?existence\b",
        ),
        subject=True,
    ),
    Concept(
        "reunion_signs",
        "wanting to join someone who died",
        "crisis",
        _c(
            r"\b(?:be|go|going|want to go|be going) (?:to )?where (?:he|she|they|my \w+|\w+) (?:is|"
            r"are|went)\b",
            r"\b(?:want|wants|wanted|wish|ready|waiting|should|supposed|overdue|time|need|longing|"
            r"going|going to|would|thinking about going to) "
            r"(?:to )?(?:go and |go )?(?:be with|join|follow|go to|come to|go home to|meet|find) "
            r"(?:him|her|them|"
            r"my \w+|nana|nan|grandma|grandpa|mum|dad)\b(?! (?:on|for|at|in (?:the|a)|later|"
            r"tomorrow|next|this|to the|and the))",
            r"\b(?:see|hold|hug|be with) (?:him|her|them|my \w+(?: \w+)?) again\b.{0,30}\b(?:soon|"
            r"if i "
            r"die|i do not want to wait|ready|properly|whatever it takes)\b|\b(?:soon|"
            r"if i am dead|if i die|if i "
            r"died)\b.{0,30}\b(?:see|hold|hug|be with) (?:him|her|them|my \w+(?: \w+)?) again\b",
            r"\b(?:waiting|calling) for me\b|\bcalling me to come\b|\bi want to go too\b|"
            r"\bgo too\b",
            r"\bheaven\b.{0,30}\b(?:want to go|go now|take me|i want)\b|\b(?:want|"
            r"wish) to be there "
            r"too\b|\bi will be there soon\b|\bwould follow (?:him|her|them)\b",
            r"\bwith (?:him|her|them) properly\b|\bhalf of me is already with (?:him|her|them)\b",
        ),
        subject=True,
        context=True,
    ),
    Concept(
        "acts_and_decisions",
        "self-harm, a method or a decision",
        "crisis",
        _c(
            r"\b(?:hit|hitting|banged|banging|bashed|bashing|smacked|smashed) my head (?:on|"
            r"against|off|into) (?:the |a |my )?\w+(?: \w+)?\b.{0,30}\buntil\b",
            r"\b(?:press|pressed|pressing|hold|held|holding|put|putting) (?:a |the |my )?(?:hot|"
            r"lit|burning|boiling|heated) \w+ (?:to|on|against|into) my (?:arms?|skin|legs?|"
            r"wrists?|hands?|thighs?|stomach)\b",
            r"\bi cut\s*(?:[.!]|$)",
            r"\b(?:eat|eating|ate|eatin) (?:my |a |the )?(?:gun|bullet|barrel|shotgun|pistol)\b",
            r"\b(?:looked up|look up|looking up|googled|googling|searched|searching|read up on) "
            r"how (?:much|many) (?:\w+ ){0,2}(?:is too (?:much|many)|would (?:kill|be (?:enough|"
            r"fatal|lethal))|it takes|is (?:fatal|lethal|enough)|are (?:fatal|lethal|enough))\b",
            r"\bself ?delet(?:e|es|ed|ing|ion)\b|\bkms{2,}\b",
            r"\bsi\b (?:is )?(?:back|bad|worse|again|today|every day|getting|has been|really)\b",
            r"\b(?:i have |i )?(?:decided|made up my mind)\b.{0,60}\b(?:going to do it|"
            r"i am doing it|i will do it|do it on|do it after|not (?:continue|go on|carry on) "
            r"(?:my|with my))\b",
            r"\bi know (?:when|how|where) i am (?:doing|going to do) it\b",
            r"\b(?:not|never) (?:continue|go on with|carry on with) (?:my|this) life\b",
            r"\b(?:counting|count) the days (?:until|till) i (?:can )?(?:be with|see|join|go to) "
            r"(?:him|her|them)\b",
        ),
        subject=True,
    ),
    Concept(
        "veiled_signs",
        "veiled warning signs",
        "check",
        _c(
            r"\b(?:held|holding|hold|took out|taking out|sat with|sitting with) (?:my |the |a )?"
            r"(?:gun|service weapon|pistol|rifle|shotgun|revolver|firearm)\b(?! (?:licen[cs]e|"
            r"course|range|safety))",
            r"\bif i (slip|fall|crash|go under),? i \1\b",
            r"\bnot (?:sure|certain) i (?:will|would|am going to) be (?:around|here)\b",
            r"\bcan not (?:do|face|take|stand|bear) another (?:\d+|\w+) (?:years?|months?|"
            r"decades?) of (?:this|it|life)\b",
            r"\b(?:can not|stopped being able to|no longer) (?:imagine|picture|see) myself "
            r"(?:at|in|past|reaching|getting to) (?:\d+|thirty|forty|fifty|next year|the future)\b",
            r"\bfound (?:a )?(?:good |new |loving )?homes? for (?:my |the )?(?:dog|dogs|cat|cats|"
            r"pets?|rabbits?|horse|birds?)\b",
            r"\bmy last (?:entry|worksheet|session|message)\b",
            r"\bwant to be wherever (?:he|she|they) (?:is|are)\b",
        ),
        subject=True,
    ),
    Concept(
        "plain_leaving",
        "saying plainly that they will not be around",
        "check",
        _c(
            r"^(?:i )?(?:have )?(?:said|say|saying) (?:all )?my goodbyes[.!]*$|\bsaid (?:all )?my "
            r"goodbyes (?:in my head|quietly|without them knowing|properly now)\b",
            r"\b(?:i am|i will be) checking out\b(?! (?:of|at|from|early|late|on|the|tomorrow|"
            r"today|this|in|by|after|before))",
            r"\bi (?:will|would) not be around (?:after (?:that|then|this|next|christmas|"
            r"my birthday)|much longer|for much longer|anymore|by then|to see)\b",
            r"\b(?:point|reason|worth|future)\b.{0,20}\bsticking around\b|\bsticking around "
            r"for\b|\bnot much point in the rest of (?:it|my life)\b",
            r"\b(?:pray|praying|prayed|hope|hoping|wish|wishing) (?:i |that i )?(?:do not|will not|"
            r"would not|never|not to|not) wake(?: up)?\b",
            r"\bif i (?:died|was dead|were dead|was gone|were gone)\b.{0,30}\b(?:see|be with|"
            r"join|hold|hug|meet) (?:\w+ ){1,2}again\b",
            r"\bwant(?:s|ed)? (?:it all|everything|all of it) to be over\b.{0,25}\b(?:properly|"
            r"for good|forever|permanently|for ever|not just)\b",
        ),
        subject=True,
        negatable=False,
        upgrade=re.compile(r"\b(?:tonight|tomorrow|friday|this weekend|decided|plan|pills|note)\b"),
    ),
)

_QUIET: tuple[Concept, ...] = (
    Concept(
        "clinical_terms",
        "clinical words for suicidal thoughts or self-injury",
        "check",
        _c(
            r"\bpassive (?:si|suicidal ideation|ideation)\b",
            r"\b(?:active|current) (?:si|suicidal ideation)\b",
            r"\b(?:si|suicidal ideation|ideation) (?:with|w) (?:a )?(?:plan|intent|method)\b",
            r"\bnssi\b",
            r"\bself ?injur(?:y|ies|ing|ed|e)\b",
        ),
        subject=True,
        upgrade=re.compile(r"\b(?:active|current|plan|intent|with|method|daily|resumed)\b"),
    ),
    Concept(
        "quiet_wish",
        "a quiet wish not to be alive",
        "check",
        _c(
            r"\b(?:disappoint\w*|gutted|annoyed|angry|upset|sorry|cheated|let down)\b.{0,40}"
            r"\b(?:that )?i (?:woke(?! up (?:late|early))|have woken|had woken|survived|was "
            r"still alive|am still alive|am still here)\b",
            r"\b(?:stopped caring|stop caring|do not care|not bothered|no longer care) (?:whether|"
            r"if) i (?:wake|live|make it to)\b(?!(?: up)? (?:late|early|on time|in time))",
            r"\bwhat am i (?:even |actually |still |really )?(?:living|staying alive|staying|"
            r"alive|hanging on|holding on) for\b",
            r"\b(?:reason|point|sense)s? (?:to|in|of) (?:continue|continuing|carry on|carrying "
            r"on|go on|going on|keep going|keep on) (?:living|with (?:my )?life|being alive)\b",
            r"\b(?:reason|point|sense)s? (?:to|in|of) (?:stay|staying) alive\b",
            r"\b(?:like|want|wish|prefer|rather) (?:to )?not (?:be|exist)\s*(?:$|[,.!;]|for a "
            r"while|for ever|forever|for good|anymore|any more|at all)",
            r"\b(?:prospect|idea|thought) of (?:simply |just )?ceas(?:e|ing)\b|\bwant to "
            r"(?:just |simply )?cease\b",
            r"\bbe gone gone\b",
            r"\bthink (?:about|of) (?:die|dying|being dead|death) (?:a lot|all the time|every "
            r"day|often|constantly)\b",
            r"\bif i (?:were|was) no longer (?:here|around|alive|in the picture)\b",
            r"\b(?:fine|okay|ok|better|easier|good|a relief) if i (?:just )?(?:never (?:arrived|"
            r"got home|made it|woke up|came back|came home|got there)|did not (?:make it|wake "
            r"up|come home|come back|arrive))\b",
            r"\bby my own hand\b",
            r"\b(?:do not|not sure i|do not know if i) (?:think i )?(?:will|would) be (?:about|"
            r"around|here) (?:much )?(?:longer|for long|next year|by then)\b",
            r"\bbelong (?:with|there with) (?:them|him|her)\b.{0,12}\bnot (?:here|with you)\b",
            r"\bforgive me for what (?:is|comes|i am about to do|i am going to do|i do)\b",
            r"\btold (?:him|her|them) to keep (?:it|them) (?:forever|for ever|for good|always)\b",
            r"\b(?:once|when|after) (?:my )?\w+ (?:passes|dies|goes|is gone|has gone)\b.{0,25}"
            r"\bi am going (?:too|as well|with (?:her|him|them))\b",
            r"\brespawn (?:irl|in real life)\b|\bdelete (?:the|my) save (?:file)?\b|\bgg no re\b",
        ),
        subject=True,
        upgrade=re.compile(r"\b(?:tonight|tomorrow|decided|plan|pills|tablets|note|by my own)\b"),
    ),
    Concept(
        "no_reason_left",
        "no reason left to go on living",
        "check",
        _c(
            r"\b(?:no|not (?:a|one|any|a single)|can not (?:find|see|think of) (?:a|one|any|a "
            r"single)|(?:no longer|do not) (?:identify|find|see|have) (?:a|one|any|a single)|"
            r"without (?:a|any)) (?:\w+ )?(?:reason|point)s? (?:to|in|for) (?:continue|"
            r"continuing|carry on|carrying on|go on|going on|keep going|keep on|keep|stay) "
            r"(?:living|with (?:my )?life|being alive|alive)\b",
        ),
        subject=True,
        negatable=False,
    ),
    Concept(
        "quiet_means",
        "thinking about a means or a place",
        "check",
        _c(
            r"\b(?:how much|how many|which) (?:of (?:the|my) )?(?:\w+ ){0,3}(?:"
            + _PILLS[3:-1]
            + r"|drugs)\b(?: \w+){0,5} would do it\b",
            r"\b(?:identified|chosen|picked|worked out|sorted|found) (?:the )?means\b|\bthe "
            r"means and the (?:location|place|time)\b",
            r"\bwhat height would (?:someone|you|a person|i|one) need\b",
            r"\b(?:train|trains|freight|express)\b.{0,60}\btimed (?:it|them)\b",
            r"\b(?:gun|shotgun|rifle|pistol|rope|pills|tablets|bridge|ledge|knife|blade)\b.{0,60}"
            r"\bfor (?:other|different) reasons\b",
            r"\b(?:putting|put|keeping|kept|setting|set|saving|saved|hiding|hid|stashing|"
            r"stashed) (?:\w+ ){0,4}" + _PILLS + r" (?:aside|back|by|away)\b",
            r"\b" + _PILLS + r"\b.{0,80}\bnot for the pain\b",
            r"\bdo it to myself\b",
            r"\brehom(?:ed|ing) (?:my |the |our )?(?:dog|dogs|cat|cats|pets?|rabbits?|horse|"
            r"birds?)\b(?!.{0,30}\b(?:allerg\w*|landlord|baby|moving|move|flat)\b)",
        ),
        subject=True,
        upgrade=re.compile(r"\b(?:tonight|exactly|decided|plan|counted|enough)\b"),
    ),
    Concept(
        "quiet_harm",
        "hurting themselves on purpose",
        "crisis",
        _c(
            r"\b(?:press|pressed|pressing|pick|picked|picking|dig|digging|dug|reopen\w*) (?:at |on "
            r"|into )?(?:the |my |an )?(?:old |new )?(?:wound|burn|cut|scab|scar|stitches)s?\b"
            r".{0,40}\b(?:until|till|so it (?:does not|will not|can not) heal|bleed|bled|cried|"
            r"hurt)\b",
            r"\bpunch(?:ed|ing)? (?:the )?walls?\b.{0,30}\b(?:until|till)\b.{0,25}\b(?:bleed|"
            r"bled|split|broke|bruised)\b",
        ),
        subject=True,
    ),
    Concept(
        "hoping_for_harm",
        "hoping something or someone ends their life",
        "check",
        _c(
            r"\bhop(?:e|ed|ing) (?:for )?the worst(?: outcome| result| happens)?\b",
            r"\bhop(?:e|ed|ing) (?:someone|somebody|something|a car|a lorry|they|he|one of "
            r"them)\b.{0,40}\bfinish(?:es|ed)? (?:me|it)\b",
            r"\bnearly (?:hit|got|killed|ran over|took) me\b.{0,40}\b(?:disappoint\w*|gutted|"
            r"shame|wish (?:it|they|he|she) had)\b",
            r"\b(?:asked|ask) (?:\w+ ){1,3}(?:if|whether) (?:he|she|they|you) (?:would|will) "
            r"(?:shoot|kill|end) me\b",
        ),
        subject=False,
    ),
)

CONCEPTS = _CORE + _MORE + _QUIET

# Clause-level context.
STANCE = re.compile(
    r"^ ?(?:so |just |honestly |and |then )?(?:going to|planning to|about to|ready to|want to)\b|"
    r"\b(?:thinking about|considering|tempted)\b|"
    r"\b(?:i|i am|i have|i was|me|my|myself)\b[^.!?]{0,50}\b(?:thinking|think|thought|"
    r"considering|want|wanted|wanting|wish|plan|planning|planned|feel|feeling|going to|will|"
    r"might|could|attempt|attempted|tried|try|trying|option|answer|mind|head|urges?|urge|"
    r"tempted|keep|kept|ready|need|decided|deserve|hope|pray|take|took|taking|do it|did it|"
    r"again|tonight|just)\b|\b(?:again|tonight|tomorrow|right now|i want to|urges?)\b"
)
TOPIC_CONTEXT = re.compile(
    r"\b(?:studied|study|studies|studying|research|researching|researcher|paper|essay|"
    r"dissertation|thesis|lecture|seminar|course|class|module|training|prevention|awareness|"
    r"statistics|rates?|hotline|charity|volunteer|nurse|nursing|doctor|gp|clinic|clinical|"
    r"patients?|screen|screening|documentary|film|movie|novel|book|story|chapter|character|"
    r"podcast|article|news|song|lyrics|poem|play|show|series|episode|game|counsellor|"
    r"counselor|survivors?|history|questions?|questionnaire|adolescents|teenagers|students|"
    r"leaflet|policy|policies|guidelines|report|presentation|campaign|fundrais\w*|"
    r"awareness|ward|shift|pharmacology|exam|colleague|client|clients|helpline|"
    r"risk assessment|case)\b"
)
OWN_WISH = re.compile(
    r"\b(?:i|i am|i have|me|my)\b[^.!?]{0,40}\b(?:thinking about (?:it|doing|ending|killing|"
    r"suicide|dying|overdos\w+)|considering|want|plan|planning|going to|attempt|attempted|tried|"
    r"option|answer|urges?|tempted|can not stop thinking)\b(?! (?:about|of) (?:my|the|our|"
    r"this|that|a) (?:patients?|clients?|students?|essay|paper|course|module|shift|"
    r"presentation|lecture|exam))|\bi am suicidal\b|\bfeeling suicidal\b|\bfeel suicidal\b"
)
PAST = re.compile(
    r"\b(?:(?:\w+ )?(?:years?|months?|winters?|summers?|springs?) ago|last spring|last summer|"
    r"last winter|in my teens|in sixth form|in the (?:nineties|eighties|seventies)|there was a "
    r"time|before (?:treatment|i came out|the meds|therapy|i got help)|that period|that time|"
    r"back when|old journals?|old diary|when i first|after the diagnosis|the year i|"
    r"years? ago|months ago|in the past|used to|last year|years back|since starting|"
    r"since (?:i|then|the)|back when|at \d\d|old (?:diary|journal)|"
    r"when i was (?:a |in |younger|\d+|about|"
    r"only|little|a kid|at)|as a (?:teen|teenager|kid|child|student)|back in|back then|"
    r"in (?:19|20)\d\d|in (?:high )?school|in college|at uni|at university|decades? ago|"
    r"long ago|a long time ago|i once|once i (?:was|had|tried|wanted|thought|felt)|(?:my )?"
    r"(?:teens|twenties|thirties)|last (?:decade)|"
    r"at (?:\d\d|fifteen|sixteen|fourteen|thirteen|seventeen)|(?:my )?first (?:year|months?|"
    r"winter)|(?:during|after) the war|at my (?:worst|lowest)|(?:a )?few years back|"
    r"(?:first|early) (?:weeks|days) (?:inside|in)|when my \w+ (?:ended|died|left|broke up)|"
    r"after the (?:divorce|redundancy|diagnosis|breakup|break up|accident|birth|loss)|that "
    r"(?:dark )?(?:patch|spell|phase|stretch|winter|summer|year)|a (?:dark )?spell|from when i was|"
    r"journal from|diary from|old thought|old thoughts|my first (?:worksheet|session|thought "
    r"record)|that was (?:19|20)\d\d|from (?:19|20)\d\d|\d+ (?:years?|months?) (?:free|clean)|"
    r"long time ago|the days (?:when )?i|i would have said|before (?:the|my) new|years gone|"
    r"(?:came home|got back|back) from (?:my )?(?:\w+ )?(?:tour|deployment)|a bad (?:patch|spell)|"
    r"in a bad way after|when (?:the|my) (?:first )?\w+ (?:failed|closed|went under|collapsed))\b"
)
RECOVERED = re.compile(
    r"\b(?:doing (?:really |much |so |a lot )?(?:well|better|ok|okay|fine|good)|much better|"
    r"recovered|recovery|good (?:place|life)|have not (?:in|since|for)|not (?:since|for "
    r"years|anymore|any more)|well for years|proud|therapy helped|helped me|got help|"
    r"i am (?:ok|okay|fine|happy|good|well|safe|stable|grateful|glad) now|happy now|"
    r"(?:so )?glad (?:i|to be)|grateful|safe now|over it|behind me|past now|those days are|"
    r"clean for|free (?:of|from) (?:it|that)|long gone|no longer|a different person|survived|"
    r"thankfully|things are better|life is good|i am still here|came through|got through|"
    r"(?:have )?stopped (?:cutting|self harming|hurting myself|wanting (?:to die|that)|feeling "
    r"like that|thinking like that|doing (?:it|that))|do not do that|"
    r"not (?:her|him|that person) anymore|saved me|\d+ (?:yrs|years|"
    r"months) (?:free|clean|on)|(?:years|months) (?:free|clean)|remission|love (?:it|my life|"
    r"being alive)|like my life|faded|gone now|are gone|is gone|is over|was over|far away|these "
    r"days|i am \d+ now|now i (?:am|have|run|work|volunteer|love|like|go|buy|teach)|celebrated|"
    r"volunteer|doing great|time is over|not looked back|free from|sober|have not done it|"
    r"pulled me through|got me through|how far i have come|went away|looking forward|enjoyed|"
    r"depression talking|i found (?:a few|some|reasons?|one)|now i (?!want|wish|think about|"
    r"have decided|have a plan|am going to|am planning|am ready|can not|do not (?:want|see|care))"
    r"\w+|(?:today|this (?:spring|summer|autumn|winter|year|week|month)) i (?!want|wish|"
    r"decided|have decided|am going to|can not|do not)\w+|"
    r"do not get the urges|not that (?:man|woman|girl|boy|person)|that passed|it lifted|"
    r"different place|different life|changed that|glad i stayed|have not felt that|care a lot|"
    r"happy to be alive|i can get through|got through|eating regularly|eat three meals|"
    r"grounding|works now|it works|did not even think about it|not believe that anymore|"
    r"shown me otherwise|planning my|a lot to live for|lot to live for|thankful|"
    r"(?:does|do|did|it will|it can|things) get better|gets better|fixed (?:it|that|them)|"
    r"(?:thoughts|feelings|urges|that feeling) (?:went|left|stopped|faded|disappeared|eased)|"
    r"have not felt (?:like )?(?:that|this)|not feel (?:like )?(?:that|this) anymore|"
    r"quiet in my head|i am \d+ (?:and|now)|i am safe|i am out now|glad (?:they|i) did|"
    r"not feel (?:like )?(?:that|this) way|into (?:my )?recovery|my own (?:flat|place|home)|"
    r"(?:mostly|pretty much|largely) (?:ok|okay|fine|well|good)|weight restored|restored now|"
    r"i am grand|and i am (?:well|ok|okay|fine|happy|good)|changed everything|(?:therapy|"
    r"treatment|medication|the meds|counselling|it) (?:worked|helped)|(?:\w+|\d+) (?:years?|"
    r"months?) clear|since the last (?:one|time|episode)|(?:barely|do not|hardly) recogni[sz]e "
    r"(?:that|the) (?:person|man|woman|girl|boy))\b"
)
PRESENT = re.compile(
    r"\b(?:(?:thinking|think|feel|feeling|felt|want|wanting|wish|urges?|thoughts?|happening|"
    r"started|starting|creeping|coming|planning|doing it|cutting|cut|hurting|it is|they are|"
    r"here|back) (?:\w+ ){0,3}again|lately|recently|tonight|right now|still (?:want|think|feel|"
    r"wish|have (?:the )?urges?)|urges? (?:are|is|came|coming|keep)|(?:thoughts?|urges?|"
    r"feelings?|it|they|the voices?) (?:are|is|came|come|coming) back|relapse|relapsed|starting "
    r"to|want to (?:do it|try)|scared i will|miss it|thinking about it again|i would still|"
    r"still (?:would|do|feel|think)|going to end it|going to do it|nothing left to live for|"
    r"(?:i have|there is|got) nothing (?:left )?to live for)\b"
)
IDIOMS = re.compile(
    r"\b(?:shoot(?:ing)? myself in the foot|shot myself in the foot|drowning in (?:work|"
    r"paperwork|emails?|admin|marking|laundry|debt|bills)|hang(?:ing)? in there|killing it|"
    r"dying to (?:see|try|know|meet|go|get|hear|tell)|to die for|would kill for (?:a|an|some)|"
    r"could murder (?:a|an|some)|dead (?:tired|on my feet|battery|phone|end job)|bored to death|"
    r"scared to death|sick to death|laughed my head off|killing time)\b"
)
"""Figures of speech built from risk words: a match inside one is a decision that the model's
vote alone does not overturn."""
FICTION = re.compile(
    r"\b(?:in (?:the|this|that|a) (?:\w+ )?(?:game|film|movie|book|novel|play|show|series|level|"
    r"episode|story|song|dream)|minecraft|fortnite|respawn|grenade|my character|the "
    r"character|the villain|the hero|the main character|the song|lyrics|npc|boss fight|"
    r"on the radio|from the radio|(?<!like )a song|song stuck|"
    r"about (?:a|an|the) (?:man|woman|girl|boy|person|guy|teen|kid)s? who)\b"
)
ACCIDENT = re.compile(
    r"\b(?:by accident|accidentally|accidental|shaving|cooking|on the (?:oven|stove|iron|"
    r"pan|kettle|hob|grill|door|fence|corner|table|cupboard|radiator|toaster|barbecue|"
    r"bbq|stairs|edge|glass|nail)|with the (?:iron|kettle|pan|knife while|tongs)|at the "
    r"gym|playing|lifting|chopping|slipped|tripped|fell|in the kitchen|gardening|working "
    r"out|by mistake|clumsy|on a (?:fence|nail|branch|tin|can|glass)|paper cut|sunburn|"
    r"hair straighteners|curling iron|(?:making|made) (?:dinner|tea|toast)|football|"
    r"rugby|training|bike|skate|climbing)\b"
)
ON_PURPOSE = re.compile(
    r"\b(?:not an accident|was not an accident|on purpose|deliberately|intentionally|again|"
    r"to feel|so (?:that )?i|until|because "
    r"i deserve|when i am (?:angry|upset|sad|stressed|overwhelmed)|urges?|want to|need to|"
    r"relapse|to punish|to cope|to calm)\b"
)
DEATH_WORDS = re.compile(
    r"\b(?:die|dying|dead|death|suicid\w*|kill myself|end it|end my life|gone|not be here|"
    r"goodbye|funeral|pills|tablets|overdose|rope|bridge|jump|over|end things|final|never "
    r"wake|not wake|grave|heaven|passed|lost|buried|ashes|late|miss (?:him|her|them)|"
    r"alive|living|live|no more pain|peace|at rest|cemetery|memorial|died|dies|passed|killed|"
    r"ground|wherever (?:he|she|they) (?:is|are)|miss my|lost (?:him|her|them|my)|"
    r"suffering anymore|"
    r"only lived|stillborn|miscarr\w*|been gone|late (?:husband|wife|son|daughter|mum|dad)|"
    r"photo|photograph|widow\w*|urn|carry on alone|go on alone|here without (?:him|her|them)|"
    r"afterlife|went first|gone first|not on this earth|no longer (?:on this earth|with us)|"
    r"(?:went|gone) home to (?:the lord|god|jesus|glory)|with the lord|in heaven|passed on)\b"
)
NEGATORS = re.compile(
    r"\b(?:not|never|no|nor|without|hardly|nothing like|no way|nowhere near|refuse to|stopped|"
    r"zero|0|none)\b"
)
SELF_WORDS = frozenset({"i", "me", "myself", "mine"})
POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "the", "a", "an", "this", "that"})
SELF_NOUNS = frozenset(
    {"life", "head", "mind", "brain", "heart", "body", "thoughts", "own", "self", "part", "voice"}
)
SCREENING = re.compile(
    r"\b(?:ask(?:ed|s)? (?:me )?(?:if|whether|about)|questionnaire|question "
    r"(?:about|asked|on)|screening|form asked|phq|the gp asked|the doctor asked|they asked)\b"
)
SCREENING_YES = re.compile(r"\b(?:answer(?:ed)? (?:was |is )?yes|said yes|put yes|ticked yes)\b")
SPEECH = re.compile(
    r"\b(?:said|says|say|saying|wrote|writes|told|tells|texted|posted|asked|screamed|shouted|"
    r"overheard|heard)\b"
)
OTHER_WORDS = frozenset(
    {
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "his",
        "their",
        "hers",
        "you",
        "your",
        "it",
        "we",
        "us",
        "our",
        "someone",
        "somebody",
        "everyone",
        "people",
        "character",
        "patient",
        "patients",
        "clients",
        "grandmother",
        "lady",
        "resident",
        "residents",
        "grandfather",
        "client",
        "friend",
        "mum",
        "dad",
        "brother",
        "sister",
        "son",
        "daughter",
        "husband",
        "wife",
        "partner",
        "boyfriend",
        "girlfriend",
        "grandma",
        "grandad",
        "nan",
        "gran",
        "uncle",
        "aunt",
        "cousin",
        "eldest",
        "youngest",
        "flatmate",
        "roommate",
        "housemate",
        "mate",
        "classmate",
        "coworker",
        "student",
        "students",
        "pupil",
        "teacher",
        "man",
        "nurse",
        "doctor",
        "guy",
        "lad",
        "kids",
        "children",
        "gf",
        "bf",
        "bestie",
        "coach",
        "sis",
        "bro",
        "neighbour",
        "colleague",
        "boss",
        "cat",
        "dog",
        "plant",
        "plants",
        "woman",
        "girl",
        "boy",
        "kid",
        "child",
        "baby",
    }
)

__all__ = [
    "ACCIDENT",
    "CONCEPTS",
    "DEATH_WORDS",
    "FICTION",
    "NEGATORS",
    "ON_PURPOSE",
    "OTHER_WORDS",
    "OWN_WISH",
    "PAST",
    "PRESENT",
    "RECOVERED",
    "SELF_WORDS",
    "STANCE",
    "TOPIC_CONTEXT",
    "Concept",
    "Tier",
]
