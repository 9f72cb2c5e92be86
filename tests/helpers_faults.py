"""Crash-consistency harness shared by ``tests/test_faults.py`` and ``benchmarks/bench_faults.py``.

A *driver* process (this file run as a script) opens the real store on a real database and
works through assignment links: a few ``save_draft`` calls, then ``submit``, link after link.
After each call has **returned** it prints one acknowledgement line to stdout
(``ACK draft <link> <n> <response id>`` / ``ACK submit <link> <response id>``). The parent
kills it with SIGKILL at a random moment, reads every acknowledgement that reached the pipe,
and checks the database:

* SQLite: ``PRAGMA integrity_check`` says ``ok`` (on a fresh connection, after recovery);
* every acknowledged save is present, of the right kind, in the right assignment, and decrypts
  to exactly the answers that were sent (read through ``Store.export_client``);
* no half-written submission: a submission row implies the assignment is ``submitted`` and
  vice versa; at most one submission per exercise, and it holds the highest version;
* versions per (assignment, exercise) are contiguous (drafts are pruned from the oldest end
  only); every response has the audit entry written in its transaction, and every ``submit``
  audit entry has its response.

Nothing here is mocked: the driver is the real ``Store`` on the real database file or server.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = "thought_record"
SECRET_KEY = "fault-test key: not a real secret"
LINKS_PER_ROUND = 30
HOSTILE = "Ünïcode ✓ — עברית 🙂 <b>&amp;</b> \"q\" 'a'"


def draft_answers(link: int, number: int) -> dict[str, Any]:
    """A draft whose text names its link and number (so a lost or stale save is detectable)."""
    return {"situation": f"draft {link}.{number} {HOSTILE}", "moods": []}


def final_answers(link: int) -> dict[str, Any]:
    """A complete thought record for link ``link``."""
    return {
        "situation": f"final {link} {HOSTILE}",
        "moods": [{"name": f"anxious {link}", "intensity": 70}],
        "automatic_thoughts": {
            "thoughts": [{"text": f"I will get it wrong, number {link}", "belief": 80}],
            "hot": 0,
        },
        "evidence_for": f"It went wrong once ({link})",
        "evidence_against": "It went fine the last five times",
        "balanced_thought": "It may go wrong, and I can cope if it does",
        "balanced_belief": 60,
        "moods_after": [{"name": f"anxious {link}", "intensity": 40}],
    }


def drafts_for(link: int) -> int:
    """How many drafts the driver saves on a link before submitting it (1–4, fixed per link)."""
    return 1 + (link * 7919) % 4


# -- the driver (a separate process) ----------------------------------------------------------


def driver_main() -> int:
    """Read ``{"url", "links": [[number, secret], ...]}`` on stdin, then save and submit."""
    job = json.loads(sys.stdin.readline())
    from toolkit.reframing.safety import check
    from toolkit.store import open_store

    store = open_store(job["url"], secret_key=SECRET_KEY)
    check("warm up the crisis gate")  # its first call loads data: not part of the work
    print("READY", flush=True)
    for number, secret in job["links"]:
        for draft in range(drafts_for(number)):
            response_id = store.save_draft(secret, EXERCISE, draft_answers(number, draft))
            print(f"ACK draft {number} {draft} {response_id}", flush=True)
        receipt = store.submit(secret, EXERCISE, final_answers(number))
        print(f"ACK submit {number} {receipt.response_id}", flush=True)
    print("DONE", flush=True)
    return 0


# -- the parent -------------------------------------------------------------------------------


@dataclass
class Acks:
    """What the driver acknowledged in one round."""

    drafts: dict[int, tuple[int, int]] = field(default_factory=dict)  # response id -> link, n
    submits: dict[int, int] = field(default_factory=dict)  # response id -> link

    def add(self, line: str) -> None:
        if not line.endswith("\n"):
            return  # cut off by the kill: never acknowledged
        parts = line.split()
        if parts[:2] == ["ACK", "draft"]:
            self.drafts[int(parts[4])] = (int(parts[2]), int(parts[3]))
        elif parts[:2] == ["ACK", "submit"]:
            self.submits[int(parts[3])] = int(parts[2])

    def read(self, stream: IO[str]) -> None:
        for line in stream:
            self.add(line)

    @property
    def count(self) -> int:
        return len(self.drafts) + len(self.submits)


@dataclass
class RoundResult:
    """One kill: what was acknowledged, what is missing, what is inconsistent."""

    acked: int
    lost: list[str]
    problems: list[str]
    finished: bool

    @property
    def consistent(self) -> bool:
        return not self.lost and not self.problems


def sqlite_integrity(url: str) -> str:
    """``PRAGMA integrity_check`` on a fresh connection (runs WAL recovery first)."""
    database = make_url(url).database
    assert database
    connection = sqlite3.connect(database)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def structural_problems(store: Any) -> list[str]:
    """Invariants over every response, assignment and audit row of the database."""
    from toolkit.store.models import AssignmentRow, AuditRow, ResponseRow

    problems: list[str] = []
    with store.engine.connect() as connection:
        responses = connection.execute(
            select(
                ResponseRow.id,
                ResponseRow.assignment_id,
                ResponseRow.exercise_id,
                ResponseRow.kind,
                ResponseRow.version,
            )
        ).all()
        assignments = {
            row.id: row
            for row in connection.execute(
                select(AssignmentRow.id, AssignmentRow.status, AssignmentRow.exercise_ids)
            )
        }
        audit = connection.execute(select(AuditRow.action, AuditRow.object)).all()
    versions: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for row in responses:
        versions[(row.assignment_id, row.exercise_id)].append((row.version, row.kind))
    submitted: dict[int, set[str]] = defaultdict(set)
    for (assignment_id, exercise_id), found in versions.items():
        numbers = sorted(v for v, _kind in found)
        if numbers != list(range(numbers[0], numbers[-1] + 1)):
            problems.append(f"assignment {assignment_id}: versions not contiguous {numbers}")
        submissions = [v for v, kind in found if kind == "submission"]
        if len(submissions) > 1:
            problems.append(f"assignment {assignment_id}: {len(submissions)} submissions")
        if submissions:
            submitted[assignment_id].add(exercise_id)
            if submissions[0] != numbers[-1]:
                problems.append(f"assignment {assignment_id}: submission is not the last version")
    for assignment_id, row in assignments.items():
        complete = set(row.exercise_ids) <= submitted.get(assignment_id, set())
        if complete != (row.status == "submitted"):
            problems.append(
                f"assignment {assignment_id}: status {row.status!r} but "
                f"submitted {sorted(submitted.get(assignment_id, set()))}"
            )
    audited = {(action, obj) for action, obj in audit}
    for row in responses:
        action = "submit" if row.kind == "submission" else "save_draft"
        if (action, f"response:{row.id}") not in audited:
            problems.append(f"response {row.id}: no {action} audit entry")
    response_ids = {row.id for row in responses}
    for action, obj in audited:
        if action == "submit" and int(obj.split(":")[1]) not in response_ids:
            problems.append(f"{obj}: audited as submitted but missing")
    return problems


def check_round(store: Any, url: str, code: str, links: dict[int, int], acks: Acks) -> RoundResult:
    """Check the database after a kill; ``links`` maps link numbers to assignment ids."""
    from toolkit.store import CLI

    problems: list[str] = []
    if make_url(url).get_backend_name() == "sqlite":
        verdict = sqlite_integrity(url)
        if verdict != "ok":
            problems.append(f"integrity_check: {verdict}")
    problems += structural_problems(store)
    data = store.export_client(CLI, code)  # decrypts every answer of this round's client
    by_id = {r["id"]: r for r in data["responses"]}
    lost: list[str] = []
    for response_id, (link, number) in acks.drafts.items():
        row = by_id.get(response_id)
        if row is None:
            lost.append(f"draft {link}.{number} (response {response_id})")
        elif (
            row["kind"] != "draft"
            or row["assignment_id"] != links[link]
            or row["answers"] != draft_answers(link, number)
        ):
            problems.append(f"response {response_id} is not draft {link}.{number}")
    for response_id, link in acks.submits.items():
        row = by_id.get(response_id)
        if row is None:
            lost.append(f"submission {link} (response {response_id})")
        elif (
            row["kind"] != "submission"
            or row["assignment_id"] != links[link]
            or row["answers"] != final_answers(link)
        ):
            problems.append(f"response {response_id} is not submission {link}")
    statuses = {a["id"]: a["status"] for a in data["assignments"]}
    for link in acks.submits.values():
        if statuses.get(links[link]) != "submitted":
            problems.append(f"link {link}: submission acknowledged, assignment not submitted")
    return RoundResult(len(acks.drafts) + len(acks.submits), lost, problems, finished=False)


def kill_round(
    store: Any, url: str, number: int, rng: random.Random, links_per_round: int = LINKS_PER_ROUND
) -> RoundResult:
    """One round: a fresh client and links, a driver, a SIGKILL at a random moment, a check.

    The moment: after a random number of acknowledgements (0 to about one save in three of
    the round's work), plus a random 0–20 ms, so kills land before, inside and between
    transactions, drafts and submissions alike.
    """
    from toolkit.store import CLI

    code = f"K{number}"
    store.add_client(CLI, code, therapist="faults")
    links: dict[int, int] = {}
    secrets: list[tuple[int, str]] = []
    for link in range(links_per_round):
        issued = store.assign(CLI, code, [EXERCISE])
        links[link] = issued.assignment.id
        secrets.append((link, issued.secret))
    env = dict(os.environ)
    env.pop("CBT_SECRET_KEY", None)
    driver = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--driver"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert driver.stdin is not None
    assert driver.stdout is not None
    driver.stdin.write(json.dumps({"url": url, "links": secrets}) + "\n")
    driver.stdin.close()
    first = driver.stdout.readline()
    if first.strip() != "READY":
        driver.kill()
        driver.wait(timeout=30)
        err = driver.stderr.read() if driver.stderr else ""
        raise RuntimeError(f"the driver did not start: {first!r} {err[-2000:]}")
    acks = Acks()
    target = rng.randint(0, links_per_round * 3)
    while acks.count < target:
        line = driver.stdout.readline()
        if not line or line.startswith("DONE"):
            break
        acks.add(line)
    time.sleep(rng.uniform(0.0, 0.02))
    driver.send_signal(signal.SIGKILL)
    acks.read(driver.stdout)
    driver.wait(timeout=30)
    stderr = driver.stderr.read() if driver.stderr else ""
    if driver.returncode not in (-signal.SIGKILL, 0) or "Traceback" in stderr:
        raise RuntimeError(f"the driver failed before the kill:\n{stderr[-4000:]}")
    result = check_round(store, url, code, links, acks)
    result.finished = driver.returncode == 0
    return result


def open_fault_store(url: str) -> Any:
    """The parent's store on ``url``, with the therapist the rounds' clients belong to."""
    from toolkit.store import AlreadyExists, open_store

    store = open_store(url, secret_key=SECRET_KEY)
    with contextlib.suppress(AlreadyExists):
        store.add_therapist("faults", "fault test password")
    return store


def run_kills(
    url: str, rounds: int, seed: int, links_per_round: int = LINKS_PER_ROUND
) -> list[RoundResult]:
    """``rounds`` kills against the database at ``url``; one result per kill."""
    rng = random.Random(seed)
    store = open_fault_store(url)
    try:
        return [kill_round(store, url, number, rng, links_per_round) for number in range(rounds)]
    finally:
        store.close()


# -- a TCP relay to make a database server "go away" and come back ---------------------------


class Relay:
    """A loopback TCP relay to ``target``; ``down()`` drops every connection and refuses new
    ones, ``up()`` accepts again. Used to make a real PostgreSQL briefly unreachable."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.available = threading.Event()
        self.available.set()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if not self.available.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def down(self) -> None:
        self.available.clear()
        with self._lock:
            for end in self._open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self._open = []

    def up(self) -> None:
        self.available.set()

    def close(self) -> None:
        self._closed = True
        self.down()
        self.listener.close()


@contextlib.contextmanager
def relayed(url: str) -> Iterator[tuple[str, Relay]]:
    """``url`` rewritten to go through a :class:`Relay` (PostgreSQL URLs)."""
    parsed = make_url(url)
    relay = Relay((parsed.host or "127.0.0.1", int(parsed.port or 5432)))
    try:
        yield (
            parsed.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False),
            relay,
        )
    finally:
        relay.close()


if __name__ == "__main__" and sys.argv[1:] == ["--driver"]:
    sys.exit(driver_main())
