"""Every exercise file loads and validates; broken files fail with file, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.exercises import (
    ExerciseFileError,
    Questionnaire,
    Worksheet,
    catalog,
    exercise_files,
    load_exercise,
    load_file,
)
from toolkit.exercises.responses import empty_value, hot_thought, problems
from toolkit.paths import exercises_dir

THOUGHT_RECORD = exercises_dir() / "worksheets" / "thought_record.yaml"


@pytest.mark.parametrize("path", exercise_files(), ids=lambda p: p.stem)
def test_every_exercise_file_loads(path: Path) -> None:
    exercise = load_file(path)
    assert exercise.id == path.stem
    assert isinstance(exercise, Worksheet | Questionnaire)


def test_catalog_has_the_thought_record() -> None:
    sheet = catalog()["thought_record"]
    assert isinstance(sheet, Worksheet)
    kinds = [field.kind for field in sheet.fields]
    assert kinds == [
        "long_text", "emotion", "thought_list", "long_text", "long_text", "long_text",
        "rating", "emotion",
    ]  # fmt: skip
    assert sheet.field("balanced_belief").max == 100
    assert sheet.field("moods_after").rerate_of == "moods"


def test_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        load_exercise("no_such_exercise")
    with pytest.raises(KeyError):
        load_exercise("../../etc/passwd")


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = THOUGHT_RECORD.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "thought_record.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_unknown_key_names_file_key_and_line(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "        max_length: 2000\n", "        max_lenght: 2000\n")
    with pytest.raises(ExerciseFileError) as caught:
        load_file(path)
    error = caught.value
    assert error.path == path
    assert error.key == "steps.0.fields.0.max_lenght"
    assert error.line == _line_of(path, "max_lenght")
    assert str(error).startswith(f"{path}:{error.line}: steps.0.fields.0.max_lenght: unknown key")


def test_bad_kind_lists_the_kinds_expected(tmp_path: Path) -> None:
    path = _broken_copy(
        tmp_path, "kind: emotion\n        label: Moods\n", "kind: feelings\n        label: Moods\n"
    )
    with pytest.raises(ExerciseFileError) as caught:
        load_file(path)
    assert caught.value.key == "steps.1.fields.0.kind"
    assert "expected one of" in caught.value.problem
    assert "'emotion'" in caught.value.problem
    assert caught.value.line == _line_of(path, "kind: feelings")


def test_wrong_type_and_missing_key(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "        max: 100\n", "        max: lots\n")
    with pytest.raises(ExerciseFileError) as caught:
        load_file(path)
    assert caught.value.key == "steps.5.fields.1.max"
    assert "lots" in caught.value.problem

    path = _broken_copy(tmp_path, "title: Thought record\n", "")
    with pytest.raises(ExerciseFileError, match="title: required key is missing"):
        load_file(path)


def test_bad_reference_and_bad_yaml(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "rerate_of: moods", "rerate_of: situation")
    with pytest.raises(ExerciseFileError, match="not an earlier emotion field"):
        load_file(path)
    path = _broken_copy(tmp_path, "id: thought_record", "id: [unclosed")
    with pytest.raises(ExerciseFileError, match="not valid YAML"):
        load_file(path)
    path = _broken_copy(tmp_path, "schema_version: 1", "schema_version: 2")
    with pytest.raises(ExerciseFileError, match="schema_version"):
        load_file(path)


def test_required_fields_and_hot_thought() -> None:
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)
    empty = {field.id: empty_value(field) for field in sheet.fields}
    missing = problems(sheet, empty)
    assert set(missing) == {
        "situation", "moods", "automatic_thoughts", "evidence_for", "evidence_against",
        "balanced_thought", "moods_after",
    }  # fmt: skip
    two = {"thoughts": [{"text": "a", "belief": 10}, {"text": "b", "belief": 90}], "hot": None}
    assert (
        "hot thought" in problems(sheet, {**empty, "automatic_thoughts": two})["automatic_thoughts"]
    )
    assert hot_thought({**two, "hot": 1}) == "b"
    assert hot_thought({"thoughts": [{"text": " only ", "belief": 5}], "hot": None}) == "only"
