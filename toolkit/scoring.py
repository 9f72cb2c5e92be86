"""Exact scoring of standard measures, from the rules declared in ``exercises/measures/*.yaml``.

Every rule (which items are summed, multipliers, bands, cut-offs, alerts, reliable-change
parameters, how many blanks are tolerated) is data in the measure's file; this module only
applies it. All functions are pure: answers in, frozen result out.

>>> from toolkit.scoring import score, reliable_change, iapt_outcome
>>> r = score("phq9", [0, 1, 2, 3, 0, 1, 2, 0, 1])
>>> r.total, r.band, r.alerts
(10, 'moderate', ('phq9_item9',))
>>> reliable_change("phq9", before=18, after=9)
'improved'
>>> o = iapt_outcome(phq9=(16, 7), gad7=(12, 5))
>>> o.recovery, o.reliable_recovery
(True, True)

References
----------
Kroenke K, Spitzer RL, Williams JBW (2001). The PHQ-9. J Gen Intern Med 16:606–613.
Spitzer RL et al. (2006). The GAD-7. Arch Intern Med 166:1092–1097.
Jacobson NS, Truax P (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. J Consult Clin Psychol 59(1):12–19.
NHS England. NHS Talking Therapies for anxiety and depression Manual (caseness, recovery and
reliable change).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, get_args

from toolkit.exercises import Questionnaire, catalog, load_exercise

if TYPE_CHECKING:
    from toolkit.exercises.questionnaire import Band, Item, ReliableChange, Scoring

__all__ = [
    "Answers",
    "ChangeLabel",
    "MissingAnswersError",
    "Score",
    "ScoringError",
    "SubscaleScore",
    "TalkingTherapiesOutcome",
    "UnknownMeasureError",
    "answers_by_id",
    "iapt_outcome",
    "measure_spec",
    "reliable_change",
    "reliable_change_index",
    "score",
]

ChangeLabel = Literal["improved", "deteriorated", "no reliable change"]
"""What :func:`reliable_change` returns."""

Sex = Literal["male", "female"]

Answers = Sequence[int | None] | Mapping[str, int | None]
"""Answers in item order (``None`` for a blank), or by item id."""

RCI_CRITICAL = Fraction("1.96")
"""Jacobson & Truax (1991): a change is reliable when |RCI| exceeds 1.96 (p < .05)."""


class ScoringError(ValueError):
    """Answers or arguments that cannot be scored; the message says what to fix."""


class MissingAnswersError(ScoringError):
    """More answers are blank than the measure's own rules allow."""


