"""Every worksheet file loads, renders through the field registry, round-trips a filled
response, passes its checks, draws its charts and exports every word typed (no browser)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from toolkit.exercises import ExerciseFileError, Worksheet, load_file
from toolkit.exercises import fields as f
from toolkit.exercises.responses import as_text, empty_value, problems
from toolkit.export import record_json, record_markdown
from toolkit.paths import exercises_dir
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.worksheet_charts import worksheet_figures

WORKSHEETS = sorted((exercises_dir() / "worksheets").glob("*.yaml"))
WHEN = dt.datetime(2026, 3, 9, 18, 30, tzinfo=dt.UTC)


def sheet_of(path: Path) -> Worksheet:
    sheet = load_file(path)
    assert isinstance(sheet, Worksheet)
    return sheet


# -- realistic answers ----------------------------------------------------------------------
class Filler:
    """Builds a filled answer for any field spec; every word typed is unique and remembered."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)
        self.typed: list[str] = []

    def words(self, field: Any, limit: int) -> str:
        n = next(self.counter)
        text = f"{field.id.replace('_', '')}{n} Zoë’s answer <b>&amp</b> number{n}"
        text = text[:limit]
        self.typed.append(text)
        return text

    def value(self, field: Any, source: Any = None) -> Any:
        if isinstance(field, f.LongTextField):
            first = self.words(field, field.max_length // 2)
            return first + "\n" + self.words(field, field.max_length // 2 - 1)
        if isinstance(field, f.TimeField):
            return "07:45"
        if isinstance(field, f.TextField):
            return self.words(field, field.max_length)
        if isinstance(field, f.NumberField):
            return float(field.min + (field.max - field.min) / 4)
        if isinstance(field, f.RatingField):
            return field.min + field.step * ((field.max - field.min) // field.step // 3)
        if isinstance(field, f.ScaleField):
            return field.points[len(field.points) // 3]
        if isinstance(field, f.ChoiceField):
            values = [option.value for option in field.options]
            return values[:2] if field.multiple else values[-1]
        if isinstance(field, f.CheckboxField):
            return True
        if isinstance(field, f.DateField):
            return f"2026-03-0{next(self.counter) % 9 + 1}"
        if isinstance(field, f.EmotionField):
            names = [m["name"] for m in source] if source else ["Worried", "Flat"]
            self.typed.extend(names)
            return [{"name": name, "intensity": 30 + 10 * i} for i, name in enumerate(names)]
        if isinstance(field, f.ThoughtListField):
            thoughts = [{"text": self.words(field, 300), "belief": b} for b in (40, 85)]
            return {"thoughts": thoughts, "hot": 1}
        if isinstance(field, f.TextListField):
            return [self.words(field, field.max_length) for _ in range(field.min_items + 1)]
        assert isinstance(field, f.RowsField)
        return [{c.id: self.value(c) for c in field.columns} for _ in range(3)]

    def answers(self, sheet: Worksheet) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for field in sheet.fields:
            source = found.get(field.rerate_of) if isinstance(field, f.EmotionField) else None
            found[field.id] = self.value(field, source)
        return found


def filled(sheet: Worksheet) -> tuple[dict[str, Any], list[str]]:
    filler = Filler()
    return filler.answers(sheet), filler.typed


def fill_page(page: WorksheetPage, answers: dict[str, Any]) -> None:
    for field_id, value in answers.items():  # in order: a re-rating follows its source
        page.form.views[field_id].value = value


def typed_words(texts: list[str]) -> set[str]:
    return {word for text in texts for word in text.split()}


def widgets_in(widget: w.Widget) -> Iterator[w.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from widgets_in(child)


# -- the library as a whole -------------------------------------------------------------------
def test_the_library_has_the_worksheets_the_design_asks_for() -> None:
    ids = {path.stem for path in WORKSHEETS}
    assert len(ids) >= 14
    assert {
        "thought_record", "activity_log", "activity_schedule", "exposure_ladder",
        "exposure_practice", "behavioural_experiment", "downward_arrow", "problem_solving",
        "worry_postponement", "cost_benefit", "positive_data_log", "mood_checkin", "intake",
    } <= ids  # fmt: skip


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_file_cites_its_technique_and_reads_kindly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "open with a comment naming the technique and its source"
    comment = " ".join(text.split("schema_version")[0].replace("#", " ").split())
    assert re.search(r"\(\D*\d{4}", comment), "cite a year"
    assert "wording here is our own" in comment
    sheet = sheet_of(path)
    required = sum(field.required for field in sheet.fields)
    if sheet.id != "thought_record":  # the model, owned elsewhere: every column is needed
        assert 0 < required < len(sheet.fields), "some fields optional, some required"


# -- each worksheet ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_every_input_and_button_is_named(path: Path) -> None:
    page = WorksheetPage(sheet_of(path), ai_help=False)
    inputs = (
        w.Text, w.Textarea, w.IntSlider, w.ToggleButtons, w.Dropdown, w.RadioButtons,
        w.DatePicker, w.Checkbox, w.Combobox, w.Button,
    )  # fmt: skip
    found = [x for x in widgets_in(page.widget) if isinstance(x, inputs)]
    assert found
    for widget in found:
        assert str(widget.description).strip(), f"{type(widget).__name__} without a name"


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_empty_worksheet_lists_exactly_its_required_fields(path: Path) -> None:
    sheet = sheet_of(path)
    page = WorksheetPage(sheet, ai_help=False)
    assert page.form.answers == {
        field.id: page.form.views[field.id].value for field in sheet.fields
    }
    missing = problems(sheet, page.form.answers)
    always_answered = (f.RatingField, f.CheckboxField)  # a slider or a tick always holds a value
    assert set(missing) == {
        field.id
        for field in sheet.fields
        if field.required and not isinstance(field, always_answered)
    }


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_filled_worksheet_round_trips_checks_charts_and_exports(path: Path) -> None:
    sheet = sheet_of(path)
    answers, typed = filled(sheet)
    page = WorksheetPage(sheet, ai_help=False)
    fill_page(page, answers)

    assert page.form.answers == answers
    assert problems(sheet, answers) == {}

    figures = worksheet_figures(sheet, answers)
    assert len(figures) == len(sheet.charts)
    for figure, chart in zip(figures, sheet.charts, strict=True):
        assert figure.data, f"chart {chart.title!r} drew nothing"
        assert chart.title in figure.layout.title.text.replace("<br>", " ")

    markdown = record_markdown(sheet, answers, WHEN)
    document = json.loads(record_json(sheet, answers, WHEN))
    assert document["exercise"] == sheet.id
    assert document["answers"] == answers
    flat_json = json.dumps(document, ensure_ascii=False)
    for word in typed_words(typed):
        assert word in markdown, word
        assert word in flat_json, word

    page.submit.layout.display = ""
    page._on_submit()
    assert page.completed is not None
    summary = "".join(
        x.value for x in widgets_in(page.summary) if isinstance(x, w.HTML) and x.value
    )
    assert "<b>" not in summary, "typed text reaches the page escaped"
    assert "&lt;b&gt;" in summary


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_every_step_can_be_walked_with_next(path: Path) -> None:
    sheet = sheet_of(path)
    answers, _ = filled(sheet)
    page = WorksheetPage(sheet, ai_help=False)
    page.form.next.click()
    first_required = any(field.required for field in sheet.steps[0].fields)
    assert page.form.step_index == (0 if first_required else min(1, len(sheet.steps) - 1))
    fill_page(page, answers)
    page.form._show(0)
    for index in range(1, len(sheet.steps)):
        page.form.next.click()
        assert page.form.step_index == index
    assert page.form.on_last_step
    assert page.submit.layout.display == ""


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_recalled_answers_stay_in_view(path: Path) -> None:
    sheet = sheet_of(path)
    answers, _ = filled(sheet)
    page = WorksheetPage(sheet, ai_help=False)
    fill_page(page, answers)
    page.form._on_field_change()
    for field_id, banner in page.form._recalls:
        value = answers[field_id]
        first_line = (
            value["thoughts"][1]["text"] if isinstance(value, dict) else value.splitlines()[0]
        )
        assert first_line.split()[0] in banner.value
        assert "<b>" not in banner.value


# -- particular behaviour -------------------------------------------------------------------
def load(name: str) -> Worksheet:
    return sheet_of(exercises_dir() / "worksheets" / f"{name}.yaml")


def test_ladder_summary_and_chart_put_the_steps_in_order() -> None:
    sheet = load("exposure_ladder")
    ladder = sheet.field("ladder")
    assert isinstance(ladder, f.RowsField)
    rows = [
        {"step": "Ride the bus into town", "suds": 90},
        {"step": "Stand at the bus stop", "suds": 30},
        {"step": "", "suds": 50},
        {"step": "Ride one stop", "suds": 60},
    ]
    text = as_text(ladder, rows)
    assert text.index("bus stop") < text.index("one stop") < text.index("into town")
    assert text.startswith("1. Situation: Stand at the bus stop")
    figure = worksheet_figures(sheet, {"ladder": rows})[0]
    assert list(figure.data[0].x) == [90, 60, 30]
    assert [str(t) for t in figure.data[0].text] == ["90", "60", "30"]
    assert "SUDS" in figure.layout.xaxis.title.text

    page = WorksheetPage(sheet, ai_help=False)
    view = page.form.views["ladder"]
    view.value = rows
    view._sort.click()
    assert [row["suds"] for row in view.value] == [30, 50, 60, 90]
    titles = [row.heading.value for row in view._rows]
    assert "Step 1" in titles[0]
    assert "Step 4" in titles[3]


def test_activity_chart_labels_and_leaves_out_unrated_activities() -> None:
    sheet = load("activity_log")
    rows = [
        {"day": "mon", "time": "09:00", "activity": "Walk", "mastery": 6, "pleasure": 7},
        {"day": "mon", "time": "", "activity": "Sofa", "mastery": None, "pleasure": None},
        {"day": None, "time": "", "activity": "Call <Sam>", "mastery": 0, "pleasure": None},
    ]
    figure = worksheet_figures(sheet, {"activities": rows})[0]
    assert [t.name for t in figure.data] == ["Mastery", "Pleasure"]
    assert list(figure.data[0].x) == [6, 0]
    assert list(figure.data[1].x) == [7, None]
    assert figure.layout.yaxis.ticktext == ("Walk (Monday 09:00)", "Call &lt;Sam&gt;")


def test_activity_plan_chart_and_empty_charts() -> None:
    sheet = load("activity_schedule")
    empty = {field.id: empty_value(field) for field in sheet.fields}
    assert worksheet_figures(sheet, empty)[0].data == ()
    practice = load("exposure_practice")
    rows = [
        {"date": "2026-03-02", "step": "bus stop", "before": 60, "peak": 80, "after": 30},
        {"date": "", "step": "one stop", "before": 50, "peak": 70, "after": 20},
    ]
    figure = worksheet_figures(practice, {"practices": rows})[0]
    assert [t.name for t in figure.data] == ["Before", "Peak", "After"]
    assert list(figure.data[1].y) == [80, 70]
    assert "Practice 2" in figure.data[0].hovertext[1]


def test_belief_change_keeps_a_zero_rating() -> None:
    sheet = load("core_belief")
    figure = worksheet_figures(
        sheet, {"old_before": 90, "old_after": 0, "new_before": 10, "new_after": 55}
    )[0]
    assert [t.name for t in figure.data] == ["Before", "After"]
    assert list(figure.data[1].x) == [0, 55]


def test_a_started_row_must_fill_its_required_columns() -> None:
    sheet = load("exposure_practice")
    answers = {field.id: empty_value(field) for field in sheet.fields}
    answers["practices"] = [
        {"date": "2026-03-02", "step": "bus stop", "before": 60, "peak": 80, "after": 30},
        {"date": "", "step": "one stop", "before": 50, "peak": 70, "after": 20},
    ]
    message = problems(sheet, answers)["practices"]
    assert message.startswith("Practice 2:")
    assert "Date" in message


# -- broken files -----------------------------------------------------------------------------
def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (exercises_dir() / "worksheets" / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    target = tmp_path / f"{name}.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


BROKEN = [
    # (worksheet, old text, new text, key named, text on the line named, words in the problem)
    (
        "activity_log", "        row_label: Activity\n", "        row_lable: Activity\n",
        "steps.0.fields.0.row_lable", "row_lable", "unknown key",
    ),
    (
        "activity_log", "            kind: scale\n            label: Mastery",
        "            kind: slider\n            label: Mastery",
        "steps.0.fields.0.columns.3.kind", "kind: slider", "expected one of",
    ),
    (
        "activity_log", "    mastery: mastery\n", "    mastery: mastry\n",
        "charts.0.mastery", "mastery: mastry", "needs a 0–10 rating column 'mastry'",
    ),
    (
        "exposure_ladder", "    suds: suds\n", "    suds: step\n",
        "charts.0.suds", "suds: step", "needs a 0–100 rating column 'step'",
    ),
    (
        "exposure_practice", "    rows: practices\n", "    rows: learned\n",
        "charts.0.rows", "rows: learned", "needs a rows field 'learned'",
    ),
    (
        "exposure_ladder", "        ordered_by: suds\n", "        ordered_by: step\n",
        "steps.1.fields.0", "id: ladder", "ordered_by must name a rating",
    ),
    (
        "behavioural_experiment", "    recall: prediction\n", "    recall: belief_after\n",
        "steps.3.recall", "recall: belief_after", "not an earlier text",
    ),
    (
        "core_belief", "        after: new_after\n", "        after: new_belief\n",
        "charts.0.beliefs.1.after", "after: new_belief", "0–100 rating or scale field",
    ),
    (
        "mood_checkin", "        max: 10\n        low_label: very low",
        "        max: 100\n        low_label: very low",
        "steps.0.fields.0", "- id: mood", "too many",
    ),
    (
        "worry_postponement", "            display: buttons\n",
        "            display: buttons\n            multiple: true\n",
        "steps.1.fields.0.columns.3", "id: still_matters", "offers one answer",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "key", "needle", "problem"), BROKEN)
def test_broken_worksheet_names_file_key_and_line(
    tmp_path: Path, name: str, old: str, new: str, key: str, needle: str, problem: str
) -> None:
    path = broken_copy(tmp_path, name, old, new)
    with pytest.raises(ExerciseFileError) as caught:
        load_file(path)
    error = caught.value
    assert error.path == path
    assert error.key == key
    assert error.line == line_of(path, needle)
    assert problem in error.problem
    assert str(error).startswith(f"{path}:{error.line}: {key}: ")
