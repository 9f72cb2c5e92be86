"""The `cbt serve` process under hostile load: kernel cap, per-address limit, headers, shutdown.

The servers here are real `cbt serve` processes on loopback; every flood is a bounded loop of a
few requests to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import free_port, wait_for_http
from toolkit.serverapp import CONTENT_SECURITY_POLICY, RateLimiter, client_address

PAGE = "/voila/render/client.ipynb?exercise=phq9"


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children, grandchildren …), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def kernels_below(pid: int) -> set[int]:
    found = set()
    for child in descendants(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"ipykernel" in command:
            found.add(child)
    return found


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    base: str


def start_serve(tmp_path: Path, **env_extra: str) -> Served:
    port = free_port()
    env = dict(os.environ)
    env["CBT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    env.update(env_extra)
    cbt = Path(sys.executable).parent / "cbt"
    log = (tmp_path / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(
        [str(cbt), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/")
    except BaseException:
        stop_serve(process)
        raise
    return Served(process, base)


def stop_serve(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> float:
    """Send ``sig``; returns the seconds until `cbt serve` and everything below it were gone."""
    below = descendants(process.pid)
    started = time.monotonic()
    process.send_signal(sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    deadline = started + 30
    while any(Path(f"/proc/{pid}").exists() for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    for pid in below:  # never leave anything behind, even when the assertion fails
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return elapsed


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read().decode()


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server with a cap of 2 kernels that believes X-Forwarded-For from loopback."""
    served = start_serve(
        tmp_path_factory.mktemp("capped"),
        CBT_MAX_KERNELS="2",
        CBT_PAGE_RATE="6",
        CBT_PAGE_BURST="2",
        CBT_TRUSTED_PROXIES="127.0.0.1",
    )
    yield served
    stop_serve(served.process)


# -- pure parts --------------------------------------------------------------------------------


def test_rate_limiter_allows_a_burst_then_refills_at_the_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate_per_minute=6, burst=2, clock=lambda: now[0])
    assert limiter.allow("a") == 0
    assert limiter.allow("a") == 0
    assert limiter.allow("a") == pytest.approx(10.0)
    assert limiter.allow("b") == 0  # another address has its own bucket
    now[0] = 10.0
    assert limiter.allow("a") == 0


def test_forwarded_addresses_are_believed_only_from_trusted_proxies() -> None:
    assert client_address("127.0.0.1", "203.0.113.7", frozenset()) == "127.0.0.1"
    trusted = frozenset({"127.0.0.1", "10.0.0.2"})
    assert client_address("127.0.0.1", "203.0.113.7", trusted) == "203.0.113.7"
    # the visitor may prepend anything; the proxies' own hops are read from the right
    assert client_address("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", trusted) == ("203.0.113.7")


# -- a real server -----------------------------------------------------------------------------


def test_a_flood_never_starts_more_kernels_than_the_cap(capped: Served) -> None:
    def one(i: int) -> tuple[int, dict[str, str], float]:
        started = time.monotonic()
        status, headers, _body = fetch(capped.base + PAGE, {"X-Forwarded-For": f"198.51.100.{i}"})
        return status, headers, time.monotonic() - started

    peak = 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(one, i) for i in range(8)]
        while not all(f.done() for f in futures):
            peak = max(peak, len(kernels_below(capped.process.pid)))
            time.sleep(0.05)
        answers = [f.result() for f in futures]
    statuses = sorted(status for status, _h, _t in answers)
    assert peak <= 2
    assert len(kernels_below(capped.process.pid)) <= 2
    assert statuses.count(200) <= 2
    assert statuses.count(503) >= 6
    for status, headers, _elapsed in answers:
        if status == 503:
            assert headers["Retry-After"] == "60"
    status, _headers, body = fetch(capped.base + PAGE, {"X-Forwarded-For": "198.51.100.99"})
    assert status == 503
    assert "Busy" in body
    assert "try again in a minute" in body


def test_the_therapist_page_still_opens_when_a_flood_filled_the_rest(capped: Served) -> None:
    flood = [fetch(capped.base + PAGE, {"X-Forwarded-For": f"198.51.100.{i}"}) for i in (60, 61)]
    assert [status for status, _h, _b in flood] == [503, 503]
    status, _headers, body = fetch(
        capped.base + "/voila/render/therapist.ipynb", {"X-Forwarded-For": "192.0.2.200"}
    )
    assert status == 200
    assert "Busy" not in body
    assert len(kernels_below(capped.process.pid)) <= 2


def test_one_address_gets_429_after_its_burst(capped: Served) -> None:
    answers = [fetch(capped.base + PAGE, {"X-Forwarded-For": "192.0.2.50"})[:2] for _ in range(3)]
    assert answers[-1][0] == 429
    assert int(answers[-1][1]["Retry-After"]) >= 1


def test_every_answer_carries_the_security_headers(capped: Served) -> None:
    for path in ("/", PAGE, "/voila/render/missing.ipynb", "/voila/static/cbt.css"):
        _status, headers, _body = fetch(capped.base + path, {"X-Forwarded-For": "192.0.2.77"})
        assert headers.get("Referrer-Policy") == "no-referrer", path
        assert headers.get("X-Frame-Options") == "DENY", path
        csp = headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp, path
        assert "report-uri" not in csp, path
    assert "report-uri" not in CONTENT_SECURITY_POLICY


