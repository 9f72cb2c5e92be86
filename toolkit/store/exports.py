"""Exports of everything stored about one client: JSON, tidy CSV and a FHIR R4 Bundle.

All three take the data returned by :meth:`toolkit.store.Store.export_client` (which writes
the audit entry and makes that document with :func:`client_document`, the one place the
store's records become export dicts), so they are pure functions: data in, text or a
JSON-ready dict out.

* :func:`client_json` — the complete record (drafts, AI records, comments, alerts included),
  for the right of access and for moving to another system.
* :func:`client_csv` — one row per submitted answer, for analysis in a spreadsheet or pandas.
* :func:`client_fhir` — a FHIR R4 ``Bundle`` (``type: collection``) of
  ``QuestionnaireResponse`` resources, one per submission, plus ``Observation`` resources of
  each scored total, subscale (DASS-21 depression/anxiety/stress, PCL-5 clusters B–E) and
  percentage (WHO-5), coded with LOINC where the measure file declares the codes.

For a measure with a LOINC questionnaire (PHQ-9 44249-1, PHQ-2 55757-9, GAD-7 69737-5,
AUDIT-C 72109-2) every answer is the ``valueCoding`` of that form's LOINC answer list (LA codes
from the measure file) and the total is the form's ``decimal`` item. A measure without one is
exported against this toolkit's own questionnaire id and tagged ``no-loinc-form``, so nothing
pretends to follow a LOINC form.

References
----------
HL7 FHIR R4 (4.0.1): Bundle, QuestionnaireResponse, Observation,
https://hl7.org/fhir/R4/questionnaireresponse.html. LOINC panels and item codes are taken from
each measure's YAML (``loinc:`` keys); LOINC questionnaires are referred to by their canonical
``http://loinc.org/q/<panel code>`` and their items by ``/<item code>`` link ids, as in the
Questionnaires LOINC publishes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .records import AlertInfo, AssignmentInfo, ClientInfo, SubmissionRecord

EXPORT_FORMAT = "cbt-toolkit/client@1"
CSV_COLUMNS = ("client", "assignment", "exercise", "response", "submitted_at", "field", "value")
LOINC = "http://loinc.org"
CODE_SYSTEM = "urn:cbt-toolkit:client-code"
"""The client identifier system of exports made while client codes were unique in a clinic.
Codes are unique per therapist now: see :func:`client_code_system`."""
RESPONSE_SYSTEM = "urn:cbt-toolkit:response"
SCORE_SYSTEM = "urn:cbt-toolkit:score"
TAG_SYSTEM = "urn:cbt-toolkit:tag"
UCUM = "http://unitsofmeasure.org"
NO_LOINC_FORM = {
    "system": TAG_SYSTEM,
    "code": "no-loinc-form",
    "display": "No LOINC questionnaire: items use this toolkit's ids and answer values",
}
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula (CSV injection)."""


def client_code_system(therapist_id: int | None) -> str:
    """The FHIR identifier system of one therapist's client codes.

    Client codes are unique per therapist, so the code alone no longer names a client in a
    clinic: the system carries the therapist's database id, fixed for the account's life
    (unlike a user name, which a later account may take once this one is removed). A document
    without the id (made by an older release) keeps the old system, :data:`CODE_SYSTEM`.

    >>> client_code_system(7)
    'urn:cbt-toolkit:therapist:7:client-code'
    >>> client_code_system(None) == CODE_SYSTEM
    True
    """
    if therapist_id is None:
        return CODE_SYSTEM
    return f"urn:cbt-toolkit:therapist:{int(therapist_id)}:client-code"


