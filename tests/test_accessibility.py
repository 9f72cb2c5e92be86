"""axe-core on the three pages: no serious or critical violations (a real browser)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
AXE = (
    Path(__file__).resolve().parent.parent
    / ".venv"
    / "axe"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
PAGES = {
    "client-thought-record": ("client.ipynb?exercise=thought_record", "textarea"),
    "client-phq9": ("client.ipynb?exercise=phq9", "input[type=radio]"),
    "client-exposure-ladder": ("client.ipynb?exercise=exposure_ladder", "input"),
    "client-activity-log": ("client.ipynb?exercise=activity_log", "input"),
    "therapist-login": ("therapist.ipynb", "input[type=password]"),
    "learn": ("learn.ipynb", ".cbt-page"),
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is missing: `make test` installs it with npm")
        pytest.skip("axe-core is not installed (needs npm)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violations(
    page, server: str, axe_source: str, artifacts: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    path, selector = PAGES[name]
    page.goto(f"{server}/voila/render/{path}")
    page.locator(selector).first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    # run as the test's own script: the page's CSP admits no inline <script> without its nonce
    page.evaluate(axe_source)
    result = page.evaluate(
        """async () => await axe.run(document.querySelector('#rendered_cells') || document,
               {resultTypes: ['violations']})"""
    )
    serious = [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    (artifacts / "axe.json").write_text(json.dumps(serious, indent=2), encoding="utf-8")
    page.screenshot(path=artifacts / "page.png", full_page=True)
    assert serious == [], [(v["id"], v["help"], len(v["nodes"])) for v in serious]
