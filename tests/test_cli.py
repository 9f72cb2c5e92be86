"""The ``cbt`` commands end to end, on a real database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy.engine import make_url
from test_store_support import BACKENDS, PHQ9_ITEM9, count_rows, fresh_database

from toolkit import cli
from toolkit.store import (
    CLI,
    DEFAULT_BASE_URL,
    LoginFailed,
    SessionExpired,
    Store,
    open_store,
)


@pytest.fixture(params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("CBT_DATABASE_URL", url)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # key files of server DBs
        monkeypatch.delenv("CBT_SECRET_KEY", raising=False)
        yield url


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def opened_store(url: str) -> Store:
    return open_store(url)


def test_the_therapist_workflow_from_the_command_line(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys, monkeypatch, "therapist", "add", "alice", "--password-stdin", stdin="s3cret pass\n"
    )
    assert (code, out.strip(), err) == (0, "therapist alice added", "")
    assert run(capsys, monkeypatch, "client", "add", "C1", "--therapist", "alice")[0] == 0
    code, out, err = run(
        capsys,
        monkeypatch,
        "assign",
        "C1",
        "phq9",
        "gad7",
        "--due",
        "2031-01-31",
        "--every",
        "7",
        "--instructions",
        "Weekly, please",
        "--base-url",
        "https://clinic.example/cbt/",
    )
    assert code == 0
    assert err == ""
    assert out.count("\n") == 1, "one line"
    link = urlparse(out.strip())
    assert (link.scheme, link.netloc, link.path) == (
        "https",
        "clinic.example",
        "/cbt/voila/render/client.ipynb",
    )
    (secret,) = parse_qs(link.query)["assignment"]

    store = opened_store(db_url)
    opened = store.open_assignment(secret)
    assert opened.exercise_ids == ("phq9", "gad7")
    assert opened.instructions == "Weekly, please"
    assert store.login("alice", "s3cret pass").therapist.username == "alice"
    store.submit(opened, "phq9", PHQ9_ITEM9)
    store.close()

    code, out, _ = run(capsys, monkeypatch, "assign", "C1", "thought_record")
    assert code == 0
    assert out.startswith(f"{DEFAULT_BASE_URL}/voila/render/client.ipynb?assignment=")

    code, out, _ = run(capsys, monkeypatch, "export", "C1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["client"]["code"] == "C1"
    assert data["responses"][0]["answers"]["item9"] == 1
    target = tmp_path / "c1.csv"
    assert run(capsys, monkeypatch, "export", "C1", "--format", "csv", "--out", str(target))[
        :2
    ] == (
        0,
        "",
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {r["field"] for r in rows} >= {"item9", "score.total"}
    assert target.stat().st_mode & 0o077 == 0, "exports are owner-only"
    fhir = tmp_path / "c1.fhir.json"
    assert run(capsys, monkeypatch, "export", "C1", "--format", "fhir", "--out", str(fhir))[0] == 0
    bundle = json.loads(fhir.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    assert bundle["entry"][0]["resource"]["questionnaire"] == "http://loinc.org/q/44249-1"

    code, out, _ = run(capsys, monkeypatch, "class", "create", "Psychology 101")
    assert code == 0
    class_code, key_line = out.strip().splitlines()
    assert len(class_code) == 8
    educator_key = key_line.rsplit(" ", 1)[-1]
    assert educator_key != class_code
    store = opened_store(db_url)
    assert store.class_by_code(class_code).name == "Psychology 101"
    assert store.open_class_as_educator(class_code, educator_key).name == "Psychology 101"
    actors = {(e.actor, e.action) for e in store.audit_log()}
    assert ("cli", "export_client") in actors
    assert ("cli", "assign") in actors
    store.close()


def test_errors_are_one_line_and_write_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, monkeypatch, "therapist", "add", "alice", "--password-stdin", stdin="s3cret pass")
    run(capsys, monkeypatch, "client", "add", "C1", "--therapist", "alice")
    store = opened_store(db_url)
    before = count_rows(store)
    store.close()
    failures = [
        (("therapist", "add", "alice", "--password-stdin"), "s3cret pass\n", "exists already"),
        (("therapist", "add", "bob", "--password-stdin"), "", "no password"),
        (("therapist", "add", "bob", "--password-stdin"), "short\n", "at least 8"),
        (("client", "add", "C2", "--therapist", "nobody"), "", "no therapist"),
        (("client", "add", "C1", "--therapist", "alice"), "", "alice has a client with code"),
        (("assign", "C1", "phq9", "no_such_exercise"), "", "unknown exercise"),
        (("assign", "NOBODY", "phq9"), "", "no client"),
        (("export", "NOBODY", "--format", "json"), "", "no client"),
        (
            ("export", "C1", "--format", "csv", "--out", str(tmp_path / "missing" / "x.csv")),
            "",
            "does not exist",
        ),
        (("class", "create", "  "), "", "class name"),
    ]
    for argv, stdin, message in failures:
        code, out, err = run(capsys, monkeypatch, *argv, stdin=stdin)
        assert code == 1, argv
        assert out == ""
        assert err.startswith("cbt: ")
        assert err.count("\n") == 1, err
        assert message in err
    assert not (tmp_path / "missing").exists()
    store = opened_store(db_url)
    after = count_rows(store)
    store.close()
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    with pytest.raises(SystemExit) as usage:
        cli.main(["assign", "C1", "phq9", "--due", "31/01/2031"])
    assert usage.value.code == 2
    with pytest.raises(SystemExit):
        cli.main(["therapist", "add", "bob"])  # the password never goes on the command line


def test_commands_taking_a_code_say_whose_client_when_two_therapists_share_it(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Client codes are unique per therapist: `cbt export C1` is refused while Alice and Bob
    each have a C1, with a message that says what to add; `--therapist` picks one."""
    for name in ("alice", "bob"):
        run(capsys, monkeypatch, "therapist", "add", name, "--password-stdin", stdin="s3cret pass")
        code, out, err = run(capsys, monkeypatch, "client", "add", "C1", "--therapist", name)
        assert (code, out.strip(), err) == (0, f"client C1 added for {name}", "")
    code, out, err = run(capsys, monkeypatch, "client", "add", "C1", "--therapist", "bob")
    assert (code, out) == (1, "")
    assert err == "cbt: bob has a client with code 'C1' already\n"

    ambiguous = [
        ("export", "C1", "--format", "json"),
        ("assign", "C1", "phq9"),
        ("report", "C1", "--out", str(tmp_path / "r.pdf")),
        ("client", "set-email", "C1", "c1@example.org"),
    ]
    for argv in ambiguous:
        code, out, err = run(capsys, monkeypatch, *argv)
        assert (code, out) == (1, ""), argv
        assert err == (
            "cbt: client code 'C1' is used by 2 therapists (alice, bob): name the therapist "
            "with --therapist USER\n"
        )
    assert not (tmp_path / "r.pdf").exists()

    code, out, err = run(capsys, monkeypatch, "assign", "C1", "phq9", "--therapist", "bob")
    assert (code, err) == (0, "")
    (secret,) = parse_qs(urlparse(out.strip()).query)["assignment"]
    store = opened_store(db_url)
    store.submit(secret, "phq9", PHQ9_ITEM9)
    store.close()
    code, out, _ = run(
        capsys, monkeypatch, "export", "C1", "--format", "json", "--therapist", "bob"
    )
    assert code == 0
    bobs = json.loads(out)
    assert bobs["client"]["therapist"] == "bob"
    assert [r["exercise_id"] for r in bobs["responses"]] == ["phq9"]
    code, out, _ = run(
        capsys, monkeypatch, "export", "C1", "--format", "json", "--therapist", "alice"
    )
    assert code == 0
    assert (json.loads(out)["client"]["therapist"], json.loads(out)["responses"]) == ("alice", [])
    report = tmp_path / "bob.pdf"
    code, _, err = run(
        capsys, monkeypatch, "report", "C1", "--out", str(report), "--therapist", "bob"
    )
    assert (code, err) == (0, "")
    assert report.read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, monkeypatch, "export", "C1", "--format", "csv", "--therapist", "eve")
    assert (code, err) == (1, "cbt: no therapist named 'eve'\n")


