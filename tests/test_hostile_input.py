"""Hostile input: huge, empty, control characters, NUL, right-to-left, emoji, lone surrogates and
HTML/script text through every field kind, the worksheet pages, the store, the CLI and the
exports. Nothing may crash, nothing typed may be lost or altered, no input reaches HTML raw."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers_widgets import html_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store_support import FAST_HASHER

from toolkit.exercises import Worksheet, catalog, load_exercise
from toolkit.store import CLI, Store, StoreError, open_store
from toolkit.store.exports import FORMULA_STARTS, client_csv, client_fhir, client_json
from toolkit.store.repository import MAX_TEXT_LENGTH
from toolkit.ui.assignment_page import AssignmentPage
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.fields import FieldView, build_field, registered_kinds

MARKUP = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)">',
    "</textarea><cbtxss>",
    "<!-- comment",
)
RAW_TAGS = ("<script", "<img", "<svg", "<iframe", "<cbtxss", "<!--", 'onerror="')
"""Our own HTML never contains these: finding one in a widget means input reached it raw."""

ODD = (
    "",
    " ",
    "\x00",
    "NUL\x00inside",
    "\x01\x02\x1b[31mred\x7f",
    "\u202eevil.exe\u202c",
    "שלום, זה טקסט מימין לשמאל",
    "مرحبا بالعالم",
    "👩‍👩‍👧 🙂🔥 family",
    "line\r\nbreaks\ttab\x0b\x0c",
    "&lt;already&gt; &amp; escaped",
    "'; DROP TABLE clients; --",
    '=HYPERLINK("http://evil.example")',
    "{{7*7}} ${7*7} %(x)s",
    "\u200b\ufeffzero width",
    "\U0010ffff top plane",
    "a" * 100_000,
)
LONE_SURROGATES = ("\ud800", "a\udfffb", "\udcff")
COMPOSITE = " ".join([*MARKUP, *ODD[3:-1], "end"])
"""Everything at once (but the huge one), for page-level journeys."""

hostile = st.one_of(
    st.sampled_from(MARKUP + ODD),
    st.text(max_size=120),
    st.builds(
        lambda a, m, b: a + m + b,
        st.text(max_size=30),
        st.sampled_from(MARKUP),
        st.text(max_size=30),
    ),
)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_no_raw_markup(widget: Any) -> None:
    for value in html_values(widget):
        lowered = value.lower()
        for tag in RAW_TAGS:
            assert tag not in lowered, f"raw {tag!r} reached an HTML widget: {value[:300]!r}"


# -- every field kind ---------------------------------------------------------------------------


def field_specs() -> dict[str, Any]:
    """One field spec per registered kind, taken from the real worksheets (rows' columns too)."""
    found: dict[str, Any] = {}
    for exercise in catalog().values():
        if not isinstance(exercise, Worksheet):
            continue
        for field in exercise.fields:
            found.setdefault(field.kind, field)
            for column in getattr(field, "columns", None) or ():
                found.setdefault(column.kind, column)
    return found


SPECS = field_specs()


def test_every_registered_kind_has_a_spec_here() -> None:
    assert set(SPECS) == set(registered_kinds())


def limit(spec: Any, text: str) -> str:
    cap = getattr(spec, "max_length", None)
    return text[:cap] if cap else text


def value_for(spec: Any, text: str) -> Any:
    """An answer of the kind's shape with ``text`` wherever the kind holds text."""
    kind = spec.kind
    if kind in {"text", "long_text", "time"}:
        return text
    if kind == "number":
        return 2.5
    if kind == "rating":
        return spec.min
    if kind == "scale":
        return spec.points[0]
    if kind == "choice":
        first = spec.options[0].value
        return [first] if spec.multiple else first
    if kind == "checkbox":
        return True
    if kind == "date":
        return "2025-03-03"
    if kind == "emotion":
        return [{"name": text, "intensity": 40}]
    if kind == "thought_list":
        return {
            "thoughts": [{"text": text, "belief": 30}, {"text": f"second {text}", "belief": 60}],
            "hot": 1,
        }
    if kind == "text_list":
        return [text, f"2 {text}"]
    if kind == "rows":
        return [{column.id: value_for(column, text) for column in spec.columns}]
    raise AssertionError(f"no value for kind {kind}")


def read_back(spec: Any, text: str) -> Any:
    """What the view should give back for ``value_for(spec, text)``."""
    kind = spec.kind
    if kind in {"text", "long_text", "time"}:
        return limit(spec, text)
    if kind == "emotion":
        return [{"name": text.strip(), "intensity": 40}]
    if kind == "text_list":
        typed = [limit(spec, text), limit(spec, f"2 {text}")]
        return typed + [""] * max(0, spec.min_items - len(typed))
    if kind == "rows":
        return [{column.id: read_back(column, text) for column in spec.columns}]
    return value_for(spec, text)


def type_into(view: FieldView, text: str) -> None:
    """Type ``text`` into every text box of a view, as the browser would."""
    import ipywidgets as w
    from helpers_widgets import walk

    for node in walk(view.widget):
        if isinstance(node, w.Text | w.Textarea | w.Combobox) and not node.disabled:
            node.value = text


@pytest.mark.parametrize("kind", sorted(SPECS))
@SETTINGS
@given(text=hostile)
def test_field_kind_round_trips_hostile_text_and_never_renders_it_raw(kind: str, text: str) -> None:
    spec = SPECS[kind]
    view = build_field(spec)
    changes: list[int] = []
    view.on_change(lambda: changes.append(1))
    view.value = value_for(spec, text)
    assert view.value == read_back(spec, text)
    assert_no_raw_markup(view.widget)
    type_into(view, text)  # including the number box, the time box and the mood names
    view.value  # noqa: B018 (reading must not raise, whatever was typed)
    view.set_error(text)
    assert_no_raw_markup(view.widget)


# -- worksheet pages: practice summary and the assignment page ---------------------------------


def answers_for(sheet: Worksheet, text: str) -> dict[str, Any]:
    return {field.id: value_for(field, text) for field in sheet.fields}


WORKSHEETS = sorted(e.id for e in catalog().values() if isinstance(e, Worksheet))


def submit_practice(sheet: Worksheet, text: str) -> WorksheetPage:
    page = WorksheetPage(sheet)
    page.form.answers = answers_for(sheet, text)
    page.form._show(len(sheet.steps) - 1)
    page.submit.click()
    return page


@pytest.mark.parametrize("exercise_id", WORKSHEETS)
def test_practice_summary_of_every_worksheet_escapes_everything(exercise_id: str) -> None:
    sheet = load_exercise(exercise_id)
    assert isinstance(sheet, Worksheet)
    page = submit_practice(sheet, COMPOSITE)
    assert page.completed is not None, page.messages.value
    assert_no_raw_markup(page.widget)
    summary = "\n".join(html_values(page.summary))
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in summary


@SETTINGS
@given(text=hostile)
def test_thought_record_practice_page_with_any_text(text: str) -> None:
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)
    page = submit_practice(sheet, text)
    if text.strip():
        assert page.completed is not None
    else:
        assert page.completed is None
        assert "still" in page.messages.value
    assert_no_raw_markup(page.widget)


