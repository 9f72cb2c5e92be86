"""A draft kept in the browser only (``localStorage``), for practice mode.

Practice mode stores nothing on the server. A worksheet with a part to fill in later (an
activity plan, a behavioural experiment) still needs to survive a closed tab, so its draft is
written to the browser's own storage by this small widget, keyed by the exercise id; the same
browser profile on the same device gets it back. The database and the server's files never
see it (the kernel only holds the answers in memory while the page is open, as for any page).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

STORAGE_PREFIX = "cbt-toolkit:practice:"

_ESM = """
function storage() {
  try { return window.localStorage; } catch (error) { return null; }
}
function initialize({ model }) {
  const store = storage();
  const key = model.get("key");
  let kept = "";
  if (store) {
    try { kept = store.getItem(key) || ""; } catch (error) { kept = ""; }
  }
  model.set("available", !!store);
  model.set("loaded", kept);
  model.save_changes();
  model.set("ready", true);
  model.save_changes();
  model.on("change:saved", () => {
    const text = model.get("saved");
    if (!store) { return; }
    try {
      if (text) { store.setItem(key, text); } else { store.removeItem(key); }
    } catch (error) { /* storage full or blocked: the page keeps working */ }
  });
  model.on("change:forgotten", () => {
    if (store) { try { store.removeItem(key); } catch (error) { /* blocked */ } }
  });
}
function render({ el }) { el.setAttribute("aria-hidden", "true"); }
export default { initialize, render };
"""


class LocalDraft(anywidget.AnyWidget):
    """The bridge to ``localStorage``: ``loaded`` arrives from the browser once, ``saved`` goes
    to it on every change (``""`` removes the entry).

    ``on_loaded(callback)`` calls ``callback(answers)`` once the browser has answered, with the
    answers it kept (``{}`` when there were none).
    """

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    key = traitlets.Unicode("").tag(sync=True)
    saved = traitlets.Unicode("").tag(sync=True)
    loaded = traitlets.Unicode("").tag(sync=True)
    ready = traitlets.Bool(default_value=False).tag(sync=True)
    available = traitlets.Bool(default_value=False).tag(sync=True)
    forgotten = traitlets.Int(0).tag(sync=True)

    def __init__(self, exercise_id: str, **kwargs: Any) -> None:
        super().__init__(key=STORAGE_PREFIX + exercise_id, **kwargs)
        self.layout.width = "0px"
        self.layout.height = "0px"
        self._callbacks: list[Callable[[dict[str, Any]], None]] = []
        self._delivered = False
        self.observe(self._on_ready, ["ready", "loaded"])

    def on_loaded(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Call ``callback(answers)`` when the browser has sent what it kept."""
        self._callbacks.append(callback)

    @property
    def kept_answers(self) -> dict[str, Any]:
        """The answers the browser sent back (``{}`` if none, or unreadable)."""
        try:
            document = json.loads(self.loaded) if self.loaded else {}
        except ValueError:
            return {}
        answers = document.get("answers") if isinstance(document, dict) else None
        return answers if isinstance(answers, dict) else {}

    def keep(self, answers: dict[str, Any], saved_at: str) -> None:
        """Write ``answers`` to the browser's storage (replacing what it held)."""
        self.saved = json.dumps(
            {"format": "cbt-toolkit/practice-draft@1", "saved_at": saved_at, "answers": answers},
            ensure_ascii=False,
        )

    def forget(self) -> None:
        """Remove the draft from the browser's storage."""
        self.saved = ""
        self.loaded = ""
        self.forgotten += 1

    def _on_ready(self, _change: object = None) -> None:
        """Hand over what the browser kept, once, when it has answered (``ready``); the two
        traits may arrive in either order."""
        if not self.ready or self._delivered:
            return
        self._delivered = True
        kept = self.kept_answers
        for callback in self._callbacks:
            callback(kept)
