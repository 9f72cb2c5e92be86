"""The offline engine: cue rules plus a naive Bayes classifier, following ``traps.yaml``.

Built once per process (and again only when ``traps.yaml`` changes on disk): the classifier is
trained from ``toolkit/reframing/data/training.yaml`` plus each visible trap's ``examples`` in
``traps.yaml``; hidden traps are left out of both the rules and the model, so they can never be
returned. A trap a therapist adds is learned from its examples and ``cue_words``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from toolkit.exercises.base import Identifier, Strict

from .classifier import NONE_LABEL, NaiveBayes, train
from .cues import RULES, Cue, CueRule, balance_cues, find_cues, word_rules
from .taxonomy import Trap, TrapList, load_fast, load_traps, traps_path
from .text import STOPWORDS, Token, features, stem, tokens

_CUE_FEATURE_MIN = 0.3
_RULE_SHARE = 0.75
_BALANCE_DAMPING = 0.8
"""Scores are scaled by this when the thought itself shows coping or a second view."""
_MODEL_CUE_MIN = 0.7
MAX_REPORTED = 3
_SHOWN_FLOOR = 0.02
"""A trap scoring below this is not shown even beside a strong one (it is noise, not a hint)."""
_PAINFUL_TONE = -0.3
"""VADER compound at or below which a thought reads as painful (see :meth:`OfflineEngine.shown`)."""
_PAINFUL_SHARE = 0.7
"""A painful thought shows the ranking when its best trap reaches this share of its threshold."""
"""Once a thought shows a trap, the next traps are shown when they score at least 15 %
of the strongest (and 0.1): a weak third guess is left out."""


class LabelledThought(Strict):
    """One thought with every trap it shows (one to three), or ``[none]`` when balanced."""

    text: str = Field(min_length=1)
    traps: tuple[Identifier, ...] = Field(min_length=1, max_length=3)


class TrainingSet(Strict):
    """``toolkit/reframing/data/training.yaml``: example thoughts by label.

    ``examples`` holds thoughts that show one trap (or none); ``multi_label`` holds longer
    thoughts labelled with every trap they show, as most real thoughts show two or three.
    """

    schema_version: Literal[1]
    examples: dict[str, tuple[str, ...]] = Field(min_length=2)
    multi_label: tuple[LabelledThought, ...] = ()

    def labelled(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every thought with its labels, single-label examples first (file order)."""
        items = [(text, (label,)) for label, texts in self.examples.items() for text in texts]
        return items + [(item.text, item.traps) for item in self.multi_label]


def training_path() -> Path:
    """Where the labelled examples are stored (inside the package)."""
    return Path(__file__).resolve().parent / "data" / "training.yaml"


@cache
def _training(path: Path, mtime: int) -> TrainingSet:
    del mtime  # part of the cache key only
    return load_fast(path, TrainingSet)


@dataclass(frozen=True)
class Thresholds:
    """Report thresholds: one per trap, and a default for traps without one."""

    default: float
    per_trap: Mapping[str, float] = field(default_factory=dict)

    def of(self, trap_id: str) -> float:
        """The threshold for ``trap_id`` (the default for a trap added after calibration)."""
        return self.per_trap.get(trap_id, self.default)


class ThresholdFile(Strict):
    """``toolkit/reframing/data/thresholds.yaml``."""

    schema_version: Literal[1]
    default: float = Field(ge=0, le=1)
    per_trap: dict[Identifier, float] = Field(default_factory=dict)


def thresholds_path() -> Path:
    """Where the calibrated thresholds are stored (inside the package)."""
    return Path(__file__).resolve().parent / "data" / "thresholds.yaml"


@cache
def _stored(path: Path, mtime: int) -> Thresholds:
    del mtime  # cache key only
    data = load_fast(path, ThresholdFile)
    return Thresholds(default=data.default, per_trap=dict(data.per_trap))


def stored_thresholds() -> Thresholds:
    """The thresholds in ``data/thresholds.yaml``."""
    path = thresholds_path()
    return _stored(path, path.stat().st_mtime_ns)


