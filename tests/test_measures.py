"""The measure files: they load, their facts match the published instruments, and broken files
are rejected with the file, key and line named."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

import pytest

from toolkit.exercises import ExerciseFileError, Questionnaire, load_file
from toolkit.exercises.questionnaire import check_band_cover, loinc_check_digit_ok
from toolkit.paths import exercises_dir

if TYPE_CHECKING:
    from pathlib import Path

MEASURE_IDS = ("phq9", "phq2", "gad7", "gad2", "who5", "pcl5", "phq15", "k10", "auditc", "dass21")
MEASURES_DIR = exercises_dir() / "measures"


def _load(measure_id: str) -> Questionnaire:
    spec = load_file(MEASURES_DIR / f"{measure_id}.yaml")
    assert isinstance(spec, Questionnaire)
    return spec


def test_exactly_the_design_measures_are_shipped() -> None:
    assert sorted(path.stem for path in MEASURES_DIR.glob("*.yaml")) == sorted(MEASURE_IDS)


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_every_measure_file_loads_and_cites_its_sources(measure_id: str) -> None:
    spec = _load(measure_id)
    assert spec.id == measure_id
    assert spec.kind == "questionnaire"
    assert spec.schema_version == 1
    assert spec.scoring is not None
    assert spec.sources, "every rule needs a source"
    assert spec.licence.strip()
    assert spec.citation.strip()
    for item in spec.items:
        assert spec.options_for(item), item.id


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_every_band_covers_its_whole_range(measure_id: str) -> None:
    spec = _load(measure_id)
    low, high = spec.total_range()
    check_band_cover(spec.bands, low, high, "total")
    for subscale in spec.subscales:
        sub_low, sub_high = spec.subscale_range(subscale)
        check_band_cover(subscale.bands, sub_low, sub_high, subscale.id)
    for band in [*spec.bands, *(b for s in spec.subscales for b in s.bands)]:
        assert band.label == band.label.lower()
        assert band.result_text, f"{measure_id} {band.label}: clients need a result text"


@pytest.mark.parametrize(
    ("measure_id", "n_items", "item_range", "total_range"),
    [
        ("phq9", 9, (0, 3), (0, 27)),
        ("phq2", 2, (0, 3), (0, 6)),
        ("gad7", 7, (0, 3), (0, 21)),
        ("gad2", 2, (0, 3), (0, 6)),
        ("who5", 5, (0, 5), (0, 25)),
        ("pcl5", 20, (0, 4), (0, 80)),
        ("phq15", 15, (0, 2), (0, 30)),
        ("k10", 10, (1, 5), (10, 50)),
        ("auditc", 3, (0, 4), (0, 12)),
        ("dass21", 21, (0, 3), (0, 126)),
    ],
)
def test_items_and_ranges_match_the_published_scales(
    measure_id: str, n_items: int, item_range: tuple[int, int], total_range: tuple[int, int]
) -> None:
    spec = _load(measure_id)
    assert len(spec.scored_items) == n_items
    assert {spec.item_range(item) for item in spec.scored_items} == {item_range}
    assert spec.total_range() == total_range


@pytest.mark.parametrize(
    ("measure_id", "bands"),
    [
        ("phq9", [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"),
                  (15, 19, "moderately severe"), (20, 27, "severe")]),
        ("gad7", [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")]),
        ("phq15", [(0, 4, "minimal"), (5, 9, "low"), (10, 14, "medium"), (15, 30, "high")]),
        ("k10", [(10, 15, "low"), (16, 21, "moderate"), (22, 29, "high"), (30, 50, "very high")]),
    ],
)  # fmt: skip
def test_bands_are_the_published_ones(measure_id: str, bands: list[tuple[int, int, str]]) -> None:
    assert [(b.min, b.max, b.label) for b in _load(measure_id).bands] == bands


def test_phq9_keeps_item9_with_its_alert_and_the_unscored_difficulty_question() -> None:
    spec = _load("phq9")
    assert [item.id for item in spec.scored_items][-1] == "item9"
    (alert,) = spec.alerts
    assert (alert.id, alert.item, alert.min) == ("phq9_item9", "item9", 1)
    difficulty = spec.item("difficulty")
    assert not difficulty.scored
    assert "difficult" in difficulty.text


def test_loinc_codes_from_the_design() -> None:
    phq9, phq2, gad7 = _load("phq9"), _load("phq2"), _load("gad7")
    assert (phq9.loinc.panel, phq9.loinc.total) == ("44249-1", "44261-6")
    assert phq9.item("item9").loinc == "44260-8"
    assert (phq2.loinc.panel, phq2.loinc.total) == ("55757-9", "55758-7")
    assert (gad7.loinc.panel, gad7.loinc.total) == ("69737-5", "70274-6")


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_every_loinc_code_has_a_valid_check_digit(measure_id: str) -> None:
    spec = _load(measure_id)
    codes = [spec.loinc.panel, spec.loinc.total, *(item.loinc for item in spec.items)]
    for code in filter(None, codes):
        assert loinc_check_digit_ok(code), code


def test_gad7_lowest_anchor_is_not_at_all() -> None:
    spec = _load("gad7")
    lowest = min(spec.options, key=lambda option: option.value)
    assert lowest.label == "Not at all"


def test_k10_carries_the_who_copyright_and_kessler_citation() -> None:
    spec = _load("k10")
    assert "© World Health Organization 2003" in spec.licence
    assert "Kessler" in spec.citation
    assert "2002" in spec.citation


def test_dass21_subscales_and_administration() -> None:
    spec = _load("dass21")
    assert spec.administration == "clinician"
    members = {s.id: [int(i.removeprefix("item")) for i in s.items] for s in spec.subscales}
    assert members == {
        "depression": [3, 5, 10, 13, 16, 17, 21],
        "anxiety": [2, 4, 7, 9, 15, 19, 20],
        "stress": [1, 6, 8, 11, 12, 14, 18],
    }
    assert {s.multiplier for s in spec.subscales} == {2}


def test_screening_rules() -> None:
    assert _load("phq2").cutoff.min == 3  # type: ignore[union-attr]
    assert _load("gad2").cutoff.min == 3  # type: ignore[union-attr]
    assert _load("pcl5").cutoff.min == 33  # type: ignore[union-attr]
    by_sex = _load("auditc").cutoff.by_sex  # type: ignore[union-attr]
    assert (by_sex.male, by_sex.female) == (4, 3)  # type: ignore[union-attr]
    who5 = _load("who5")
    assert who5.cutoff.max == 12  # type: ignore[union-attr]
    assert who5.scoring.percent_multiplier == 4  # type: ignore[union-attr]
    assert who5.scoring.higher_is_better  # type: ignore[union-attr]


def test_nhs_talking_therapies_parameters() -> None:
    phq9, gad7 = _load("phq9"), _load("gad7")
    assert phq9.caseness.min == 10  # type: ignore[union-attr]
    assert gad7.caseness.min == 8  # type: ignore[union-attr]
    assert phq9.reliable_change.threshold == 6  # type: ignore[union-attr]
    assert gad7.reliable_change.threshold == 4  # type: ignore[union-attr]


def test_no_missing_answers_are_allowed_without_a_cited_rule() -> None:
    for measure_id in MEASURE_IDS:
        assert _load(measure_id).scoring.missing.allowed == 0  # type: ignore[union-attr]


def test_no_restricted_instruments_are_shipped() -> None:
    text = " ".join(path.read_text(encoding="utf-8") for path in MEASURES_DIR.glob("*.yaml"))
    for name in ("BDI", "Beck Depression Inventory", "Beck Anxiety", "WSAS", "C-SSRS"):
        assert name not in text


# -- broken files ----------------------------------------------------------------------------

GOOD = """\
schema_version: 1
id: __ID__
kind: questionnaire
title: Test scale
short_title: TS
summary: A small scale for tests.
instructions: Answer each item.
options:
  - {value: 0, label: "No"}
  - {value: 1, label: Some}
  - {value: 2, label: "Yes"}
