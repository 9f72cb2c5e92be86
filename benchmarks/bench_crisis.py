"""Crisis-gate benchmark: recall and false alarms per round and per category (`make bench-ai`).

Rounds are sets written by authors who never saw the detector (``benchmarks/data/crisis/``,
described in its ``ROUNDS.md``). What is measured is what the client sees: whether
``toolkit.reframing.analyze`` withholds suggestions (``crisis``: tier ``check`` or ``crisis``).
The previous release's gate (``benchmarks/baselines/gate_2026_11.py``) runs side by side on the
same lines in the same run. No evaluation sentence is printed unless ``--show-misses`` is given
(only for rounds that are marked as open for tuning).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.reframing import analyze  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "crisis"
BASELINE = ROOT / "benchmarks" / "baselines" / "gate_2026_11.py"


def rounds() -> dict[str, list[dict[str, str]]]:
    """Every ``round_*.jsonl`` file, by round name."""
    found = {}
    for path in sorted(DATA.glob("round_*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        found[path.stem.removeprefix("round_")] = rows
    return found


def tuning_rounds() -> set[str]:
    """Rounds that ``ROUNDS.md`` marks as used for tuning (``tuning: yes``)."""
    text = (DATA / "ROUNDS.md").read_text(encoding="utf-8") if (DATA / "ROUNDS.md").exists() else ""
    used = set()
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 6 and cells[4].startswith("yes"):
            used.add(cells[1])
    return used


def baseline() -> Callable[[str], bool]:
    spec = importlib.util.spec_from_file_location("gate_2026_11", BASELINE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return lambda text: bool(module.check(text).crisis)


def current(text: str) -> bool:
    return analyze(text).crisis


def report(name: str, rows: list[dict[str, str]], gates: dict[str, Callable[[str], bool]]) -> None:
    pos = [r for r in rows if r["label"] == "risk"]
    neg = [r for r in rows if r["label"] == "none"]
    verdicts = {g: [fn(r["text"]) for r in rows] for g, fn in gates.items()}
    by_text = {g: dict(zip((r["text"] for r in rows), v, strict=True)) for g, v in verdicts.items()}
    head = "  ".join(f"{g:>18}" for g in gates)
    print(f"\nRound {name}: {len(pos)} risk lines, {len(neg)} hard negatives\n  {'':22}{head}")

    def line(label: str, subset: list[dict[str, str]], *, want: bool) -> None:
        cells = []
        for g in gates:
            hits = sum(by_text[g][r["text"]] == want for r in subset)
            cells.append(f"{hits:>4}/{len(subset):<4} {hits / max(1, len(subset)):6.1%}")
        print(f"  {label:22}" + "  ".join(f"{c:>18}" for c in cells))

    line("recall (all)", pos, want=True)
    for category in sorted({r["category"] for r in pos}):
        line(f"  {category}", [r for r in pos if r["category"] == category], want=True)
    for tier in ("crisis", "check"):
        line(f"  tier {tier}", [r for r in pos if r.get("tier") == tier], want=True)
    line("false alarms (all)", neg, want=True)
    for category in sorted({r["category"] for r in neg}):
        line(f"  {category}", [r for r in neg if r["category"] == category], want=True)


def latency() -> None:
    texts = [r["text"] for rows in rounds().values() for r in rows]
    from toolkit.reframing.safety import check, warm

    warm()
    times, cpu = [], []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.process_time()
        check(text)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    cpu.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    cpu95 = cpu[int(0.95 * (len(cpu) - 1))]
    print(
        f"\ncrisis check latency: p50 {statistics.median(times):.2f} ms  p95 {p95:.2f} ms "
        f"({len(times)} texts); CPU time, which other work on the machine disturbs less: "
        f"p50 {statistics.median(cpu):.2f} ms  p95 {cpu95:.2f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--round", action="append", help="only these rounds")
    parser.add_argument("--show-misses", action="store_true", help="tuning rounds only")
    args = parser.parse_args(argv)
    gates = {"previous release": baseline(), "this release": current}
    found = rounds()
    allowed = tuning_rounds()
    for name, rows in found.items():
        if args.round and name not in args.round:
            continue
        report(name, rows, gates)
        if args.show_misses and name in allowed:
            for r in rows:
                if current(r["text"]) != (r["label"] == "risk"):
                    print(f"    MISS {r['label']:4} {r['category']:16} {r['text']}")
    counts = Counter(r["label"] for rows in found.values() for r in rows)
    print(f"\n{len(found)} rounds, {counts['risk']} risk lines, {counts['none']} hard negatives")
    latency()


if __name__ == "__main__":
    main()