@dataclass(frozen=True)
class Ranked:
    """One trap's score for one thought, with the cues behind it."""

    trap: Trap
    score: float
    cues: tuple[Cue, ...]
    rule_score: float
    model_score: float


@dataclass(frozen=True)
class OfflineEngine:
    """A built engine: the trap list, cue rules for visible traps, the trained model and the
    report thresholds."""

    traps: TrapList
    rules: tuple[CueRule, ...]
    model: NaiveBayes
    thresholds: Thresholds

    @property
    def visible(self) -> dict[str, Trap]:
        """Visible traps by id."""
        return {trap.id: trap for trap in self.traps.visible()}

    def rank(self, thought: str) -> list[Ranked]:
        """Every visible trap scored for ``thought``, most likely first.

        The score blends the classifier's probability with the strength of the cue rules; the
        rules count less when the classifier thinks the thought is balanced.
        """
        feats, by_trap, coping = _analyse(thought, self.rules)
        probs = self.model.probabilities(feats)
        balanced = probs.get(NONE_LABEL, 0.0)
        damp = _BALANCE_DAMPING if coping else 1.0
        ranked = []
        for trap_id, trap in self.visible.items():
            found = by_trap.get(trap_id, [])
            rule = _strength(found)
            model = probs.get(trap_id, 0.0)
            score = 1 - (1 - model) * (1 - _RULE_SHARE * rule * (1 - balanced))
            declared = _strength([c for c in found if c.declared])
            score = (1 - (1 - score) * (1 - declared)) * damp
            ranked.append(Ranked(trap, round(score, 4), _dedupe(found), rule, model))
        ranked.sort(key=lambda r: (-r.score, r.trap.id))
        return ranked

    def report(self, ranked: list[Ranked], limit: int = MAX_REPORTED) -> list[Ranked]:
        """The traps that reach their own threshold, at most ``limit``.

        A thought may show several traps; the thresholds come from :mod:`.calibration`.
        """
        return [r for r in ranked if r.score >= self.thresholds.of(r.trap.id)][:limit]

    def shown(
        self, ranked: list[Ranked], limit: int = MAX_REPORTED, text: str = ""
    ) -> list[Ranked]:
        """The traps to show the client: the ranking's first ``limit`` traps once the thought
        shows a trap at all, else none.

        A thought shows a trap when one reaches its own threshold, or when the thought reads as
        painful (VADER compound at most ``_PAINFUL_TONE``, given ``text``) and its best trap
        comes close (``_PAINFUL_SHARE`` of its threshold). The thresholds decide *whether* to
        show traps; once they do, the client sees what the ranking knows (every trap above a
        small floor) and ticks what fits: the trap the client would recognise is often the
        second or third, not the first.
        """
        if not ranked:
            return []
        if not self.report(ranked, limit):
            best = ranked[0]
            if not text or best.score < _PAINFUL_SHARE * self.thresholds.of(best.trap.id):
                return []
            from .checklist import compound

            if compound(text) > _PAINFUL_TONE:
                return []
        return [r for i, r in enumerate(ranked[:limit]) if i == 0 or r.score >= _SHOWN_FLOOR]

    def model_cues(self, thought: str, trap_id: str, name: str) -> tuple[Cue, ...]:
        """The words the classifier leaned on most for ``trap_id`` (shown when no rule matched).

        A word counts when its stem is clearly more likely under this trap than under the other
        labels on average (log-likelihood ratio above a margin); at most two, strongest first.
        """
        table = self.model.log_likelihood.get(trap_id)
        if table is None:
            return ()
        others = [label for label in self.model.labels if label != trap_id]
        scored: list[tuple[float, Token]] = []
        for token in tokens(thought):
            if not token.lower.isalpha() or token.lower in STOPWORDS or len(token.lower) < 3:
                continue
            feature = stem(token.lower)
            if feature not in self.model.vocabulary:
                continue
            own = table.get(feature, self.model.log_unseen[trap_id])
            rest = sum(
                self.model.log_likelihood[o].get(feature, self.model.log_unseen[o]) for o in others
            ) / max(1, len(others))
            if own - rest > _MODEL_CUE_MIN:
                scored.append((own - rest, token))
        scored.sort(key=lambda item: (-item[0], item[1].start))
        why = f"sounds like other examples of {name.lower()}"
        return tuple(Cue(trap_id, t.text, t.start, t.end, 0.0, why) for _, t in scored[:2])


