"""Benchmark the offline thinking-trap engine (a script that prints numbers; `make bench-ai`).

Evaluation data (NOT in the repository, never used for training or tuning; non-commercial
licences, see each folder's SOURCE.md), looked for in ``../shared/data`` next to the repository
or in ``CBT_EVAL_DATA``:

- ``cognitive-reframing-sharma2023/thinking_traps.jsonl`` (Sharma et al. 2023, CC BY-NC-ND 4.0):
  a prompt may appear on several lines with different labels; read as multi-label, in memory.
- ``cbt-bench-zhang2025/distortions_test.json`` (Zhang et al. 2025, CBT-Bench CBT-CD,
  CC BY-NC 4.0): the ten Burns labels are mapped to our ids in memory.

Also measured on our own data: 5-fold cross-validation of ``training.yaml`` (single-label
top-1/top-3, multi-label macro-F1 of the reported traps, balanced-thought false positives),
crisis recall and false-positive rate (``tests/data/crisis_*.txt``), the reframe checklist pass
rate, ``analyze`` latency and the import time.

``--per-label`` also prints precision, recall and F1 per label: aggregate numbers only; no
evaluation sentence is ever printed.

``--engine llm`` (``make bench-ai ENGINE=llm``) measures the endpoint configured by
``CBT_LLM_URL`` / ``CBT_LLM_MODEL`` / ``CBT_LLM_API_KEY`` / ``CBT_LLM_TIMEOUT`` instead, side by
side with the offline engine on the same thoughts (Sharma et al.'s reframing thoughts when the
evaluation data is there, else our own examples; ``CBT_BENCH_LLM_N`` of them, default 30): how
often the LLM result was used or fell back (and why), what share of the model's balanced
thoughts and questions survived the checks, why the others were dropped, and latency p50/p95
of both engines. Only our own thoughts are ever printed as examples.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.reframing import TRAP_IDS, analyze  # noqa: E402
from toolkit.reframing.checklist import check_reframe  # noqa: E402
from toolkit.reframing.engine import (  # noqa: E402
    TrainingSet,
    build,
    get_engine,
    training_examples,
    training_set,
)
from toolkit.reframing.safety import check  # noqa: E402
from toolkit.reframing.taxonomy import load_traps  # noqa: E402

SHARMA_NAMES = {
    "all-or-nothing thinking": "all_or_nothing",
    "overgeneralizing": "overgeneralizing",
    "overgeneralization": "overgeneralizing",
    "labeling": "labeling",
    "fortune telling": "fortune_telling",
    "mind reading": "mind_reading",
    "emotional reasoning": "emotional_reasoning",
    "should statements": "should_statements",
    "personalizing": "personalizing",
    "personalization": "personalizing",
    "disqualifying the positive": "disqualifying_positive",
    "catastrophizing": "catastrophizing",
    "comparing and despairing": "comparing_despairing",
    "comparing": "comparing_despairing",
    "blaming": "blaming",
    "negative feeling or emotion": "negative_feeling",
    "not distorted": "none",
}
# CBT-Bench uses Burns's ten distortions. "Magnification" is Burns's name for catastrophizing;
# "mental filter" (dwelling on the negative) has no trap of its own in the Sharma/MHA list: its
# nearest neighbour there is disqualifying the positive (Burns lists them side by side).
BURNS_NAMES = {
    "all-or-nothing thinking": "all_or_nothing",
    "overgeneralization": "overgeneralizing",
    "mental filter": "disqualifying_positive",
    "disqualifying the positive": "disqualifying_positive",
    "mind reading": "mind_reading",
    "fortune-telling": "fortune_telling",
    "magnification": "catastrophizing",
    "emotional reasoning": "emotional_reasoning",
    "should statements": "should_statements",
    "labeling": "labeling",
    "personalization": "personalizing",
}


PER_LABEL: dict[str, tuple[float, float, float]] = {}
"""Per-label precision, recall and F1 of the last :func:`topk_and_f1` call."""
VERBOSE = "--per-label" in sys.argv
ENGINE = sys.argv[sys.argv.index("--engine") + 1] if "--engine" in sys.argv[:-1] else "offline"


def data_dir() -> Path | None:
    """The evaluation data folder, or None when it is not there."""
    override = os.environ.get("CBT_EVAL_DATA")
    folder = Path(override) if override else ROOT.parent / "shared" / "data"
    return folder if folder.is_dir() else None


def ranking(text: str) -> list[str]:
    """All visible trap ids for ``text``, most likely first (the engine's full ranking)."""
    return [r.trap.id for r in get_engine().rank(text)]


def predicted(text: str) -> set[str]:
    """The traps ``analyze`` reports (score >= threshold, at most three)."""
    return {hit.id for hit in analyze(text).traps}


def topk_and_f1(items: list[tuple[str, set[str]]], labels: list[str]) -> dict[str, float]:
    """Top-1/top-3 (a hit if any gold label is ranked there) and macro-F1 of ``analyze``."""
    top1 = top3 = 0
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    tp3: dict[str, int] = defaultdict(int)
    fp3: dict[str, int] = defaultdict(int)
    fn3: dict[str, int] = defaultdict(int)
    reported = 0
    for text, gold in items:
        ranked = ranking(text)
        shown = predicted(text)
        reported += len(shown)
        top1 += ranked[0] in gold
        top3 += bool(set(ranked[:3]) & gold)
        for pred, (t, f, n) in (
            (shown, (tp, fp, fn)),
            (set(ranked[:3]), (tp3, fp3, fn3)),
        ):
            for label in labels:
                if label in pred and label in gold:
                    t[label] += 1
                elif label in pred:
                    f[label] += 1
                elif label in gold:
                    n[label] += 1

    def per_label(
        t: dict[str, int], f: dict[str, int], n: dict[str, int]
    ) -> dict[str, tuple[float, float, float]]:
        scores = {}
        for label in labels:
            p = t[label] / (t[label] + f[label]) if t[label] + f[label] else 0.0
            r = t[label] / (t[label] + n[label]) if t[label] + n[label] else 0.0
            scores[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
        return scores

    prf = per_label(tp, fp, fn)
    PER_LABEL.clear()
    PER_LABEL.update(prf)
    f1 = {label: v[2] for label, v in prf.items()}
    f1_top3 = {label: v[2] for label, v in per_label(tp3, fp3, fn3).items()}
    return {
        "n": len(items),
        "top1": top1 / len(items),
        "top3": top3 / len(items),
        "macro_f1": sum(f1.values()) / len(labels),
        "macro_f1_top3": sum(f1_top3.values()) / len(labels),
        "reported": reported / len(items),
        "gold": sum(len(g) for _, g in items) / len(items),
    }


def print_per_label() -> None:
    """Precision / recall / F1 of ``analyze`` output per label (aggregate numbers only)."""
    for label, (p, r, f) in sorted(PER_LABEL.items()):
        print(f"    {label:<24} P {p:.2f}  R {r:.2f}  F1 {f:.2f}")


def sharma(folder: Path) -> None:
    path = folder / "cognitive-reframing-sharma2023" / "thinking_traps.jsonl"
    if not path.exists():
        print(f"Sharma et al. 2023: {path} not found, skipped")
        return
    gold: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["prompt"].rsplit("->", 1)[0].strip()
        label = SHARMA_NAMES.get(row["completion"].strip().lower())
        if label:
            gold[text].add(label)
    distorted = [(t, g - {"none"}) for t, g in gold.items() if g - {"none"}]
    clean = [t for t, g in gold.items() if g == {"none"}]
    shown_vs_ranking(distorted, clean)
    scores = topk_and_f1(distorted, list(TRAP_IDS))
    flagged = sum(any(h.score >= 0.5 for h in analyze(t).traps) for t in clean)
    print(
        f"Sharma et al. 2023 thinking traps ({scores['n']:.0f} distorted texts, multi-label): "
        f"top-1 {scores['top1']:.3f}  top-3 {scores['top3']:.3f}  "
        f"macro-F1 {scores['macro_f1']:.3f} (analyze output), {scores['macro_f1_top3']:.3f} (top-3)"
    )
    if VERBOSE:
        print_per_label()
    print(
        f"  'not distorted' texts given a trap with score >= 0.5: {flagged}/{len(clean)} "
        f"({flagged / max(1, len(clean)):.1%})"
    )


def shown_vs_ranking(distorted: list[tuple[str, set[str]]], clean: list[str]) -> None:
    """What the client sees next to what the ranking knows, with both report policies.

    ``threshold only`` is the earlier policy (each trap shown only when it reaches its own
    threshold); ``shown`` is :meth:`OfflineEngine.shown` (once a trap reaches its threshold,
    the ranking's next likely traps are shown too), which ``analyze`` uses.
    """
    engine = get_engine()
    hits = {"ranking": 0, "threshold only": 0, "shown": 0}
    first = {"threshold only": 0, "shown": 0}
    count = {"threshold only": 0, "shown": 0}
    for text, gold in distorted:
        ranked = engine.rank(text)
        lists = {
            "ranking": [r.trap.id for r in ranked[:3]],
            "threshold only": [r.trap.id for r in engine.report(ranked)],
            "shown": [hit.id for hit in analyze(text).traps],
        }
        for name, ids in lists.items():
            hits[name] += bool(set(ids) & gold)
            if name in first:
                first[name] += bool(ids) and ids[0] in gold
                count[name] += len(ids)
    n = len(distorted)
    flagged_old = sum(bool(engine.report(engine.rank(t))) for t in clean)
    flagged = sum(bool(analyze(t).traps) for t in clean)
    print(
        f"Sharma et al. 2023, what the client sees ({n} distorted texts):\n"
        f"  top-3 of the ranking {hits['ranking'] / n:.3f}\n"
        f"  shown (analyze): top-1 {first['shown'] / n:.3f}  top-3 {hits['shown'] / n:.3f}  "
        f"{count['shown'] / n:.2f} traps per text\n"
        f"  threshold-only policy, same engine: top-1 {first['threshold only'] / n:.3f}  "
        f"top-3 {hits['threshold only'] / n:.3f}  {count['threshold only'] / n:.2f} per text\n"
        f"  'not distorted' texts shown any trap: {flagged}/{len(clean)} "
        f"({flagged / max(1, len(clean)):.1%}); threshold-only {flagged_old}/{len(clean)}"
    )


def cbt_bench(folder: Path) -> None:
    path = folder / "cbt-bench-zhang2025" / "distortions_test.json"
    if not path.exists():
        print(f"CBT-Bench distortions: {path} not found, skipped")
        return
    rows = json.loads(path.read_text(encoding="utf-8"))
    for title, names in (
        ("10 Burns labels; mental filter -> disqualifying_positive", BURNS_NAMES),
        (
            "9 labels; mental filter left out (no trap of its own in our list)",
            {k: v for k, v in BURNS_NAMES.items() if k != "mental filter"},
        ),
    ):
        items = []
        for row in rows:
            gold = {names[d.lower()] for d in row["distortions"] if d.lower() in names}
            if gold:
                items.append((row["thoughts"], gold))
        labels = sorted(
            {names[d.lower()] for row in rows for d in row["distortions"] if d.lower() in names}
        )
        scores = topk_and_f1(items, labels)
        print(
            f"CBT-Bench CBT-CD distortions ({scores['n']:.0f} items, `thoughts` field, "
            f"multi-label, {title}):\n"
            f"  top-1 {scores['top1']:.3f}  top-3 {scores['top3']:.3f}  "
            f"macro-F1 {scores['macro_f1']:.3f} (analyze output), "
            f"{scores['macro_f1_top3']:.3f} (top-3 of the ranking); "
            f"{scores['reported']:.2f} traps reported per item, {scores['gold']:.2f} gold"
        )
        if VERBOSE:
            print_per_label()


def own_cross_validation(folds: int = 5) -> None:
    """Cross-validation on our own examples: single-label and multi-label thoughts together.

    Item ``i`` is held out in fold ``i % folds``; the engine is rebuilt on the rest each time.
    """
    data = training_set()
    traps = load_traps()
    items = data.labelled()
    single = sum(len(texts) for texts in data.examples.values())
    top1 = top3 = n = fp = balanced = 0
    tp: dict[str, int] = defaultdict(int)
    fp_: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for fold in range(folds):
        train: dict[str, list[str]] = defaultdict(list)
        for i, (text, labels) in enumerate(items[:single]):
            if i % folds != fold:
                train[labels[0]].append(text)
        multi = tuple(m for j, m in enumerate(data.multi_label) if (single + j) % folds != fold)
        engine = build(
            traps,
            TrainingSet(
                schema_version=1,
                examples={label: tuple(texts) for label, texts in train.items()},
                multi_label=multi,
            ),
        )
        for i, (text, labels) in enumerate(items):
            if i % folds != fold:
                continue
            ranked = engine.rank(text)
            gold = set(labels)
            if gold == {"none"}:
                balanced += 1
                fp += ranked[0].score >= 0.5
                continue
            if i < single:
                n += 1
                top1 += ranked[0].trap.id in gold
                top3 += bool(gold & {r.trap.id for r in ranked[:3]})
                continue
            shown = {r.trap.id for r in engine.report(ranked)}
            for label in TRAP_IDS:
                if label in shown and label in gold:
                    tp[label] += 1
                elif label in shown:
                    fp_[label] += 1
                elif label in gold:
                    fn[label] += 1
    f1 = []
    for label in TRAP_IDS:
        p = tp[label] / (tp[label] + fp_[label]) if tp[label] + fp_[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    print(
        f"Own examples, {folds}-fold cross-validation: single-label top-1 {top1 / n:.3f}  "
        f"top-3 {top3 / n:.3f}; multi-label macro-F1 of the reported traps "
        f"{sum(f1) / len(f1):.3f}; balanced thoughts with a trap >= 0.5: "
        f"{fp}/{balanced} ({fp / balanced:.1%})"
    )


def crisis() -> None:
    def lines(name: str) -> list[str]:
        text = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
        return [s.strip() for s in text.splitlines() if s.strip() and not s.startswith("#")]

    pos, neg = lines("crisis_positive.txt"), lines("crisis_negative.txt")
    recall = sum(check(t).crisis for t in pos) / len(pos)
    fpr = sum(check(t).crisis for t in neg) / len(neg)
    print(
        f"Crisis gate: recall {recall:.1%} on {len(pos)} phrasings; "
        f"FP {fpr:.1%} on {len(neg)} hard negatives"
    )


def distinct_2(texts: list[str]) -> float:
    """Distinct bigrams over all bigrams of ``texts`` (Li et al. 2016), lower-cased words."""
    grams = [
        (a, b)
        for text in texts
        for a, b in itertools.pairwise(re.findall(r"[a-z']+", text.lower()))
    ]
    return len(set(grams)) / max(1, len(grams))


def template_output(thought: str, situation: str, trap: str) -> list[str]:
    """The sentence patterns filled with the thought's words, unfiltered (the earlier engine)."""
    from toolkit.reframing import suggest

    part = suggest.parts(thought, situation, trap, "")
    if not any(f in f"{thought} {situation}".lower() for f in suggest._FEELINGS):
        part = dataclasses.replace(part, feeling=EARLIER_FEELING.get(trap, "upset"))
    bank = suggest.reframe_patterns()
    patterns = bank.traps.get(trap, bank.generic)
    return [suggest._fill(p, part) for p in patterns if "{other}" not in p or part.other][:3]


EARLIER_FEELING = {
    "all_or_nothing": "disappointed",
    "overgeneralizing": "let down",
    "labeling": "hurt",
    "fortune_telling": "worried",
    "mind_reading": "unsure",
    "emotional_reasoning": "upset",
    "should_statements": "under pressure",
    "personalizing": "guilty",
    "disqualifying_positive": "unsure",
    "catastrophizing": "scared",
    "comparing_despairing": "behind",
    "blaming": "angry",
    "negative_feeling": "low",
}
"""The feelings the earlier engine named when the thought named none (for the comparison)."""

BAD_REFRAMES = (
    "Just think positive and stop worrying!",
    "Try to remember that it is not that bad.",
    "You should stop being so hard on yourself.",
    "Why do you think that is true?",
    "Everything will be fine, it is all amazing and wonderful!",
    "The weather is nice and the birds are singing outside today.",
    "Stop it. Nobody cares.",
    "I will always feel this way, and that is a fact.",
)
"""Deliberately bad reframes written for the benchmark (commands, questions, forced cheer,
off topic, absolutes); the checklist should fail every one."""


def reframes(folder: Path | None) -> None:
    """Balanced-thought ideas: the checklist on our own thoughts, then (with the evaluation
    data) checklist validation, grammar, coverage and diversity on Sharma et al.'s thoughts."""
    from toolkit.reframing.grammar import grammatical

    examples = training_examples()
    total = passed = 0
    for label, texts in sorted(examples.items()):
        if label == "none":
            continue
        for text in texts[::4]:
            for reframe in analyze(text).reframes:
                total += 1
                passed += check_reframe(reframe, text).passed
    share = passed / max(1, total)
    print(f"Reframe checklist on our own thoughts: {passed}/{total} pass ({share:.1%})")
    path = folder / "cognitive-reframing-sharma2023" / "reframing_dataset.csv" if folder else None
    if path is None or not path.exists():
        return
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    human_pass = template_pass = template_n = 0
    for row in rows:
        trap = SHARMA_NAMES.get(row["thinking_traps_addressed"].split(",")[0].strip().lower(), "")
        trap = "" if trap == "none" else trap
        human_pass += check_reframe(row["reframe"], row["thought"], trap, row["situation"]).passed
        for text in template_output(row["thought"], row["situation"], trap or "negative_feeling"):
            template_n += 1
            template_pass += check_reframe(text, row["thought"], trap, row["situation"]).passed
    bad_pass = sum(
        check_reframe(b, "I always fail at work", "overgeneralizing").passed for b in BAD_REFRAMES
    )
    print(
        f"Checklist validation: Sharma et al.'s human reframes pass {human_pass}/{len(rows)} "
        f"({human_pass / len(rows):.1%}); the earlier sentence patterns {template_pass}/"
        f"{template_n} ({template_pass / max(1, template_n):.1%}); deliberately bad ones "
        f"{bad_pass}/{len(BAD_REFRAMES)}"
    )
    thoughts = list(dict.fromkeys((row["thought"], row["situation"]) for row in rows))
    ideas: list[str] = []
    per_thought: list[float] = []
    none = crisis = 0
    for thought, situation in thoughts:
        result = analyze(thought, situation)
        if result.crisis:
            crisis += 1
            continue
        shown = list(result.reframes[:3])
        none += not shown
        ideas += shown
        if len(shown) > 1:
            per_thought.append(distinct_2(shown))
    by_thought: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_thought[row["thought"]].append(row["reframe"])
    human_per = [distinct_2(v) for v in by_thought.values() if len(v) > 1]
    grammar = sum(grammatical(i) for i in ideas)
    generic = Counter(ideas).most_common(1)
    humans = [row["reframe"] for row in rows]
    old = [t for th, si in thoughts for t in template_output(th, si, "negative_feeling")]
    print(
        f"Ideas on Sharma et al.'s {len(thoughts)} thoughts ({crisis} went to the crisis gate): "
        f"{len(ideas)} shown (3 at most each); no idea for {none} "
        f"({none / max(1, len(thoughts) - crisis):.1%}); grammar gate passed by "
        f"{grammar}/{len(ideas)} ({grammar / max(1, len(ideas)):.1%}); most repeated idea "
        f"{generic[0][1] if generic else 0} times\n"
        f"  distinct-2 over all ideas: {distinct_2(ideas):.2f} (human reframes "
        f"{distinct_2(humans):.2f}, earlier sentence patterns {distinct_2(old):.2f}); "
        f"within one thought's ideas, mean {statistics.mean(per_thought or [0]):.2f} "
        f"(human reframes of one thought {statistics.mean(human_per or [0]):.2f})"
    )
    # the most repeated ideas, printed only when they quote nothing (an idea that quotes a
    # thought would print evaluation words)
    repeated = [(n, text) for text, n in Counter(ideas).most_common(8) if n > 1]
    for n, text in [(n, t) for n, t in repeated if not re.search(r"[“”\"]", t)][:5]:
        print(f"  repeated {n} times: {text}")
    first = [analyze(th, si).reframes[:1] for th, si in thoughts]
    quoting = sum(bool(f) and bool(re.search(r"[“”]", f[0])) for f in first)
    print(f"  first ideas that quote the thought: {quoting}/{len(thoughts)}")


def latency() -> None:
    texts = [t for texts in training_examples().values() for t in texts][:300]
    from toolkit.reframing.grammar import warm

    analyze("warm up")
    start = time.perf_counter()
    warm()
    first = (time.perf_counter() - start) * 1000
    times = []
    cpu = []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.thread_time()
        analyze(text)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    times.sort()
    cpu.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    cpu95 = cpu[int(0.95 * (len(cpu) - 1))]
    print(
        f"analyze latency: p50 {statistics.median(times):.2f} ms  p95 {p95:.2f} ms "
        f"(CPU time p95 {cpu95:.2f} ms; {len(times)} calls, each thought new; loading the "
        f"grammar lexicon once first: {first:.0f} ms)"
    )


def import_time() -> None:
    code = (
        "import time; t = time.perf_counter(); import toolkit.reframing; "
        "print(time.perf_counter() - t)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        runs.append(float(out.stdout))
    code_first = (
        "import time; t = time.perf_counter(); from toolkit.reframing import analyze; "
        "analyze('I always fail'); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code_first], capture_output=True, text=True, check=True, cwd=ROOT
    )
    print(
        f"import toolkit.reframing: {min(runs) * 1000:.0f} ms (best of 3); "
        f"import + first analyze (builds the engine): {float(out.stdout) * 1000:.0f} ms"
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))] if ordered else 0.0


def llm_thoughts(folder: Path | None, count: int) -> tuple[str, list[tuple[str, str]]]:
    """The thoughts to measure the LLM on, and where they come from."""
    path = folder / "cognitive-reframing-sharma2023" / "reframing_dataset.csv" if folder else None
    if path is not None and path.exists():
        rows = csv.DictReader(path.open(encoding="utf-8"))
        pairs = list(dict.fromkeys((row["thought"], row["situation"]) for row in rows))
        return "Sharma et al. 2023 reframing thoughts", pairs[:count]
    own = [
        (text, "") for label, texts in sorted(training_examples().items()) for text in texts[::7]
    ]
    own = [pair for pair in own if pair[0]][:: max(1, len(own) // count)]
    return "our own training examples", own[:count]


def llm_engine(folder: Path | None) -> None:
    """The configured LLM endpoint next to the offline engine, on the same thoughts."""
    from toolkit.reframing import llm
    from toolkit.reframing.analysis import analyze_offline
    from toolkit.reframing.grammar import grammatical

    settings = llm.settings()
    if settings is None:
        print("ENGINE=llm needs CBT_LLM_URL (and CBT_LLM_MODEL) pointing at an endpoint.")
        raise SystemExit(2)
    count = int(os.environ.get("CBT_BENCH_LLM_N", "30"))
    source, pairs = llm_thoughts(folder, count)
    private = source.startswith("Sharma")
    print(
        f"LLM engine: {settings.endpoint} model {settings.model!r}, budget "
        f"{settings.timeout:g} s; {len(pairs)} thoughts from {source}"
    )
    llm.clear_cache()
    analyze_offline("warm up")
    off_times: list[float] = []
    llm_times: list[float] = []
    outcome: Counter[str] = Counter()
    failed_checks: Counter[str] = Counter()
    offered = kept = copied = grammar_ok = asked = kept_q = requests = 0
    traps_given = agree = gated = 0
    examples: list[tuple[str, str, str]] = []
    for thought, situation in pairs:
        start = time.perf_counter()
        offline = analyze_offline(thought, situation)
        off_times.append((time.perf_counter() - start) * 1000)
        if offline.crisis:
            gated += 1
            continue
        start = time.perf_counter()
        consultation = llm.consult(thought, situation, settings)
        llm_times.append((time.perf_counter() - start) * 1000)
        result = consultation.analysis
        requests += consultation.requests
        outcome[result.notice.split("(", 1)[1].split(")")[0] if result.notice else "used"] += 1
        offered += len(consultation.offered)
        kept += len(consultation.kept)
        copied += sum(text in offline.reframes[:3] for text in consultation.kept)
        asked += len(consultation.offered_questions)
        kept_q += len(consultation.kept_questions)
        if result.engine == "llm" and result.traps != offline.traps:
            traps_given += 1
        if result.engine == "llm" and result.traps and offline.traps:
            agree += result.traps[0].id == offline.traps[0].id
        top = result.traps[0].id if result.traps else ""
        for text in consultation.offered:
            grammar_ok += grammatical(text)
            if text in consultation.kept:
                continue
            check = check_reframe(text, thought, top, situation)
            failed = [name for name, ok in check.required.items() if not ok]
            failed_checks.update(failed[:1])
            if not private and len(examples) < 4:
                examples.append((thought, text, ", ".join(failed)))
        if not private and consultation.kept and len(examples) < 6:
            examples.append((thought, consultation.kept[0], "kept"))
    n = len(llm_times)
    print(
        f"  results: {', '.join(f'{k} {v}' for k, v in outcome.most_common())} "
        f"(of {n}; {gated} went to the crisis gate, never sent); {requests / max(1, n):.2f} "
        f"HTTP requests per thought"
    )
    print(
        f"  model balanced thoughts: {offered} offered, {kept} kept after the checks "
        f"({kept / max(1, offered):.1%}; {copied} of them copies of the bank examples in the "
        f"prompt); grammar gate alone passed {grammar_ok}/{offered}; questions {kept_q}/{asked} "
        f"kept ({kept_q / max(1, asked):.1%})"
    )
    if failed_checks:
        print(
            "  first failed check of the dropped ones: "
            + ", ".join(f"{k} {v}" for k, v in failed_checks.most_common())
        )
    print(
        f"  model's own traps shown for {traps_given} thoughts; its first trap agreed with the "
        f"offline engine's on {agree}"
    )
    print(
        f"  latency: LLM p50 {statistics.median(llm_times or [0]):.0f} ms  p95 "
        f"{_percentile(llm_times, 0.95):.0f} ms; offline p50 {statistics.median(off_times):.1f} ms"
        f"  p95 {_percentile(off_times, 0.95):.1f} ms (same thoughts, same run)"
    )
    start = time.perf_counter()
    for thought, situation in pairs:
        llm.consult(thought, situation, settings)
    again = (time.perf_counter() - start) * 1000 / max(1, len(pairs))
    print(f"  the same thoughts again (cached): {again:.2f} ms per thought")
    for thought, text, verdict in examples:
        print(f"  example: {thought!r} -> {text!r} [{verdict}]")


def main() -> None:
    folder = data_dir()
    if ENGINE == "llm":
        llm_engine(folder)
        return
    if folder is None:
        print("Evaluation data not found (../shared/data or CBT_EVAL_DATA): only our own sets.")
    else:
        print(f"Evaluation data: {folder} (evaluation only; never trained on)")
        sharma(folder)
        cbt_bench(folder)
    own_cross_validation()
    crisis()
    reframes(folder)
    latency()
    import_time()


if __name__ == "__main__":
    main()
