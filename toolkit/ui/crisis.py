"""The calm crisis notice with helplines, shown instead of suggestions and for risk answers."""

from __future__ import annotations

import os
from functools import cache

from toolkit.exercises.loader import load_model
from toolkit.paths import exercises_dir

from .html import esc, paragraphs


@cache
def _contacts(locale: str) -> tuple[str, tuple[str, ...]]:
    from toolkit.reframing.safety import CrisisResources

    data = load_model(exercises_dir() / "crisis_resources.yaml", CrisisResources)
    region = locale.replace("_", "-").split("-")[-1].upper() if locale else ""
    local = [r.message for r in data.resources if region in {c.upper() for c in r.locales}]
    if local:
        return data.intro, (*local, data.default)
    return data.intro, (*(r.message for r in data.resources), data.default)


def crisis_html(lead: str = "") -> str:
    """A notice with every configured helpline (the local ones first with ``CBT_LOCALE``).

    ``lead`` is an optional first sentence (for example a measure's note to the client).
    """
    intro, contacts = _contacts(os.environ.get("CBT_LOCALE", ""))
    items = "".join(f"<li>{esc(c)}</li>" for c in contacts)
    first = f"<p>{paragraphs(lead)}</p>" if lead else ""
    return (
        '<div class="cbt-msg cbt-msg-crisis" role="alert">'
        f"{first}<p><strong>{esc(intro)}</strong></p><ul>{items}</ul></div>"
    )
