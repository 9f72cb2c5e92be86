"""A small multinomial naive Bayes classifier, trained on our own labelled thoughts.

Naive Bayes with Laplace smoothing (McCallum & Nigam 1998, "A comparison of event models for
naive Bayes text classification") over binary bag-of-words features (stems, negation-marked stems,
bigrams and the traps named by the cue rules). Class priors are uniform, so a trap that a
therapist adds with only a few examples is not drowned by the others. Training is deterministic
(sorted iteration, no randomness) and takes a few tens of milliseconds; nothing is pickled.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

NONE_LABEL = "none"


@dataclass(frozen=True)
class NaiveBayes:
    """A trained model: per-class log-likelihoods of each feature and the unseen-feature floor."""

    labels: tuple[str, ...]
    log_likelihood: Mapping[str, Mapping[str, float]]
    log_unseen: Mapping[str, float]
    vocabulary: frozenset[str]
    temperature: float

    def log_scores(self, features: Iterable[str]) -> dict[str, float]:
        """Unnormalised log-posterior of each label (uniform prior)."""
        present = sorted({f for f in features if f in self.vocabulary})
        scores: dict[str, float] = {}
        for label in self.labels:
            table = self.log_likelihood[label]
            unseen = self.log_unseen[label]
            scores[label] = sum(table.get(f, unseen) for f in present)
        return scores

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """Posterior probability of each label, softened by ``temperature``.

        Naive Bayes is over-confident because features are not independent; dividing the
        log-scores by a temperature > 1 gives more useful, less extreme scores (Guo et al. 2017,
        "On calibration of modern neural networks", apply the same idea to other models).
        """
        logs = self.log_scores(features)
        top = max(logs.values())
        exps = {label: math.exp((value - top) / self.temperature) for label, value in logs.items()}
        total = sum(exps.values())
        return {label: value / total for label, value in exps.items()}


def train(
    examples: Sequence[tuple[Sequence[str], str]],
    *,
    alpha: float = 0.3,
    temperature: float = 3.0,
) -> NaiveBayes:
    """Train a multinomial naive Bayes model.

    Parameters
    ----------
    examples
        ``(features, label)`` pairs; duplicate features within one example count once.
    alpha
        Laplace (additive) smoothing.
    temperature
        Softening of the posterior (see :meth:`NaiveBayes.probabilities`).

    Examples
    --------
    >>> model = train([(["always"], "over"), (["should"], "should"), (["fine"], "none")])
    >>> max(model.probabilities(["always"]).items(), key=lambda kv: kv[1])[0]
    'over'
    """
    counts: dict[str, dict[str, int]] = {}
    vocabulary: set[str] = set()
    for features, label in examples:
        table = counts.setdefault(label, {})
        for feature in set(features):
            table[feature] = table.get(feature, 0) + 1
            vocabulary.add(feature)
    size = len(vocabulary)
    log_likelihood: dict[str, dict[str, float]] = {}
    log_unseen: dict[str, float] = {}
    for label in sorted(counts):
        table = counts[label]
        total = sum(table.values()) + alpha * size
        log_likelihood[label] = {
            feature: math.log((count + alpha) / total) for feature, count in sorted(table.items())
        }
        log_unseen[label] = math.log(alpha / total)
    return NaiveBayes(
        labels=tuple(sorted(counts)),
        log_likelihood=log_likelihood,
        log_unseen=log_unseen,
        vocabulary=frozenset(vocabulary),
        temperature=temperature,
    )


__all__ = ["NONE_LABEL", "NaiveBayes", "train"]
