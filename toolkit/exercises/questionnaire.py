"""Questionnaires (standard measures): items, anchors and the scoring rule, declared as data.

A measure file says everything :func:`toolkit.scoring.score` needs: which items are summed,
multipliers, subscales, severity bands, screening cut-offs, risk alerts on single items,
reliable-change parameters, how many blank answers the measure's own manual tolerates, and the
LOINC codes used in exports. Cross-references are checked here, when the file is loaded, so a
mistake in a file is reported with its file name, key and line rather than at scoring time.

Field order matters: the validators of later keys (``bands``, ``subscales``, ``cutoff`` …) read
the already validated ``options``, ``items`` and ``scoring`` to work out the score range.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field as PydanticField
from pydantic import StringConstraints, ValidationInfo, field_validator, model_validator

from .base import Identifier, Option, Strict

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

Sex = Literal["male", "female"]
"""The values a sex-specific cut-off (AUDIT-C) is keyed by."""


def loinc_check_digit_ok(code: str) -> bool:
    """Whether a LOINC code's check digit is right (LOINC uses the mod-10 "Luhn" scheme).

    >>> loinc_check_digit_ok("44249-1"), loinc_check_digit_ok("44249-2")
    (True, False)
    """
    number, _, check = code.partition("-")
    total = 0
    for position, char in enumerate(reversed(number + check)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _valid_loinc(code: str) -> str:
    if not loinc_check_digit_ok(code):
        raise ValueError(f"LOINC code {code!r} has a wrong check digit (typo?)")
    return code


LoincCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,7}-[0-9]$")]
"""A LOINC code such as ``44249-1`` (the check digit is verified by the models using it)."""


class Skip(Strict):
    """Skip logic on one item: when its answer is ``when``, ``items`` are not asked.

    A skipped item left blank is scored 0 (AUDIT: "Never" on question 1 skips questions 2 and
    3, which then score 0). ``source`` names the manual that sets the rule.
    """

    when: int
    items: tuple[Identifier, ...] = PydanticField(min_length=1)
    source: str = PydanticField(min_length=1)


class Item(Strict):
    """One question. ``options`` overrides the questionnaire's shared anchors.

    ``scored: false`` marks an extra question that is shown but never summed (PHQ-9's
    "how difficult have these problems made it …"); it may always be left blank.
    ``optional: true`` marks a scored item the measure lets some people skip (PHQ-15's
    women-only item); a blank there counts as 0 and is not a missing answer.
    ``reverse: true`` scores an item as (lowest + highest anchor − answer).
    ``skips`` names the later items that are not asked after a given answer (AUDIT-C).
    ``loinc_in_panel: false`` marks an item whose LOINC code is not an item of the measure's
    LOINC questionnaire (GAD-7's difficulty question, 69722-7, is not in 69737-5).
    """

    id: Identifier
    text: str
    options: tuple[Option, ...] = ()
    loinc: LoincCode | None = None
    scored: bool = True
    optional: bool = False
    reverse: bool = False
    skips: Skip | None = None
    loinc_in_panel: bool = True

    @field_validator("loinc")
    @classmethod
    def _loinc(cls, code: str | None) -> str | None:
        return None if code is None else _valid_loinc(code)

    @model_validator(mode="after")
    def _flags(self) -> Item:
        if not self.scored and (self.reverse or self.optional):
            raise ValueError(f"item {self.id!r}: reverse/optional only apply to scored items")
        return self


class Band(Strict):
    """A severity band of a score, inclusive on both ends (whole numbers).

    ``label`` is lower case (it is the ``band`` of a score result); ``result_text`` is what a
    client reads about a score in this band: plain words, never alarming.
    """

    min: int
    max: int
    label: str = PydanticField(min_length=1)
    description: str = ""
    result_text: str = ""

    @field_validator("label")
    @classmethod
    def _lower_case(cls, label: str) -> str:
        if label != label.lower():
            raise ValueError(f"band label {label!r} must be lower case")
        return label

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.max < self.min:
            raise ValueError(f"band {self.label!r}: max ({self.max}) is below min ({self.min})")
        return self


class Missing(Strict):
    """How many blank scored items a measure's own manual tolerates, and how to fill them.

    ``allowed: 0`` (the default) means every scored item must be answered. ``prorate`` scales
    the sum of the answered items up to the full number of items, rounding halves up. A
    non-zero ``allowed`` must name the manual or paper that permits it in ``source``.
    """

    allowed: int = PydanticField(default=0, ge=0)
    method: Literal["prorate"] = "prorate"
    source: str = ""

    @model_validator(mode="after")
    def _cited(self) -> Missing:
        if self.allowed and not self.source.strip():
            raise ValueError("allowing missing answers needs a `source` that permits it")
        return self


class Scoring(Strict):
    """How the total is made: the sum of the scored items, times ``multiplier``.

    ``percent_multiplier`` turns the total into a 0–100 percentage (WHO-5: raw × 4).
    ``higher_is_better`` is true for wellbeing scales, where a rise is an improvement.
    """

    method: Literal["sum"] = "sum"
    multiplier: int = PydanticField(default=1, ge=1)
    percent_multiplier: int | None = PydanticField(default=None, ge=1)
    higher_is_better: bool = False
    missing: Missing = Missing()


class ReliableChange(Strict):
    """Parameters for reliable change on the total (Jacobson & Truax 1991).

    Either a fixed ``threshold`` (a change of at least this many points is reliable, as NHS
    Talking Therapies uses for PHQ-9 and GAD-7) or ``sd`` and ``r`` (the standard deviation and
    test–retest reliability that the reliable change index needs), or both: then the threshold
    is the default and the index is available with ``method="rci"``.
    """

    threshold: int | None = PydanticField(default=None, ge=1)
    sd: float | None = PydanticField(default=None, gt=0)
    r: float | None = PydanticField(default=None, ge=0, lt=1)
    source: str = PydanticField(min_length=1)

    @model_validator(mode="after")
    def _usable(self) -> ReliableChange:
        if self.threshold is None and (self.sd is None or self.r is None):
            raise ValueError("give a `threshold`, or both `sd` and `r`")
        if (self.sd is None) != (self.r is None):
            raise ValueError("`sd` and `r` go together")
        return self


class Subscale(Strict):
    """A named sum over some of the items, with its own multiplier and bands (DASS-21)."""

    id: Identifier
    title: str
    items: tuple[Identifier, ...] = PydanticField(min_length=1)
    multiplier: int = PydanticField(default=1, ge=1)
    bands: tuple[Band, ...] = ()
    loinc: LoincCode | None = None
    reliable_change: ReliableChange | None = None

    @field_validator("loinc")
    @classmethod
    def _loinc(cls, code: str | None) -> str | None:
        return None if code is None else _valid_loinc(code)


class SexCutoffs(Strict):
    """A cut-off that differs by sex (AUDIT-C: ≥ 4 for men, ≥ 3 for women)."""

    male: int
    female: int


class Cutoff(Strict):
    """When a total counts as a positive screen (or a probable case).

    Exactly one of ``min`` (positive at or above), ``max`` (positive at or below, for scales
    where low is worse, such as WHO-5) or ``by_sex`` (at or above, per sex) is given.
    ``any_item_max`` adds an item-level rule: the screen is also positive when any single scored
    item is answered at or below it (WHO-5: any item 0 or 1); ``any_item_text`` is then added to
    the client's result and ``any_item_source`` cites the rule.
    """

    min: int | None = None
    max: int | None = None
    by_sex: SexCutoffs | None = None
    label: str
    positive_text: str
    negative_text: str
    source: str = PydanticField(min_length=1)
    any_item_max: int | None = None
    any_item_text: str = ""
    any_item_source: str = ""

    @model_validator(mode="after")
    def _one_rule(self) -> Cutoff:
        given = [name for name in ("min", "max", "by_sex") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of min, max or by_sex (got {given or 'none'})")
        if self.any_item_max is not None and not (
            self.any_item_text.strip() and self.any_item_source.strip()
        ):
            raise ValueError("any_item_max needs any_item_text and any_item_source")
        return self


class Caseness(Strict):
    """The NHS Talking Therapies caseness threshold: a total at or above ``min`` is a case."""

    min: int
    source: str = PydanticField(min_length=1)


class Alert(Strict):
    """A risk flag raised when one item's answer is at or above ``min`` (PHQ-9 item 9 ≥ 1).

    ``message`` is for the therapist; ``client_text`` is a calm note shown to the client.
    ``result_text`` replaces the band's result words while the alert is raised, so a low total
    never reads as reassurance beside an endorsed risk item.
    """

    id: Identifier
    item: Identifier
    min: int
    message: str
    client_text: str
    result_text: str = ""


class LoincCodes(Strict):
    """LOINC codes of the whole panel and of its total score (items carry their own)."""

    panel: LoincCode | None = None
    total: LoincCode | None = None

    @field_validator("panel", "total")
    @classmethod
    def _loinc(cls, code: str | None) -> str | None:
        return None if code is None else _valid_loinc(code)


def _option_values(options: Sequence[Option], where: str) -> list[int]:
    values: list[int] = []
    for option in options:
        if isinstance(option.value, bool) or not isinstance(option.value, int):
            raise ValueError(
                f"{where}: scored answers need whole-number values, got {option.value!r}"
            )
        values.append(option.value)
    if len(values) < 2:
        raise ValueError(f"{where}: a scored item needs at least two answer options")
    if len(set(values)) != len(values):
        raise ValueError(f"{where}: two answer options share a value")
    return values


def _item_range(item: Item, shared: Sequence[Option]) -> tuple[int, int]:
    values = _option_values(item.options or shared, f"item {item.id!r}")
    return min(values), max(values)


def _sum_range(items: Iterable[Item], shared: Sequence[Option], multiplier: int) -> tuple[int, int]:
    low = high = 0
    for item in items:
        item_low, item_high = _item_range(item, shared)
        low += 0 if item.optional else item_low
        high += item_high
    return low * multiplier, high * multiplier


def check_band_cover(bands: Sequence[Band], low: int, high: int, what: str) -> None:
    """Raise ``ValueError`` unless ``bands`` tile ``low..high`` in order, without gap or overlap."""
    if not bands:
        return
    expected = low
    for band in bands:
        if band.min != expected:
            problem = "a gap" if band.min > expected else "an overlap"
            raise ValueError(
                f"{what} bands: {problem} before {band.label!r}: it starts at {band.min}, "
                f"expected {expected} (bands go in ascending order and cover {low}–{high})"
            )
        expected = band.max + 1
    if bands[-1].max != high:
        raise ValueError(
            f"{what} bands end at {bands[-1].max}, but scores go up to {high} "
            f"(bands must cover {low}–{high})"
        )
    labels = [band.label for band in bands]
    if len(set(labels)) != len(labels):
        raise ValueError(f"{what} bands: labels must be different")


class Questionnaire(Strict):
    """A measure declared in ``exercises/measures/*.yaml``.

    Without ``scoring`` a questionnaire is shown and stored but not scored. ``administration``
    says who fills it in: the client (``self``) or the therapist with the client
    (``clinician``). ``sources`` cites where every rule in the file comes from, and
    ``wording_source`` the published form the item wording and anchors are copied from.
    """

    schema_version: Literal[1]
    id: Identifier
    kind: Literal["questionnaire"]
    title: str
    short_title: str
    summary: str
    instructions: str
    recall_period: str = ""
    administration: Literal["self", "clinician"] = "self"
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = PydanticField(min_length=1)
    scoring: Scoring | None = None
    bands: tuple[Band, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    cutoff: Cutoff | None = None
    caseness: Caseness | None = None
    alerts: tuple[Alert, ...] = ()
    reliable_change: ReliableChange | None = None
    loinc: LoincCodes = LoincCodes()
    licence: str
    citation: str
    sources: tuple[str, ...] = ()
    wording_source: str = ""

    def options_for(self, item: Item) -> tuple[Option, ...]:
        """The answer choices of ``item``."""
        return item.options or self.options

    @property
    def scored_items(self) -> tuple[Item, ...]:
        """The items that count towards the total, in order."""
        return tuple(item for item in self.items if item.scored)

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if there is none)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def item_range(self, item: Item) -> tuple[int, int]:
        """Lowest and highest answer value of a scored ``item``."""
        return _item_range(item, self.options)

    def total_range(self) -> tuple[int, int]:
        """Lowest and highest possible total (after the multiplier)."""
        multiplier = self.scoring.multiplier if self.scoring else 1
        return _sum_range(self.scored_items, self.options, multiplier)

    def subscale_range(self, subscale: Subscale) -> tuple[int, int]:
        """Lowest and highest possible score of ``subscale`` (after its multiplier)."""
        chosen = [self.item(item_id) for item_id in subscale.items]
        return _sum_range(chosen, self.options, subscale.multiplier)

    # -- validation of cross-references; each names the key it guards -----------------------

    @field_validator("items")
    @classmethod
    def _items(cls, items: tuple[Item, ...], info: ValidationInfo) -> tuple[Item, ...]:
        ids = [item.id for item in items]
        twice = sorted({item_id for item_id in ids if ids.count(item_id) > 1})
        if twice:
            raise ValueError(f"item ids used twice: {', '.join(twice)}")
        shared: tuple[Option, ...] = info.data.get("options", ())
        for item in items:
            if not (item.options or shared):
                raise ValueError(f"item {item.id!r} has no answer options (and none are shared)")
            if item.scored:
                _item_range(item, shared)
        for index, item in enumerate(items):
            if item.skips is None:
                continue
            values = [option.value for option in item.options or shared]
            if item.skips.when not in values:
                raise ValueError(
                    f"item {item.id!r}: skips.when {item.skips.when} is not one of its answers"
                )
            later = {other.id: other for other in items[index + 1 :]}
            for skipped in item.skips.items:
                if skipped not in later or not later[skipped].scored:
                    raise ValueError(
                        f"item {item.id!r} skips {skipped!r}, which is not a later scored item"
                    )
                if 0 not in [o.value for o in later[skipped].options or shared]:
                    raise ValueError(f"skipped item {skipped!r} needs an answer scored 0")
        return items

    @field_validator("bands")
    @classmethod
    def _bands(cls, bands: tuple[Band, ...], info: ValidationInfo) -> tuple[Band, ...]:
        total_range = _total_range_from(info.data)
        if bands and total_range:
            check_band_cover(bands, *total_range, "total")
        return bands

    @field_validator("subscales")
    @classmethod
    def _subscales(
        cls, subscales: tuple[Subscale, ...], info: ValidationInfo
    ) -> tuple[Subscale, ...]:
        if not subscales or "items" not in info.data:
            return subscales
        by_id = {item.id: item for item in info.data["items"]}
        ids = [subscale.id for subscale in subscales]
        if len(set(ids)) != len(ids):
            raise ValueError("subscale ids must be different")
        for subscale in subscales:
            unknown = [item_id for item_id in subscale.items if item_id not in by_id]
            if unknown:
                raise ValueError(f"subscale {subscale.id!r} names unknown items: {unknown}")
            unscored = [item_id for item_id in subscale.items if not by_id[item_id].scored]
            if unscored:
                raise ValueError(f"subscale {subscale.id!r} names unscored items: {unscored}")
            if len(set(subscale.items)) != len(subscale.items):
                raise ValueError(f"subscale {subscale.id!r} lists an item twice")
            chosen = [by_id[item_id] for item_id in subscale.items]
            low, high = _sum_range(chosen, info.data.get("options", ()), subscale.multiplier)
            check_band_cover(subscale.bands, low, high, f"subscale {subscale.id!r}")
        return subscales

    @field_validator("cutoff")
    @classmethod
    def _cutoff(cls, cutoff: Cutoff | None, info: ValidationInfo) -> Cutoff | None:
        total_range = _total_range_from(info.data)
        if cutoff is not None and total_range is not None:
            low, high = total_range
            values = [cutoff.min, cutoff.max]
            if cutoff.by_sex is not None:
                values += [cutoff.by_sex.male, cutoff.by_sex.female]
            for value in values:
                if value is not None and not low <= value <= high:
                    raise ValueError(f"cut-off {value} is outside the total range {low}–{high}")
        return cutoff

    @field_validator("caseness")
    @classmethod
    def _caseness(cls, caseness: Caseness | None, info: ValidationInfo) -> Caseness | None:
        total_range = _total_range_from(info.data)
        if caseness is not None and total_range is not None:
            low, high = total_range
            if not low < caseness.min <= high:
                raise ValueError(f"caseness {caseness.min} is outside the total range {low}–{high}")
        return caseness

    @field_validator("alerts")
    @classmethod
    def _alerts(cls, alerts: tuple[Alert, ...], info: ValidationInfo) -> tuple[Alert, ...]:
        if not alerts or "items" not in info.data:
            return alerts
        by_id = {item.id: item for item in info.data["items"]}
        ids = [alert.id for alert in alerts]
        if len(set(ids)) != len(ids):
            raise ValueError("alert ids must be different")
        for alert in alerts:
            if alert.item not in by_id:
                raise ValueError(f"alert {alert.id!r} watches unknown item {alert.item!r}")
            item = by_id[alert.item]
            if not item.scored or item.optional:
                raise ValueError(f"alert {alert.id!r} must watch a scored, required item")
            low, high = _item_range(item, info.data.get("options", ()))
            if not low < alert.min <= high:
                raise ValueError(
                    f"alert {alert.id!r}: min {alert.min} must be above {low} and at most {high}"
                )
        return alerts

    @model_validator(mode="after")
    def _whole(self) -> Questionnaire:
        if self.scoring is None:
            needing = [
                key
                for key in ("bands", "subscales", "cutoff", "caseness", "alerts", "reliable_change")
                if getattr(self, key)
            ]
            if needing:
                raise ValueError(f"{', '.join(needing)} need a `scoring` section")
            return self
        scored = self.scored_items
        if not scored:
            raise ValueError("`scoring` is declared but no item is scored")
        if self.scoring.missing.allowed >= len(scored):
            raise ValueError("missing.allowed must leave at least one scored item to answer")
        if self.scoring.percent_multiplier is not None:
            low, high = self.total_range()
            if low != 0 or high * self.scoring.percent_multiplier != 100:
                raise ValueError(
                    f"percent_multiplier {self.scoring.percent_multiplier} does not turn "
                    f"{low}–{high} into 0–100"
                )
        return self


def _total_range_from(data: dict[str, Any]) -> tuple[int, int] | None:
    """The total range from already-validated keys (for validators of later keys).

    ``None`` when ``scoring`` or ``items`` is absent or invalid: that problem is reported on
    its own (a missing ``scoring`` by the whole-model check, so a misspelt key is reported as
    the unknown key it is).
    """
    scoring: Scoring | None = data.get("scoring")
    items: tuple[Item, ...] = data.get("items", ())
    if scoring is None or not items:
        return None
    shared: tuple[Option, ...] = data.get("options", ())
    return _sum_range([item for item in items if item.scored], shared, scoring.multiplier)
