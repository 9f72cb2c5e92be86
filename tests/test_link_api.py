"""A client link's store calls through `cbt serve` (toolkit.linkserver, toolkit.store.remote).

A real `cbt serve` on loopback and a real SQLite database: the kernel-side client talks to the
server's endpoints exactly as a link page's kernel does, and the test reads the results back
through its own store on the same database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port, wait_for_http
from toolkit.store import CLI, InvalidInput, LinkInvalid, Store, open_store
from toolkit.store.remote import KEY_HEADER, LINK_KEY_ENV, LINK_URL_ENV, LinkClient

KEY = "link-api-test-key: not a real secret"
SECRET_KEY = "link-api-store-key: not a real secret"
ITEM9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]


@dataclass
class Served:
    base: str
    store: Store
    log: Path

    @property
    def endpoint(self) -> str:
        return f"{self.base}/cbt/link"

    def client(self, key: str = KEY) -> LinkClient:
        return LinkClient(self.endpoint, key)

    def link(self, exercises: list[str]) -> str:
        return self.store.assign(CLI, "L1", exercises).secret


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("link-api")
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    store = open_store(url, secret_key=SECRET_KEY)
    store.add_therapist("lena", "correct horse battery")
    store.add_client(CLI, "L1", therapist="lena")
    port = free_port()
    env = {**os.environ, "CBT_DATABASE_URL": url, "CBT_SECRET_KEY": SECRET_KEY}
    env[LINK_KEY_ENV] = KEY
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "cbt"), "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/")
        yield Served(base, store, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        store.close()


def post(url: str, body: object, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers or {}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def test_only_a_request_with_the_servers_key_reaches_the_store(served: Served) -> None:
    secret = served.link(["thought_record"])
    draft = {
        "secret": secret,
        "assignment_id": None,
        "exercise_id": "thought_record",
        "answers": {"situation": "written by a stranger"},
        "extra": None,
    }
    # a browser (or any other visitor) knows the link but not the key: refused, nothing read
    assert post(f"{served.endpoint}/open", {"secret": secret})[0] == 403
    assert post(f"{served.endpoint}/draft", draft)[0] == 403
    assert post(f"{served.endpoint}/draft", draft, {KEY_HEADER: "a guess"})[0] == 403
    assert served.store.open_assignment(secret).drafts == {}
    # not even a page: no GET, and an unknown action is not found
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{served.endpoint}/open", timeout=60)
    assert refused.value.code == 405
    assert post(f"{served.endpoint}/erase", {"secret": secret}, {KEY_HEADER: KEY})[0] == 404
    assert post(f"{served.endpoint}/open", ["not", "an", "object"], {KEY_HEADER: KEY})[0] == 400


def test_open_draft_and_submit_through_the_server(served: Served) -> None:
    secret = served.link(["thought_record", "phq9"])
    client = served.client()
    opened = client.open_assignment(secret)
    local = served.store.open_assignment(secret)
    assert opened == local  # every field, comments and dates included
    assert opened.exercise_ids == ("thought_record", "phq9")

    client.save_draft(opened, "thought_record", {"situation": "Sent ünïcode ✓ through HTTP"})
    again = client.open_assignment(secret)
    assert again.drafts["thought_record"] == {"situation": "Sent ünïcode ✓ through HTTP"}
    assert served.store.open_assignment(secret).drafts == again.drafts

    with pytest.raises(InvalidInput, match="please complete"):
        client.submit(opened, "thought_record", {"situation": "only this"})
    receipt = client.submit(opened, "phq9", ITEM9)
    assert (receipt.total, receipt.alerts, receipt.assignment_complete) == (
        1,
        ("phq9_item9",),
        False,
    )
    assert "risk_item" in [alert.kind for alert in served.store.alerts(CLI)]
    with pytest.raises(InvalidInput, match="submitted already"):
        client.submit(opened, "phq9", ITEM9)
    assert client.open_assignment(secret).submitted == {"phq9"}


def test_a_link_that_opens_nothing_says_why(served: Served) -> None:
    client = served.client()
    with pytest.raises(LinkInvalid) as unknown:
        client.open_assignment("A" * 43)
    assert unknown.value.reason == "unknown"
    issued = served.store.assign(CLI, "L1", ["phq9"])
    opened = client.open_assignment(issued.secret)
    served.store.revoke(CLI, issued.assignment.id)
    with pytest.raises(LinkInvalid) as revoked:
        client.save_draft(opened, "phq9", {"item1": 1})
    assert revoked.value.reason == "revoked"
    with pytest.raises(LinkInvalid):
        client.open_assignment(issued.secret)


def test_the_page_pins_its_occurrence_through_the_server(served: Served) -> None:
    secret = served.link(["phq9"])
    client = served.client()
    opened = client.open_assignment(secret)
    client.submit(opened, "phq9", ITEM9)  # the one-off assignment is closed now
    with pytest.raises(LinkInvalid) as closed:
        client.save_draft(opened, "phq9", {"item1": 2})
    assert closed.value.reason == "submitted"


def test_no_secret_reaches_the_server_log(served: Served) -> None:
    secret = served.link(["thought_record"])
    client = served.client()
    client.save_draft(client.open_assignment(secret), "thought_record", {"situation": "x"})
    with pytest.raises(LinkInvalid):
        client.open_assignment(secret[:-1] + ("B" if secret[-1] != "B" else "C"))
    assert secret not in served.log.read_text(errors="replace")
    assert KEY not in served.log.read_text(errors="replace")


PROBE = """
import json, sys
from toolkit.app import client_app
page = client_app(sys.argv[1])
text = []
def walk(widget):
    value = getattr(widget, "value", None)
    if isinstance(value, str):
        text.append(value)
    for attr in ("description", "placeholder"):
        text.append(str(getattr(widget, attr, "") or ""))
    for child in getattr(widget, "children", ()):
        walk(child)
walk(page)
roots = {"sqlalchemy", "cryptography", "argon2", "psycopg", "alembic", "plotly", "nltk",
         "numpy", "pandas"}
ours = {"toolkit.store.database", "toolkit.store.repository", "toolkit.store.unit",
        "toolkit.store.crypto", "toolkit.scoring", "toolkit.charts",
        "toolkit.reframing.engine", "toolkit.reframing.classifier"}
heavy = sorted(m for m in sys.modules if m.split(".")[0] in roots or m in ours)
print(json.dumps({"heavy": heavy, "text": " ".join(text)}))
"""


def test_a_link_page_kernel_under_cbt_serve_carries_no_database_layer(
    served: Served, tmp_path: Path
) -> None:
    """The first screen of a real link, built as a `cbt serve` kernel builds it: with the
    server's endpoint and key, and a database of its own that is empty and has no key (were
    the page to use it, the link would open nothing)."""
    secret = served.link(["thought_record"])
    served.store.save_draft(secret, "thought_record", {"situation": "Saved before the reload"})
    env = {k: v for k, v in os.environ.items() if k != "CBT_SECRET_KEY"}
    env["CBT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    env.update({LINK_URL_ENV: served.endpoint, LINK_KEY_ENV: KEY})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"assignment={secret}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert "Saved before the reload" in found["text"]  # the draft came through the server
    assert "Your saved answers are back" in found["text"]
    assert found["heavy"] == []