def test_cookies_are_samesite_and_the_login_cookie_httponly(capped: Served) -> None:
    with urllib.request.urlopen(capped.base + "/", timeout=30) as answer:
        cookies = answer.headers.get_all("Set-Cookie") or []
    assert cookies
    for cookie in cookies:
        assert "SameSite=Strict" in cookie
        if cookie.startswith("username-"):
            assert "HttpOnly" in cookie


def test_a_server_error_page_shows_no_traceback(capped: Served) -> None:
    status, _headers, body = fetch(
        capped.base + "/voila/render/..%2f..%2fpyproject.toml", {"X-Forwarded-For": "192.0.2.8"}
    )
    assert status >= 400
    assert "Traceback" not in body
    assert "/work/" not in body
    assert "site-packages" not in body


def test_an_oversized_widget_message_closes_the_websocket(tmp_path: Path) -> None:
    import asyncio
    import json
    import re

    import websockets

    served = start_serve(tmp_path, CBT_MAX_KERNELS="4")
    try:
        # a page that starts a kernel without a login (the therapist page answers with the
        # server's login form until a session exists, and starts no kernel)
        status, _headers, body = fetch(served.base + "/voila/render/learn.ipynb")
        assert status == 200
        kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', body)
        assert kernel
        url = served.base.replace("http", "ws") + f"/api/kernels/{kernel[1]}/channels"
        small, big = _send_comm_opens(url, websockets, asyncio, json)
    finally:
        stop_serve(served.process)
    assert small == "open"
    # Tornado sends a 1009 close frame and drops the connection at once; which of the two
    # the client sees first is a race, so either counts as the socket being closed for size
    assert big in ("closed 1009", "closed none")


def _send_comm_opens(url: str, websockets: Any, asyncio: Any, json: Any) -> tuple[str, str]:

    def comm_open(size: int) -> str:
        state = {"_model_name": "HTMLModel", "value": "x" * size}
        header = {"msg_id": f"m{size}", "msg_type": "comm_open", "session": "s", "username": ""}
        content = {"comm_id": f"c{size}", "target_name": "jupyter.widget", "data": {"state": state}}
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
        return json.dumps({**message, "channel": "shell", "buffers": []})

    async def send(size: int) -> str:
        async with websockets.connect(url, max_size=None) as socket:
            try:
                await socket.send(comm_open(size))
                async with asyncio.timeout(5):
                    while True:
                        await socket.recv()
            except websockets.ConnectionClosed as closed:
                return f"closed {closed.rcvd.code if closed.rcvd else 'none'}"
            except TimeoutError:
                return "open"

    return asyncio.run(send(1000)), asyncio.run(send(3 * 1024 * 1024))


@pytest.mark.browser
def test_leaving_a_page_shuts_its_kernel_down(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    served = start_serve(tmp_path, CBT_MAX_KERNELS="4")
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(served.base + "/voila/render/learn.ipynb")
        page.get_by_role("tab").first.wait_for(timeout=60_000)
        assert len(kernels_below(served.process.pid)) == 1
        page.goto("about:blank")
        deadline = time.monotonic() + 15
        while kernels_below(served.process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        context.close()
        assert not kernels_below(served.process.pid)
    finally:
        stop_serve(served.process)


@pytest.mark.browser
def test_a_page_whose_kernel_was_shut_down_says_reload(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    served = start_serve(tmp_path, CBT_MAX_KERNELS="4")
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(served.base + "/voila/render/client.ipynb?exercise=thought_record")
        page.get_by_label("What happened?").wait_for(timeout=60_000)
        # what idle culling does: the server shuts the page's kernel down
        status = page.evaluate(
            """async () => {
                const config = JSON.parse(
                    document.getElementById('jupyter-config-data').textContent);
                const form = new FormData();
                form.append('_xsrf', document.cookie.split('; ')
                    .find((c) => c.startsWith('_xsrf=')).slice(6));
                const answer = await fetch(
                    config.baseUrl + 'voila/api/shutdown/' + config.kernelId,
                    {method: 'POST', body: form});
                return answer.status;
            }"""
        )
        assert status < 400
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        note = page.get_by_role("alert").filter(has_text="This page was idle")
        note.wait_for(timeout=15_000)
        page.screenshot(path=tmp_path / "idle-note.png")
        page.get_by_role("button", name="Reload").click()
        page.get_by_label("What happened?").wait_for(timeout=60_000)
        context.close()
    finally:
        stop_serve(served.process)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_voila_and_every_kernel_within_ten_seconds(tmp_path: Path, sig: int) -> None:
    served = start_serve(tmp_path, CBT_MAX_KERNELS="4", CBT_POOL_SIZE="0")
    try:
        for page in ("client.ipynb?exercise=phq9", "learn.ipynb"):
            assert fetch(f"{served.base}/voila/render/{page}")[0] == 200
        assert len(kernels_below(served.process.pid)) >= 2
    finally:
        elapsed = stop_serve(served.process, sig)
    assert served.process.returncode is not None
    assert elapsed < 10
