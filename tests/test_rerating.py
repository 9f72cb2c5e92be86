"""Re-rated moods on the thought record's last step: honest about what was rated again."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from toolkit.exercises import Worksheet, load_exercise
from toolkit.exercises.responses import as_text
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.worksheet_charts import worksheet_figures


def _sheet() -> Worksheet:
    spec = load_exercise("thought_record")
    assert isinstance(spec, Worksheet)
    return spec


def _filled() -> WorksheetPage:
    page = WorksheetPage(_sheet())
    views = page.form.views
    views["situation"].value = "Lunch with my sister"
    views["moods"].value = [{"name": "ashamed", "intensity": 85}, {"name": "sad", "intensity": 40}]
    views["automatic_thoughts"].value = {"thoughts": [{"text": "I let her down", "belief": 80}]}
    views["evidence_for"].value = "I forgot her birthday."
    views["evidence_against"].value = "She hugged me at lunch."
    views["balanced_thought"].value = "I forgot once; I care about her."
    views["balanced_belief"].value = 60
    page.form._show(len(page.form.sheet.steps) - 1)
    return page


def _rerate(page: WorksheetPage) -> Any:
    return page.form.views["moods_after"]


def _texts(widget: Any) -> str:
    found = [str(getattr(widget, "value", ""))]
    for child in getattr(widget, "children", ()):
        found.append(_texts(child))
    return "\n".join(found)


def _submitted(page: WorksheetPage) -> dict[str, Any]:
    page.submit.click()
    assert page.messages.value == ""
    html = "".join(getattr(child, "value", "") for child in page.summary.children)
    links = dict(
        re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', html)
    )
    name = next(n for n in links if n.endswith(".json"))
    return json.loads(base64.b64decode(links[name]))


def test_rerated_moods_show_and_start_from_the_first_rating() -> None:
    view = _rerate(_filled())
    rows = view._rows
    assert [row.mood for row in rows] == ["ashamed", "sad"]
    assert [row.intensity.value for row in rows] == [85, 40]
    shown = _texts(view.widget)
    assert [row.name.value for row in rows] == ["ashamed", "sad"]  # names, not empty boxes
    assert "First rated 85" in shown
    assert "First rated 40" in shown


def test_an_untouched_mood_is_stored_as_not_rerated_never_as_a_number() -> None:
    page = _filled()
    rows = _rerate(page)._rows
    rows[1].intensity.value = 20  # the client re-rates "sad" only
    record = _submitted(page)
    assert record["answers"]["moods_after"] == [
        {"name": "ashamed", "intensity": None},
        {"name": "sad", "intensity": 20},
    ]
    sheet = _sheet()
    assert as_text(sheet.field("moods_after"), record["answers"]["moods_after"]) == (
        "ashamed not re-rated; sad 20"
    )
    (figure,) = worksheet_figures(sheet, record["answers"])
    before, after = figure.data
    assert (before.name, after.name) == ("Before", "After")
    assert list(before.x) == [85, 40]
    assert list(after.x) == [None, 20]  # no bar for "ashamed": it was not re-rated


def test_confirming_an_unchanged_mood_stores_its_rating() -> None:
    page = _filled()
    rows = _rerate(page)._rows
    rows[0].rated.value = True  # "Mood 1 rated now": ashamed still at 85
    record = _submitted(page)
    assert record["answers"]["moods_after"][0] == {"name": "ashamed", "intensity": 85}
    assert record["answers"]["moods_after"][1] == {"name": "sad", "intensity": None}


def test_a_saved_rerating_comes_back_as_it_was() -> None:
    page = _filled()
    view = _rerate(page)
    view.value = [{"name": "ashamed", "intensity": None}, {"name": "sad", "intensity": 10}]
    assert view.value == [
        {"name": "ashamed", "intensity": None},
        {"name": "sad", "intensity": 10},
    ]
    assert [row.rated.value for row in view._rows] == [False, True]
    assert view._rows[0].intensity.value == 85  # back at the first rating, not 50
