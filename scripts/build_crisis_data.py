"""Build the crisis detector's shipped data: protected words and the linear model's weights.

Run with the ``train`` extra installed (``make train-crisis``); kernels never import the
libraries used here. Two files are written into ``toolkit/reframing/data/``:

- ``crisis_vocabulary.txt``: real English words one edit away from a key word of
  :mod:`toolkit.reframing.crisis_text` (``loving`` next to ``living``, ``exiting`` next to
  ``existing``). The typo repair never touches them. The word list comes from the
  ``pyspellchecker`` package's English frequency list (words seen at least 50 times there).
- ``crisis_model.json``: a logistic regression over word 1–3-grams and character 3–5-grams
  (TF-IDF, scikit-learn), trained on the project's own examples
  (``data/crisis/own_*.jsonl``) and on the evaluation rounds that ``benchmarks/data/crisis/
  ROUNDS.md`` marks as open for training. Only the strongest features are kept, as plain
  weights with their IDF; :mod:`toolkit.reframing.crisis_model` scores with them in pure Python.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.reframing.crisis_model import corpus_files, corpus_hash, prepare  # noqa: E402
from toolkit.reframing.crisis_text import KEY_WORDS, _distance  # noqa: E402

DATA = ROOT / "toolkit" / "reframing" / "data"
KEEP_FEATURES = 6000


def vocabulary() -> None:
    from spellchecker import SpellChecker

    words = SpellChecker().word_frequency.dictionary
    near = set()
    misspellings = {"goodby", "goodbys", "unlive"}  # in the list, but spellings of key words
    for word, count in words.items():
        if count < 50 or not word.isalpha() or len(word) < 4:
            continue
        for key in KEY_WORDS:
            if word in misspellings:
                continue
            close = word != key and word[0] == key[0] and abs(len(word) - len(key)) <= 1
            if close and _distance(word, key) <= 1:
                near.add(word)
    header = (
        "# Real English words one edit away from a crisis key word: never repaired as typos.\n"
        "# Written by scripts/build_crisis_data.py from pyspellchecker's English word list.\n"
    )
    (DATA / "crisis_vocabulary.txt").write_text(header + "\n".join(sorted(near)) + "\n")
    print(f"crisis_vocabulary.txt: {len(near)} protected words")


def ordinary_thoughts() -> list[str]:
    """The thinking-trap examples of ``training.yaml``: negative thoughts that are not crisis.

    They teach the model that an ordinary painful thought ("Nobody likes me at school") is not
    risk. Any that the rules flag are left out.
    """
    import yaml

    from toolkit.reframing.safety import rule_hits

    data = yaml.safe_load((DATA / "training.yaml").read_text(encoding="utf-8"))
    texts = [t for group in data.get("examples", {}).values() for t in group]
    texts += [item["text"] for item in data.get("multi_label", []) if "text" in item]
    return [t for t in texts if isinstance(t, str) and not rule_hits(prepare(t))]


def balanced_sentences() -> list[str]:
    """The offline engine's own balanced thoughts (``balanced.yaml``), slots filled with their
    defaults: calm, ordinary first-person sentences, so the model does not learn that a text
    with no risk word in it is a veiled risk. Any that the rules flag are left out."""
    import re

    import yaml

    from toolkit.reframing.safety import rule_hits

    data = yaml.safe_load((DATA / "balanced.yaml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    texts = []
    for raw in found:
        text = re.sub(r"^[taoy*]\|\s*", "", raw)
        text = re.sub(r"\{\w+\|([^}]*)\}", r"\1", text)
        text = re.sub(r"\{(\w+)\}", r"\1", text)
        if len(text.split()) >= 4:
            texts.append(text)
    return [t for t in dict.fromkeys(texts) if not rule_hits(prepare(t))]


def rows() -> list[dict[str, str]]:
    found = []
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line))
    found += [{"text": t, "label": "none"} for t in ordinary_thoughts()]
    found += [{"text": t, "label": "none"} for t in balanced_sentences()]
    return found


def model() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    data = rows()
    texts = [prepare(r["text"]) for r in data]
    labels = np.array([r["label"] == "risk" for r in data], dtype=int)
    union = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 3),
                    min_df=2,
                    token_pattern=r"[a-z']+",
                    sublinear_tf=True,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True
                ),
            ),
        ]
    )
    features = union.fit_transform(texts)
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    clf.fit(features, labels)
    coef = clf.coef_[0]
    names: list[tuple[str, str, float]] = []
    for part, vec in union.transformer_list:
        for term, index in vec.vocabulary_.items():
            names.append((part, term, float(vec.idf_[index])))
    order = np.argsort(-np.abs(coef))[:KEEP_FEATURES]
    kept: dict[str, list[str]] = {"word": [], "char": []}
    for i in order:
        kept[names[i][0]].append(names[i][1])
    # Refit on the kept features only, so the shipped weights are the whole model.
    union = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 3),
                    vocabulary=kept["word"],
                    token_pattern=r"[a-z']+",
                    sublinear_tf=True,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    vocabulary=kept["char"],
                    sublinear_tf=True,
                ),
            ),
        ]
    )
    features = union.fit_transform(texts)
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    clf.fit(features, labels)
    weights: dict[str, dict[str, list[float]]] = {"word": {}, "char": {}}
    offset = 0
    for part, vec in union.transformer_list:
        for term, index in vec.vocabulary_.items():
            weight = float(clf.coef_[0][offset + index])
            weights[part][term] = [round(weight, 6), round(float(vec.idf_[index]), 6)]
        offset += len(vec.vocabulary_)
    document = {
        "format": "cbt-toolkit/crisis-model@1",
        "corpus_sha256": corpus_hash(),
        "examples": len(data),
        "intercept": round(float(clf.intercept_[0]), 5),
        "word_ngrams": [1, 3],
        "char_ngrams": [3, 5],
        "weights": weights,
    }
    path = DATA / "crisis_model.json"
    path.write_text(json.dumps(document, separators=(",", ":"), sort_keys=True) + "\n")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    print(f"crisis_model.json: {len(order)} features from {len(data)} examples ({digest})")


if __name__ == "__main__":
    vocabulary()
    model()