# -- the store ------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(
        f"sqlite:///{tmp_path / 'hostile.sqlite3'}",
        secret_key="hostile test key",
        password_hasher=FAST_HASHER,
    )
    opened.add_therapist("alice", "correct horse battery")
    opened.add_client(CLI, "C1", therapist="alice", display_name=COMPOSITE[:200])
    yield opened
    opened.close()


def thought_record(text: str) -> dict[str, Any]:
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)
    answers = answers_for(sheet, text)
    answers["moods_after"] = answers["moods"]
    return answers


@SETTINGS
@given(text=hostile)
def test_store_drafts_round_trip_exactly(store: Store, text: str) -> None:
    secret = store.assign(CLI, "C1", ["thought_record"]).secret
    draft = {"situation": text, "nested": [{"deep": {"deeper": [text, text[::-1]]}}]}
    store.save_draft(secret, "thought_record", draft, {"note": text})
    assert store.open_assignment(secret).drafts["thought_record"] == draft


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile.filter(lambda t: bool(t.strip())))
def test_store_submissions_round_trip_exactly(store: Store, text: str) -> None:
    secret = store.assign(CLI, "C1", ["thought_record"]).secret
    answers = thought_record(text)
    receipt = store.submit(secret, "thought_record", answers)
    record = next(r for r in store.timeline(CLI, "C1") if r.response_id == receipt.response_id)
    assert record.answers == answers


@pytest.mark.parametrize("text", LONE_SURROGATES)
def test_store_refuses_or_keeps_lone_surrogates_cleanly(store: Store, text: str) -> None:
    secret = store.assign(CLI, "C1", ["thought_record"]).secret
    try:
        store.save_draft(secret, "thought_record", {"situation": text})
    except StoreError:
        return
    assert store.open_assignment(secret).drafts["thought_record"]["situation"] in {
        text,
        text.encode("utf-8", "replace").decode("utf-8"),
    }


