"""Crash consistency: kill a writer with SIGKILL 100 times and check the database after each.

A driver process saves drafts and submits thought records through the real ``Store`` and prints
an acknowledgement after every call returned; it is killed at a random moment (after a random
number of acknowledgements plus 0–20 ms). After every kill the database is checked
(``tests/helpers_faults.py``): ``PRAGMA integrity_check`` on SQLite, every acknowledged save
present and decryptable with exactly the text sent, no half-written submission, contiguous
versions, audit rows matching responses.

Prints ``N/N consistent, 0 acknowledged saves lost`` per backend. SQLite always; PostgreSQL
too when ``CBT_TEST_POSTGRES_URL`` is set. ``python benchmarks/bench_faults.py --help``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers_faults import RoundResult, run_kills  # noqa: E402
from test_store_support import fresh_database  # noqa: E402


def report(name: str, results: list[RoundResult], seconds: float) -> bool:
    consistent = sum(r.consistent for r in results)
    lost = sum(len(r.lost) for r in results)
    acked = sum(r.acked for r in results)
    print(
        f"{name}: {consistent}/{len(results)} consistent, {lost} acknowledged saves lost "
        f"({acked} acknowledged in all, {seconds:.0f} s)"
    )
    for number, result in enumerate(results):
        for problem in [*result.lost, *result.problems]:
            print(f"  kill {number}: {problem}")
    return consistent == len(results) and lost == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100, help="kills per backend (100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    args = parser.parse_args()
    backends = ["sqlite"]
    if os.environ.get("CBT_TEST_POSTGRES_URL"):
        backends.append("postgresql")
    ok = True
    with tempfile.TemporaryDirectory(prefix="cbt-faults-") as folder:
        for backend in backends:
            with fresh_database(backend, Path(folder)) as url:
                started = time.monotonic()
                results = run_kills(url, args.kills, args.seed)
                ok &= report(backend, results, time.monotonic() - started)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
