"""Schema migrations: a database of the previous release upgrades losing nothing; the models and
the head revision agree; stores refuse databases at another revision (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from helpers_schema_v1 import dump, make_previous_release_database
from sqlalchemy import Engine, MetaData, inspect, text
from test_store_support import BACKENDS, FAST_HASHER, fresh_database

from toolkit import cli
from toolkit.store import CLI, StoreSchemaError, make_engine, open_store
from toolkit.store.migrate import revisions, upgrade
from toolkit.store.models import Base
from toolkit.store.schema import BASELINE_REVISION, HEAD_REVISION, REVISIONS, VERSION_TABLE


@pytest.fixture(params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("CBT_DATABASE_URL", url)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
        monkeypatch.delenv("CBT_SECRET_KEY", raising=False)
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def differences(engine: Engine) -> list[object]:
    """What Alembic's autogenerate finds between the database and the models."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def revision_rows(engine: Engine) -> list[str] | None:
    with engine.connect() as connection:
        if VERSION_TABLE not in inspect(connection).get_table_names():
            return None
        return [
            row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        ]


def test_revision_list_matches_the_migrations_folder() -> None:
    assert revisions() == REVISIONS
    assert REVISIONS[0] == BASELINE_REVISION
    assert REVISIONS[-1] == HEAD_REVISION


def test_migrations_from_empty_build_exactly_the_models(engine: Engine) -> None:
    assert upgrade(engine) == (None, HEAD_REVISION)
    assert revision_rows(engine) == [HEAD_REVISION]
    # a model changed without a new revision shows up here (and fails CI)
    assert differences(engine) == []


def test_a_new_database_is_created_at_head(db_url: str, engine: Engine, tmp_path: Path) -> None:
    store = open_store(db_url, key_file=tmp_path / "k.key", password_hasher=FAST_HASHER)
    try:
        store.add_therapist("alice", "correct horse battery")
    finally:
        store.close()
    assert revision_rows(engine) == [HEAD_REVISION]
    assert differences(engine) == []
    # opening again is the normal case: no check fails, nothing is re-created
    again = open_store(db_url, key_file=tmp_path / "k.key", password_hasher=FAST_HASHER)
    try:
        assert again.login("alice", "correct horse battery").therapist.username == "alice"
    finally:
        again.close()


def test_servers_opening_a_new_database_at_once_all_succeed(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    """Several pages may be the first to open a new database: one creates and stamps it, the
    others wait for it and open it."""
    import threading

    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def first_page() -> None:
        try:
            barrier.wait()
            store = open_store(db_url, secret_key="one key for all", password_hasher=FAST_HASHER)
            store.close()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=first_page) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert revision_rows(engine) == [HEAD_REVISION]
    assert differences(engine) == []


def test_db_current_on_a_missing_file_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "not-yet.sqlite3"
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{path}")
    code, out, _ = run(capsys, monkeypatch, "db", "current")
    assert code == 0
    assert "no database yet" in out
    assert not path.exists()