@pytest.mark.parametrize(
    ("zone", "hour"),
    [
        ("Europe/London", 0),
        ("Europe/London", 1),
        ("Europe/London", 2),
        ("Europe/London", 23),
        ("Pacific/Auckland", 12),
        ("America/Los_Angeles", 5),
    ],
)
def test_demo_history_does_not_depend_on_the_hour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str, hour: int
) -> None:
    """Seeded at any hour, in any zone, every weekly check-in meets its due day: the only
    alert is the planned item-9 answer (seeded in the small hours, check-ins once ran past
    midnight and raised overdue alerts)."""
    from toolkit.clinic import zone_named
    from toolkit.store import open_store
    from toolkit.store.demo import seed_demo

    monkeypatch.setenv("CBT_SECRET_KEY", "demo hour test key")
    now = dt.datetime(2026, 12, 2, hour, 55, tzinfo=dt.UTC)
    moments = [now]
    store = open_store(
        f"sqlite:///{tmp_path / 'demo.sqlite3'}", clock=lambda: moments[-1], zone=zone_named(zone)
    )
    try:
        written: list[dt.datetime] = []

        def set_clock(moment: dt.datetime) -> None:
            written.append(moment)
            moments.append(moment)

        password = seed_demo(store, set_clock, now)
        assert password is not None
        assert max(written) <= now, "nothing is written after now"
        demo = store.login("demo", password).therapist
        alerts = [(a.client_code, a.kind) for a in store.alerts(demo)]
        assert alerts == [("DEMO-03", "risk_item")]
    finally:
        store.close()