def _iso(moment: dt.datetime | dt.date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def client_document(
    client: ClientInfo,
    assignments: Sequence[AssignmentInfo],
    responses: Sequence[SubmissionRecord],
    alerts: Sequence[AlertInfo],
    exported_at: dt.datetime,
) -> dict[str, Any]:
    """The ``cbt-toolkit/client@1`` document (what :meth:`Store.export_client` returns) made
    from the store's records: the one place that turns them into export dicts.

    ``responses`` holds every draft and submission (``kind``), oldest first.
    """

    def response(record: SubmissionRecord) -> dict[str, Any]:
        score = None
        if record.total is not None:
            score = {
                "total": record.total,
                "band": record.band,
                "alerts": list(record.alerts),
                **(record.score_detail or {}),
            }
        return {
            "id": record.response_id,
            "assignment_id": record.assignment_id,
            "exercise_id": record.exercise_id,
            "kind": record.kind,
            "version": record.version,
            "created": _iso(record.submitted_at),
            "answers": record.answers,
            "extra": record.extra,
            "score": score,
            "comments": [_record(c, without=("id",)) for c in record.comments],
        }

    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(exported_at),
        "client": {
            "code": client.code,
            "display_name": client.display_name,
            "therapist": client.therapist,
            "therapist_id": client.therapist_id,
            "ai_help": client.ai_help,
            "created": _iso(client.created),
        },
        "assignments": [_record(info, without=("client_code",)) for info in assignments],
        "responses": [response(record) for record in responses],
        "alerts": [
            {
                "kind": alert.kind,
                "detail": alert.detail,
                **_about(alert),
                "assignment_id": alert.assignment_id,
                "response_id": alert.response_id,
                "created": _iso(alert.created),
                "acknowledged_at": _iso(alert.acknowledged_at),
            }
            for alert in alerts
        ],
    }