items:
  - {id: item1, text: One}
  - {id: item2, text: Two}
scoring:
  method: sum
bands:
  - {min: 0, max: 1, label: low}
  - {min: 2, max: 4, label: high}
licence: Ours.
citation: Ours.
"""


def _write(tmp_path: Path, text: str, name: str = "broken") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace("__ID__", name), encoding="utf-8")
    return path


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_the_test_template_itself_is_valid(tmp_path: Path) -> None:
    spec = load_file(_write(tmp_path, GOOD))
    assert isinstance(spec, Questionnaire)
    assert spec.total_range() == (0, 4)


SUBSCALE = "subscales:\n  - {id: a, title: A, items: [item1, item9]}\n"
ALERT = "alerts:\n  - {id: risk, item: item7, min: 1, message: m, client_text: c}\n"
CUTOFF = "cutoff: {min: 9, label: x, positive_text: p, negative_text: n, source: s}\n"
LOINC = "loinc: {panel: 44249-2}\n"
END = "licence: Ours."


@pytest.mark.parametrize(
    ("change", "key", "line_start", "words"),
    [
        (("scoring:", "scorng:"), "scorng", "scorng:", "unknown key"),
        (("{min: 2, max: 4", "{min: 3, max: 4"), "bands", "bands:", "a gap"),
        (("{min: 2, max: 4", "{min: 1, max: 4"), "bands", "bands:", "an overlap"),
        (("max: 4, label: high", "max: 3, label: high"), "bands", "bands:", "up to 4"),
        (("label: high", "label: High"), "bands.1.label", "  - {min: 2", "lower case"),
        ((END, SUBSCALE + END), "subscales", "subscales:", "unknown items"),
        ((END, ALERT + END), "alerts", "alerts:", "unknown item"),
        ((END, CUTOFF + END), "cutoff", "cutoff:", "outside the total range"),
        ((END, LOINC + END), "loinc.panel", "loinc:", "check digit"),
        (
            ("method: sum", "method: sum\n  missing: {allowed: 1}"),
            "scoring.missing",
            "  missing:",
            "source",
        ),
        (("{value: 1, label: Some}", "{value: x, label: Some}"), "items", "items:", "whole-number"),
    ],
)
def test_a_broken_questionnaire_names_file_key_and_line(
    tmp_path: Path, change: tuple[str, str], key: str, line_start: str, words: str
) -> None:
    old, new = change
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ExerciseFileError) as caught:
        load_file(path)
    error = caught.value
    assert error.path == path
    assert error.key == key
    assert error.line == _line_of(path, line_start)
    assert words in error.problem
    assert str(path) in str(error)
    assert f":{error.line}:" in str(error)


def test_a_file_whose_name_differs_from_its_id_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(GOOD.replace("__ID__", "mismatch"), encoding="utf-8")
    with pytest.raises(ExerciseFileError, match="file name"):
        load_file(path)


def _doc_section(measure_id: str) -> str:
    text = (pathlib.Path(__file__).parents[1] / "docs" / "measures.md").read_text(encoding="utf-8")
    start = text.index(f"### `{measure_id}`")
    end = text.find("\n### ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_docs_list_each_measures_wording_rules_and_codes(measure_id: str) -> None:
    section = _doc_section(measure_id)
    for heading in ("**Wording**", "**Scoring**", "**Missing items**", "**Reliable change**"):
        assert heading in section, (measure_id, heading)
    assert "**LOINC**" in section
    spec = _load(measure_id)
    if spec.loinc.panel:
        assert spec.loinc.panel in section
    for item in spec.items:
        if item.loinc:
            assert item.loinc in section, (measure_id, item.loinc)
    rules = [spec.reliable_change, *(sub.reliable_change for sub in spec.subscales)]
    for rule in rules:
        if rule is None:
            continue
        if rule.threshold is not None:
            assert f"{rule.threshold} points" in section
        if rule.sd is not None:
            assert f"SD {rule.sd:.2f}" in section
            assert f"{rule.r:.2f}" in section