def test_demo_seeds_once(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "demo")
    assert (code, err) == (0, "")
    password = out.split("Password (shown only now): ")[1].split()[0]
    where = db_url.removeprefix("sqlite:///") if db_url.startswith("sqlite") else "***@"
    assert f"Database: {where}" in out or ("Database: " in out and where in out)
    assert "open http://127.0.0.1:8866/voila/render/therapist.ipynb" in out
    if not db_url.startswith("sqlite"):
        assert make_url(db_url).password not in out, "no database password on screen"
    code, again, _ = run(capsys, monkeypatch, "demo")
    assert code == 0
    assert "exists already" in again
    assert password not in again

    store = opened_store(db_url)
    demo = store.login("demo", password).therapist
    clients = store.clients(demo)
    assert len(clients) == 5
    by_code = {c.code: c for c in clients}
    assert by_code["DEMO-01"].trend["phq9"] == "improved"
    assert by_code["DEMO-03"].trend["phq9"] == "deteriorated"
    assert all(len(store.measure_series(demo, c.code, "phq9")) == 12 for c in clients)
    assert all(len(store.measure_series(demo, c.code, "gad7")) == 12 for c in clients)
    alerts = store.alerts(demo)
    assert [(a.client_code, a.kind, a.detail) for a in alerts] == [
        ("DEMO-03", "risk_item", "phq9: phq9_item9")
    ]
    timeline = store.timeline(demo, "DEMO-01")
    records = [r for r in timeline if r.exercise_id == "thought_record"]
    assert len(records) == 2
    assert records[0].extra is not None
    assert "traps_shown" in records[0].extra["ai_suggestions"]
    assert records[0].comments
    assert any(r.exercise_id == "activity_log" for r in store.timeline(demo, "DEMO-05"))
    assert any(a.exercise_ids == ("phq9", "gad7") for a in by_code["DEMO-02"].open_assignments)
    first = store.export_client(CLI, "DEMO-02")["responses"][0]
    assert first["exercise_id"] in {"intake", "phq9"}
    store.close()


