"""Clinical content of the exports: LOINC-coded FHIR answers checked against the cited forms,
validated with a FHIR library, and the numbers a clinician needs (subscales, clusters, WHO-5
percentage, NHS Talking Therapies outcome) in FHIR, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from test_store_support import PASSWORD, Clock, fresh_database, make_store

from toolkit import cli
from toolkit.store import CLI, Store, open_store
from toolkit.store.exports import client_csv, client_fhir, client_json

LOINC = "http://loinc.org"
FORMS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "loinc_forms.json").read_text(encoding="utf-8")
)

DASS = [0] * 21
for _item, _value in ((3, 3), (5, 2), (10, 1), (2, 1), (1, 2), (6, 2)):
    DASS[_item - 1] = _value
SUBMISSIONS: list[tuple[str, Any, dict[str, Any] | None]] = [
    ("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 1, 2], None),  # with the difficulty question
    ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 0], None),
    ("gad7", [1, 2, 1, 2, 1, 1, 1, 3], None),  # item 2 = 2 ("More days than not" in LOINC)
    ("gad7", [0, 0, 0, 0, 0, 0, 0], None),
    ("phq2", [2, 1], None),
    ("auditc", [2, 3, 1], {"sex": "female"}),
    ("auditc", [0, None, None], {"sex": "male"}),
    ("who5", [5, 5, 5, 5, 0], None),
    ("dass21", DASS, None),
    ("pcl5", [3] * 5 + [2] * 2 + [1] * 7 + [4] * 6, None),
    ("k10", [2] * 10, None),
    ("gad2", [1, 2], None),
]


@pytest.fixture
def data(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with fresh_database("sqlite", tmp_path) as url:
        store = make_store(url, tmp_path, Clock())
        store.add_therapist("alice", PASSWORD)
        store.add_client(CLI, "Q1", therapist="alice")
        for measure, answers, extra in SUBMISSIONS:
            link = store.assign(CLI, "Q1", [measure])
            store.submit(link.secret, measure, answers, extra)
        yield store.export_client(CLI, "Q1")
        store.close()


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _observation(bundle: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [
        o
        for o in _resources(bundle, "Observation")
        if any(c["code"] == code for c in o["code"]["coding"])
    ]


def test_the_bundle_validates_with_a_fhir_library(data: dict[str, Any]) -> None:
    bundle = client_fhir(data)
    parsed = Bundle.model_validate(bundle)  # R4B models: R4-compatible for these resources
    assert parsed.type == "collection"
    assert len(parsed.entry or []) == len(bundle["entry"])
    again = json.loads(parsed.model_dump_json(exclude_none=True))
    assert again["entry"][0]["resource"]["resourceType"] == "QuestionnaireResponse"


def test_every_loinc_answer_is_an_item_of_the_cited_form_coded_as_it_is(
    data: dict[str, Any],
) -> None:
    bundle = client_fhir(data)
    cited = 0
    for response in _resources(bundle, "QuestionnaireResponse"):
        form = FORMS.get(response["questionnaire"])
        if response["questionnaire"].startswith(LOINC):
            assert form is not None, f"no test copy of {response['questionnaire']}"
        if form is None:
            continue
        cited += 1
        assert "meta" not in response
        for item in response["item"]:
            assert item["linkId"] in form, (response["questionnaire"], item["linkId"])
            declared = form[item["linkId"]]
            (answer,) = item["answer"]
            if declared["type"] == "decimal":
                assert list(answer) == ["valueDecimal"]
                continue
            assert list(answer) == ["valueCoding"], "choice items take LOINC codes"
            coding = answer["valueCoding"]
            assert coding["system"] == LOINC
            assert [coding["code"], coding["display"]] in declared["answers"]
    assert cited == 7  # two PHQ-9, two GAD-7, PHQ-2, two AUDIT-C


def test_answers_carry_the_codes_of_the_values_given(data: dict[str, Any]) -> None:
    bundle = client_fhir(data)
    responses = _resources(bundle, "QuestionnaireResponse")
    by_form: dict[str, list[dict[str, Any]]] = {}
    for response in responses:
        by_form.setdefault(response["questionnaire"], []).append(
            {i["linkId"]: i["answer"][0] for i in response["item"]}
        )
    phq = by_form[f"{LOINC}/q/44249-1"][0]
    assert phq["/44260-8"]["valueCoding"]["code"] == "LA6569-3"  # item 9 = 1
    assert phq["/69722-7"]["valueCoding"]["code"] == "LA6574-3"  # "Very difficult"
    assert phq["/44261-6"] == {"valueDecimal": 7}
    gad = by_form[f"{LOINC}/q/69737-5"][0]
    assert gad["/68509-9"]["valueCoding"]["code"] == "LA18938-3"
    assert gad["/69725-0"]["valueCoding"]["code"] == "LA6569-3"
    assert "difficulty" not in gad
    audit, never = by_form[f"{LOINC}/q/72109-2"]
    assert audit["/68519-8"]["valueCoding"]["code"] == "LA18931-8"  # "7, 8, or 9"
    assert never["/68518-0"]["valueCoding"]["code"] == "LA6270-8"
    assert never["/75626-2"] == {"valueDecimal": 0}
    # GAD-7's difficulty question (LOINC 69722-7) is not in 69737-5: its own Observation
    (difficulty,) = _observation(bundle, "69722-7")
    assert difficulty["valueCodeableConcept"]["coding"][0]["code"] == "LA6575-0"


def test_measures_without_a_loinc_form_say_so(data: dict[str, Any]) -> None:
    bundle = client_fhir(data)
    for response in _resources(bundle, "QuestionnaireResponse"):
        if response["questionnaire"].startswith(LOINC):
            continue
        assert response["questionnaire"].startswith("urn:cbt-toolkit:questionnaire:")
        assert response["meta"]["tag"][0]["code"] == "no-loinc-form"
        assert not any(i["linkId"].startswith("/") for i in response["item"])


def test_subscales_clusters_and_who5_percent_are_in_the_fhir_export(
    data: dict[str, Any],
) -> None:
    bundle = client_fhir(data)
    # DASS-21 (Lovibond & Lovibond 1995): depression items 3,5,10,… (3+2+1)×2 = 12
    (depression,) = _observation(bundle, "dass21-depression")
    assert depression["valueInteger"] == 12
    assert depression["interpretation"] == [{"text": "mild"}]
    assert _observation(bundle, "dass21-anxiety")[0]["valueInteger"] == 2
    assert _observation(bundle, "dass21-stress")[0]["valueInteger"] == 8
    # PCL-5 clusters (Weathers et al. 2013): B 1–5, C 6–7, D 8–14, E 15–20
    clusters = {
        key: _observation(bundle, f"pcl5-{key}")[0]["valueInteger"]
        for key in ("intrusions", "avoidance", "cognition_mood", "arousal")
    }
    assert clusters == {"intrusions": 15, "avoidance": 4, "cognition_mood": 7, "arousal": 24}
    # WHO-5: raw 20 and 80 %, each labelled
    (raw,) = _observation(bundle, "who5-total")
    (percent,) = _observation(bundle, "who5-percent")
    assert (raw["valueInteger"], "raw score" in raw["code"]["text"]) == (20, True)
    assert percent["valueQuantity"] == {
        "value": 80,
        "unit": "%",
        "system": "http://unitsofmeasure.org",
        "code": "%",
    }
    assert "percentage" in percent["code"]["text"]


def _csv_fields(data: dict[str, Any], exercise: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(client_csv(data))))
    return [r for r in rows if r["exercise"] == exercise]


def test_subscales_clusters_and_who5_percent_are_in_the_csv(data: dict[str, Any]) -> None:
    dass = {r["field"]: r["value"] for r in _csv_fields(data, "dass21")}
    assert dass["score.subscales.depression.total"] == "12"
    assert dass["score.subscales.depression.band"] == "mild"
    assert dass["score.subscales.stress.total"] == "8"
    pcl = {r["field"]: r["value"] for r in _csv_fields(data, "pcl5")}
    assert pcl["score.subscales.intrusions.total"] == "15"
    assert pcl["score.subscales.arousal.total"] == "24"
    who = {r["field"]: r["value"] for r in _csv_fields(data, "who5")}
    assert (who["score.total"], who["score.percent"], who["score.positive"]) == (
        "20",
        "80",
        "true",
    )
    audit = [r for r in _csv_fields(data, "auditc") if r["field"] == "score.positive"]
    assert [r["value"] for r in audit] == ["true", "false"]


def test_recovery_is_not_applicable_in_json_and_csv_for_a_non_case(
    data: dict[str, Any],
) -> None:
    # first PHQ-9 7, GAD-7 9: a case by GAD-7 (≥ 8); latest 0 and 0: recovered
    document = json.loads(client_json(data))
    outcome = document["nhs_talking_therapies_outcome"]
    assert (outcome["case_at_start"], outcome["recovery"]) == (True, "yes")
    changed = json.loads(json.dumps(data))
    for response in changed["responses"]:
        if response["exercise_id"] == "gad7" and response["score"]["total"] == 9:
            response["score"]["total"] = 7  # no longer a case at the start
    outcome = json.loads(client_json(changed))["nhs_talking_therapies_outcome"]
    assert (outcome["case_at_start"], outcome["recovery"], outcome["reliable_recovery"]) == (
        False,
        "not applicable",
        "not applicable",
    )
    rows = {r["field"]: r["value"] for r in _csv_fields(changed, "nhs_talking_therapies_outcome")}
    assert rows["recovery"] == "not applicable"
    assert rows["case_at_start"] == "false"


def test_cbt_export_fhir_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        monkeypatch.setenv("CBT_DATABASE_URL", url)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
        monkeypatch.delenv("CBT_SECRET_KEY", raising=False)
        store: Store = open_store(url)
        store.add_therapist("alice", PASSWORD)
        store.add_client(CLI, "Q2", therapist="alice")
        for measure, answers, extra in SUBMISSIONS[:4]:
            link = store.assign(CLI, "Q2", [measure])
            store.submit(link.secret, measure, answers, extra)
        store.close()
        target = tmp_path / "q2.fhir.json"
        assert cli.main(["export", "Q2", "--format", "fhir", "--out", str(target)]) == 0
        capsys.readouterr()
        bundle = json.loads(target.read_text(encoding="utf-8"))
        Bundle.model_validate(bundle)
        assert len(_resources(bundle, "QuestionnaireResponse")) == 4


def test_the_fhir_library_rejects_a_broken_answer(data: dict[str, Any]) -> None:
    from pydantic import ValidationError

    bundle = client_fhir(data)
    broken = json.loads(json.dumps(bundle))
    item = broken["entry"][0]["resource"]["item"][0]
    item["answer"] = [{"valueCoding": "LA6569-3"}]  # a Coding is an object, not a string
    with pytest.raises(ValidationError):
        Bundle.model_validate(broken)
    missing = json.loads(json.dumps(bundle))
    del missing["entry"][0]["resource"]["status"]
    with pytest.raises(ValidationError):
        Bundle.model_validate(missing)


ZONED = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"


def _moments(bundle: dict[str, Any]) -> list[str]:
    """Every FHIR dateTime/instant of the bundle: its timestamp, each ``authored`` and
    ``effectiveDateTime``."""
    found = [bundle["timestamp"]]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        found += [resource[key] for key in ("authored", "effectiveDateTime") if key in resource]
    return found


def _answers(bundle: dict[str, Any], questionnaire: str) -> dict[str, dict[str, Any]]:
    (response,) = [
        r
        for r in _resources(bundle, "QuestionnaireResponse")
        if r["questionnaire"] == f"urn:cbt-toolkit:questionnaire:{questionnaire}"
    ]
    return {item["linkId"]: item["answer"][0] for item in response["item"]}


def test_every_fhir_date_and_time_is_a_valid_r4_value_with_a_zone(tmp_path: Path) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        store = make_store(url, tmp_path, Clock())
        store.add_therapist("alice", PASSWORD)
        store.add_client(CLI, "D1", therapist="alice")
        for exercise, answers in (
            ("phq9", [1, 0, 0, 1, 0, 0, 0, 0, 0]),
            (
                "three_good_things",
                {"date": "2026-11-30", "good_things": ["tea", "a walk", "a call"]},
            ),
            (
                "worry_postponement",
                {"worry_time": "18:30", "worries": [{"worry": "the boiler"}]},
            ),
        ):
            link = store.assign(CLI, "D1", [exercise])
            store.submit(link.secret, exercise, answers)
        data = store.export_client(CLI, "D1")
        store.close()

    bundle = client_fhir(data)
    Bundle.model_validate(bundle)
    moments = _moments(bundle)
    assert len(moments) == 1 + 3 + 1  # the timestamp, three responses, the PHQ-9 total
    for moment in moments:
        assert re.fullmatch(ZONED, moment), moment
    assert _answers(bundle, "three_good_things")["date"] == {"valueDate": "2026-11-30"}
    assert _answers(bundle, "worry_postponement")["worry_time"] == {"valueTime": "18:30:00"}

    # a record written without zones (an older export, a hand-made file) and a date or time
    # typed as free text before those fields were checked: zones are added (the store keeps
    # UTC), and text that is no date or time stays the text it was
    older = json.loads(json.dumps(data))
    older["exported_at"] = "2026-12-01T08:00:00.250000"
    for response in older["responses"]:
        response["created"] = response["created"][:19]  # no offset
        if response["exercise_id"] == "three_good_things":
            response["answers"]["date"] = "30/11/2026"
        if response["exercise_id"] == "worry_postponement":
            response["answers"]["worry_time"] = "after tea"
    bundle = client_fhir(older)
    Bundle.model_validate(bundle)
    assert bundle["timestamp"] == "2026-12-01T08:00:00+00:00"
    for moment in _moments(bundle):
        assert re.fullmatch(ZONED, moment), moment
        assert moment.endswith("+00:00")
    assert _answers(bundle, "three_good_things")["date"] == {"valueString": "30/11/2026"}
    assert _answers(bundle, "worry_postponement")["worry_time"] == {"valueString": "after tea"}


def test_the_client_identifier_names_the_therapist_as_codes_are_per_therapist(
    tmp_path: Path,
) -> None:
    """Two therapists may both have a client C1: their FHIR subjects must differ. The system
    carries the therapist's database id (client_code_system); a document made before the id was
    exported keeps the old system, urn:cbt-toolkit:client-code (docs/store.md)."""
    with fresh_database("sqlite", tmp_path) as url:
        store = make_store(url, tmp_path, Clock())
        subjects = {}
        for name in ("alice", "bob"):
            store.add_therapist(name, PASSWORD)
            store.add_client(CLI, "C1", therapist=name)
            link = store.assign(CLI.scoped(name), "C1", ["phq9"])
            store.submit(link.secret, "phq9", [0] * 9, None)
            document = store.export_client(CLI.scoped(name), "C1")
            therapist_id = store.therapist(name).id
            assert document["client"]["therapist_id"] == therapist_id
            bundle = client_fhir(document)
            Bundle.model_validate(bundle)
            (response,) = _resources(bundle, "QuestionnaireResponse")
            subject = response["subject"]["identifier"]
            assert subject == {
                "system": f"urn:cbt-toolkit:therapist:{therapist_id}:client-code",
                "value": "C1",
            }
            for observation in _resources(bundle, "Observation"):
                assert observation["subject"]["identifier"] == subject
            subjects[name] = (subject["system"], subject["value"])
            legacy = {**document, "client": {**document["client"]}}
            del legacy["client"]["therapist_id"]
            (old,) = _resources(client_fhir(legacy), "QuestionnaireResponse")
            assert old["subject"]["identifier"]["system"] == "urn:cbt-toolkit:client-code"
        store.close()
    assert subjects["alice"] != subjects["bob"]
