"""Shared fixtures: a real `cbt serve` on a free port and a real headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-results"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server at {url} did not answer within {timeout} s")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private data folder for everything the served app stores during the test session."""
    return tmp_path_factory.mktemp("cbt-data")


SECRET_KEY = "browser-test-key: not a real secret"


@pytest.fixture(autouse=True)
def _private_database(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the user's real data folder: the default database is a temporary one."""
    if "CBT_DATABASE_URL" not in os.environ:
        folder = tmp_path_factory.mktemp("default-db")
        monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{folder / 'cbt.sqlite3'}")


@pytest.fixture(scope="session")
def database_url(data_dir: Path) -> str:
    """The database the served app uses during the test session."""
    return f"sqlite:///{data_dir / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def served_store(database_url: str):  # type: ignore[no-untyped-def]
    """The same database the server uses, opened in the test process (to seed it)."""
    previous = os.environ.get("CBT_SECRET_KEY")
    os.environ["CBT_SECRET_KEY"] = SECRET_KEY
    from toolkit.store import open_store

    store = open_store(database_url)
    yield store
    store.close()
    if previous is None:
        os.environ.pop("CBT_SECRET_KEY", None)
    else:
        os.environ["CBT_SECRET_KEY"] = previous


@pytest.fixture(scope="session")
def server(data_dir: Path, database_url: str) -> Iterator[str]:
    """A real `cbt serve` on a free loopback port; yields its base URL."""
    port = free_port()
    env = dict(os.environ)
    env["CBT_DATABASE_URL"] = database_url
    env["CBT_SECRET_KEY"] = SECRET_KEY
    # the whole suite is one address opening pages back to back: no per-address page rate
    # (tests/test_serverapp.py tests the limit on its own servers)
    env["CBT_PAGE_RATE"] = "0"
    log = (data_dir / "server.log").open("w")
    cbt = Path(sys.executable).parent / "cbt"
    process = subprocess.Popen(
        [str(cbt), "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _launch(playwright):  # type: ignore[no-untyped-def]
    system = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if system:
        return playwright.chromium.launch(executable_path=system, args=CHROMIUM_FLAGS)
    return playwright.chromium.launch(args=CHROMIUM_FLAGS)


# -- Content-Security-Policy: every browser test also checks that the pages break no rule -------

CSP_VIOLATIONS: list[dict[str, object]] = []
"""``securitypolicyviolation`` events of the running test's pages (every browser context)."""
CSP_LOG = ARTIFACTS / "csp-violations.jsonl"
_CSP_WATCH = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cbtCspViolation({
    directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
    line: event.lineNumber, sample: event.sample, disposition: event.disposition,
    page: location.pathname,
  });
});
"""


def watch_csp(context):  # type: ignore[no-untyped-def]
    """Report every CSP violation of ``context``'s pages into :data:`CSP_VIOLATIONS`."""
    context.expose_binding("__cbtCspViolation", lambda _source, seen: CSP_VIOLATIONS.append(seen))
    context.add_init_script(_CSP_WATCH)
    return context


@pytest.fixture(autouse=True)
def no_csp_violation(request: pytest.FixtureRequest) -> Iterator[list[dict[str, object]]]:
    """A browser test fails if a page broke the server's Content-Security-Policy (a blocked
    script, style, frame or connection: a page that needs more than the policy allows).
    Report-only findings (``Content-Security-Policy-Report-Only``) are logged, not failed.
    Yields the list of violations seen, for a test that provokes one on purpose."""
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    if not CSP_VIOLATIONS:
        return
    import json

    ARTIFACTS.mkdir(exist_ok=True)
    with CSP_LOG.open("a") as log:
        for seen in CSP_VIOLATIONS:
            log.write(json.dumps({"test": request.node.nodeid, **seen}) + "\n")
    enforced = [seen for seen in CSP_VIOLATIONS if seen.get("disposition") == "enforce"]
    CSP_VIOLATIONS.clear()
    assert enforced == [], f"the page broke its Content-Security-Policy: {enforced}"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """A headless Chromium: Debian's when present, Playwright's otherwise.

    With CI=true a missing browser fails the run instead of skipping it. One per test module:
    Playwright's synchronous API keeps an asyncio loop marked as running in this thread while
    it is open, which would make widget tests in later modules schedule work on a loop that
    never runs them. Every context it makes reports CSP violations (:func:`watch_csp`).
    """
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            instance = _launch(playwright)
        except Error as exc:
            if os.environ.get("CI") == "true":
                pytest.fail(f"no headless browser in CI: {exc}")
            pytest.skip(f"no headless browser on this machine: {exc}")
        new_context = instance.new_context
        instance.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))
        yield instance
        instance.close()


class RequestLog:
    """Every URL a page requested; loopback, data: and blob: URLs are ours."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def external(self) -> list[str]:
        ours = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
        return [url for url in self.urls if not url.startswith(ours)]


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """A folder for this test's screenshots and downloads (kept after the run)."""
    folder = ARTIFACTS / request.node.name.replace("/", "_").replace("[", "-").strip("]")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, artifacts: Path):  # type: ignore[no-untyped-def]
    """A fresh browser page (phone-friendly desktop size) that records every request."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    requests = RequestLog()
    tab.on("request", lambda r: requests.urls.append(r.url))
    tab.requests = requests
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors
    yield tab
    context.close()


# -- leak check: nothing the suite started may outlive it ----------------------------------------

RUN_MARKER = "CBT_TEST_RUN"
"""Set in the suite's environment: every server, kernel or browser started by a test inherits it,
so whatever still carries it when the suite ends was left behind."""
LEAK_GRACE_SECONDS = 20.0


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault(RUN_MARKER, f"{os.getpid()}-{time.time_ns()}")


def _ancestors() -> set[int]:
    pids, pid = set(), os.getpid()
    while pid > 1:
        pids.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return pids


def processes_with_marker(marker: str) -> dict[int, str]:
    """Live (non-zombie) processes whose environment carries ``CBT_TEST_RUN=marker``."""
    needle = f"{RUN_MARKER}={marker}".encode()
    found: dict[int, str] = {}
    mine = _ancestors()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            stat = (entry / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found[int(entry.name)] = command.strip()[:160]
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a server or kernel it started is still alive (then stop it)."""
    marker = os.environ.get(RUN_MARKER, "")
    if not marker or not Path("/proc").is_dir() or hasattr(session.config, "workerinput"):
        return
    deadline = time.monotonic() + LEAK_GRACE_SECONDS
    left = processes_with_marker(marker)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = processes_with_marker(marker)
    if not left:
        return
    import signal

    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    report = "\n".join(f"  pid {pid}: {command}" for pid, command in sorted(left.items()))
    sys.stderr.write(f"\nprocesses started by the test suite outlived it (now killed):\n{report}\n")
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