@pytest.mark.parametrize("text", LONE_SURROGATES)
def test_a_lone_surrogate_does_not_stop_the_client_page_saving(store: Store, text: str) -> None:
    """A browser can send a lone surrogate (a broken emoji pasted in); the page saves the rest
    of the answers, with U+FFFD in its place, instead of failing every autosave."""
    secret = store.assign(CLI, "C1", ["thought_record"]).secret
    page = AssignmentPage(store, store.open_assignment(secret))
    views = page.current.form.views  # type: ignore[union-attr]
    views["situation"].value = f"before {text} after"
    views["evidence_for"].value = "the rest of what I typed"
    assert "Draft saved" in page.status.value
    draft = store.open_assignment(secret).drafts["thought_record"]
    assert draft["evidence_for"] == "the rest of what I typed"
    assert draft["situation"].startswith("before ")
    assert draft["situation"].endswith(" after")


def test_assignment_page_summary_and_store_keep_hostile_text(store: Store) -> None:
    issued = store.assign(CLI, "C1", ["thought_record"], instructions=COMPOSITE)
    page = AssignmentPage(store, store.open_assignment(issued.secret))
    assert_no_raw_markup(page.widget)
    sheet = page.current
    assert isinstance(sheet, WorksheetPage)
    answers = thought_record(COMPOSITE)
    sheet.form.answers = answers
    sheet.form._show(len(sheet.sheet.steps) - 1)
    sheet.submit.click()
    assert "Submitted — thank you" in "\n".join(html_values(page.widget))
    assert_no_raw_markup(page.widget)
    (record,) = store.timeline(CLI, "C1")
    assert record.answers == answers


# -- the exports ----------------------------------------------------------------------------

SCHEMA = json.loads((Path(__file__).parent / "data" / "fhir_r4_subset.schema.json").read_text())


def exported_with(store: Store, text: str) -> dict[str, Any]:
    note = text[:MAX_TEXT_LENGTH] or None  # instructions and comments: 20 000 characters
    secret = store.assign(CLI, "C1", ["thought_record"], instructions=note).secret
    store.save_draft(secret, "thought_record", {"situation": text})
    store.submit(secret, "thought_record", thought_record(text))
    therapist = store.login("alice", "correct horse battery").therapist
    (record,) = store.timeline(therapist, "C1")
    store.add_comment(therapist, record.response_id, f"comment {text}"[:MAX_TEXT_LENGTH])
    return store.export_client(CLI, "C1")


EXOTIC_SPACE = re.compile(r"[^\S \r\n\t]")
"""Whitespace other than space, CR, LF and tab (NBSP, ideographic space, VT, FF …): the R4
JSON schema's string pattern ``^[ \\r\\n\\t\\S]+$`` rejects it, so the FHIR export turns
it into a plain space (the JSON and CSV exports keep it)."""


def csv_value(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile.filter(lambda t: bool(t.strip())))
def test_exports_round_trip_hostile_text(tmp_path: Path, text: str) -> None:
    store = open_store(
        f"sqlite:///{tmp_path / f'export-{uuid.uuid4().hex}.sqlite3'}",
        secret_key="export test key",
        password_hasher=FAST_HASHER,
    )
    try:
        store.add_therapist("alice", "correct horse battery")
        store.add_client(CLI, "C1", therapist="alice", display_name=text[:200])
        data = exported_with(store, text)
        store.erase_client(CLI, "C1")
    finally:
        store.close()

    again = json.loads(client_json(data))
    assert again == json.loads(json.dumps(data))
    assert again["client"]["display_name"] == text[:200]
    assert again["assignments"][0]["instructions"] == text[:MAX_TEXT_LENGTH]
    (submission,) = [r for r in again["responses"] if r["kind"] == "submission"]
    assert submission["answers"]["evidence_for"] == text
    assert submission["comments"][0]["body"] == f"comment {text}"[:MAX_TEXT_LENGTH]

    rows = list(csv.DictReader(io.StringIO(client_csv(data), newline="")))
    by_field = {row["field"]: row["value"] for row in rows}
    assert by_field["evidence_for"] == csv_value(text)
    assert by_field["automatic_thoughts.thoughts[0].text"] == csv_value(text)
    assert by_field["moods[0].name"] == csv_value(text)

    bundle = client_fhir(data)
    json.loads(json.dumps(bundle))
    jsonschema.validate(bundle, SCHEMA)
    items = bundle["entry"][0]["resource"]["item"]
    evidence = next(i for i in items if i["linkId"] == "evidence_for")
    # FHIR strings allow no whitespace but space, CR, LF and TAB: others become a space there
    assert evidence["answer"][0]["valueString"] == EXOTIC_SPACE.sub(" ", text)


