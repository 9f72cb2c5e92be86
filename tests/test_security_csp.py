"""The Content-Security-Policy of a real `cbt serve`, in a real browser.

Every browser test already fails on a CSP violation (tests/conftest.py, ``no_csp_violation``):
that is the proof the policy breaks no page. Here: the policy has no ``'unsafe-inline'`` or
``'unsafe-eval'`` for scripts, each page answer has its own nonce, and markup that slipped past
escaping could run no script (defence in depth behind ``toolkit.ui.html.esc``).
"""

from __future__ import annotations

import re
import urllib.request

import pytest

from toolkit.serverapp import CONTENT_SECURITY_POLICY, with_nonce

LEARN = "/voila/render/learn.ipynb"


def _script_src(policy: str) -> str:
    return next(part for part in policy.split("; ") if part.startswith("script-src "))


def test_no_inline_script_or_eval_is_allowed_without_a_nonce() -> None:
    script_src = _script_src(CONTENT_SECURITY_POLICY)
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "nonce-" not in script_src
    assert with_nonce("<SCRIPT>a</SCRIPT><scripts>", "n") == "<SCRIPT nonce=n>a</SCRIPT><scripts>"


def test_each_page_answer_has_its_own_nonce_on_every_script(server: str) -> None:
    nonces = []
    for _ in range(2):
        with urllib.request.urlopen(server + LEARN, timeout=120) as answer:
            policy = answer.headers["Content-Security-Policy"]
            body = answer.read().decode()
        found = re.search(r"'nonce-([A-Za-z0-9_-]{20,})'", _script_src(policy))
        assert found, policy
        nonces.append(found[1])
        tags = re.findall(r"<script\b[^>]*>", body, re.IGNORECASE)
        assert tags
        assert all(f"nonce={found[1]}" in tag for tag in tags), tags
    assert nonces[0] != nonces[1]
    # the other answers allow no inline script at all
    with urllib.request.urlopen(server + "/", timeout=60) as answer:
        assert "nonce-" not in answer.headers["Content-Security-Policy"]


@pytest.mark.browser
def test_injected_markup_runs_no_script(page, server: str, no_csp_violation) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + LEARN)
    page.get_by_role("heading", name="Learn about thinking traps").wait_for(timeout=60_000)
    blocked = page.evaluate(
        """() => new Promise((resolve) => {
            const seen = [];
            // bounded: under a policy that let them run, no event comes at all
            setTimeout(() => resolve(seen.sort()), 15000);
            document.addEventListener('securitypolicyviolation', (event) => {
                seen.push(event.effectiveDirective);
                if (seen.length === 2) { resolve(seen.sort()); }
            });
            document.body.insertAdjacentHTML(
                'beforeend', '<img alt="" src="missing-image.png" onerror="window.__pwned = 1">');
            const script = document.createElement('script');
            script.textContent = 'window.__pwnedToo = 1';
            document.body.appendChild(script);
        })"""
    )
    assert blocked == ["script-src-attr", "script-src-elem"]
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__pwnedToo") is None

    # these two were the point of the test (their reports reach the test process a moment
    # later); anything else the page broke still fails it
    def expected(seen: dict[str, object]) -> bool:
        return seen.get("blocked") == "inline" and seen.get("directive") in (
            "script-src-attr",
            "script-src-elem",
        )

    for _ in range(100):
        if sum(map(expected, no_csp_violation)) >= 2:
            break
        page.wait_for_timeout(100)
    assert sum(map(expected, no_csp_violation)) == 2
    no_csp_violation[:] = [s for s in no_csp_violation if not expected(s)]
