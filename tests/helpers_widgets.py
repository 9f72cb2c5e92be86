"""Walking widget trees in tests: every widget, and every string that reaches the page as HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ipywidgets as w

HTML_KINDS = (w.HTML, w.HTMLMath, w.Label)
"""Widgets whose ``value`` the browser renders as markup (``Label`` too, to be strict)."""


def walk(widget: Any) -> Iterator[Any]:
    """The widget and everything below it (``children`` of boxes and stacks)."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def html_values(widget: Any) -> list[str]:
    """Every ``value`` of an HTML, HTMLMath or Label widget in the tree."""
    return [str(node.value) for node in walk(widget) if isinstance(node, HTML_KINDS)]


def page_text(widget: Any) -> str:
    """All HTML values of a tree, one per line (for ``in`` checks)."""
    return "\n".join(html_values(widget))


def find(widget: Any, kind: type, description: str) -> Any:
    """The first widget of ``kind`` with this ``description`` (``None`` if there is none)."""
    for node in walk(widget):
        if isinstance(node, kind) and getattr(node, "description", None) == description:
            return node
    return None