class UnknownMeasureError(KeyError):
    """No questionnaire file declares this measure id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class SubscaleScore:
    """The score of one subscale (e.g. DASS-21 depression), after its multiplier."""

    id: str
    title: str
    total: int
    min_total: int
    max_total: int
    band: str | None
    result_text: str


@dataclass(frozen=True, slots=True)
class Score:
    """The result of :func:`score`.

    Attributes
    ----------
    measure : str
        The measure id, e.g. ``"phq9"``.
    total : int
        The total after the multiplier (and prorating, where the measure allows blanks).
    min_total, max_total : int
        The range the total can take.
    band : str or None
        The lower-case label of the total's band; ``None`` for measures without total bands.
    severity_text : str
        Plain, non-alarming words about the result, for the client.
    alerts : tuple of str
        Ids of risk alerts raised, e.g. ``("phq9_item9",)``.
    subscales : mapping of str to SubscaleScore
        Subscale results by id; empty for measures without subscales.
    percent : int or None
        The total on a 0–100 scale, for measures that define one (WHO-5: raw × 4).
    positive : bool or None
        Whether the total is at the screening cut-off; ``None`` without a cut-off, or when a
        sex-specific cut-off (AUDIT-C) was not given ``sex``.
    case : bool or None
        At or above the NHS Talking Therapies caseness threshold; ``None`` if none is declared.
    answered : int
        How many scored items were answered.
    prorated : int
        How many blank scored items were filled by prorating (0 unless the measure file declares
        a cited prorating rule); truthy exactly when the total was prorated.
    prorated_items : tuple of str
        The ids of the blank scored items that prorating filled, in item order. A stored or
        exported score names them, so a prorated total is never mistaken for a complete one.
    item_scores : mapping of str to int or None
        The scored value of each scored item (after reversing), ``None`` where left blank.
    extra_answers : mapping of str to int or None
        Answers to unscored items (PHQ-9's difficulty question), kept for the record.
    skipped : tuple of str
        Items not asked because of an earlier answer (AUDIT-C "Never") and left blank; each
        scores 0.
    item_rule : bool
        Whether the item-level screening rule fired (WHO-5: an item answered 0 or 1); it makes
        ``positive`` true whatever the total.
    """

    measure: str
    total: int
    min_total: int
    max_total: int
    band: str | None
    severity_text: str
    alerts: tuple[str, ...]
    subscales: Mapping[str, SubscaleScore]
    percent: int | None
    positive: bool | None
    case: bool | None
    answered: int
    prorated: int
    item_scores: Mapping[str, int | None]
    extra_answers: Mapping[str, int | None]
    skipped: tuple[str, ...] = ()
    item_rule: bool = False
    prorated_items: tuple[str, ...] = ()


RISK_RESULT_TEXT = (
    "One of your answers is about your safety, and that matters more than the total score. "
    "Please talk it through with your therapist soon."
)
"""Result words used while a risk alert is raised, when the measure file gives none of its own."""

OutcomeStatus = Literal["yes", "no", "not applicable"]
"""How a recovery outcome reads: *not applicable* for a client who was not a case at the start."""


@dataclass(frozen=True, slots=True)
class TalkingTherapiesOutcome:
    """NHS Talking Therapies outcome of a course of treatment (see :func:`iapt_outcome`).

    ``recovery`` and ``reliable_recovery`` are ``False`` for a client who was not a case at the
    start; :attr:`recovery_status` and :attr:`reliable_recovery_status` say *not applicable*
    then, as the NHS Talking Therapies Manual counts recovery only for cases. ``anxiety`` is the
    anxiety measure paired with PHQ-9 (``"gad7"`` unless a problem-specific measure was used).
    """

    case_at_start: bool
    recovery: bool
    reliable_improvement: bool
    reliable_recovery: bool
    reliable_deterioration: bool
    phq9_change: ChangeLabel
    gad7_change: ChangeLabel
    anxiety: str = "gad7"

    @property
    def recovery_status(self) -> OutcomeStatus:
        """``"yes"``, ``"no"``, or ``"not applicable"`` (not a case at the start)."""
        if not self.case_at_start:
            return "not applicable"
        return "yes" if self.recovery else "no"

    @property
    def reliable_recovery_status(self) -> OutcomeStatus:
        """``"yes"``, ``"no"``, or ``"not applicable"`` (not a case at the start)."""
        if not self.case_at_start:
            return "not applicable"
        return "yes" if self.reliable_recovery else "no"

    @property
    def anxiety_change(self) -> ChangeLabel:
        """The reliable change on the paired anxiety measure (``gad7_change`` by name)."""
        return self.gad7_change


def measure_spec(measure: str) -> Questionnaire:
    """The scored questionnaire declared in ``exercises/measures/<measure>.yaml``.

    Raises
    ------
    UnknownMeasureError
        If no questionnaire has this id (the message lists the ids there are).
    ScoringError
        If the questionnaire declares no ``scoring``.
    """
    try:
        spec = load_exercise(measure)
    except KeyError:
        spec = None
    if not isinstance(spec, Questionnaire):
        known = sorted(key for key, value in catalog().items() if isinstance(value, Questionnaire))
        raise UnknownMeasureError(
            f"unknown measure {measure!r}; the measures are: {', '.join(known)}"
        ) from None
    _scoring_of(spec)
    return spec


def _scoring_of(spec: Questionnaire) -> Scoring:
    if spec.scoring is None:
        raise ScoringError(f"{spec.id}: this questionnaire declares no scoring rule")
    return spec.scoring


def _whole_number(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ScoringError(f"{what} must be a whole number, got {value!r}")
    return int(value)


def answers_by_id(measure: str | Questionnaire, answers: Answers) -> dict[str, int | None]:
    """Match answers to a questionnaire's items, checking ids, lengths and values.

    ``answers`` takes the forms :func:`score` accepts (a list of the scored items, or of every
    item, or a mapping). The result has every item id, ``None`` where left blank: the form a
    submission is stored in.

    Raises
    ------
    ScoringError
        An unknown item id, a wrong number of answers or a value that is not an option.

    Examples
    --------
    >>> answers_by_id("gad2", [1, 3])
    {'item1': 1, 'item2': 3}
    """
    spec = measure_spec(measure) if isinstance(measure, str) else measure
    scored = spec.scored_items
    if isinstance(answers, Mapping):
        known = {item.id for item in spec.items}
        unknown = sorted(str(key) for key in answers if key not in known)
        if unknown:
            raise ScoringError(
                f"{spec.id}: unknown item ids {unknown}; the items are "
                f"{', '.join(item.id for item in spec.items)}"
            )
        raw: dict[str, object] = {item.id: answers.get(item.id) for item in spec.items}
    elif isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ScoringError(
            f"{spec.id}: answers must be a list of numbers or a mapping of item id to number, "
            f"got {type(answers).__name__}"
        )
    elif len(answers) == len(scored):
        raw = {item.id: answers[index] for index, item in enumerate(scored)}
    elif len(answers) == len(spec.items):
        raw = {item.id: answers[index] for index, item in enumerate(spec.items)}
    else:
        extra = len(spec.items) - len(scored)
        also = f", or {len(spec.items)} including the unscored item(s)" if extra else ""
        raise ScoringError(
            f"{spec.id}: expected {len(scored)} answers (one per scored item, "
            f"{scored[0].id}…{scored[-1].id}){also}; got {len(answers)}"
        )
    checked: dict[str, int | None] = {}
    for item in spec.items:
        value = raw.get(item.id)
        if value is None:
            checked[item.id] = None
            continue
        number = _whole_number(value, f"{spec.id} {item.id}")
        allowed = [option.value for option in spec.options_for(item)]
        if number not in allowed:
            raise ScoringError(
                f"{spec.id} {item.id}: answer {number} is not one of "
                f"{', '.join(str(choice) for choice in allowed)}"
            )
        checked[item.id] = number
    return checked


def _scored_value(spec: Questionnaire, item: Item, answer: int | None) -> int | None:
    if answer is None or not item.reverse:
        return answer
    low, high = spec.item_range(item)
    return low + high - answer


def _sum(items: Sequence[Item], values: Mapping[str, int | None]) -> tuple[int, int]:
    """Sum of ``items``, prorating blank required items; returns (sum, number prorated).

    Prorating replaces each blank with the mean of the answered required items, i.e. the
    answered sum is scaled to the full number of items; the result is rounded half up.
    """
    optional = sum(values[item.id] or 0 for item in items if item.optional)
    required = [values[item.id] for item in items if not item.optional]
    known = [value for value in required if value is not None]
    blank = len(required) - len(known)
    if blank and not known:
        raise MissingAnswersError("every required item of a scale is blank")
    filled = Fraction(sum(known) * blank, len(known)) if blank else Fraction(0)
    return sum(known) + math.floor(filled + Fraction(1, 2)) + optional, blank


def _band_of(bands: Sequence[Band], total: int) -> Band | None:
    for band in bands:
        if band.min <= total <= band.max:
            return band
    return None


def _item_rule(spec: Questionnaire, values: Mapping[str, int | None]) -> bool:
    """Whether any answered scored item is at or below the cut-off's ``any_item_max``."""
    limit = spec.cutoff.any_item_max if spec.cutoff is not None else None
    if limit is None:
        return False
    return any(value is not None and value <= limit for value in values.values())


def _positive(spec: Questionnaire, total: int, sex: str | None, cutoff: int | None) -> bool | None:
    rule = spec.cutoff
    if rule is None:
        if cutoff is not None:
            raise ScoringError(f"{spec.id}: declares no cut-off, so `cutoff` cannot be changed")
        return None
    if rule.by_sex is not None:
        if cutoff is not None:
            raise ScoringError(f"{spec.id}: the cut-off depends on sex; pass `sex` instead")
        if sex is None:
            return None
        return total >= (rule.by_sex.male if sex == "male" else rule.by_sex.female)
    if cutoff is not None:
        low, high = spec.total_range()
        if not low <= cutoff <= high:
            raise ScoringError(f"{spec.id}: cutoff {cutoff} is outside the range {low}–{high}")
    if rule.min is not None:
        return total >= (rule.min if cutoff is None else cutoff)
    if rule.max is not None:
        return total <= (rule.max if cutoff is None else cutoff)
    return None


def _severity_text(
    spec: Questionnaire,
    total: int,
    band: Band | None,
    positive: bool | None,
    subscales: Mapping[str, SubscaleScore],
    *,
    risk_texts: Sequence[str] = (),
    item_rule: bool = False,
) -> str:
    if risk_texts:
        return risk_texts[0] or RISK_RESULT_TEXT
    text = _total_text(spec, total, band, positive, subscales)
    if item_rule and spec.cutoff is not None and spec.cutoff.any_item_text:
        return f"{text} {spec.cutoff.any_item_text}".strip()
    return text


def _total_text(
    spec: Questionnaire,
    total: int,
    band: Band | None,
    positive: bool | None,
    subscales: Mapping[str, SubscaleScore],
) -> str:
    if band is not None and band.result_text:
        return band.result_text
    if spec.cutoff is not None and positive is not None:
        return spec.cutoff.positive_text if positive else spec.cutoff.negative_text
    low, high = spec.total_range()
    if spec.cutoff is not None and spec.cutoff.by_sex is not None:
        cut = spec.cutoff.by_sex
        return (
            f"Your score is {total} (range {low}–{high}). The level that suggests a closer look "
            f"is {cut.male} or more for men and {cut.female} or more for women."
        )
    if subscales:
        return "Your results are shown for each scale separately."
    return f"Your score is {total} (range {low}–{high})."


def score(
    measure: str,
    answers: Answers,
    *,
    sex: Sex | None = None,
    cutoff: int | None = None,
) -> Score:
    """Score one completed questionnaire by the rules in its measure file.

    The total is the sum of the scored items (reversed where an item says so) times the
    measure's multiplier; subscales likewise with their own multipliers. Bands, cut-offs,
    caseness and alerts are read from the file. Rules follow each measure's publication, cited
    in the file's ``sources`` (e.g. PHQ-9: Kroenke, Spitzer & Williams 2001; DASS-21:
    Lovibond & Lovibond 1995; WHO-5: Topp et al. 2015).

    Missing answers follow the file's ``scoring.missing`` rule. A measure may tolerate blanks
    only where its file cites a published prorating rule (``allowed`` > 0 with a ``source``);
    the blanks are then filled from the mean of the answered items and the result says so
    (``prorated``, ``prorated_items``). No shipped measure file cites such a rule today (see
    ``docs/measures.md``), so a blank scored item is refused. An item that carries a safety
    alert (PHQ-9 item 9) is never prorated and never read as 0: left blank, it raises
    :class:`MissingAnswersError` whatever the rule, so no total, band or "no alert" exists
    until it is answered.

    Parameters
    ----------
    measure : str
        A measure id such as ``"phq9"``.
    answers : sequence or mapping
        One answer per scored item, in order (a list may also include the unscored items, in
        file order), or a mapping ``{item_id: value}``. ``None`` or an absent key is a blank.
    sex : {"male", "female"}, optional
        Needed by sex-specific cut-offs (AUDIT-C: ≥ 4 men, ≥ 3 women); without it
        ``positive`` is ``None`` for such measures.
    cutoff : int, optional
        Replaces the measure's screening cut-off (e.g. PCL-5 31 instead of 33).

    Returns
    -------
    Score
        A frozen result.

    Raises
    ------
    UnknownMeasureError
        For an unknown measure id (a ``KeyError``).
    ScoringError
        For a wrong number of answers, an answer outside the item's options, an unknown item
        id, a blank safety-alert item, or a bad ``sex``/``cutoff`` (a ``ValueError``).
    MissingAnswersError
        When more answers are blank than the measure allows (a ``ScoringError``).

    Examples
    --------
    >>> score("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0]).band
    'mild'
    >>> r = score("dass21", [1] * 21)
    >>> r.subscales["depression"].total, r.subscales["depression"].band
    (14, 'moderate')
    >>> w = score("who5", [3, 2, 2, 2, 3])
    >>> w.total, w.percent, w.positive
    (12, 48, True)
    >>> score("auditc", [1, 1, 1], sex="female").positive
    True
    >>> score("auditc", [1, 1, 1], sex="male").positive
    False
    """
    spec = measure_spec(measure)
    rules = _scoring_of(spec)
    if sex is not None and sex not in get_args(Sex):
        raise ScoringError(f"sex must be 'male' or 'female', got {sex!r}")
    if cutoff is not None:
        cutoff = _whole_number(cutoff, "cutoff")
    given = answers_by_id(spec, answers)
    skipped: list[str] = []
    for item in spec.items:
        if item.skips is not None and given[item.id] == item.skips.when:
            # a skipped item left blank scores 0; one answered anyway keeps its answer, so
            # contradicting answers are never hidden
            for skipped_id in item.skips.items:
                if given[skipped_id] is None:
                    skipped.append(skipped_id)
                    given[skipped_id] = 0

    for alert in spec.alerts:
        if given[alert.item] is None:
            raise MissingAnswersError(
                f"{spec.id}: {alert.item} must be answered; it carries the safety alert "
                f"{alert.id!r} and is never left out"
            )
    scored = spec.scored_items
    values = {item.id: _scored_value(spec, item, given[item.id]) for item in scored}
    blank = [item.id for item in scored if values[item.id] is None and not item.optional]
    # The risk item is never prorated and never read as 0: a blank alert item (PHQ-9 item 9)
    # raised MissingAnswersError above, so no total (and no "no alert") exists without it.
    allowed = rules.missing.allowed
    if len(blank) > allowed:
        rule = "none" if allowed == 0 else f"at most {allowed}"
        raise MissingAnswersError(
            f"{spec.id}: {len(blank)} answer(s) missing ({', '.join(blank)}); "
            f"this measure allows {rule}"
        )

    raw, prorated = _sum(scored, values)
    total = raw * rules.multiplier
    min_total, max_total = spec.total_range()
    band = _band_of(spec.bands, total)

    subscales: dict[str, SubscaleScore] = {}
    for subscale in spec.subscales:
        members = [spec.item(item_id) for item_id in subscale.items]
        try:
            sub_raw, _ = _sum(members, values)
        except MissingAnswersError:
            raise MissingAnswersError(
                f"{spec.id}: every item of subscale {subscale.id!r} is blank"
            ) from None
        sub_total = sub_raw * subscale.multiplier
        sub_band = _band_of(subscale.bands, sub_total)
        sub_low, sub_high = spec.subscale_range(subscale)
        subscales[subscale.id] = SubscaleScore(
            id=subscale.id,
            title=subscale.title,
            total=sub_total,
            min_total=sub_low,
            max_total=sub_high,
            band=sub_band.label if sub_band else None,
            result_text=sub_band.result_text if sub_band else "",
        )

    positive = _positive(spec, total, sex, cutoff)
    item_rule = _item_rule(spec, values)
    if item_rule:
        positive = True
    percent_multiplier = rules.percent_multiplier
    raised = [
        alert
        for alert in spec.alerts
        if (answer := given[alert.item]) is not None and answer >= alert.min
    ]
    alerts = tuple(alert.id for alert in raised)
    return Score(
        measure=spec.id,
        total=total,
        min_total=min_total,
        max_total=max_total,
        band=band.label if band else None,
        severity_text=_severity_text(
            spec,
            total,
            band,
            positive,
            subscales,
            risk_texts=[alert.result_text for alert in raised],
            item_rule=item_rule,
        ),
        alerts=alerts,
        subscales=subscales,
        percent=None if percent_multiplier is None else total * percent_multiplier,
        positive=positive,
        case=None if spec.caseness is None else total >= spec.caseness.min,
        answered=sum(1 for item in scored if given[item.id] is not None and item.id not in skipped),
        prorated=prorated,
        item_scores=values,
        extra_answers={item.id: given[item.id] for item in spec.items if not item.scored},
        skipped=tuple(skipped),
        item_rule=item_rule,
        prorated_items=tuple(blank) if prorated else (),
    )


def _total_in_range(spec: Questionnaire, value: object, what: str) -> int:
    number = _whole_number(value, f"{spec.id} {what}")
    low, high = spec.total_range()
    if not low <= number <= high:
        raise ScoringError(f"{spec.id} {what} total {number} is outside the range {low}–{high}")
    return number


def _exact(value: float, what: str) -> Fraction:
    """A parameter as the exact decimal it was written as (``0.1`` is one tenth)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ScoringError(f"{what} must be a finite number, got {value!r}")
    return Fraction(str(value))


def reliable_change_index(before: float, after: float, *, sd: float, r: float) -> float:
    """The reliable change index of Jacobson & Truax (1991).

    ``RCI = (after − before) / (sd · √2 · √(1 − r))``, where ``sd`` is the standard deviation of
    the measure in a reference sample and ``r`` its test–retest reliability; ``|RCI| > 1.96``
    is a change unlikely (p < .05) to be measurement error alone.

    Examples
    --------
    >>> round(reliable_change_index(20, 12, sd=5.0, r=0.84), 3)
    -2.828
    """
    sd_exact, r_exact = _exact(sd, "sd"), _exact(r, "r")
    if sd_exact <= 0 or not 0 <= r_exact < 1:
        raise ScoringError(f"need sd > 0 and 0 ≤ r < 1, got sd={sd!r}, r={r!r}")
    return (after - before) / (sd * math.sqrt(2) * math.sqrt(1 - r))


def _change_ends(
    spec: Questionnaire, before: int, after: int, subscale: str | None
) -> tuple[int, int, ReliableChange | None, str]:
    """Checked start and end scores, the declared rule and a name for messages."""
    if subscale is None:
        start = _total_in_range(spec, before, "before")
        end = _total_in_range(spec, after, "after")
        return start, end, spec.reliable_change, spec.id
    chosen = next((sub for sub in spec.subscales if sub.id == subscale), None)
    if chosen is None:
        raise ScoringError(
            f"{spec.id} has no subscale {subscale!r}; the subscales are: "
            f"{', '.join(sub.id for sub in spec.subscales) or 'none'}"
        )
    low, high = spec.subscale_range(chosen)
    start, end = (_whole_number(value, f"{spec.id} {subscale}") for value in (before, after))
    for value in (start, end):
        if not low <= value <= high:
            raise ScoringError(
                f"{spec.id} {subscale} score {value} is outside the range {low}–{high}"
            )
    return start, end, chosen.reliable_change, f"{spec.id} {subscale}"


def _declared_rule(
    declared: ReliableChange | None, what: str, method: str | None
) -> tuple[int | None, float | None, float | None]:
    """(threshold, sd, r) from a measure's declared rule, for ``method`` (None: the default)."""
    if method not in (None, "threshold", "rci"):
        raise ScoringError(f"method must be 'threshold' or 'rci', got {method!r}")
    if declared is None:
        raise ScoringError(
            f"{what} declares no reliable-change parameters; pass threshold=…, or sd=… and r=…"
        )
    if method == "rci":
        if declared.sd is None:
            raise ScoringError(f"{what} declares no sd and r for the reliable change index")
        return None, declared.sd, declared.r
    if method == "threshold":
        if declared.threshold is None:
            raise ScoringError(f"{what} declares no reliable-change threshold")
        return declared.threshold, None, None
    return declared.threshold, declared.sd, declared.r


def reliable_change(
    measure: str,
    before: int,
    after: int,
    *,
    threshold: int | None = None,
    sd: float | None = None,
    r: float | None = None,
    method: Literal["threshold", "rci"] | None = None,
    subscale: str | None = None,
) -> ChangeLabel:
    """Whether the change from ``before`` to ``after`` is reliable, and in which direction.

    A measure that declares a fixed ``threshold`` uses it: a change of at least that many
    points is reliable (NHS Talking Therapies Manual: PHQ-9 ≥ 6, GAD-7 ≥ 4). Otherwise the
    Jacobson & Truax (1991) index is used with the measure's ``sd`` and ``r``: reliable when
    ``|RCI| > 1.96``; this comparison is done exactly, on squares of rationals. Keyword
    arguments replace the measure's parameters (``sd`` and ``r`` together switch to the index).
    For wellbeing scales (``higher_is_better``, WHO-5) a rise is the improvement.

    A measure may declare both a threshold and ``sd``/``r`` (PHQ-9: the NHS Talking Therapies
    threshold and the index from its published reliability): ``method="rci"`` picks the index,
    ``method="threshold"`` the threshold; the default is the threshold. ``subscale`` applies
    the rule a subscale declares to that subscale's scores (DASS-21 depression, anxiety,
    stress).

    Returns
    -------
    {"improved", "deteriorated", "no reliable change"}

    Raises
    ------
    UnknownMeasureError
        For an unknown measure id.
    ScoringError
        For totals outside the measure's range, or when no reliable-change parameters are
        declared or given.

    Examples
    --------
    >>> reliable_change("phq9", before=18, after=9)
    'improved'
    >>> reliable_change("phq9", before=9, after=14)
    'no reliable change'
    >>> reliable_change("gad7", before=6, after=10)
    'deteriorated'
    >>> reliable_change("k10", before=30, after=20, sd=7.0, r=0.8)
    'improved'
    >>> reliable_change("dass21", before=30, after=12, subscale="depression")
    'improved'
    """
    spec = measure_spec(measure)
    rules = _scoring_of(spec)
    start, end, declared, what = _change_ends(spec, before, after, subscale)
    if (sd is None) != (r is None):
        raise ScoringError("give `sd` and `r` together")
    if threshold is None and sd is None:
        threshold, sd, r = _declared_rule(declared, what, method)
    change = end - start
    if threshold is not None:
        limit = _whole_number(threshold, "threshold")
        if limit < 1:
            raise ScoringError(f"threshold must be at least 1, got {limit}")
        reliable = abs(change) >= limit
    else:
        # sd and r are given together, or declared together (the model checks it)
        sd_exact, r_exact = _exact(sd or 0.0, "sd"), _exact(r or 0.0, "r")
        if sd_exact <= 0 or not 0 <= r_exact < 1:
            raise ScoringError(f"need sd > 0 and 0 ≤ r < 1, got sd={sd!r}, r={r!r}")
        # |change| / (sd·√2·√(1−r)) > 1.96  ⇔  change² > 1.96² · 2 · sd² · (1 − r)
        reliable = change * change > RCI_CRITICAL**2 * 2 * sd_exact**2 * (1 - r_exact)
    if not reliable or change == 0:
        return "no reliable change"
    better = change > 0 if rules.higher_is_better else change < 0
    return "improved" if better else "deteriorated"


def _caseness(spec: Questionnaire) -> int:
    if spec.caseness is None:
        raise ScoringError(f"{spec.id} declares no caseness threshold")
    return spec.caseness.min


def iapt_outcome(
    *,
    phq9: tuple[int, int],
    gad7: tuple[int, int] | None = None,
    anxiety: tuple[int, int] | None = None,
    anxiety_measure: str = "gad7",
) -> TalkingTherapiesOutcome:
    """NHS Talking Therapies (formerly IAPT) outcome from first and last PHQ-9 and GAD-7.

    Definitions from the NHS Talking Therapies Manual, with the thresholds read from the
    measure files: *case* is PHQ-9 ≥ 10 or GAD-7 ≥ 8; *recovery* is a case at the start and
    below both thresholds at the end; *reliable improvement* is a reliable drop on at least one
    measure and no reliable rise on the other (PHQ-9 change ≥ 6, GAD-7 change ≥ 4); *reliable
    recovery* is both recovery and reliable improvement; *reliable deterioration* is a
    reliable rise on at least one and no reliable drop on the other. Recovery is only defined
    for a case at the start: for anyone else the result's ``recovery_status`` is
    ``"not applicable"`` (``recovery`` is ``False``).

    The Manual pairs PHQ-9 with the anxiety disorder specific measure where one is used instead
    of GAD-7 ("paired measures", e.g. PCL-5 for PTSD): pass ``anxiety=(start, end)`` and
    ``anxiety_measure="pcl5"``; that measure's file must declare its caseness threshold and
    reliable-change rule. GAD-7 is the default.

    Parameters
    ----------
    phq9, gad7 : (int, int)
        Totals at the start and at the end of treatment.
    anxiety : (int, int), optional
        Totals of the paired anxiety measure, instead of ``gad7``.
    anxiety_measure : str
        The id of the paired anxiety measure (default ``"gad7"``).

    Examples
    --------
    >>> o = iapt_outcome(phq9=(16, 7), gad7=(12, 5))
    >>> o.case_at_start, o.recovery, o.reliable_improvement, o.reliable_recovery
    (True, True, True, True)
    >>> iapt_outcome(phq9=(8, 15), gad7=(5, 6)).reliable_deterioration
    True
    >>> iapt_outcome(phq9=(7, 3), gad7=(6, 2)).recovery_status
    'not applicable'
    >>> iapt_outcome(phq9=(8, 6), anxiety=(45, 20), anxiety_measure="pcl5").recovery_status
    'yes'
    """
    if gad7 is not None and anxiety is not None:
        raise ScoringError("give `gad7` or `anxiety` (with `anxiety_measure`), not both")
    paired = gad7 if gad7 is not None else anxiety
    if paired is None:
        raise ScoringError("give the paired anxiety measure: `gad7=`, or `anxiety=`")
    if gad7 is not None and anxiety_measure != "gad7":
        raise ScoringError("`gad7=` pairs GAD-7; use `anxiety=` for another measure")
    if anxiety_measure == "phq9":
        raise ScoringError("the paired anxiety measure cannot be PHQ-9")
    pairs = {"phq9": phq9, anxiety_measure: paired}
    ends: dict[str, tuple[int, int]] = {}
    for name, pair in pairs.items():
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ScoringError(f"{name} must be a (before, after) pair of totals, got {pair!r}")
        spec = measure_spec(name)
        ends[name] = (
            _total_in_range(spec, pair[0], "before"),
            _total_in_range(spec, pair[1], "after"),
        )
    cut = {name: _caseness(measure_spec(name)) for name in pairs}

    def is_case(moment: int) -> bool:
        return any(ends[name][moment] >= cut[name] for name in pairs)

    changes: dict[str, ChangeLabel] = {}
    for name in pairs:
        if measure_spec(name).reliable_change is None:
            raise ScoringError(f"{name} declares no reliable-change rule to pair with PHQ-9")
        changes[name] = reliable_change(name, *ends[name])
    seen = set(changes.values())
    case_at_start = is_case(0)
    recovery = case_at_start and not is_case(1)
    improvement = "improved" in seen and "deteriorated" not in seen
    return TalkingTherapiesOutcome(
        case_at_start=case_at_start,
        recovery=recovery,
        reliable_improvement=improvement,
        reliable_recovery=recovery and improvement,
        reliable_deterioration="deteriorated" in seen and "improved" not in seen,
        phq9_change=changes["phq9"],
        gad7_change=changes[anxiety_measure],
        anxiety=anxiety_measure,
    )