def _record(value: object, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """A store record as export JSON, field by field, through the answer model's one
    serialiser (no hand-written copy of its fields to drift from them)."""
    from toolkit.exercises.answers import to_json

    written = to_json(value)
    assert isinstance(written, dict)
    return {key: item for key, item in written.items() if key not in without}


def _about(alert: AlertInfo) -> dict[str, Any]:
    """What an alert is about, through the answer model's serialiser (``exercises``,
    ``alert_id``, ``fields``, ``tier``, ``source``, ``due``)."""
    from toolkit.exercises.answers import to_json

    about = to_json(alert.alert)
    assert isinstance(about, dict)
    return {key: value for key, value in about.items() if key != "kind"}


def client_json(data: Mapping[str, Any]) -> str:
    """The client's complete record as indented JSON (UTF-8 text, keys in a stable order).

    The document has ``format`` (``"cbt-toolkit/client@1"``), ``exported_at``, ``client``
    (code, display name, therapist and their id, AI help, created), ``assignments`` (bundles,
    instructions, due date, recurrence, status), ``responses`` (every draft and submission with its
    answers, AI record in ``extra``, score and comments) and ``alerts``. Answer values have
    the shapes listed in :mod:`toolkit.exercises.responses`. With at least two PHQ-9 and two
    GAD-7 totals, ``nhs_talking_therapies_outcome`` holds the outcome of
    :func:`talking_therapies_outcome` (recovery "not applicable" for a client who was not a
    case at the start).
    """
    document = dict(data)
    outcome = talking_therapies_outcome(data)
    if outcome is not None:
        document["nhs_talking_therapies_outcome"] = outcome
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    """Leaves of a nested answer: ``moods[0].name``, ``automatic_thoughts.hot`` …"""
    if isinstance(value, Mapping):
        if not value:
            yield prefix, ""
        for key, inner in value.items():
            yield from _flatten(f"{prefix}.{key}", inner)
    elif isinstance(value, list | tuple):
        if not value:
            yield prefix, ""
        for index, inner in enumerate(value):
            yield from _flatten(f"{prefix}[{index}]", inner)
    else:
        yield prefix, value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def client_csv(data: Mapping[str, Any]) -> str:
    """Submitted answers as tidy CSV: one row per answer.

    Columns: ``client, assignment, exercise, response, submitted_at, field, value``. Nested
    answers are flattened into ``field`` paths (``moods[0].intensity``,
    ``automatic_thoughts.thoughts[1].text``); a scored questionnaire adds ``score.total`` and
    ``score.band`` rows. Drafts are left out (they are in the JSON export). Text that a
    spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``) is prefixed
    with ``'``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    code = data["client"]["code"]
    for response in data["responses"]:
        if response["kind"] != "submission":
            continue
        base = (
            code,
            response["assignment_id"],
            response["exercise_id"],
            response["id"],
            response["created"],
        )
        answers = response["answers"]
        items = answers.items() if isinstance(answers, Mapping) else enumerate(answers)
        for key, value in items:
            for field, leaf in _flatten(str(key), value):
                writer.writerow([*base, field, _cell(leaf)])
        score = response.get("score")
        if score:
            writer.writerow([*base, "score.total", _cell(score.get("total"))])
            writer.writerow([*base, "score.band", _cell(score.get("band"))])
            for field, value in _score_rows(response["exercise_id"], score):
                writer.writerow([*base, field, _cell(value)])
    for field, value in _outcome_rows(data):
        writer.writerow([code, "", OUTCOME_EXERCISE, "", "", field, _cell(value)])
    return out.getvalue()


OUTCOME_EXERCISE = "nhs_talking_therapies_outcome"
"""The ``exercise`` column of the CSV rows holding the NHS Talking Therapies outcome."""


def _score_rows(exercise_id: str, score: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The stored score's other numbers: percentage, screen, caseness and each subscale."""
    if score.get("percent") is not None:
        yield "score.percent", score["percent"]
    if score.get("positive") is not None:
        yield "score.positive", score["positive"]
    if score.get("case") is not None:
        yield "score.case", score["case"]
    if score.get("prorated_items"):
        yield "score.prorated_items", " ".join(score["prorated_items"])
    for key, sub in (score.get("subscales") or {}).items():
        yield f"score.subscales.{key}.total", sub.get("total")
        if sub.get("band") is not None:
            yield f"score.subscales.{key}.band", sub["band"]


def _totals(data: Mapping[str, Any], measure: str) -> list[int]:
    """A measure's submitted totals in time order (for the outcome)."""
    found = [
        (response["created"], response["id"], response["score"]["total"])
        for response in data["responses"]
        if response["kind"] == "submission"
        and response["exercise_id"] == measure
        and (response.get("score") or {}).get("total") is not None
    ]
    return [total for _created, _id, total in sorted(found)]


def talking_therapies_outcome(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The NHS Talking Therapies outcome, first vs latest PHQ-9 and GAD-7; ``None`` without both.

    ``recovery`` and ``reliable_recovery`` are ``"yes"``, ``"no"`` or ``"not applicable"``
    (a client who was not a case at the start: NHS Talking Therapies Manual).
    """
    from toolkit.scoring import ScoringError, iapt_outcome

    phq9, gad7 = _totals(data, "phq9"), _totals(data, "gad7")
    if len(phq9) < 2 or len(gad7) < 2:
        return None
    try:
        outcome = iapt_outcome(phq9=(phq9[0], phq9[-1]), gad7=(gad7[0], gad7[-1]))
    except ScoringError:
        return None
    return {
        "measures": ["phq9", outcome.anxiety],
        "first": {"phq9": phq9[0], "gad7": gad7[0]},
        "latest": {"phq9": phq9[-1], "gad7": gad7[-1]},
        "case_at_start": outcome.case_at_start,
        "recovery": outcome.recovery_status,
        "reliable_improvement": outcome.reliable_improvement,
        "reliable_recovery": outcome.reliable_recovery_status,
        "reliable_deterioration": outcome.reliable_deterioration,
    }


def _outcome_rows(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    outcome = talking_therapies_outcome(data)
    if outcome is None:
        return
    for key in (
        "case_at_start",
        "recovery",
        "reliable_improvement",
        "reliable_recovery",
        "reliable_deterioration",
    ):
        yield key, outcome[key]


def _exercise(exercise_id: str) -> Any:
    from toolkit.exercises import ExerciseFileError, load_exercise

    try:
        return load_exercise(exercise_id)
    except (KeyError, ExerciseFileError):
        return None


def _entry_url(code: str, kind: str, response_id: int) -> str:
    name = f"cbt-toolkit:{code}:{kind}:{response_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _coded_answer(spec: Any, item: Any, value: int) -> dict[str, Any]:
    """``valueCoding`` from the option's LOINC answer code, else ``valueInteger``."""
    for option in spec.options_for(item):
        if option.value == value and option.loinc:
            return {
                "valueCoding": {
                    "system": LOINC,
                    "code": option.loinc,
                    "display": option.loinc_display or option.label,
                }
            }
    return {"valueInteger": value}


def _in_loinc_form(spec: Any, item: Any) -> bool:
    return bool(spec.loinc.panel and item.loinc and item.loinc_in_panel)


def _questionnaire_items(spec: Any, answers: Mapping[str, Any], total: int | None) -> list[Any]:
    """Items of a questionnaire response: the cited LOINC form's link ids and answer codes."""
    loinc_form = bool(spec.loinc.panel)
    items: list[dict[str, Any]] = []
    for item in spec.items:
        value = answers.get(item.id)
        if value is None or isinstance(value, bool) or not isinstance(value, int):
            continue
        if loinc_form and not _in_loinc_form(spec, item):
            continue  # not an item of the cited form: exported as its own Observation
        items.append(
            {
                "linkId": f"/{item.loinc}" if loinc_form else item.id,
                "text": item.text,
                "answer": [_coded_answer(spec, item, value)],
            }
        )
    if total is not None:
        if loinc_form and spec.loinc.total:
            # the total is a decimal item in the LOINC forms
            items.append(
                {
                    "linkId": f"/{spec.loinc.total}",
                    "text": "Total score",
                    "answer": [{"valueDecimal": total}],
                }
            )
        elif not loinc_form:
            items.append(
                {"linkId": "total", "text": "Total score", "answer": [{"valueInteger": total}]}
            )
    return items


def _score_observations(
    spec: Any,
    response: Mapping[str, Any],
    subject: Mapping[str, Any],
    derived: str,
    entry_url: Any,
) -> list[dict[str, Any]]:
    """Observations of a scored response: total, percentage, subscales, off-form LOINC items."""
    score = response.get("score") or {}
    total = score.get("total")
    if total is None:
        return []
    base = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "subject": subject,
        "effectiveDateTime": fhir_moment(response["created"]),
        "derivedFrom": [{"reference": derived}],
    }
    label = spec.short_title
    found: list[tuple[str, dict[str, Any]]] = []
    raw_label = f"{label} raw score" if spec.scoring.percent_multiplier else f"{label} total score"
    total_obs: dict[str, Any] = {
        **base,
        "code": {
            "coding": [
                {
                    "system": LOINC if spec.loinc.total else SCORE_SYSTEM,
                    "code": spec.loinc.total or f"{spec.id}-total",
                    "display": raw_label,
                }
            ],
            "text": raw_label,
        },
        "valueInteger": total,
    }
    if not spec.loinc.total:
        total_obs["meta"] = {"tag": [NO_LOINC_FORM]}
    if score.get("band"):
        total_obs["interpretation"] = [{"text": score["band"]}]
    if score.get("prorated_items"):
        blanks = ", ".join(score["prorated_items"])
        total_obs["note"] = [
            {
                "text": f"Prorated total: {blanks} left blank, filled from the mean of the answered"
                " items under the measure's cited missing-item rule."
            }
        ]
    found.append(("total", total_obs))
    if score.get("percent") is not None and spec.scoring.percent_multiplier:
        text = f"{label} percentage score (raw × {spec.scoring.percent_multiplier}, 0–100)"
        found.append(
            (
                "percent",
                {
                    **base,
                    "meta": {"tag": [NO_LOINC_FORM]},
                    "code": {
                        "coding": [
                            {"system": SCORE_SYSTEM, "code": f"{spec.id}-percent", "display": text}
                        ],
                        "text": text,
                    },
                    "valueQuantity": {
                        "value": score["percent"],
                        "unit": "%",
                        "system": UCUM,
                        "code": "%",
                    },
                },
            )
        )
    stored_subscales = score.get("subscales") or {}
    for subscale in spec.subscales:
        stored = stored_subscales.get(subscale.id)
        if not stored or stored.get("total") is None:
            continue
        text = f"{label} {subscale.title} score"
        observation: dict[str, Any] = {
            **base,
            "code": {
                "coding": [
                    {
                        "system": LOINC if subscale.loinc else SCORE_SYSTEM,
                        "code": subscale.loinc or f"{spec.id}-{subscale.id}",
                        "display": text,
                    }
                ],
                "text": text,
            },
            "valueInteger": stored["total"],
        }
        if not subscale.loinc:
            observation["meta"] = {"tag": [NO_LOINC_FORM]}
        if stored.get("band"):
            observation["interpretation"] = [{"text": stored["band"]}]
        found.append((f"subscale-{subscale.id}", observation))
    answers = response["answers"] if isinstance(response["answers"], Mapping) else {}
    if spec.loinc.panel:
        for item in spec.items:
            value = answers.get(item.id)
            if item.loinc and not item.loinc_in_panel and isinstance(value, int):
                coded = _coded_answer(spec, item, value)
                value_key = (
                    {"valueCodeableConcept": {"coding": [coded["valueCoding"]]}}
                    if "valueCoding" in coded
                    else coded
                )
                found.append(
                    (
                        f"item-{item.id}",
                        {
                            **base,
                            "code": {
                                "coding": [
                                    {"system": LOINC, "code": item.loinc, "display": item.text}
                                ],
                                "text": item.text,
                            },
                            **value_key,
                        },
                    )
                )
    return [{"fullUrl": entry_url(kind), "resource": resource} for kind, resource in found]


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def fhir_moment(value: Any) -> str | None:
    """A stored moment as a FHIR R4 ``dateTime``/``instant``: ISO 8601 to the second, always
    with its zone offset (a moment stored without one is the store's UTC).

    >>> fhir_moment("2026-12-01T09:30:05.123456")
    '2026-12-01T09:30:05+00:00'
    """
    if value is None or value == "":
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="seconds")


