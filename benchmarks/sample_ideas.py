"""Write the engine's balanced-thought ideas for a set of thoughts, one JSON line each, for a
reader to score (for example on the seven attributes of Sharma et al. 2023).

Each line: ``{"thought", "situation", "emotions", "evidence", "traps", "ideas", "crisis"}``,
with the ideas a client would see on the balanced-thought step (traps as found, the
highest-rated mood, the evidence against).

Usage::

    python benchmarks/sample_ideas.py --out ideas.jsonl            # our own thoughts
    python benchmarks/sample_ideas.py --sharma 40 --out /tmp/sharma-ideas.jsonl

``--sharma N`` reads the first N distinct thoughts of Sharma et al.'s reframing data
(``cognitive-reframing-sharma2023/reframing_dataset.csv`` under ``CBT_EVAL_DATA`` or
``../shared/data``; CC BY-NC-ND 4.0, evaluation only): write that file outside the repository
and never commit it. Those thoughts come with no moods and no evidence.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.reframing import analyze  # noqa: E402
from toolkit.reframing.suggest import balanced_ideas  # noqa: E402

OWN = ROOT / "benchmarks" / "data" / "sample_thoughts.jsonl"


def own_rows(path: Path) -> list[dict[str, object]]:
    """The thoughts of a JSON-lines file of ours (thought, situation, emotions, evidence)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def sharma_rows(count: int) -> list[dict[str, object]]:
    """The first ``count`` distinct (thought, situation) pairs of Sharma et al.'s data."""
    folder = Path(os.environ.get("CBT_EVAL_DATA") or ROOT.parent / "shared" / "data")
    path = folder / "cognitive-reframing-sharma2023" / "reframing_dataset.csv"
    with path.open(encoding="utf-8") as handle:
        pairs = list(dict.fromkeys((r["thought"], r["situation"]) for r in csv.DictReader(handle)))
    return [
        {"thought": t, "situation": s, "emotions": [], "evidence": ""} for t, s in pairs[:count]
    ]


def ideas_for(row: dict[str, object]) -> dict[str, object]:
    """What the balanced-thought step shows for one row."""
    thought, situation = str(row["thought"]), str(row.get("situation") or "")
    emotions = row.get("emotions") or []
    assert isinstance(emotions, list)
    named = [e for e in emotions if isinstance(e, dict) and e.get("name")]
    mood = str(max(named, key=lambda e: int(e.get("intensity") or 0))["name"]) if named else ""
    evidence = str(row.get("evidence") or "")
    result = analyze(thought, situation)
    traps = tuple(hit.id for hit in result.traps)
    ideas = (
        []
        if result.crisis
        else balanced_ideas(thought, situation, traps, mood=mood, evidence=evidence, ticked=False)
    )
    return {**row, "traps": list(traps), "ideas": ideas, "crisis": result.crisis}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--own", type=Path, default=OWN, help="a JSON-lines file of thoughts")
    parser.add_argument("--sharma", type=int, default=0, help="use N of Sharma et al.'s thoughts")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = sharma_rows(args.sharma) if args.sharma else own_rows(args.own)
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(ideas_for(row), ensure_ascii=False) + "\n")
    print(f"{len(rows)} thoughts -> {args.out}")


if __name__ == "__main__":
    main()