def test_the_installed_command_end_to_end(tmp_path: Path) -> None:
    env = {
        "CBT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    cbt = str(Path(sys.executable).parent / "cbt")
    added = subprocess.run(
        [cbt, "therapist", "add", "alice", "--password-stdin"],
        input="a long password\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (added.returncode, added.stdout.strip(), added.stderr) == (
        0,
        "therapist alice added",
        "",
    )
    failed = subprocess.run(
        [cbt, "export", "NOBODY", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.startswith("cbt: ")
    assert failed.stderr.count("\n") == 1


def test_a_database_that_cannot_be_opened_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CBT_DATABASE_URL", "not a url")
    code, _, err = run(capsys, monkeypatch, "class", "create", "X")
    assert code == 1
    assert err.startswith("cbt: ")
    monkeypatch.setenv("CBT_DATABASE_URL", "postgresql+psycopg://nobody:x@127.0.0.1:1/none")
    code, _, err = run(capsys, monkeypatch, "class", "create", "X")
    assert code == 1
    assert "cannot open the database" in err
    assert "x@" not in err, "no password in messages"
    assert err.count("\n") == 1


def test_the_cli_default_link_matches_the_store() -> None:
    assert cli.DEFAULT_BASE_URL == DEFAULT_BASE_URL


def _cbt(env: dict[str, str], *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the installed ``cbt`` console script (the real command, in its own process)."""
    cbt = str(Path(sys.executable).parent / "cbt")
    return subprocess.run(
        [cbt, *argv], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_therapist_list_and_password_reset_through_the_installed_command(
    db_url: str, tmp_path: Path
) -> None:
    env = {
        "CBT_DATABASE_URL": db_url,
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    empty = _cbt(env, "therapist", "list")
    assert (empty.returncode, empty.stderr) == (0, "")
    assert "no therapist accounts yet" in empty.stdout
    for name, password in (("bob", "bob's old password"), ("alice", "alice's old password")):
        added = _cbt(env, "therapist", "add", name, "--password-stdin", stdin=password + "\n")
        assert added.returncode == 0, added.stderr
    assert _cbt(env, "client", "add", "C1", "--therapist", "alice").returncode == 0
    assert _cbt(env, "client", "add", "C2", "--therapist", "alice").returncode == 0

    listed = _cbt(env, "therapist", "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["USER", "CLIENTS", "CREATED"]
    rows = [line.split() for line in lines[1:]]
    assert [(r[0], r[1]) for r in rows] == [("alice", "2"), ("bob", "0")]
    assert "password" not in listed.stdout

    store = opened_store(db_url)
    old_session = store.login("alice", "alice's old password")
    store.close()
    reset = _cbt(
        env, "therapist", "reset-password", "alice", "--password-stdin", stdin="a new password\n"
    )
    assert (reset.returncode, reset.stderr) == (0, "")
    assert reset.stdout.strip() == "password of alice changed; their login sessions ended"
    assert "a new password" not in reset.stdout

    store = opened_store(db_url)
    with pytest.raises(SessionExpired):
        store.session(old_session.token)
    with pytest.raises(LoginFailed):
        store.login("alice", "alice's old password")
    assert store.login("alice", "a new password").therapist.username == "alice"
    assert store.login("bob", "bob's old password").therapist.username == "bob"
    assert any(e.action == "reset_password" for e in store.audit_log())
    store.close()

    for argv, stdin, reason in (
        (("therapist", "reset-password", "nobody", "--password-stdin"), "long enough\n", "nobody"),
        (("therapist", "reset-password", "alice", "--password-stdin"), "short\n", "8"),
        (("therapist", "reset-password", "alice", "--password-stdin"), "", "no password"),
    ):
        failed = _cbt(env, *argv, stdin=stdin)
        assert failed.returncode == 1
        assert failed.stdout == ""
        assert failed.stderr.startswith("cbt: ")
        assert reason in failed.stderr
        assert failed.stderr.count("\n") == 1
    usage = _cbt(env, "therapist", "reset-password", "alice")
    assert usage.returncode == 2, "the password never goes on the command line"
