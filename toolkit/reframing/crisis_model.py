"""The crisis detector's statistical second opinion: a linear model scored in pure Python.

A logistic regression over TF-IDF word 1–3-grams and character 3–5-grams (within word
boundaries), trained at build time with scikit-learn by ``scripts/build_crisis_data.py`` on
the project's own examples and shipped as plain weights (``data/crisis_model.json``). Scoring
here reproduces scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` + ``FeatureUnion`` +
``LogisticRegression.predict_proba`` exactly, with no library beyond the standard one.

Its vote can only *raise* the rules' verdict (see :mod:`toolkit.reframing.safety`).

Examples
--------
>>> 0.0 <= probability("i want to go to sleep and never wake up") <= 1.0
True
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from .crisis_text import canonical, normalise

_WORD = re.compile(r"[a-z']+")
_SPACE = re.compile(r"\s\s+")
_SENTENCE = re.compile(r"[.!?;\n]+")


def prepare(text: str) -> str:
    """The text as the model and the rules read it."""
    return canonical(normalise(text))


def corpus_files() -> list[Path]:
    """The training files: our own examples, then the rounds open for training."""
    data = Path(str(resources.files("toolkit.reframing").joinpath("data/crisis")))
    files = sorted(data.glob("own_*.jsonl"))
    rounds = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "crisis"
    listing = rounds / "ROUNDS.md"
    if listing.exists():
        for line in listing.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.split("|")]
            if (
                len(cells) > 6
                and cells[5] == "yes"
                and (rounds / f"round_{cells[1]}.jsonl").exists()
            ):
                files.append(rounds / f"round_{cells[1]}.jsonl")
    return files


def corpus_hash() -> str:
    """SHA-256 over the training files (names and bytes), stored with the weights.

    ``training.yaml`` (the thinking-trap examples) and ``balanced.yaml`` (the engine's balanced
    thoughts), both used as ordinary non-crisis text, count too: editing either means
    rebuilding the model (``make train-crisis``).
    """
    digest = hashlib.sha256()
    data = Path(str(resources.files("toolkit.reframing").joinpath("data")))
    for path in [*corpus_files(), data / "training.yaml", data / "balanced.yaml"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _model() -> dict[str, Any]:
    raw = resources.files("toolkit.reframing").joinpath("data/crisis_model.json")
    document: dict[str, Any] = json.loads(raw.read_text(encoding="utf-8"))
    return document


def _word_terms(text: str) -> list[str]:
    tokens = _WORD.findall(text)
    pairs = [f"{a} {b}" for a, b in pairwise(tokens)]
    triples = [f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
    return tokens + pairs + triples


def _char_terms(text: str, low: int = 3, high: int = 5) -> list[str]:
    grams = []
    for word in _SPACE.sub(" ", text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < size:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:
                break
    return grams


def _part(terms: list[str], weights: dict[str, list[float]]) -> float:
    counts = Counter(t for t in terms if t in weights)
    if not counts:
        return 0.0
    values = {t: (1.0 + math.log(c)) * weights[t][1] for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return sum(v * weights[t][0] for t, v in values.items()) / norm


def probability(prepared: str) -> float:
    """The model's probability of risk for one text already passed through :func:`prepare`."""
    model = _model()
    score = model["intercept"]
    score += _part(_word_terms(prepared), model["weights"]["word"])
    score += _part(_char_terms(prepared), model["weights"]["char"])
    return 1.0 / (1.0 + math.exp(-score))


def sentence_probability(prepared: str) -> float:
    """The highest probability over the whole text and each of its sentences."""
    best = probability(prepared)
    parts = [p.strip() for p in _SENTENCE.split(prepared) if len(p.strip()) > 2]
    if len(parts) > 1:
        best = max(best, *(probability(p) for p in parts[:40]))
    return best


__all__ = ["corpus_files", "corpus_hash", "prepare", "probability", "sentence_probability"]
