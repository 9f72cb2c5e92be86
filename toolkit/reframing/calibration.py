"""Per-trap report thresholds, chosen by cross-validation on our own labelled thoughts.

A thought often shows two or three traps at once, so :func:`toolkit.reframing.analyze` reports
every trap whose score reaches that trap's threshold (at most three, most likely first). Scores
are not equally calibrated across traps (a trap with sharp cue words scores high more easily), so
each trap gets its own threshold:

1. Every thought of ``training.yaml`` is scored by an engine built without it (``folds``-fold
   cross-validation, item ``i`` in fold ``i % folds``; deterministic).
2. Thresholds are chosen on the held-out scores of the ``multi_label`` thoughts only: they are
   labelled with *every* trap they show (one, two or three, or none), whereas a single-label
   example names one trap it shows and may show another ("I always ruin everything" is
   overgeneralizing and all-or-nothing), so it cannot say whether a second trap was a false
   alarm.
3. For each trap, the threshold on a fixed grid that gives the best F1 is taken (ties: the
   higher threshold), then pulled half-way towards the single threshold that is best for all
   traps together, because a few dozen positives per trap make the per-trap optimum noisy.

Only our own data is used; evaluation sets are never read here. The result is stored in
``data/thresholds.yaml`` (plain numbers, no pickles) so that first use stays fast; run
``python -m toolkit.reframing.calibration`` after editing the training data, and a test checks
the stored numbers are what this module computes.

Examples
--------
>>> from toolkit.reframing.engine import Thresholds
>>> t = Thresholds(default=0.4, per_trap={"labeling": 0.5})
>>> t.of("labeling"), t.of("magical_thinking")
(0.5, 0.4)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .classifier import NONE_LABEL
from .engine import Thresholds, TrainingSet, build, thresholds_path, training_set
from .taxonomy import load_traps

if TYPE_CHECKING:
    from .taxonomy import TrapList

GRID: tuple[float, ...] = tuple(round(0.15 + 0.025 * i, 3) for i in range(23))
"""Candidate thresholds: 0.15, 0.175, ..., 0.70."""
FOLDS = 5
SHRINK = 0.5
"""How far each trap's own optimum is pulled towards the shared one (0 = shared only)."""


HeldOut = tuple[frozenset[str], tuple[tuple[str, float], ...]]
"""One thought's gold labels and its held-out scores, most likely first."""


def held_out_scores(
    traps: TrapList, training: TrainingSet, folds: int = FOLDS, *, complete_only: bool = True
) -> list[HeldOut]:
    """Score labelled thoughts with engines trained without them (deterministic).

    With ``complete_only`` only the ``multi_label`` thoughts (labelled with every trap they
    show) are scored; all thoughts are still used for training.
    """
    items = training.labelled()
    single = sum(len(texts) for texts in training.examples.values())
    out: list[HeldOut] = []
    for fold in range(folds):
        examples: dict[str, list[str]] = {}
        for i, (text, labels) in enumerate(items[:single]):
            if i % folds != fold:
                examples.setdefault(labels[0], []).append(text)
        multi = tuple(m for j, m in enumerate(training.multi_label) if (single + j) % folds != fold)
        subset = TrainingSet(
            schema_version=1,
            examples={label: tuple(texts) for label, texts in examples.items()},
            multi_label=multi,
        )
        engine = build(traps, subset, Thresholds(default=1.0))
        out += [
            (frozenset(labels), tuple((r.trap.id, r.score) for r in engine.rank(text)))
            for i, (text, labels) in enumerate(items)
            if i % folds == fold and (i >= single or not complete_only)
        ]
    return out


def _f1(scored: Sequence[HeldOut], trap_ids: Sequence[str], threshold: float) -> float:
    tp = fp = fn = 0
    for gold, ranked in scored:
        shown = {trap for trap, score in ranked if score >= threshold and trap in trap_ids}
        for trap in trap_ids:
            if trap in shown and trap in gold:
                tp += 1
            elif trap in shown:
                fp += 1
            elif trap in gold:
                fn += 1
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best(scored: Sequence[HeldOut], trap_ids: Sequence[str]) -> float:
    # max() keeps the first best; the grid is scanned from the top so ties go to the higher one
    return max(reversed(GRID), key=lambda t: _f1(scored, trap_ids, t))


def choose(scored: Sequence[HeldOut], trap_ids: Sequence[str]) -> Thresholds:
    """Thresholds from held-out scores: the shared optimum, and each trap's shrunk towards it."""
    shared = _best(scored, trap_ids)
    per_trap = {
        trap: round(shared + (1 - SHRINK) * (_best(scored, [trap]) - shared), 3)
        for trap in trap_ids
        if trap != NONE_LABEL
    }
    return Thresholds(default=shared, per_trap=per_trap)


def calibrate(traps: TrapList, training: TrainingSet, folds: int = FOLDS) -> Thresholds:
    """Cross-validate on our own data and choose the report thresholds (deterministic)."""
    trap_ids = [trap.id for trap in traps.visible()]
    return choose(held_out_scores(traps, training, folds), trap_ids)


def to_yaml(thresholds: Thresholds) -> str:
    """The text of ``data/thresholds.yaml`` for ``thresholds``."""
    lines = [
        "# Report thresholds per trap, chosen by cross-validation on training.yaml only.",
        "# Generated by `python -m toolkit.reframing.calibration`; do not edit by hand.",
        "schema_version: 1",
        f"default: {thresholds.default}",
        "per_trap:",
    ]
    lines += [f"  {trap}: {value}" for trap, value in sorted(thresholds.per_trap.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Recalibrate from the package's training data and ``traps.yaml``; rewrite the file."""
    result = calibrate(load_traps(), training_set())
    thresholds_path().write_text(to_yaml(result), encoding="utf-8")
    sys.stdout.write(to_yaml(result))


if __name__ == "__main__":
    main()


__all__ = [
    "FOLDS",
    "GRID",
    "SHRINK",
    "calibrate",
    "choose",
    "held_out_scores",
    "to_yaml",
]