def test_previous_release_database_upgrades_losing_nothing(
    db_url: str,
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = make_previous_release_database(engine)
    before = dump(engine)
    assert all(before[name] for name in before), "every table holds rows"

    # the store refuses it, with a one-line message, and alters nothing
    with pytest.raises(StoreSchemaError, match=r"earlier release.*run `cbt db upgrade`") as caught:
        open_store(db_url, secret_key=facts["passphrase"])
    assert "\n" not in str(caught.value)
    assert revision_rows(engine) is None
    assert dump(engine) == before

    # so do the commands that open the store
    code, _, err = run(capsys, monkeypatch, "class", "create", "Seminar")
    assert code == 1
    assert err.count("\n") == 1
    assert "cbt db upgrade" in err

    code, out, _ = run(capsys, monkeypatch, "db", "current")
    assert code == 0
    assert "made before migrations" in out

    code, out, err = run(capsys, monkeypatch, "db", "upgrade")
    assert (code, err) == (0, "")
    assert f"from no revision to {HEAD_REVISION}" in out
    assert revision_rows(engine) == [HEAD_REVISION]
    assert dump(engine) == before
    assert differences(engine) == []

    # today's store reads everything back: the key check, hashes, and every sealed text
    monkeypatch.setenv("CBT_SECRET_KEY", facts["passphrase"])
    store = open_store(db_url, password_hasher=FAST_HASHER)
    try:
        assert store.login("alice", facts["password"]).therapist.username == "alice"
        exported = store.export_client(CLI, facts["code"])
    finally:
        store.close()
    document = json.dumps(exported, ensure_ascii=False, default=str)
    for needle in ("Sam Ö.", "Try it after work", "Missed the bus — again 😞", "Good evidence"):
        assert needle in document

    code, out, _ = run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0
    assert "nothing to do" in out
    code, out, _ = run(capsys, monkeypatch, "class", "create", "Seminar")
    assert code == 0


def test_a_database_of_a_newer_release_is_refused(
    db_url: str,
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_store(db_url, key_file=tmp_path / "k.key").close()
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999_future'"))
    with pytest.raises(StoreSchemaError, match=r"does not know .*newer release"):
        open_store(db_url, key_file=tmp_path / "k.key")
    code, _, err = run(capsys, monkeypatch, "db", "upgrade")
    assert code == 1
    assert "upgrade cbt-toolkit" in err
    assert revision_rows(engine) == ["9999_future"]


def test_a_partial_database_is_not_taken_for_the_previous_release(
    db_url: str,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Base.metadata.tables["therapists"].create(engine)
    with pytest.raises(StoreSchemaError, match="cbt db upgrade"):
        open_store(db_url)
    code, _, err = run(capsys, monkeypatch, "db", "upgrade")
    assert code == 1
    assert "missing: alerts, assignments" in err
    assert "nothing was changed" in err
    assert revision_rows(engine) is None
    assert set(inspect(engine).get_table_names()) == {"therapists"}


def test_serve_refuses_an_unmigrated_database(db_url: str, engine: Engine, tmp_path: Path) -> None:
    """`cbt serve` checks before it starts Voila: it exits at once with the one-line reason."""
    make_previous_release_database(engine)
    env = {
        "CBT_DATABASE_URL": db_url,
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("cbt: the database was made by an earlier release")
    assert result.stderr.strip().endswith("run `cbt db upgrade`")
    assert result.stderr.count("\n") == 1


def dump_all(engine: Engine, like: MetaData | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the database holds now (reflected), in primary-key order.

    ``like`` (the reflection of an earlier state) reads only the tables and columns it has:
    what was there before an upgrade that added columns."""
    reflected = like if like is not None else reflect(engine)
    rows: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        for name, table in reflected.tables.items():
            if name == VERSION_TABLE:
                continue
            query = table.select().order_by(*table.primary_key.columns)
            rows[name] = [tuple(row) for row in connection.execute(query)]
    return rows


def reflect(engine: Engine) -> MetaData:
    """The tables and columns the database holds now."""
    reflected = MetaData()
    reflected.reflect(engine)
    return reflected


def test_a_0003_database_upgrades_to_client_codes_per_therapist_losing_nothing(
    db_url: str,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Revision 0004 rebuilds the clients table (SQLite cannot drop its old unique code): every
    row, and every row that refers to a client, survives; then codes are unique per therapist."""
    from alembic import command

    from toolkit.store import AlreadyExists, AmbiguousClient, NotFound
    from toolkit.store.migrate import alembic_config

    facts = make_previous_release_database(engine)
    with engine.begin() as connection:  # the database as the release with 0003 left it
        command.stamp(alembic_config(connection), BASELINE_REVISION)
        command.upgrade(alembic_config(connection), "0003_class_rounds")
        connection.execute(
            text(
                "INSERT INTO reminders (assignment_id, kind, sent_at) "
                "VALUES (1, 'due_tomorrow', '2025-03-09 09:00:00')"
            )
        )
        connection.execute(
            text("INSERT INTO class_keys (class_id, key_hash) VALUES (1, :h)"), {"h": "ab" * 32}
        )
    assert revision_rows(engine) == ["0003_class_rounds"]
    at_0003 = reflect(engine)
    before = dump_all(engine)
    for table in ("clients", "assignments", "responses", "alerts", "comments", "reminders"):
        assert before[table], table

    code, out, err = run(capsys, monkeypatch, "db", "upgrade")
    assert (code, err) == (0, "")
    assert f"from 0003_class_rounds to {HEAD_REVISION}" in out
    assert "0004_client_codes_per_therapist" in REVISIONS[REVISIONS.index("0003_class_rounds") :]
    assert dump_all(engine, like=at_0003) == before
    assert differences(engine) == []
    uniques = inspect(engine).get_unique_constraints("clients")
    assert [sorted(u["column_names"]) for u in uniques] == [["code", "therapist_id"]]
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    store = open_store(db_url, secret_key=facts["passphrase"], password_hasher=FAST_HASHER)
    try:
        same = facts["code"]
        store.add_therapist("bob", "correct horse battery")
        store.add_client(CLI, same, therapist="bob")  # the code Alice's client has
        bob = store.therapist("bob")
        alice = store.login("alice", facts["password"]).therapist
        assert [c.code for c in store.clients(bob)] == [same]
        assert store.timeline(bob, same) == []
        assert len(store.timeline(alice, same)) == len(store.timeline(CLI.scoped("alice"), same))
        with pytest.raises(AmbiguousClient, match="used by 2 therapists"):
            store.export_client(CLI, same)
        exported = store.export_client(CLI.scoped("alice"), same)
        assert "Missed the bus — again 😞" in json.dumps(exported, ensure_ascii=False)
        with pytest.raises(AlreadyExists, match=f"^alice has a client with code '{same}'"):
            store.add_client(CLI, same, therapist="alice")
        store.erase_client(bob, same)
        with pytest.raises(NotFound):
            store.client(bob, same)
        assert store.client(CLI, same).therapist == "alice"  # one left: no longer ambiguous
    finally:
        store.close()


OLD_ALERTS = (
    ("crisis_language", "thought_record: situation", "crisis:old"),
    (
        "crisis_language",
        "thought_record: situation, automatic_thoughts; tier=check; from=draft",
        "crisis-draft:1:thought_record:0:check",
    ),
    ("overdue", "due 2025-03-10: thought_record, phq9", "overdue:1"),
)


def test_a_0004_database_upgrades_to_alert_columns_losing_nothing(
    db_url: str,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Revision 0005 gives each part of an alert its column and fills them from the one-line
    ``detail`` older releases wrote (risk item, crisis language before and after tiers,
    overdue); every row and every detail stays, and the store reads the parts without
    splitting a string."""
    import datetime as dt

    from alembic import command

    from toolkit.exercises.answers import Alert
    from toolkit.store.migrate import _foreign_keys_deferred, alembic_config

    facts = make_previous_release_database(engine)
    # the database as the release with 0004 left it; 0004 rebuilds the clients table, so
    # foreign keys are off around it, as `cbt db upgrade` does
    with (
        engine.connect() as connection,
        _foreign_keys_deferred(connection),
        connection.begin(),
    ):
        command.stamp(alembic_config(connection), BASELINE_REVISION)
        command.upgrade(alembic_config(connection), "0004_client_codes_per_therapist")
    with engine.begin() as connection:
        for kind, detail, dedupe in OLD_ALERTS:
            connection.execute(
                text(
                    "INSERT INTO alerts (client_id, assignment_id, kind, detail, dedupe, created)"
                    " SELECT client_id, assignment_id, :kind, :detail, :dedupe, created"
                    " FROM alerts WHERE dedupe = 'risk:2:phq9_item9'"
                ),
                {"kind": kind, "detail": detail, "dedupe": dedupe},
            )
    at_0004 = reflect(engine)
    before = dump_all(engine)
    assert len(before["alerts"]) == 4

    code, out, err = run(capsys, monkeypatch, "db", "upgrade")
    assert (code, err) == (0, "")
    assert "from 0004_client_codes_per_therapist to" in out
    assert "0005_alert_columns" in REVISIONS
    assert dump_all(engine, like=at_0004) == before
    assert differences(engine) == []

    with engine.connect() as connection:
        columns = {
            row.dedupe: row
            for row in connection.execute(
                text("SELECT dedupe, exercise_ids, alert_id, fields, tier, source, due FROM alerts")
            )
        }

    def listed(value: object) -> list[str]:
        return json.loads(value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]

    risk = columns["risk:2:phq9_item9"]
    assert (listed(risk.exercise_ids), risk.alert_id, risk.tier) == (["phq9"], "phq9_item9", None)
    old = columns["crisis:old"]
    assert (listed(old.fields), old.tier, old.source) == (["situation"], "crisis", "submission")
    check = columns["crisis-draft:1:thought_record:0:check"]
    assert listed(check.fields) == ["situation", "automatic_thoughts"]
    assert (check.tier, check.source) == ("check", "draft")
    overdue = columns["overdue:1"]
    assert listed(overdue.exercise_ids) == ["thought_record", "phq9"]
    assert str(overdue.due)[:10] == "2025-03-10"

    store = open_store(db_url, secret_key=facts["passphrase"], password_hasher=FAST_HASHER)
    try:
        found = {a.detail: a.alert for a in store.alerts(CLI, include_acknowledged=True)}
    finally:
        store.close()
    assert found["phq9: phq9_item9"] == Alert("risk_item", ("phq9",), alert_id="phq9_item9")
    assert found["thought_record: situation"] == Alert(
        "crisis_language",
        ("thought_record",),
        fields=("situation",),
        tier="crisis",
        source="submission",
    )
    assert found[OLD_ALERTS[1][1]].fields == ("situation", "automatic_thoughts")
    assert found[OLD_ALERTS[2][1]] == Alert(
        "overdue", ("thought_record", "phq9"), due=dt.date(2025, 3, 10)
    )
    # every alert's one line is still the line the older release wrote
    assert set(found) == {"phq9: phq9_item9", *(detail for _, detail, _ in OLD_ALERTS)}
