"""Scale figures: one therapist, 500 clients, a year of weekly PHQ-9 and GAD-7 each.

Prints numbers; asserts nothing. Run with ``make bench`` (after ``bench_pages.py``) or
``python benchmarks/bench_scale.py --help``. It measures:

1. seeding time (a bulk path writing the same rows as ``Store.submit``; the real per-submit
   rate of the public API is measured on one extra client and extrapolated);
2. the therapist page's first render: login click to dashboard built, in-process (median of
   several) and in headless Chromium against a real ``cbt serve`` (click "Log in" until the
   "Clients (500)" heading is visible); then opening one client (progress charts);
3. 30 client sessions submitting a PHQ-9 at the same moment (threads, and processes as Voila
   kernels are): all saved? p50/p95 latency. On SQLite (WAL) and, with ``--postgres``, on
   PostgreSQL (``CBT_TEST_POSTGRES_URL``, a fresh schema);
4. resident memory of the kernels behind N open client pages, and of the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_pages import FLAGS, free_port, kernel_rss_mb, percentile  # noqa: E402

from toolkit.paths import dashboards_dir  # noqa: E402
from toolkit.server import server_environment, voila_command  # noqa: E402
from toolkit.store import CLI, Store, open_store  # noqa: E402
from toolkit.store.crypto import new_secret, secret_hash  # noqa: E402
from toolkit.store.demo import _spread  # noqa: E402
from toolkit.store.models import (  # noqa: E402
    AlertRow,
    AssignmentRow,
    AuditRow,
    ClientRow,
    ResponseRow,
)
from toolkit.store.repository import _load_exercise  # noqa: E402

SECRET_KEY = "bench-scale key: not a real secret"
THERAPIST = "bench"
PASSWORD = "a long benchmark password"
CHECK_IN = "Your weekly check-in."


class Clock:
    """The store's clock: real time, unless pinned (the API seeder writes history)."""

    def __init__(self) -> None:
        self.pinned: dt.datetime | None = None

    def __call__(self) -> dt.datetime:
        return self.pinned or dt.datetime.now(dt.UTC)


