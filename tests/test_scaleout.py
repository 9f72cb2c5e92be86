"""The scale-out shape, run for real: nginx (deploy/nginx) in front of two `cbt serve`
processes that share one PostgreSQL (max_connections=20) through PgBouncer in transaction mode
(deploy/pgbouncer). A client starts a thought record through the proxy, the backend holding
the page is killed mid-draft, and after a reload the other backend resumes the draft.

Everything listens on 127.0.0.1 only and is stopped at the end of the module.
"""

from __future__ import annotations

import os
import ssl
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers_stack import Stack, free_port, missing_tools, new_stack, wait_for_http
from playwright.sync_api import expect
from test_security_https import journey, secure
from test_serverapp import kernels_below

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
SECRET_KEY = "scale-out test key: not a real secret"
PASSWORD = "a long test password"
SITUATION = "Queue at the post office, forgot my number"


@dataclass
class Shape:
    stack: Stack
    proxy: str
    link: str
    tls: str
    """The same proxy over TLS (a self-signed certificate for 127.0.0.1)."""


@pytest.fixture(scope="module")
def shape() -> Iterator[Shape]:
    missing = missing_tools()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"not installed here: {', '.join(missing)}")
    stack = new_stack()
    try:
        stack.start_postgres(max_connections=20)
        stack.start_pgbouncer(pool_size=8)
        proxy_port = free_port()
        proxy = f"http://127.0.0.1:{proxy_port}"
        from toolkit.store import open_store

        store = open_store(stack.pooled_url(), secret_key=SECRET_KEY)
        store.add_therapist("dr-okafor", PASSWORD)
        me = store.therapist("dr-okafor")
        store.add_client(me, "S-01")
        link = store.assign(me, "S-01", ["thought_record"]).url(proxy)
        store.close()
        env = {
            "CBT_DATABASE_URL": stack.pooled_url(),
            "CBT_SECRET_KEY": SECRET_KEY,
            "CBT_BASE_URL": proxy,
            "CBT_TRUSTED_PROXIES": "127.0.0.1",
            "CBT_MAX_KERNELS": "12",
        }
        backends = [stack.start_serve(name, env) for name in ("serve-a", "serve-b")]
        for port in backends:
            wait_for_http(f"http://127.0.0.1:{port}/")
        tls_port = free_port()
        stack.start_nginx(backends, port=proxy_port, tls_port=tls_port)
        yield Shape(stack, proxy, link, f"https://127.0.0.1:{tls_port}")
    finally:
        stack.close()


def test_the_proxy_sets_its_routing_cookie_and_the_pages_headers_pass(shape: Shape) -> None:
    with urllib.request.urlopen(shape.proxy + "/", timeout=30) as answer:
        cookies = answer.headers.get_all("Set-Cookie") or []
        assert answer.headers["Referrer-Policy"] == "no-referrer"
    route = [c for c in cookies if c.startswith("cbt_route=")]
    assert route
    assert "HttpOnly" in route[0]


def test_behind_tls_every_cookie_is_secure_and_over_http_none(shape: Shape) -> None:
    tls = ssl.create_default_context(cafile=str(shape.stack.certificate))
    login = ("dr-okafor", PASSWORD)
    over_tls = journey(shape.tls, {}, login=login, tls=tls)
    assert {"cbt_route", "_xsrf", "cbt_session"} <= set(over_tls)
    assert any(name.startswith("username-") for name in over_tls)
    for name, lines in over_tls.items():
        for line in lines:
            assert secure(line), f"{name}: {line}"
    # the plain port: nginx says X-Forwarded-Proto: http, and CBT_BASE_URL is http here
    plain = journey(shape.proxy, {"X-Forwarded-Proto": "https"}, login=login)
    assert {"cbt_route", "_xsrf", "cbt_session"} <= set(plain)
    for name, lines in plain.items():
        for line in lines:
            assert not secure(line), f"{name}: {line}"


def test_a_draft_survives_its_backend_being_killed(browser, shape: Shape, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    stack = shape.stack
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(shape.link)
        page.get_by_label("What happened?").fill(SITUATION)
        expect(page.get_by_text("Draft saved")).to_be_visible()
        holders = [n for n in ("serve-a", "serve-b") if kernels_below(stack.processes[n].pid)]
        assert len(holders) == 1, "the page and its websocket reached one backend"
        victim = holders[0]
        survivor = "serve-b" if victim == "serve-a" else "serve-a"
        stack.kill(victim)  # a crash, mid-draft

        page.reload()
        expect(page.get_by_label("What happened?")).to_have_value(SITUATION)
        assert kernels_below(stack.processes[survivor].pid)
        page.screenshot(path=artifacts / "resumed-on-the-other-backend.png", full_page=True)

        # the journey goes on on the survivor, through the proxy, to the end
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Mood 1", exact=True).fill("impatient")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Thought 1", exact=True).fill("This will take all afternoon")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Evidence for the hot thought").fill("The queue is long")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Evidence against the hot thought").fill("It moves every minute")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Balanced thought").fill("It is slow, and it is moving")
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("Submitted — thank you").first).to_be_visible()

        # the therapist page opens through the proxy too, and sees the submission
        page.goto(shape.proxy + "/voila/render/therapist.ipynb")
        page.get_by_label("Username").fill("dr-okafor")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="Open client").click()
        expect(page.get_by_text("Submissions (1)")).to_be_visible()
    finally:
        context.close()
    # PgBouncer kept PostgreSQL's connections within its pool, far below max_connections
    assert stack.server_connections() <= 8 + 2
