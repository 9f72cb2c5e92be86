"""Widgets that share their layout and style models (toolkit.ui.lean): the shared models cannot
change, closing a replaced tree leaves them open, and a client's first screen sends the browser
far fewer models than one layout and one style per widget would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances

from toolkit.app import client_app
from toolkit.store import CLI, Store, open_store
from toolkit.ui import lean
from toolkit.ui.therapist.base import replace_children

FIRST_SCREEN_MODELS = 40
"""Models a thought record's first step may hold (82 with a layout and a style per widget)."""


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the lean widgets")
    opened = open_store(f"sqlite:///{tmp_path / 'lean.sqlite3'}")
    yield opened
    opened.close()


def test_shared_models_cannot_change() -> None:
    first, second = lean.html("<p>a</p>"), lean.vbox([], "cbt-x")
    assert first.layout is second.layout
    assert lean.is_shared(first.layout)
    assert lean.is_shared(first.style)
    with pytest.raises(AttributeError, match="shared by many widgets"):
        first.layout.display = "none"
    with pytest.raises(AttributeError, match="shared by many widgets"):
        first.style.font_size = "2em"
    with pytest.raises(AttributeError, match="shared by many widgets"):
        w.Button(style=lean.button_style()).style.button_color = "red"
    assert second.layout.display is None, "nothing changed"
    assert second._dom_classes == ("cbt-x",)


def test_closing_a_replaced_tree_leaves_the_shared_models_open() -> None:
    box = w.VBox([])
    old = lean.html("<p>old</p>")
    replace_children(box, [old])
    replace_children(box, [lean.html("<p>new</p>")])
    assert old.comm is None, "the replaced widget is closed"
    assert old.layout.comm is not None, "its shared layout is not"
    assert lean.html().layout is old.layout


def test_a_links_first_screen_sends_few_models(store: Store) -> None:
    store.add_therapist("lean", "a long enough password")
    store.add_client(CLI, "L-001", therapist="lean")
    secret = store.assign(CLI, "L-001", ["thought_record"]).secret
    lean.layout(), lean.html_style(), lean.button_style()  # shared ones exist already
    before = set(_instances)
    page = client_app(f"assignment={secret}", store=store)
    made = [_instances[key] for key in set(_instances) - before]
    assert page.layout is lean.layout()
    assert any(isinstance(m, w.Textarea) for m in made), "the first field is there"
    assert len(made) <= FIRST_SCREEN_MODELS, sorted(type(m).__name__ for m in made)
    layouts = [m for m in made if isinstance(m, w.Layout)]
    assert len(layouts) <= 8, "only widgets that are sized, shown or hidden have their own"
