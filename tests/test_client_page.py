"""The thought record as a client meets it, driven through its widgets (no browser)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

from toolkit.app import client_app
from toolkit.exercises import Worksheet, load_exercise
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.session import PageSession, guarded

HOT = "I always mess everything up, so I will lose my job"


def sheet() -> Worksheet:
    spec = load_exercise("thought_record")
    assert isinstance(spec, Worksheet)
    return spec


def fill(page: WorksheetPage) -> None:
    views = page.form.views
    views["situation"].value = "Email from my manager <script>alert(1)</script>"
    views["moods"].value = [{"name": "anxious", "intensity": 80}, {"name": "sad", "intensity": 60}]
    views["automatic_thoughts"].value = {
        "thoughts": [{"text": "She is angry", "belief": 40}, {"text": HOT, "belief": 90}],
        "hot": 1,
    }
    views["evidence_for"].value = "I was late with the report."
    views["evidence_against"].value = "My reviews are good."
    views["balanced_thought"].value = "One late report is not the end of my job."
    views["balanced_belief"].value = 70


def test_next_is_refused_until_the_step_is_answered() -> None:
    page = WorksheetPage(sheet())
    page.form.next.click()
    assert page.form.step_index == 0
    assert "Please fill this in" in page.form.views["situation"]._error.value
    page.form.views["situation"].value = "At work"
    page.form.next.click()
    assert page.form.step_index == 1
    assert page.form.views["situation"]._error.value == ""


def test_hot_thought_stays_in_view_on_the_evidence_steps() -> None:
    page = WorksheetPage(sheet())
    fill(page)
    recalls = [banner.value for _field, banner in page.form._recalls]
    assert len(recalls) == 3
    assert all(HOT in value for value in recalls)


def test_rerated_moods_follow_the_first_moods() -> None:
    page = WorksheetPage(sheet())
    fill(page)
    after = page.form.views["moods_after"].value
    assert [m["name"] for m in after] == ["anxious", "sad"]


def test_submit_shows_what_is_missing_then_a_summary_with_downloads() -> None:
    page = WorksheetPage(sheet())
    page.form._show(len(page.form.sheet.steps) - 1)
    assert page.submit.layout.display == ""
    page.submit.click()
    assert "still need" in page.messages.value
    assert page.form.step_index == 0  # sent back to the first unanswered part
    fill(page)
    page.form._show(6)
    page.form.views["moods_after"].value = [
        {"name": "anxious", "intensity": 40},
        {"name": "sad", "intensity": 30},
    ]
    page.submit.click()
    assert page.messages.value == ""
    assert page.editor.layout.display == "none"
    html = "".join(getattr(child, "value", "") for child in page.summary.children)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "Well done" in html
    links = dict(
        re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', html)
    )
    json_name = next(name for name in links if name.endswith(".json"))
    record = json.loads(base64.b64decode(links[json_name]))
    assert record["answers"]["moods_after"][0] == {"name": "anxious", "intensity": 40}
    assert record["answers"]["automatic_thoughts"]["hot"] == 1
    assert "ai_suggestions" in record
    markdown = base64.b64decode(links[next(n for n in links if n.endswith(".md"))]).decode()
    assert HOT in markdown
    charts = [c for c in page.summary.children if hasattr(c, "outputs") and c.outputs]
    assert charts, "the mood chart is shown"
    assert "application/vnd.plotly.v1+json" in charts[0].outputs[0]["data"]


def test_edit_after_submit_keeps_every_answer() -> None:
    page = WorksheetPage(sheet())
    fill(page)
    before = page.form.answers
    page.form._show(6)
    page.submit.click()
    edit = page.summary.children[-1]
    edit.click()
    assert page.editor.layout.display == ""
    assert page.form.answers == before


def test_callback_errors_are_shown_not_swallowed(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(PageSession):
        @guarded
        def _on_click(self) -> None:
            typed = "".join(["secret", " text ", "the client typed"])
            raise RuntimeError(typed)

    page = Broken()
    page._on_click()
    assert "Something went wrong" in page.messages.value
    assert "secret text" not in caplog.text
    assert "RuntimeError" in caplog.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "Nothing to open here"),
        ("exercise=nope", "We could not find this exercise"),
        ("exercise=<script>", "We could not find this exercise"),
    ],
)
def test_links_that_open_nothing_are_explained(query: str, expected: str) -> None:
    widget: Any = client_app(query)
    assert expected in widget.value


def test_practice_link_opens_the_worksheet() -> None:
    widget: Any = client_app("exercise=thought_record")
    assert "cbt-page" in widget._dom_classes


def test_a_failed_send_keeps_everything_and_says_so() -> None:
    calls: list[dict[str, Any]] = []

    def broken(answers: dict[str, Any], extra: dict[str, Any]) -> list[str]:
        calls.append(answers)
        raise ConnectionError

    page = WorksheetPage(sheet(), submit_handler=broken)
    fill(page)
    page.form._show(6)
    before = page.form.answers
    page.submit.click()
    assert calls == [before]
    assert "could not send" in page.messages.value
    assert page.summary.children == ()
    assert page.form.answers == before
    assert not page.submit.disabled