def _fhir_date(value: str) -> str | None:
    """``value`` if it is a real ISO calendar date (FHIR ``date``: no time, no zone)."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _worksheet_answer(field: Any, value: Any) -> dict[str, Any] | None:
    from toolkit.exercises.fields import (
        CheckboxField,
        DateField,
        NumberField,
        RatingField,
        TimeField,
    )
    from toolkit.exercises.responses import as_text, is_answered

    if isinstance(field, RatingField) and isinstance(value, int) and not isinstance(value, bool):
        return {"valueInteger": value}
    if isinstance(field, CheckboxField) and isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(field, NumberField) and isinstance(value, int | float) and value is not True:
        return {"valueDecimal": value}
    # a date or time typed before these kinds were checked stays the text it was (valueString)
    if isinstance(field, DateField) and isinstance(value, str) and _fhir_date(value):
        return {"valueDate": value}
    if isinstance(field, TimeField) and isinstance(value, str) and _HH_MM.fullmatch(value):
        return {"valueTime": f"{value}:00"}  # FHIR time is hh:mm:ss, a time of day (no zone)
    try:
        if not is_answered(field, value):
            return None
        text = as_text(field, value)
    except (AttributeError, KeyError, TypeError, ValueError):
        text = json.dumps(value, ensure_ascii=False)
    return {"valueString": fhir_string(text)} if text.strip() else None


_OTHER_SPACE = re.compile(r"[^\S \r\n\t]")


def fhir_string(text: str) -> str:
    """``text`` with Unicode spaces other than space, CR, LF and TAB turned into a space.

    The FHIR R4 JSON schema's string pattern accepts no other whitespace (no-break space,
    ideographic space, form feed …); the JSON and CSV exports keep the text exactly as typed.
    """
    return _OTHER_SPACE.sub(" ", text)


def _worksheet_items(spec: Any, answers: Mapping[str, Any]) -> list[Any]:
    items: list[dict[str, Any]] = []
    known: set[str] = set()
    if spec is not None:
        for field in spec.fields:
            known.add(field.id)
            if field.id not in answers:
                continue
            answer = _worksheet_answer(field, answers[field.id])
            if answer is not None:
                items.append({"linkId": field.id, "text": field.label, "answer": [answer]})
    for key, value in answers.items():  # fields the current exercise file no longer declares
        if key in known or value in (None, "", [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        items.append({"linkId": str(key), "answer": [{"valueString": fhir_string(text)}]})
    return items


def client_fhir(data: Mapping[str, Any]) -> dict[str, Any]:
    """The client's submissions as a FHIR R4 ``Bundle`` of type ``collection``.

    Each submission becomes a ``QuestionnaireResponse`` (``status: completed``, ``authored``,
    ``subject`` as an identifier holding the pseudonymous client code in its therapist's
    system (:func:`client_code_system`), ``item`` with
    ``linkId`` and ``answer`` values). Questionnaires with a LOINC form refer to
    ``http://loinc.org/q/<panel>``, use ``/<item code>`` link ids with ``valueCoding`` answers
    from the form's LOINC answer lists, and give the total as the form's ``valueDecimal``
    item; other questionnaires use this toolkit's ids, integer answers and the
    ``no-loinc-form`` tag. Each scored response also gives ``Observation`` resources derived
    from it: the total (LOINC total code where there is one; WHO-5: the raw 0–25 score), the
    WHO-5 percentage (``valueQuantity`` in %), each subscale (DASS-21 depression, anxiety,
    stress; PCL-5 clusters B–E) and any LOINC-coded item that is not part of the cited form
    (GAD-7's difficulty question, LOINC 69722-7). Worksheet answers are ``valueString``
    (ratings ``valueInteger``, ticks ``valueBoolean``, dates ``valueDate``, times of day
    ``valueTime``). Every ``authored``, ``effectiveDateTime`` and the bundle's ``timestamp``
    carries a zone offset (:func:`fhir_moment`).
    """
    from toolkit.exercises import Questionnaire

    code = data["client"]["code"]
    system = client_code_system(data["client"].get("therapist_id"))
    subject = {"identifier": {"system": system, "value": code}}
    entries: list[dict[str, Any]] = []
    for response in data["responses"]:
        if response["kind"] != "submission":
            continue
        exercise_id = response["exercise_id"]
        spec = _exercise(exercise_id)
        answers = response["answers"]
        if not isinstance(answers, Mapping):
            answers = {str(index): value for index, value in enumerate(answers)}
        score = response.get("score") or {}
        total = score.get("total")
        url = _entry_url(code, "response", response["id"])
        resource: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "identifier": {"system": RESPONSE_SYSTEM, "value": str(response["id"])},
            "status": "completed",
            "subject": subject,
            "authored": fhir_moment(response["created"]),
        }
        if isinstance(spec, Questionnaire):
            if spec.loinc.panel:
                resource["questionnaire"] = f"{LOINC}/q/{spec.loinc.panel}"
            else:
                resource["questionnaire"] = f"urn:cbt-toolkit:questionnaire:{exercise_id}"
                resource["meta"] = {"tag": [NO_LOINC_FORM]}
            items = _questionnaire_items(spec, answers, total)
        else:
            resource["questionnaire"] = f"urn:cbt-toolkit:questionnaire:{exercise_id}"
            items = _worksheet_items(spec, answers)
        if items:
            resource["item"] = items
        entries.append({"fullUrl": url, "resource": resource})
        if isinstance(spec, Questionnaire) and spec.scoring is not None:
            entries += _score_observations(
                spec,
                {**response, "answers": answers},
                subject,
                url,
                lambda kind, rid=response["id"]: _entry_url(code, kind, rid),
            )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": fhir_moment(data.get("exported_at")),
        "entry": entries,
    }
