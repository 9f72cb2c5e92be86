"""Comments a therapist shares with the client: the store flag, and the client's next visit."""

from __future__ import annotations

from pathlib import Path

from test_store_support import GAD7_MID, PASSWORD, Clock, make_store

from toolkit.store import CLI
from toolkit.ui.assignment_page import AssignmentPage


def test_a_shared_comment_shows_on_the_clients_next_visit_escaped(tmp_path: Path) -> None:
    store = make_store(f"sqlite:///{tmp_path / 's.sqlite3'}", tmp_path, Clock())
    alice = store.add_therapist("alice", PASSWORD)
    store.add_client(CLI, "S1", therapist="alice")
    first = store.assign(CLI, "S1", ["gad7"])
    receipt = store.submit(first.secret, "gad7", GAD7_MID)
    private = store.add_comment(alice, receipt.response_id, "Private note: discuss sleep")
    shared = store.add_comment(
        alice, receipt.response_id, "Well done <b>really</b> & keep going", shared=True
    )
    nxt = store.assign(CLI, "S1", ["gad7"])
    opened = store.open_assignment(nxt.secret)
    assert [c.body for c in opened.shared_comments] == ["Well done <b>really</b> & keep going"]
    header = AssignmentPage(store, opened).header.value
    assert "Notes from your therapist" in header
    assert "Well done &lt;b&gt;really&lt;/b&gt; &amp; keep going" in header
    assert "Private note" not in header
    assert "alice" not in header, "the client sees no account names"

    store.share_comment(alice, shared, False)
    store.share_comment(alice, private, True)
    opened = store.open_assignment(nxt.secret)
    assert [c.body for c in opened.shared_comments] == ["Private note: discuss sleep"]
    flags = {c.id: c.shared for c in store.timeline(alice, "S1")[0].comments}
    assert flags == {private: True, shared: False}
    assert any(e.action == "share_comment" for e in store.audit_log())
    store.close()
