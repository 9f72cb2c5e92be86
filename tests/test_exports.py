"""Client exports (JSON, tidy CSV, FHIR R4 Bundle) from a real store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_store_support import (
    BACKENDS,
    GAD7_MID,
    PASSWORD,
    PHQ9_ITEM9,
    Clock,
    fresh_database,
    make_store,
    thought_record,
)

from toolkit.exercises import load_exercise
from toolkit.export import record_json, record_markdown
from toolkit.store import CLI, Store
from toolkit.store.exports import client_csv, client_fhir, client_json

TYPED = thought_record("kumquat")
TYPED["evidence_against"] = "=SUM(A1) is what she wrote, -and @me too"
SCHEMA = json.loads((Path(__file__).parent / "data" / "fhir_r4_subset.schema.json").read_text())


@pytest.fixture(params=BACKENDS)
def exported(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Store, dict[str, Any]]]:
    """A client with a PHQ-9, a GAD-7, a thought record, a draft and a comment, exported."""
    with fresh_database(request.param, tmp_path) as url:
        store = make_store(url, tmp_path, Clock())
        store.add_therapist("alice", PASSWORD)
        alice = store.login("alice", PASSWORD).therapist
        store.add_client(alice, "K7", display_name="Kim Quince")
        link = store.assign(
            alice, "K7", ["phq9", "gad7", "thought_record"], instructions="Hello there"
        )
        store.submit(link.secret, "phq9", PHQ9_ITEM9)
        store.submit(link.secret, "gad7", GAD7_MID)
        receipt = store.submit(
            link.secret, "thought_record", TYPED, {"ai": {"shown": ["labeling"]}}
        )
        store.add_comment(alice, receipt.response_id, "Talk about the kumquat thought")
        second = store.assign(alice, "K7", ["thought_record"])
        store.save_draft(second.secret, "thought_record", {"situation": "unfinished persimmon"})
        yield store, store.export_client(CLI, "K7")
        store.close()


def _words(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, str):
        found.update(re.findall(r"[A-Za-z]{3,}", value))
    elif isinstance(value, dict):
        for inner in value.values():
            found |= _words(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _words(inner)
    return found


def test_json_holds_every_word_typed(exported: tuple[Store, dict[str, Any]]) -> None:
    _, data = exported
    text = client_json(data)
    back = json.loads(text)
    assert back == data
    assert back["format"] == "cbt-toolkit/client@1"
    assert back["client"]["display_name"] == "Kim Quince"
    typed = _words(TYPED) | {"persimmon", "unfinished", "Kim", "Quince"}
    assert typed <= _words(back)
    assert "Talk about the kumquat thought" in text
    assert '"labeling"' in text
    assert {a["kind"] for a in back["alerts"]} == {"risk_item"}
    assert [r["kind"] for r in back["responses"]] == ["submission"] * 3 + ["draft"]


def test_csv_is_tidy_and_holds_every_submitted_word(exported: tuple[Store, dict[str, Any]]) -> None:
    _, data = exported
    rows = list(csv.DictReader(io.StringIO(client_csv(data))))
    assert list(rows[0]) == [
        "client",
        "assignment",
        "exercise",
        "response",
        "submitted_at",
        "field",
        "value",
    ]
    assert {r["client"] for r in rows} == {"K7"}
    assert {r["exercise"] for r in rows} == {"phq9", "gad7", "thought_record"}
    phq = {r["field"]: r["value"] for r in rows if r["exercise"] == "phq9"}
    assert phq["item9"] == "1"
    assert phq["score.total"] == "7"
    assert phq["score.band"] == "mild"
    tr = {r["field"]: r["value"] for r in rows if r["exercise"] == "thought_record"}
    assert tr["automatic_thoughts.thoughts[0].text"] == "I will be fired over the kumquat figures"
    assert tr["automatic_thoughts.hot"] == "0"
    assert tr["moods[0].intensity"] == "70"
    assert tr["evidence_against"].startswith("'=SUM"), "no formula runs in a spreadsheet"
    typed = _words(TYPED)
    assert typed <= _words([r["value"] for r in rows])
    assert "persimmon" not in client_csv(data), "drafts are only in the JSON export"


def test_fhir_bundle_structure_and_loinc_codes(exported: tuple[Store, dict[str, Any]]) -> None:
    _, data = exported
    bundle = client_fhir(data)
    jsonschema.validate(bundle, SCHEMA)
    json.dumps(bundle)  # JSON-ready
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    responses = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert len(responses) == 3
    for response in responses:
        assert response["status"] == "completed"
        assert response["subject"]["identifier"]["value"] == "K7"
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", response["authored"])
        for item in response["item"]:
            assert item["linkId"]
            (answer,) = item["answer"]
            assert len([k for k in answer if k.startswith("value")]) == 1
    phq, gad, sheet = responses
    assert phq["questionnaire"] == "http://loinc.org/q/44249-1"
    links = {i["linkId"]: i["answer"][0] for i in phq["item"]}
    # item 9 = 1 is "Several days" in LOINC answer list LL358-3; the form's total is a decimal
    assert links["/44260-8"] == {
        "valueCoding": {"system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"}
    }
    assert links["/44261-6"] == {"valueDecimal": 7}  # total
    assert gad["questionnaire"] == "http://loinc.org/q/69737-5"
    assert {"/69725-0", "/70274-6"} <= {i["linkId"] for i in gad["item"]}
    assert sheet["questionnaire"] == "urn:cbt-toolkit:questionnaire:thought_record"
    sheet_items = {i["linkId"]: i["answer"][0] for i in sheet["item"]}
    assert "kumquat" in sheet_items["automatic_thoughts"]["valueString"]
    assert sheet_items["balanced_belief"] == {"valueInteger": 65}
    typed = _words(TYPED)
    assert typed <= _words(sheet)
    observations = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    codes = {o["code"]["coding"][0]["code"]: o["valueInteger"] for o in observations}
    assert codes == {"44261-6": 7, "70274-6": 9}
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    for observation in observations:
        assert observation["derivedFrom"][0]["reference"] in urls


def test_the_schema_rejects_what_r4_rejects() -> None:
    good = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "QuestionnaireResponse",
                    "status": "completed",
                    "item": [{"linkId": "a", "answer": [{"valueString": "x"}]}],
                }
            }
        ],
    }
    jsonschema.validate(good, SCHEMA)
    broken = [
        {"status": "done"},
        {"item": [{"answer": [{"valueString": "x"}]}]},
        {"item": [{"linkId": "a", "answer": [{"valueString": "x", "valueInteger": 1}]}]},
        {"item": [{"linkId": "a", "answer": [{}]}]},
        {"item": [{"linkId": "a", "code": "not in R4 QR"}]},
    ]
    for change in broken:
        document = json.loads(json.dumps(good))
        document["entry"][0]["resource"].update(change)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, SCHEMA)


def test_a_record_gives_when_it_was_completed_in_utc_with_its_zone() -> None:
    sheet = load_exercise("three_good_things")
    answers = {"date": "2026-07-01", "good_things": ["tea", "a walk", "a call"]}
    london_summer = dt.timezone(dt.timedelta(hours=1))
    for completed, utc in (
        (dt.datetime(2026, 7, 1, 21, 15, 30, 500, tzinfo=london_summer), "2026-07-01T20:15:30"),
        (dt.datetime(2026, 7, 1, 20, 15, 30), "2026-07-01T20:15:30"),  # naive: taken as UTC
    ):
        document = json.loads(record_json(sheet, answers, completed))
        assert document["completed"] == f"{utc}+00:00"
        assert dt.datetime.fromisoformat(document["completed"]) == completed.replace(
            microsecond=0, tzinfo=completed.tzinfo or dt.UTC
        )
        assert "Completed 2026-07-01 20:15 UTC" in record_markdown(sheet, answers, completed)
    now = dt.datetime.fromisoformat(json.loads(record_json(sheet, answers))["completed"])
    assert now.utcoffset() == dt.timedelta(0)