@contextmanager
def timed(label: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# -- seeding -------------------------------------------------------------------------------


def trajectory(rng: random.Random, weeks: int) -> tuple[list[int], list[int]]:
    """Plausible weekly PHQ-9 and GAD-7 totals: most improve, some stay, some get worse."""
    phq_start = rng.randint(5, 24)
    kind = rng.choices(("improve", "stable", "worse"), weights=(6, 3, 1))[0]
    if kind == "improve":
        phq_end = max(0, phq_start - rng.randint(5, 14))
    elif kind == "stable":
        phq_end = phq_start + rng.randint(-2, 2)
    else:
        phq_end = phq_start + rng.randint(3, 8)
    gad_start = min(21, max(0, round(phq_start * 0.8) + rng.randint(-3, 3)))
    gad_end = min(21, max(0, round(phq_end * 0.8) + rng.randint(-2, 2)))
    phq, gad = [], []
    for week in range(weeks):
        share = week / max(1, weeks - 1)
        phq.append(
            min(27, max(0, round(phq_start + (phq_end - phq_start) * share + rng.gauss(0, 1.5))))
        )
        gad.append(
            min(21, max(0, round(gad_start + (gad_end - gad_start) * share + rng.gauss(0, 1.2))))
        )
    return phq, gad


def seed_bulk(store: Store, clients: int, weeks: int, rng: random.Random) -> dict[str, int]:
    """Write each client's year of weekly check-ins in one transaction per client.

    The rows are those the public API writes for a weekly recurring ``["phq9", "gad7"]``
    assignment: one assignment row per occurrence (``previous_id`` chain, the link hash on
    the current, open one), one scored submission per measure (answers and the instructions
    sealed by the store's cipher, scores by ``Store._score``), a risk alert per item 9
    answered above zero, an overdue alert per missed week, and the audit entries. Rows are
    flushed in three batches per client instead of one statement per row.
    """
    phq9, gad7 = _load_exercise("phq9"), _load_exercise("gad7")
    now = store.now()
    current_due = now.date() + dt.timedelta(days=2)
    first_due = current_due - dt.timedelta(weeks=weeks)
    counts = {"assignments": 0, "responses": 0, "risk alerts": 0, "missed weeks": 0}
    for index in range(clients):
        code = f"C-{index + 1:04d}"
        store.add_client(CLI, code, therapist=THERAPIST, display_name=f"Client {index + 1}")
        phq_totals, gad_totals = trajectory(rng, weeks)
        risky = rng.random() < 0.04
        with store._tx() as session:
            client_id = session.scalar(select(ClientRow.id).where(ClientRow.code == code))
            instructions = store._cipher.seal(CHECK_IN, "assignments.instructions")
            occurrences: list[AssignmentRow] = []
            plans: list[tuple[dt.datetime, list[int], list[int]] | None] = []
            for week in range(weeks + 1):
                due = first_due + dt.timedelta(weeks=week)
                opens, expires = Store._occurrence_window(due, 7)
                current = week == weeks
                missed = not current and week > 0 and rng.random() < 0.03
                created = (
                    now - dt.timedelta(weeks=weeks, hours=3)
                    if week == 0
                    else opens - dt.timedelta(minutes=rng.randint(1, 60))
                )
                plan = None
                if not current and not missed:
                    submitted_at = dt.datetime.combine(
                        due - dt.timedelta(days=rng.randint(0, 2)), dt.time(8), tzinfo=dt.UTC
                    ) + dt.timedelta(minutes=rng.randint(0, 720))
                    submitted_at = max(created, min(submitted_at, now - dt.timedelta(minutes=5)))
                    phq_answers = _spread(phq_totals[week], 9, rng, keep_zero={8})
                    if risky and phq_totals[week] >= 10 and rng.random() < 0.3:
                        phq_answers[phq_answers.index(max(phq_answers))] -= 1
                        phq_answers[8] = 1
                    gad_answers = _spread(gad_totals[week], 7, rng, keep_zero=set())
                    plan = (submitted_at, phq_answers, gad_answers)
                plans.append(plan)
                closed_at = None
                if missed:
                    closed_at = expires
                elif plan is not None:
                    closed_at = plan[0] + dt.timedelta(minutes=1)
                occurrences.append(
                    AssignmentRow(
                        client_id=client_id,
                        exercise_ids=["phq9", "gad7"],
                        instructions_sealed=instructions,
                        due=due,
                        every_days=7,
                        opens_at=created if week == 0 else opens,
                        expires_at=expires,
                        status="open" if current else ("expired" if missed else "submitted"),
                        secret_hash=secret_hash(new_secret()) if current else None,
                        created=created,
                        closed_at=closed_at,
                    )
                )
            session.add_all(occurrences)
            session.flush()
            counts["assignments"] += len(occurrences)
            responses: list[ResponseRow] = []
            later: list[Any] = []
            for previous, row, plan in zip([None, *occurrences], occurrences, plans, strict=False):
                row.previous_id = None if previous is None else previous.id
                if row.status == "expired":
                    counts["missed weeks"] += 1
                    later.append(
                        AlertRow(
                            client_id=client_id,
                            assignment_id=row.id,
                            kind="overdue",
                            detail=f"due {row.due}: phq9, gad7",
                            dedupe=f"overdue:{row.id}",
                            created=row.expires_at - dt.timedelta(days=3),
                            acknowledged_at=row.expires_at,
                        )
                    )
                if plan is None:
                    continue
                submitted_at, phq_answers, gad_answers = plan
                for offset, (exercise, answers) in enumerate(
                    ((phq9, phq_answers), (gad7, gad_answers))
                ):
                    stored, total, band, alerts, detail = Store._score(exercise, answers)
                    responses.append(
                        ResponseRow(
                            assignment_id=row.id,
                            exercise_id=exercise.id,
                            kind="submission",
                            version=1,
                            answers_sealed=store._cipher.seal_json(stored, "responses.answers"),
                            extra_sealed=None,
                            score_total=total,
                            score_band=band,
                            score_alerts=list(alerts),
                            score_detail=detail,
                            created=submitted_at + dt.timedelta(minutes=offset),
                        )
                    )
            session.add_all(responses)
            session.flush()
            counts["responses"] += len(responses)
            for response in responses:
                for alert_id in response.score_alerts:
                    counts["risk alerts"] += 1
                    recent = now - response.created < dt.timedelta(days=14)
                    later.append(
                        AlertRow(
                            client_id=client_id,
                            assignment_id=response.assignment_id,
                            response_id=response.id,
                            kind="risk_item",
                            detail=f"{response.exercise_id}: {alert_id}",
                            dedupe=f"risk:{response.id}:{alert_id}",
                            created=response.created,
                            acknowledged_at=None
                            if recent
                            else response.created + dt.timedelta(days=1),
                        )
                    )
                later.append(
                    AuditRow(
                        at=response.created,
                        actor=f"client-link:{response.assignment_id}",
                        action="submit",
                        object=f"response:{response.id}",
                    )
                )
            session.add_all(later)
    return counts


def seed_api(store: Store, clock: Clock, code: str, weeks: int, rng: random.Random) -> float:
    """One client's year through the public API (clock moved week by week); seconds/submit."""
    start = store.now() - dt.timedelta(weeks=weeks)
    clock.pinned = start
    store.add_client(CLI, code, therapist=THERAPIST, display_name="Client via API")
    bench = store.therapist(THERAPIST)
    link = store.assign(
        bench, code, ["phq9", "gad7"], due=start.date(), every_days=7, instructions=CHECK_IN
    )
    phq, gad = trajectory(rng, weeks)
    elapsed = 0.0
    for week in range(weeks):
        clock.pinned = start + dt.timedelta(weeks=week, hours=2)
        t0 = time.perf_counter()
        store.submit(link.secret, "phq9", _spread(phq[week], 9, rng, keep_zero={8}))
        store.submit(link.secret, "gad7", _spread(gad[week], 7, rng, keep_zero=set()))
        elapsed += time.perf_counter() - t0
    clock.pinned = None
    return elapsed / (2 * weeks)


# -- the therapist page in-process --------------------------------------------------------


def therapist_in_process(store: Store, repeats: int, clients: int) -> None:
    from toolkit.ui.therapist import TherapistPage

    logins, renders, opens = [], [], []
    parts: dict[str, list[float]] = {"store.alerts": [], "store.clients": []}
    me = store.therapist(THERAPIST)
    for _ in range(repeats):
        page = TherapistPage(store)
        page.username.value = THERAPIST
        page.password.value = PASSWORD
        t0 = time.perf_counter()
        page.login_button.click()
        logins.append(time.perf_counter() - t0)
        assert f"Clients ({clients})" in str([getattr(c, "value", "") for c in page.main.children])
        t0 = time.perf_counter()
        page._show_dashboard()
        renders.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        page._on_open("C-0001")
        opens.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.alerts(me)
        parts["store.alerts"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.clients(me)
        parts["store.clients"].append(time.perf_counter() - t0)
    print(f"\ntherapist page, in-process ({clients} clients, median of {repeats}):")
    print(f"  login click -> dashboard built   {statistics.median(logins):6.3f} s  (target <= 2 s)")
    print(f"  dashboard again (no login)       {statistics.median(renders):6.3f} s")
    for name, values in parts.items():
        print(f"    of which {name:<20} {statistics.median(values):6.3f} s")
    print(f"  open one client (52 weeks)       {statistics.median(opens):6.3f} s")


# -- simultaneous submissions -------------------------------------------------------------


def fresh_links(store: Store, count: int) -> list[str]:
    """One-off PHQ-9 links for the first ``count`` clients."""
    bench = store.therapist(THERAPIST)
    return [store.assign(bench, f"C-{i + 1:04d}", ["phq9"]).secret for i in range(count)]


ANSWERS = [1, 1, 2, 1, 0, 1, 1, 0, 0]


def _submit_in_process(
    url: str, secret: str, barrier: Any, results: Any, index: int
) -> None:  # a forked child: its own engine, like one Voila kernel
    from toolkit.exercises import load_exercise

    store = open_store(url, secret_key=SECRET_KEY)
    opened = store.open_assignment(secret)
    load_exercise("phq9")  # the page has shown the questionnaire before the client submits
    barrier.wait()
    t0 = time.perf_counter()
    try:
        store.submit(opened, "phq9", ANSWERS)
        results.put((index, time.perf_counter() - t0, ""))
    except Exception as exc:
        results.put((index, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"))
    store.close()


def submit_in_threads(store: Store, links: list[str]) -> tuple[list[float], list[str]]:
    """One thread per opened assignment, all released by one barrier; one shared store."""
    openeds = [store.open_assignment(s) for s in links]
    barrier = threading.Barrier(len(links))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def run(opened: Any) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        try:
            store.submit(opened, "phq9", ANSWERS)
            error = ""
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        with lock:
            latencies.append(time.perf_counter() - t0)
            if error:
                errors.append(error)

    threads = [threading.Thread(target=run, args=(o,)) for o in openeds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def submit_in_processes(url: str, links: list[str]) -> tuple[list[float], list[str]]:
    """One process per opened assignment (each its own store, as a Voila kernel has)."""
    context = mp.get_context("fork")
    barrier = context.Barrier(len(links))
    results = context.Queue()
    procs = [
        context.Process(target=_submit_in_process, args=(url, s, barrier, results, i))
        for i, s in enumerate(links)
    ]
    for proc in procs:
        proc.start()
    latencies: list[float] = []
    errors: list[str] = []
    for _ in procs:
        _index, latency, error = results.get(timeout=120)
        latencies.append(latency)
        if error:
            errors.append(error)
    for proc in procs:
        proc.join()
    return latencies, errors


def simultaneous(store: Store, url: str, sessions: int, label: str) -> None:
    """``sessions`` opened assignments submitting at the same moment, as threads and as
    processes; prints whether all were saved and the latency percentiles."""
    for mode in ("threads", "processes"):
        secrets_ = fresh_links(store, sessions)
        latencies: list[float] = []
        errors: list[str] = []
        start = time.perf_counter()
        if mode == "threads":
            latencies, errors = submit_in_threads(store, secrets_)
        else:
            latencies, errors = submit_in_processes(url, secrets_)
        wall = time.perf_counter() - start
        hashes = [secret_hash(s) for s in secrets_]
        with store._tx() as session:
            saved = session.scalar(
                select(func.count(ResponseRow.id))
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.secret_hash.in_(hashes), ResponseRow.kind == "submission")
            )
        print(
            f"  {label:<10} {mode:<9} saved {saved}/{sessions}  "
            f"p50 {statistics.median(latencies):.3f} s  p95 {percentile(latencies, 0.95):.3f} s  "
            f"max {max(latencies):.3f} s  (wall {wall:.1f} s)",
            flush=True,
        )
        for error in sorted(set(errors))[:5]:
            print(f"    error: {error}")


# -- the browser --------------------------------------------------------------------------


def start_server(url: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    for notebook in dashboards_dir().glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    port = free_port()
    env = server_environment()
    env["CBT_DATABASE_URL"] = url
    env["CBT_PAGE_RATE"] = "0"  # one address loads pages back to back on purpose
    env["CBT_SECRET_KEY"] = SECRET_KEY
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        voila_command("127.0.0.1", port, folder=folder, pool_size=1),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            if time.perf_counter() - started > 120:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.2)
    time.sleep(8)  # let the preheated pools fill
    return server, base


def therapist_in_browser(store: Store, base: str, repeats: int, clients: int) -> None:
    from playwright.sync_api import Error, expect, sync_playwright

    logins: list[float] = []
    opens: list[float] = []
    failures = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for attempt in range(repeats):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            step = "load"
            console: list[str] = []
            page.on("console", lambda m, log=console: log.append(f"{m.type}: {m.text[:200]}"))
            page.on("pageerror", lambda e, log=console: log.append(f"error: {str(e)[:200]}"))
            try:
                page.goto(f"{base}/voila/render/therapist.ipynb")
                page.get_by_label("Password").wait_for()
                page.get_by_label("Username").fill(THERAPIST)
                page.get_by_label("Password").fill(PASSWORD)
                step = "login"
                t0 = time.perf_counter()
                page.get_by_role("button", name="Log in").click()
                page.get_by_role("heading", name=f"Clients ({clients})").wait_for()
                logins.append(time.perf_counter() - t0)
                if attempt == 0:
                    config = page.locator("#jupyter-config-data").first.text_content() or "{}"
                    kernel = json.loads(config).get("kernelId", "")
                    rss = kernel_rss_mb(kernel) if kernel else None
                    print(f"  therapist page kernel with {clients} clients listed: {rss} MB")
                step = "open client"
                number = attempt + 2
                code = f"C-{number:04d}"
                page.get_by_label("Client", exact=True).select_option(
                    label=f"{code} — Client {number}"
                )
                # the page shows the newest ten submissions and counts them all in its heading
                total = len(store.timeline(CLI, code))
                cards = min(total, 10)
                time.sleep(0.5)  # the choice reaches the kernel before the click does
                t0 = time.perf_counter()
                page.get_by_role("button", name="Open client").click()
                page.get_by_role("heading", name=f"Client {code}", exact=False).first.wait_for()
                expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=60_000)
                page.get_by_role("heading", name=f"Submissions ({total})").wait_for()
                expect(page.get_by_role("button", name="Add comment")).to_have_count(
                    cards, timeout=60_000
                )
                opens.append(time.perf_counter() - t0)
                print(f"  login {logins[-1]:.2f} s, open client {opens[-1]:.2f} s", flush=True)
            except (Error, AssertionError) as exc:
                failures += 1
                name = f"bench-scale-{step.replace(' ', '-')}-{attempt + 1}.png"
                shot = Path(tempfile.gettempdir()) / name
                page.screenshot(path=shot, full_page=True)
                print(
                    f"  attempt {attempt + 1}: {step} failed ({str(exc).splitlines()[0]}); {shot}"
                )
                for line in console[-8:]:
                    print(f"    browser {line}")
            context.close()
            time.sleep(8)  # the preheated pool refills
        browser.close()
    print(f"\ntherapist page in Chromium ({clients} clients, {repeats} logins, {failures} failed):")
    if logins:
        print(
            f"  'Log in' click -> 'Clients ({clients})' visible  "
            f"median {statistics.median(logins):5.2f} s, max {max(logins):.2f} s  (target <= 2 s)"
        )
    if opens:
        print(
            f"  'Open client' click -> both charts and the newest submissions  "
            f"median {statistics.median(opens):5.2f} s, max {max(opens):.2f} s"
        )


def client_pages_memory(store: Store, base: str, server_pid: int, pages: int) -> None:
    from playwright.sync_api import sync_playwright

    bench = store.therapist(THERAPIST)
    links = [
        store.assign(bench, f"C-{i + 1:04d}", ["phq9", "gad7"]).url(base)
        for i in range(100, 100 + pages)
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        contexts, rows = [], []
        for link in links:
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(60_000)
            t0 = time.perf_counter()
            page.goto(link)
            page.get_by_role("radio").first.wait_for()
            elapsed = time.perf_counter() - t0
            config = page.locator("#jupyter-config-data").first.text_content() or "{}"
            kernel = json.loads(config).get("kernelId", "")
            contexts.append(context)
            rows.append((elapsed, kernel))
            time.sleep(3)  # the pool refills
        time.sleep(2)
        print(f"\n{pages} client pages open at once (assignment links, PHQ-9 + GAD-7):")
        total = 0.0
        for number, (elapsed, kernel) in enumerate(rows, 1):
            rss = kernel_rss_mb(kernel) if kernel else None
            total += rss or 0.0
            shown = f"{rss:6.1f} MB" if rss is not None else "   n/a"
            print(f"  page {number}: first radio after {elapsed:5.2f} s, kernel RSS {shown}")
        server = rss_mb(server_pid)
        print(f"  kernels total {total:.1f} MB; server process RSS {server or float('nan'):.1f} MB")
        for context in contexts:
            context.close()
        browser.close()


# -- main ----------------------------------------------------------------------------------


def postgres_url() -> str:
    """A fresh schema in the test PostgreSQL database."""
    from sqlalchemy import create_engine, text

    base = os.environ.get("CBT_TEST_POSTGRES_URL")
    if not base:
        raise SystemExit("--postgres needs CBT_TEST_POSTGRES_URL (see .ci/postgres.sh)")
    schema = f"bench_{secrets.token_hex(4)}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ["CBT_TEST_POSTGRES_URL"])
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def run(url: str, label: str, args: argparse.Namespace, folder: Path) -> None:
    clock = Clock()
    store = open_store(url, secret_key=SECRET_KEY, clock=clock)
    store.add_therapist(THERAPIST, PASSWORD)
    rng = random.Random(20250307)  # invented data
    print(f"\n== {label}: {args.clients} clients x {args.weeks} weeks of PHQ-9 and GAD-7 ==")
    started = time.perf_counter()
    counts = seed_bulk(store, args.clients, args.weeks, rng)
    seconds = time.perf_counter() - started
    print(
        f"seeding (bulk, one transaction per client): {seconds:.1f} s for "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    per_submit = seed_api(store, clock, "API-0001", args.weeks, rng)
    print(
        f"seeding through Store.submit: {per_submit * 1000:.1f} ms per submission "
        f"(one client, {2 * args.weeks} submissions): "
        f"{per_submit * counts['responses'] / 60:.1f} min for all {counts['responses']}"
    )
    store.erase_client(CLI, "API-0001")
    therapist_in_process(store, args.repeats, args.clients)
    print(
        f"\n{args.sessions} simultaneous client submissions (PHQ-9), target: all saved, p95 <= 1 s"
    )
    simultaneous(store, url, args.sessions, label)
    if args.browser:
        server, base = start_server(url, folder)
        try:
            therapist_in_browser(store, base, args.browser_repeats, args.clients)
            logged = (folder / "server.log").read_text(errors="replace").splitlines()
            for line in [line for line in logged if line.startswith("[cbt")][-10:]:
                print(f"  server log: {line[:200]}")
            client_pages_memory(store, base, server.pid, args.pages)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500, help="clients of the one therapist")
    parser.add_argument("--weeks", type=int, default=52, help="weekly check-ins per client")
    parser.add_argument("--repeats", type=int, default=5, help="in-process renders to time")
    parser.add_argument("--browser-repeats", type=int, default=5, help="browser logins to time")
    parser.add_argument("--sessions", type=int, default=30, help="simultaneous submissions")
    parser.add_argument("--pages", type=int, default=5, help="client pages open for memory")
    parser.add_argument(
        "--browser",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure in headless Chromium against a real `cbt serve`",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="use a fresh schema at CBT_TEST_POSTGRES_URL instead of SQLite",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cbt-scale-"))
    try:
        if args.postgres:
            url, schema = postgres_url()
            try:
                run(url, "PostgreSQL", args, folder)
            finally:
                drop_schema(schema)
        else:
            run(f"sqlite:///{folder / 'scale.sqlite3'}", "SQLite", args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