@pytest.mark.parametrize("text", ["100\u00a0%", "東京\u3000駅", "page\x0cbreak"])
def test_fhir_stays_schema_valid_with_unusual_whitespace(store: Store, text: str) -> None:
    bundle = client_fhir(exported_with(store, text))
    jsonschema.validate(bundle, SCHEMA)


# -- the command line -----------------------------------------------------------------------


def cli(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run ``cbt`` in-process: (exit status, stdout, stderr); SystemExit is an exit status."""
    import sys

    from toolkit.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as exc:
                status = int(exc.code or 0)
    finally:
        sys.stdin = previous
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with therapist alice and client C1, made once through the CLI (the real
    argon2 hasher is slow on purpose); each test gets a copy."""
    folder = tmp_path_factory.mktemp("cli-template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CBT_DATABASE_URL", f"sqlite:///{folder / 'cli.sqlite3'}")
        patch.setenv("CBT_SECRET_KEY", "cli hostile key")
        added = cli(["therapist", "add", "alice", "--password-stdin"], "correct horse battery\n")
        assert added[0] == 0
        assert cli(["client", "add", "C1", "--therapist", "alice"])[0] == 0
    return folder / "cli.sqlite3"


@pytest.fixture
def cli_db(cli_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil

    shutil.copy(cli_template, tmp_path / "cli.sqlite3")
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("CBT_SECRET_KEY", "cli hostile key")
    return tmp_path


def assert_one_line_error(status: int, err: str) -> None:
    assert status == 1
    assert "Traceback" not in err
    assert err.startswith("cbt: ")
    assert err.count("\n") == 1


ODD_NAMES = ["", " ", "a b", "<script>", "\x00", "x" * 100, "C\u202e1", "ü", "🙂", "C1 --x"]


@pytest.mark.parametrize("code", ODD_NAMES)
def test_cli_odd_client_codes(cli_db: Path, code: str) -> None:
    assert_one_line_error(*cli(["client", "add", code, "--therapist", "alice"])[::2])
    assert_one_line_error(*cli(["assign", code, "phq9"])[::2])
    assert_one_line_error(*cli(["export", code or "Z", "--format", "json"])[::2])


@pytest.mark.parametrize(
    "exercise",
    ["", "<script>", "../../etc/passwd", "../measures/phq9", "\x00", "\udcff", "PHQ9", "phq9\n"],
)
def test_cli_odd_exercise_ids(cli_db: Path, exercise: str) -> None:
    assert_one_line_error(*cli(["assign", "C1", exercise])[::2])


@pytest.mark.parametrize(
    "password", ["", "short", "\x00" * 10, "🙂" * 8, "x" * 100_000, "\u202e" * 8, "<b>" * 3]
)
def test_cli_odd_passwords(cli_db: Path, password: str) -> None:
    status, _out, err = cli(["therapist", "add", "bob", "--password-stdin"], password + "\n")
    if len(password) >= 8:
        assert (status, err) == (0, "")
    else:
        assert_one_line_error(status, err)


@pytest.mark.parametrize("name", ["", "x" * 121])
def test_cli_odd_class_names(cli_db: Path, name: str) -> None:
    assert_one_line_error(*cli(["class", "create", name])[::2])


CLI_ODD_ARGUMENTS = [
    pytest.param(
        ["client", "add", "C1\n", "--therapist", "alice"],
        id="code-with-trailing-newline",
    ),
    pytest.param(
        ["therapist", "add", "bob\n", "--password-stdin"],
        id="username-with-trailing-newline",
    ),
    pytest.param(
        ["assign", "C1", "x" * 300],
        id="exercise-id-too-long-for-a-file-name",
    ),
    pytest.param(
        ["client", "add", "C2", "--therapist", "alice", "--name", "\udcff"],
        id="display-name-not-utf8",
    ),
    pytest.param(
        ["assign", "C1", "phq9", "--instructions", "\udcff"],
        id="instructions-not-utf8",
    ),
    pytest.param(
        ["export", "\udcff", "--format", "csv"],
        id="export-code-not-utf8",
    ),
    pytest.param(
        ["assign", "\udcff", "phq9"],
        id="assign-code-not-utf8",
    ),
    pytest.param(
        ["class", "create", "\udcff"],
        id="class-name-not-utf8",
    ),
    pytest.param(
        ["export", "C1", "--format", "json", "--out", "exported\x00.json"],
        id="out-path-with-nul",
    ),
]


@pytest.mark.parametrize("args", CLI_ODD_ARGUMENTS)
def test_cli_refuses_with_one_line(cli_db: Path, args: list[str]) -> None:
    status, _out, err = cli(args, "correct horse battery\n")
    assert_one_line_error(status, err)