def _analyse(text: str, rules: tuple[CueRule, ...]) -> tuple[list[str], dict[str, list[Cue]], bool]:
    """Classifier features, cues by trap, and whether the text shows coping or balance."""
    by_trap: dict[str, list[Cue]] = {}
    for cue in find_cues(text, rules):
        by_trap.setdefault(cue.trap, []).append(cue)
    feats = features(text)
    feats += [f"cue:{t}" for t, found in by_trap.items() if _strength(found) >= _CUE_FEATURE_MIN]
    coping = bool(balance_cues(text))
    if coping:
        feats.append("cue:balance")
    return feats, by_trap, coping


def _strength(found: list[Cue]) -> float:
    remaining = 1.0
    for cue in found:
        remaining *= 1 - cue.weight
    return 1 - remaining


def _dedupe(found: list[Cue]) -> tuple[Cue, ...]:
    """Strongest first; drop a cue lying inside a stronger one's span."""
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (-c.weight, c.start, -(c.end - c.start))):
        if any(k.start <= cue.start and cue.end <= k.end for k in kept):
            continue
        kept.append(cue)
    return tuple(kept)


def build(
    traps: TrapList, training: TrainingSet, thresholds: Thresholds | None = None
) -> OfflineEngine:
    """Build an engine from a trap list and the training set (deterministic).

    Examples for hidden traps and for labels the trap list does not know are left out.
    ``thresholds`` defaults to the calibrated ones in ``data/thresholds.yaml``.
    """
    visible = {trap.id: trap for trap in traps.visible()}
    rules = tuple(rule for rule in RULES if rule.trap in visible)
    for trap in visible.values():
        rules += word_rules(trap.id, trap.cue_words)
    examples: list[tuple[list[str], str]] = []
    labelled: list[tuple[str, str]] = [
        (text, label)
        for label, texts in sorted(training.examples.items())
        if label == NONE_LABEL or label in visible
        for text in texts
    ]
    labelled += [(text, trap.id) for trap in visible.values() for text in trap.examples]
    for text, label in labelled:
        examples.append((_analyse(text, rules)[0], label))
    for item in training.multi_label:
        feats = _analyse(item.text, rules)[0]
        examples += [
            (feats, label) for label in item.traps if label == NONE_LABEL or label in visible
        ]
    return OfflineEngine(
        traps=traps,
        rules=rules,
        model=train(examples),
        thresholds=thresholds or stored_thresholds(),
    )


_LOCK = threading.Lock()


@cache
def _engine_for(path: Path, mtime: int, size: int, data_mtimes: tuple[int, int]) -> OfflineEngine:
    del mtime, size  # cache key only
    return build(load_traps(path), _training(training_path(), data_mtimes[0]))


def get_engine(path: Path | None = None) -> OfflineEngine:
    """The engine for ``traps.yaml`` (default location), built on first use and cached.

    It is rebuilt when the file's modification time or size changes, so a therapist's edit is
    picked up without a restart.
    """
    target = (path or traps_path()).resolve()
    stat = target.stat()
    data = (training_path().stat().st_mtime_ns, thresholds_path().stat().st_mtime_ns)
    with _LOCK:
        return _engine_for(target, stat.st_mtime_ns, stat.st_size, data)


def training_set() -> TrainingSet:
    """The whole training file from the package data (for calibration, benchmarks, tests)."""
    path = training_path()
    return _training(path, path.stat().st_mtime_ns)


def training_examples() -> dict[str, tuple[str, ...]]:
    """The single-label examples from the package data (for benchmarks and tests)."""
    return dict(training_set().examples)


__all__ = [
    "MAX_REPORTED",
    "LabelledThought",
    "OfflineEngine",
    "Ranked",
    "ThresholdFile",
    "Thresholds",
    "TrainingSet",
    "build",
    "get_engine",
    "stored_thresholds",
    "thresholds_path",
    "training_examples",
    "training_path",
    "training_set",
]
