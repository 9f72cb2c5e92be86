"""Tidy pandas frames of what clients submitted, for therapists' and researchers' notebooks.

Every frame is read through the :class:`~toolkit.store.Store` facade, so the same permission
checks and audit entries apply as on the therapist page: a therapist sees their own clients
only (``PermissionDenied`` for another's), the command line operator ``CLI`` sees all.
Frames hold decrypted answers: treat them (and any file written from them) as health data.

pandas is not a core dependency: ``pip install 'cbt-toolkit[analysis]'``.

>>> from toolkit.store import CLI, open_store
>>> from toolkit.store.frames import scores_frame
>>> store = open_store("sqlite://")
>>> _ = store.add_therapist("alice", "correct horse battery")
>>> _ = store.add_client(CLI, "C1", therapist="alice")
>>> link = store.assign(CLI, "C1", ["phq9"])
>>> _ = store.submit(link.secret, "phq9", [2, 1, 1, 0, 1, 0, 0, 0, 1])
>>> scores_frame(store, CLI)[["client", "measure", "total", "band"]].to_dict("records")
[{'client': 'C1', 'measure': 'phq9', 'total': 6, 'band': 'mild'}]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .records import CLI, Actor, Operator, SubmissionRecord

if TYPE_CHECKING:
    import pandas as pd

    from .repository import Store

INSTALL_HINT = (
    "the analysis frames need pandas: pip install 'cbt-toolkit[analysis]' (or pip install pandas)"
)

SCORE_COLUMNS = (
    "client",
    "measure",
    "submitted_at",
    "total",
    "band",
    "alerts",
    "response_id",
    "assignment_id",
)
ITEM_COLUMNS = (
    "client",
    "measure",
    "submitted_at",
    "response_id",
    "item",
    "position",
    "text",
    "value",
)
TRAP_COLUMNS = (
    "client",
    "exercise",
    "submitted_at",
    "response_id",
    "trap",
    "name",
    "shown",
    "chosen",
)
OUTCOME_COLUMNS = (
    "client",
    "anxiety_measure",
    "phq9_first",
    "phq9_latest",
    "anxiety_first",
    "anxiety_latest",
    "case_at_start",
    "recovery",
    "reliable_improvement",
    "reliable_recovery",
    "reliable_deterioration",
)
ACTIVITY_COLUMNS = (
    "client",
    "submitted_at",
    "response_id",
    "day",
    "time",
    "activity",
    "mastery",
    "pleasure",
)


def notebook_actor(
    store: Store,
    *,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] | None = None,
) -> Actor:
    """Who an analysis notebook reads the store as.

    - By default a therapist, who logs in through the store (audited, throttled like the
      therapist page): the username comes from ``CBT_ANALYSIS_THERAPIST`` (else it is asked
      for), the password is asked for with :func:`getpass.getpass` — or, for unattended runs
      such as tests, read from ``CBT_ANALYSIS_PASSWORD``.
    - ``CBT_ANALYSIS_OPERATOR=1``: the command line operator :data:`~toolkit.store.CLI`, who
      sees every client. For a local demo database (``cbt demo``) or a researcher who holds
      the database and its key already; nothing is asked.

    Raises
    ------
    LoginFailed, LoginThrottled
        As :meth:`Store.login`.
    """
    from toolkit.config import Settings, current

    settings = current() if environ is None else Settings.from_env(environ)
    if settings.analysis_operator:
        return CLI
    if ask is None:
        import getpass

        ask = getpass.getpass
    username = settings.analysis_therapist or input("Therapist username: ").strip()
    password = settings.analysis_password or ask(f"Password for {username}: ")
    return store.login(username, password).therapist


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    return pd


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    pandas = _pandas()
    frame = pandas.DataFrame(rows, columns=list(columns))
    if "submitted_at" in frame:
        frame["submitted_at"] = pandas.to_datetime(frame["submitted_at"], utc=True)
    sort = [c for c in ("client", "submitted_at", "response_id", "position") if c in frame]
    return frame.sort_values(sort, kind="stable").reset_index(drop=True)


def _submissions(
    store: Store, actor: Actor, code: str | None
) -> Iterator[tuple[str, SubmissionRecord]]:
    """``(client code, submission)`` for one client or every client the actor may see."""
    for who, client in _clients(store, actor, code):
        for record in store.timeline(who, client):
            yield client, record


def _clients(store: Store, actor: Actor, code: str | None) -> list[tuple[Actor, str]]:
    """``(actor, code)`` of one client or of every client the actor may see.

    Client codes are unique per therapist only: for an operator, each client is read as its
    own therapist's (:meth:`~toolkit.store.records.Operator.scoped`), so two therapists' "C1"
    are two clients, not one ambiguous code.
    """
    if code is not None:
        return [(actor, code)]
    if isinstance(actor, Operator):
        return [(actor.scoped(c.therapist), c.code) for c in store.clients(actor)]
    return [(actor, c.code) for c in store.clients(actor)]


def scores_frame(store: Store, actor: Actor, code: str | None = None) -> pd.DataFrame:
    """One row per scored submission (questionnaires with a total).

    Parameters
    ----------
    store, actor
        The store and who reads it (a therapist: their own clients; ``CLI``: all).
    code
        One client's code, or ``None`` for every client the actor may see.

    Returns
    -------
    pandas.DataFrame
        Columns ``client, measure, submitted_at`` (UTC), ``total, band, alerts`` (the
        measure's alert ids, e.g. ``("phq9_item9",)``), ``response_id, assignment_id``;
        sorted by client, then time.
    """
    rows = [
        {
            "client": client,
            "measure": record.exercise_id,
            "submitted_at": record.submitted_at,
            "total": record.total,
            "band": record.band,
            "alerts": record.alerts,
            "response_id": record.response_id,
            "assignment_id": record.assignment_id,
        }
        for client, record in _submissions(store, actor, code)
        if record.total is not None
    ]
    frame = _frame(rows, SCORE_COLUMNS)
    frame["total"] = frame["total"].astype("int64")
    return frame


def items_frame(store: Store, actor: Actor, code: str | None = None) -> pd.DataFrame:
    """Item answers of questionnaire submissions, long form: one row per item answered.

    Columns ``client, measure, submitted_at, response_id, item`` (item id), ``position``
    (1-based, in the questionnaire's order), ``text`` (the question), ``value`` (the answer's
    number). Pivot for a heatmap:
    ``frame.pivot(index="position", columns="submitted_at", values="value")``.
    """
    from toolkit.exercises import Questionnaire, load_exercise

    rows: list[dict[str, Any]] = []
    for client, record in _submissions(store, actor, code):
        try:
            spec = load_exercise(record.exercise_id)
        except KeyError:
            continue
        if not isinstance(spec, Questionnaire):
            continue
        for position, item in enumerate(spec.items, 1):
            value = record.answers.get(item.id)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            rows.append(
                {
                    "client": client,
                    "measure": record.exercise_id,
                    "submitted_at": record.submitted_at,
                    "response_id": record.response_id,
                    "item": item.id,
                    "position": position,
                    "text": item.text,
                    "value": value,
                }
            )
    return _frame(rows, ITEM_COLUMNS)


def _trap_names() -> dict[str, str]:
    try:
        from toolkit.reframing.taxonomy import load_traps

        return {trap.id: trap.name for trap in load_traps().traps}
    except Exception:  # names are a convenience; the ids stay meaningful without them
        return {}


def traps_frame(store: Store, actor: Actor, code: str | None = None) -> pd.DataFrame:
    """Thinking traps the AI suggested and the client chose, per submission.

    One row per submission × trap that was shown or chosen (from the submission's
    ``extra["ai_suggestions"]``, written by the thought record's suggestion panel). Columns
    ``client, exercise, submitted_at, response_id, trap`` (id), ``name``, ``shown``,
    ``chosen`` (booleans). Submissions without AI suggestions have no rows.
    """
    names = _trap_names()
    rows: list[dict[str, Any]] = []
    for client, record in _submissions(store, actor, code):
        suggestions = record.suggestions
        if suggestions is None:
            continue
        shown, chosen = suggestions.traps_shown, suggestions.traps_chosen
        for trap in dict.fromkeys([*shown, *chosen]):
            rows.append(
                {
                    "client": client,
                    "exercise": record.exercise_id,
                    "submitted_at": record.submitted_at,
                    "response_id": record.response_id,
                    "trap": trap,
                    "name": names.get(trap, trap),
                    "shown": trap in shown,
                    "chosen": trap in chosen,
                }
            )
    return _frame(rows, TRAP_COLUMNS)


def activity_frame(store: Store, actor: Actor, code: str | None = None) -> pd.DataFrame:
    """Rows of submitted activity logs: one row per activity.

    Columns ``client, submitted_at, response_id, day, time, activity, mastery, pleasure``
    (mastery and pleasure are the client's 0–10 ratings, missing ones ``NaN``).
    """
    from toolkit.exercises.answers import parse_rows

    rows: list[dict[str, Any]] = []
    for client, record in _submissions(store, actor, code):
        if record.exercise_id != "activity_log":
            continue
        logged = record.answers.get("activities")
        for raw in logged if isinstance(logged, list) else ():
            parsed = parse_rows([raw])  # a malformed row is skipped, not the whole log
            if parsed is None:
                continue
            entry = parsed.rows[0]
            rows.append(
                {
                    "client": client,
                    "submitted_at": record.submitted_at,
                    "response_id": record.response_id,
                    "day": entry.get("day"),
                    "time": entry.get("time"),
                    "activity": entry.get("activity"),
                    "mastery": entry.get("mastery"),
                    "pleasure": entry.get("pleasure"),
                }
            )
    frame = _frame(rows, ACTIVITY_COLUMNS)
    for column in ("mastery", "pleasure"):
        frame[column] = frame[column].astype("float64")
    return frame


def outcomes_frame(store: Store, actor: Actor, code: str | None = None) -> pd.DataFrame:
    """NHS Talking Therapies outcome per client, first vs latest PHQ-9 and GAD-7.

    One row per client with at least two PHQ-9 and two GAD-7 totals. ``recovery`` and
    ``reliable_recovery`` are ``"yes"``, ``"no"`` or ``"not applicable"``: recovery is only
    defined for a client who was a case at the start (NHS Talking Therapies Manual), so a
    client who was not is never counted as "not recovered". The other outcome columns are
    booleans (:func:`toolkit.scoring.iapt_outcome`).
    """
    from toolkit.scoring import ScoringError, iapt_outcome

    rows: list[dict[str, Any]] = []
    for who, client in _clients(store, actor, code):
        phq9 = [total for _when, total in store.measure_series(who, client, "phq9")]
        gad7 = [total for _when, total in store.measure_series(who, client, "gad7")]
        if len(phq9) < 2 or len(gad7) < 2:
            continue
        try:
            outcome = iapt_outcome(phq9=(phq9[0], phq9[-1]), gad7=(gad7[0], gad7[-1]))
        except ScoringError:
            continue
        rows.append(
            {
                "client": client,
                "anxiety_measure": outcome.anxiety,
                "phq9_first": phq9[0],
                "phq9_latest": phq9[-1],
                "anxiety_first": gad7[0],
                "anxiety_latest": gad7[-1],
                "case_at_start": outcome.case_at_start,
                "recovery": outcome.recovery_status,
                "reliable_improvement": outcome.reliable_improvement,
                "reliable_recovery": outcome.reliable_recovery_status,
                "reliable_deterioration": outcome.reliable_deterioration,
            }
        )
    return _frame(rows, OUTCOME_COLUMNS)
