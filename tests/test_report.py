"""The PDF progress report: `cbt report CODE --out FILE.pdf`, read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_support import GAD7_MID, PASSWORD, Clock, make_store, thought_record

from toolkit.clinic import zone_named
from toolkit.report import collect_report, render_pdf, render_report_pdf
from toolkit.store import CLI, Store

PHQ9_SERIES = (
    [3, 3, 2, 2, 2, 2, 1, 1, 0],
    [2, 2, 1, 2, 1, 1, 1, 0, 0],
    [1, 1, 1, 0, 1, 0, 0, 0, 0],
)
"""PHQ-9 totals 16, 10, 4: a reliable improvement (≥ 6 points)."""
WHO5_SERIES = ([1, 1, 2, 1, 1], [3, 3, 3, 2, 3])
"""WHO-5 raw 6 (24 %) then 14 (56 %)."""
HOSTILE = "<b>bold</b> & <font size=40>big</font> — naïve café ✓"


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it (never skipped: CI installs poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    done = subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def seeded(url: str, tmp_path: Path, key_file: Path | None = None) -> tuple[Store, Clock]:
    clock = Clock()
    store = make_store(url, tmp_path, clock, key_file=key_file or tmp_path / "test.key")
    therapist = store.add_therapist("alice", PASSWORD)
    store.add_client(CLI, "C-042", therapist="alice", display_name="Robin")
    for week, phq in enumerate(PHQ9_SERIES):
        link = store.assign(CLI, "C-042", ["phq9", "gad7"])
        store.submit(link.secret, "phq9", phq)
        store.submit(link.secret, "gad7", GAD7_MID if week < 2 else [0, 1, 0, 1, 0, 0, 0])
        clock.advance(days=7)
    for who5 in WHO5_SERIES:
        link = store.assign(CLI, "C-042", ["who5"])
        store.submit(link.secret, "who5", who5)
        clock.advance(days=7)
    link = store.assign(CLI, "C-042", ["thought_record"])
    answers = thought_record("marmalade")
    answers["situation"] = HOSTILE
    receipt = store.submit(link.secret, "thought_record", answers)
    store.add_comment(therapist, receipt.response_id, f"Good work on this. {HOSTILE}")
    return store, clock


def test_the_report_command_writes_a_searchable_pdf(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'report.sqlite3'}"
    # the key file where the command looks for it (beside the database)
    store, _clock = seeded(url, tmp_path, key_file=tmp_path / "report.sqlite3.key")
    store.close()
    env = {
        "CBT_DATABASE_URL": url,
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "CBT_TIMEZONE": "Europe/London",
    }
    out = tmp_path / "r.pdf"
    cbt = str(Path(sys.executable).parent / "cbt")
    done = subprocess.run(
        [cbt, "report", "C-042", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert out.read_bytes().startswith(b"%PDF-")
    assert out.stat().st_mode & 0o077 == 0, "reports are owner-only"
    text = pdf_text(out)
    flat = " ".join(text.split())
    assert "C-042" in flat
    for name, latest in (("PHQ-9", "4"), ("GAD-7", "2"), ("WHO-5", "56 %")):
        assert name in flat
        assert f"Latest {name}: {latest} " in flat, f"{name}'s latest score"
    assert "improved" in flat, "PHQ-9 17 → 4 is a reliable improvement"
    assert "Reliable improvement" in flat
    assert "Europe/London" in flat
    assert "Good work on this." in flat
    assert "<b>bold</b> & <font size=40>big</font>" in flat, "client text shows as typed"
    assert "naïve café" in flat

    missing = subprocess.run(
        [cbt, "report", "NOBODY", "--out", str(tmp_path / "none.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("cbt: ")
    assert missing.stderr.count("\n") == 1
    assert not (tmp_path / "none.pdf").exists(), "nothing half-written"


def test_report_contents_follow_the_store(tmp_path: Path) -> None:
    store, _clock = seeded(f"sqlite:///{tmp_path / 'r.sqlite3'}", tmp_path)
    report = collect_report(store, CLI, "C-042", zone=zone_named("UTC"))
    by_id = {m.measure_id: m for m in report.measures}
    assert [m.measure_id for m in report.measures] == ["phq9", "gad7", "who5"]
    assert [p[1] for p in by_id["phq9"].points] == [16.0, 10.0, 4.0]
    assert by_id["phq9"].changes == ("", "improved", "improved")
    assert [p[1] for p in by_id["who5"].points] == [24.0, 56.0], "WHO-5 on the client's % scale"
    assert by_id["who5"].unit == "%"
    assert by_id["who5"].changes[-1] == "improved"
    assert dict(report.outcome)["Reliable improvement"] == "yes"
    assert report.display_name == "Robin"
    assert report.worksheets[0].title == "Thought record"
    assert report.worksheets[0].lines[0][1] == HOSTILE
    assert report.comments[0].text.startswith("Good work on this.")
    assert any(e.action == "read_timeline" for e in store.audit_log(limit=5))

    path = tmp_path / "direct.pdf"
    path.write_bytes(render_report_pdf(store, CLI, "C-042"))
    assert "C-042" in pdf_text(path)
    store.close()


def test_report_dates_are_the_clinics_days(tmp_path: Path) -> None:
    """A score submitted at 23:30 UTC on 30 June is dated 1 July in London (BST)."""
    clock = Clock(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC))
    store = make_store(f"sqlite:///{tmp_path / 'z.sqlite3'}", tmp_path, clock)
    store.add_therapist("alice", PASSWORD)
    store.add_client(CLI, "Z1", therapist="alice")
    link = store.assign(CLI, "Z1", ["phq9"])
    store.submit(link.secret, "phq9", [1] * 9)
    london = collect_report(store, CLI, "Z1", zone=zone_named("Europe/London"))
    utc = collect_report(store, CLI, "Z1", zone=zone_named("UTC"))
    assert london.measures[0].points[0][0] == dt.date(2026, 7, 1)
    assert utc.measures[0].points[0][0] == dt.date(2026, 6, 30)
    path = tmp_path / "z.pdf"
    path.write_bytes(render_pdf(london))
    assert "2026-07-01" in pdf_text(path)
    store.close()


def test_an_empty_record_still_makes_a_report(tmp_path: Path) -> None:
    store = make_store(f"sqlite:///{tmp_path / 'e.sqlite3'}", tmp_path)
    store.add_therapist("alice", PASSWORD)
    store.add_client(CLI, "E1", therapist="alice")
    path = tmp_path / "e.pdf"
    path.write_bytes(render_report_pdf(store, CLI, "E1"))
    flat = " ".join(pdf_text(path).split())
    assert "E1" in flat
    assert "No questionnaire scores yet." in flat
    assert "No worksheets submitted yet." in flat
    store.close()
