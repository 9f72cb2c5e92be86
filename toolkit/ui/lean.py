"""Widgets that share their layout and style models.

Every ipywidgets widget makes its own ``Layout`` model and, for most kinds, its own style model:
a worksheet step of a dozen widgets sends the browser three dozen models, each created, sent and
turned into a view before the page's first field can be used. Widgets built here share one
``Layout`` (and one style per kind) per kernel instead. The shared models are frozen: setting any
of their traits raises, so a widget that needs its own layout (one that is shown and hidden with
``layout.display``, or sized) is made the ordinary way and nothing else can change the shared
one by accident. :func:`is_shared` tells the code that closes replaced widget trees to leave
them open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle


class _Frozen:
    """Mixin: once built, setting a trait raises (the model is shared by many widgets)."""

    _frozen = False

    def freeze(self) -> None:
        object.__setattr__(self, "_frozen", True)

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen and self.has_trait(name):  # type: ignore[attr-defined]
            raise AttributeError(
                f"{type(self).__name__} is shared by many widgets and cannot change "
                f"({name}); give the widget its own layout or style"
            )
        super().__setattr__(name, value)

    def close(self) -> None:
        """Shared models stay open for the kernel's life (closing one would break others)."""


class SharedLayout(_Frozen, w.Layout):  # type: ignore[misc]  # ipywidgets is untyped
    """The ``Layout`` widgets of :func:`html`, :func:`vbox` and :func:`hbox` share."""


class SharedHTMLStyle(_Frozen, HTMLStyle):  # type: ignore[misc]
    """The style model :func:`html` widgets share."""


class SharedButtonStyle(_Frozen, w.ButtonStyle):  # type: ignore[misc]
    """The style model buttons made with :func:`button_style` share."""


_SHARED: dict[str, Any] = {}


def _shared(kind: type[_Frozen]) -> Any:
    model = _SHARED.get(kind.__name__)
    if model is None or model.comm is None:  # closed by Widget.close_all() (tests)
        model = kind()
        model.freeze()
        _SHARED[kind.__name__] = model
    return model


def is_shared(model: object) -> bool:
    """Whether ``model`` is one of the shared, frozen layout or style models."""
    return isinstance(model, _Frozen)


def layout() -> w.Layout:
    """The shared, frozen ``Layout`` (for a widget that is never resized, shown or hidden)."""
    return _shared(SharedLayout)


def html_style() -> HTMLStyle:
    """The shared, frozen ``HTMLStyle``."""
    return _shared(SharedHTMLStyle)


def button_style() -> w.ButtonStyle:
    """The shared, frozen ``ButtonStyle`` (a button whose colours never change)."""
    return _shared(SharedButtonStyle)


def html(value: str = "", *classes: str) -> w.HTML:
    """An ``HTML`` widget with the shared layout and style; ``classes`` are CSS classes."""
    widget = w.HTML(value, layout=_shared(SharedLayout), style=_shared(SharedHTMLStyle))
    for name in classes:
        widget.add_class(name)
    return widget


def vbox(children: Sequence[w.Widget] = (), *classes: str) -> w.VBox:
    """A ``VBox`` with the shared layout (it is never resized, shown or hidden)."""
    box = w.VBox(list(children), layout=_shared(SharedLayout))
    for name in classes:
        box.add_class(name)
    return box


def hbox(children: Sequence[w.Widget] = (), *classes: str) -> w.HBox:
    """An ``HBox`` with the shared layout (it is never resized, shown or hidden)."""
    box = w.HBox(list(children), layout=_shared(SharedLayout))
    for name in classes:
        box.add_class(name)
    return box


__all__ = [
    "SharedButtonStyle",
    "SharedHTMLStyle",
    "SharedLayout",
    "button_style",
    "hbox",
    "html",
    "html_style",
    "is_shared",
    "layout",
    "vbox",
]
