"""The field-kind registry: one widget class per field kind, built from a field spec.

Every view exposes the same small surface: ``widget`` (what to display), ``value`` (get/set,
in the shapes documented in :mod:`toolkit.exercises.responses`), ``on_change(callback)`` and
``set_error(message)``. Inputs get the field's label as their accessible name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import ipywidgets as w

from toolkit.exercises import fields as f
from toolkit.exercises.responses import empty_value

from . import lean
from .html import esc, paragraphs

Callback = Callable[[], None]
_BUILDERS: dict[str, type[FieldView]] = {}


def register(kind: str) -> Callable[[type[FieldView]], type[FieldView]]:
    """Class decorator: render fields of ``kind`` with the decorated view."""

    def wrap(cls: type[FieldView]) -> type[FieldView]:
        _BUILDERS[kind] = cls
        return cls

    return wrap


def build_field(spec: Any) -> FieldView:
    """The widget view for a field spec (KeyError names a kind with no registered view).

    A text field that picks from an earlier field's rows (``pick_from``) gets a pick list.
    """
    if getattr(spec, "pick_from", None):
        return PickView(spec)
    try:
        cls = _BUILDERS[spec.kind]
    except KeyError:
        raise KeyError(f"no widget registered for field kind {spec.kind!r}") from None
    return cls(spec)


def day_first() -> bool:
    """Whether dates are written day first for the configured locale (``CBT_LOCALE``): every
    English-speaking region but the United States (and unset: the wording is British)."""
    from toolkit.config import current
    from toolkit.reframing.safety import region_of

    return region_of(current().locale.strip()) != "US"


def parse_date(text: str, day_first_order: bool = True) -> dt.date | None:
    """A date typed as ``DD/MM/YYYY`` (or month first), ``YYYY-MM-DD``, with ``/ . -`` or
    spaces between the parts and a two-digit year read as 20YY; ``None`` if it is no date.

    >>> parse_date("3/12/2026"), parse_date("2026-12-03"), parse_date("12.3.26", False)
    (datetime.date(2026, 12, 3), datetime.date(2026, 12, 3), datetime.date(2026, 12, 3))
    """
    parts = [p for p in re.split(r"[\s/.\-]+", text.strip()) if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
    else:
        first, second, year = (int(p) for p in parts)
        day, month = (first, second) if day_first_order else (second, first)
        if len(parts[2]) <= 2:
            year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normal_time(text: str) -> str | None:
    """``HH:MM`` for a time typed as ``7:30``, ``0730``, ``21.15`` or ``21h15``; else ``None``.

    >>> normal_time("7.30"), normal_time("2115"), normal_time("25:00")
    ('07:30', '21:15', None)
    """
    found = re.fullmatch(r"([01]?\d|2[0-3])[:.h]?([0-5]\d)", text.strip())
    return f"{int(found[1]):02d}:{found[2]}" if found else None


def registered_kinds() -> frozenset[str]:
    """The field kinds that can be rendered."""
    return frozenset(_BUILDERS)


class FieldView:
    """Base view: a label, help text, the input(s) and an error line, stacked."""

    input_layout: ClassVar[dict[str, str]] = {"width": "100%"}

    def __init__(self, spec: Any) -> None:
        self.spec = spec
        self._callbacks: list[Callback] = []
        self._error = w.HTML("", layout=w.Layout(display="none"), style=lean.html_style())
        self._error.add_class("cbt-error")
        self.body = self._build()
        parts: list[w.Widget] = []
        if spec.help:
            parts.append(lean.html(f'<div class="cbt-help">{paragraphs(spec.help)}</div>'))
        if getattr(spec, "later", False):
            parts.insert(0, lean.html('<span class="cbt-later-tag">Fill in afterwards</span>'))
        self.widget = lean.vbox(
            [self.body, *parts, self._error], "cbt-field", f"cbt-kind-{spec.kind}"
        )
        if getattr(spec, "later", False):
            self.widget.add_class("cbt-later")

    # -- to override -------------------------------------------------------------------
    def _build(self) -> w.Widget:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        raise NotImplementedError

    @value.setter
    def value(self, new: Any) -> None:
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------
    def on_change(self, callback: Callback) -> None:
        """Call ``callback()`` whenever the answer changes."""
        self._callbacks.append(callback)

    def _changed(self, _change: object = None) -> None:
        for callback in self._callbacks:
            callback()

    def set_error(self, text: str | None) -> None:
        """Show (or with ``None`` clear) a message under the field."""
        if text:
            self._error.value = f'<span role="alert">{esc(text)}</span>'
            self._error.layout.display = ""
        else:
            self._error.value = ""
            self._error.layout.display = "none"

    @property
    def label(self) -> str:
        """The label, with a marker when the field is required."""
        return str(self.spec.label) + (" *" if self.spec.required else "")


def _labelled(widget: w.Widget) -> w.Widget:
    widget.style.description_width = "initial"
    return widget


@register("text")
class TextView(FieldView):
    """One line of text."""

    def _build(self) -> w.Widget:
        self._input = _labelled(
            w.Text(
                description=self.label,
                placeholder=self.spec.placeholder,
                layout=w.Layout(**self.input_layout),
                continuous_update=True,
            )
        )
        self._input.observe(self._on_text, "value")
        return self._input

    def _on_text(self, change: dict[str, Any]) -> None:
        limit = self.spec.max_length
        if len(change["new"]) > limit:
            self._input.value = change["new"][:limit]
            self.set_error(f"This box holds up to {limit} characters.")
            return
        self._changed()

    @property
    def value(self) -> str:
        return str(self._input.value)

    @value.setter
    def value(self, new: Any) -> None:
        self._input.value = "" if new is None else str(new)


@register("time")
class TimeView(TextView):
    """A time of day, typed as HH:MM; ``7.30`` or ``0730`` are kept as ``07:30``.

    Text that is no time stays as typed (and is flagged), so nothing the client wrote is lost.
    """

    def _on_text(self, change: dict[str, Any]) -> None:
        text = change["new"].strip()
        if text and normal_time(text) is None:
            self.set_error("Please type a time like 07:30 or 21:15.")
        else:
            self.set_error(None)
        super()._on_text(change)

    @property
    def value(self) -> str:
        text = str(self._input.value)
        return normal_time(text) or text

    @value.setter
    def value(self, new: Any) -> None:
        self._input.value = "" if new is None else str(new)


@register("long_text")
class LongTextView(TextView):
    """Several lines of text."""

    def _build(self) -> w.Widget:
        self._input = _labelled(
            w.Textarea(
                description=self.label,
                placeholder=self.spec.placeholder,
                rows=3,
                layout=w.Layout(**self.input_layout),
                continuous_update=True,
            )
        )
        self._input.observe(self._on_text, "value")
        return self._input


@register("number")
class NumberView(FieldView):
    """A number within bounds; empty until typed."""

    def _build(self) -> w.Widget:
        self._input = _labelled(
            w.Text(description=self.label + (f" ({self.spec.unit})" if self.spec.unit else ""))
        )
        self._input.observe(self._on_text, "value")
        return self._input

    def _on_text(self, _change: object) -> None:
        text = self._input.value.strip()
        if text:
            try:
                number = float(text)
            except ValueError:
                self.set_error("Please type a number, like 3 or 2.5.")
                return
            if not self.spec.min <= number <= self.spec.max:
                self.set_error(f"Please type a number from {self.spec.min:g} to {self.spec.max:g}.")
                return
        self.set_error(None)
        self._changed()

    @property
    def value(self) -> float | None:
        try:
            number = float(self._input.value.strip())
        except ValueError:
            return None
        return number if self.spec.min <= number <= self.spec.max else None

    @value.setter
    def value(self, new: Any) -> None:
        self._input.value = "" if new is None else f"{new:g}"


@register("rating")
class RatingView(FieldView):
    """A slider between two anchors."""

    def _build(self) -> w.Widget:
        spec = self.spec
        self._input = _labelled(
            w.IntSlider(
                value=empty_value(spec),
                min=spec.min,
                max=spec.max,
                step=spec.step,
                description=self.label,
                # the slider keeps its 2 px side margins: 100 % would push its readout out
                layout=w.Layout(width="calc(100% - 4px)", max_width="36rem"),
                readout_format="d",
            )
        )
        self._input.observe(self._changed, "value")
        if spec.low_label or spec.high_label:
            return w.VBox([self._input, _anchors(spec)])
        return self._input

    @property
    def value(self) -> int:
        return int(self._input.value)

    @value.setter
    def value(self, new: Any) -> None:
        self._input.value = empty_value(self.spec) if new is None else int(new)


def _anchors(spec: Any) -> w.HTML:
    """The words at both ends of a scale ("0 = not at all", "10 = completely")."""
    return w.HTML(
        f'<div class="cbt-anchors"><span>{esc(spec.min)}{esc(spec.unit)} '
        f"= {esc(spec.low_label)}</span><span>{esc(spec.max)}{esc(spec.unit)} "
        f"= {esc(spec.high_label)}</span></div>"
    )


@register("scale")
class ScaleView(FieldView):
    """A row of numbers to tap; empty until one is chosen (``None``)."""

    def _build(self) -> w.Widget:
        spec: f.ScaleField = self.spec
        self._input = _labelled(
            w.ToggleButtons(
                options=[(f"{point}", point) for point in spec.points],
                value=None,
                description=self.label,
                tooltips=[f"{point}{spec.unit}" for point in spec.points],
            )
        )
        self._input.add_class("cbt-scale")
        self._input.observe(self._changed, "value")
        if spec.low_label or spec.high_label:
            return w.VBox([self._input, _anchors(spec)])
        return self._input

    @property
    def value(self) -> int | None:
        chosen = self._input.value
        return None if chosen is None else int(chosen)

    @value.setter
    def value(self, new: Any) -> None:
        self._input.value = new if new in self.spec.points else None


@register("choice")
class ChoiceView(FieldView):
    """Radio buttons for one answer, tick boxes for several."""

    def _build(self) -> w.Widget:
        spec: f.ChoiceField = self.spec
        if spec.multiple:
            self._boxes = [
                w.Checkbox(description=o.label, indent=False, value=False) for o in spec.options
            ]
            for box in self._boxes:
                box.observe(self._changed, "value")
            title = w.HTML(f'<div class="cbt-label">{esc(self.label)}</div>')
            return w.VBox([title, *self._boxes])
        options = [(o.label, o.value) for o in spec.options]
        self._radio: w.RadioButtons | w.Dropdown | w.ToggleButtons
        if spec.display == "dropdown":
            self._radio = w.Dropdown(options=options, value=None, description=self.label)
        elif spec.display == "buttons":
            self._radio = w.ToggleButtons(
                options=options,
                value=None,
                description=self.label,
                tooltips=[o.label for o in spec.options],
            )
            self._radio.add_class("cbt-choice-buttons")
        else:
            self._radio = w.RadioButtons(options=options, value=None, description=self.label)
        _labelled(self._radio)
        self._radio.observe(self._changed, "value")
        return self._radio

    @property
    def value(self) -> Any:
        if self.spec.multiple:
            return [o.value for o, b in zip(self.spec.options, self._boxes, strict=True) if b.value]
        return self._radio.value

    @value.setter
    def value(self, new: Any) -> None:
        if self.spec.multiple:
            chosen = set(new or [])
            for option, box in zip(self.spec.options, self._boxes, strict=True):
                box.value = option.value in chosen
        else:
            values = {o.value for o in self.spec.options}
            self._radio.value = new if new in values else None


@register("checkbox")
class CheckboxView(FieldView):
    """A yes/no tick box."""

    def _build(self) -> w.Widget:
        self._box = w.Checkbox(description=self.spec.label, indent=False, value=False)
        self._box.observe(self._changed, "value")
        return self._box

    @property
    def value(self) -> bool:
        return bool(self._box.value)

    @value.setter
    def value(self, new: Any) -> None:
        self._box.value = bool(new)


@register("date")
class DateView(FieldView):
    """A calendar date typed in the locale's order (``DD/MM/YYYY`` unless ``CBT_LOCALE`` is
    a US one), with "Today" and "Yesterday" buttons and the date spelled out beneath, so no
    one has to guess which number is the month. The value is ISO ``YYYY-MM-DD``."""

    def _build(self) -> w.Widget:
        self._day_first = day_first()
        hint = "DD/MM/YYYY" if self._day_first else "MM/DD/YYYY"
        self._input = _labelled(
            w.Text(
                description=f"{self.label} ({hint})",
                placeholder=hint,
                continuous_update=True,
            )
        )
        self._input.add_class("cbt-date-input")
        self._readout = w.HTML("")
        self._readout.add_class("cbt-date-readout")
        today = w.Button(description="Today", tooltip="Today")
        yesterday = w.Button(description="Yesterday", tooltip="Yesterday")
        for button, back in ((today, 0), (yesterday, 1)):
            button.add_class("cbt-date-quick")
            button.on_click(lambda _b, back=back: self._pick(back))
        quick = w.HBox([today, yesterday])
        quick.add_class("cbt-date-buttons")
        self._input.observe(self._on_text, "value")
        if self.spec.default:
            self.value = empty_value(self.spec)
        return w.VBox([self._input, quick, self._readout])

    def _pick(self, days_back: int) -> None:
        self.value = (dt.date.today() - dt.timedelta(days=days_back)).isoformat()

    def _on_text(self, _change: object = None) -> None:
        text = self._input.value.strip()
        day = parse_date(text, self._day_first)
        if text and day is None:
            order = "day/month/year" if self._day_first else "month/day/year"
            self.set_error(f"Please type a date as {order}, like {self._example()}.")
            self._readout.value = ""
        else:
            self.set_error(None)
            self._readout.value = (
                f'<span class="cbt-help">{day:%A} {day.day} {day:%B %Y}</span>' if day else ""
            )
        self._changed()

    def _example(self) -> str:
        return "24/03/2026" if self._day_first else "03/24/2026"

    def _shown(self, day: dt.date) -> str:
        return f"{day:%d/%m/%Y}" if self._day_first else f"{day:%m/%d/%Y}"

    @property
    def value(self) -> str:
        day = parse_date(self._input.value, self._day_first)
        return day.isoformat() if day else ""

    @value.setter
    def value(self, new: Any) -> None:
        try:
            day = dt.date.fromisoformat(str(new)) if new else None
        except ValueError:
            day = None
        self._input.value = self._shown(day) if day else ""


class PickView(FieldView):
    """Pick one of an earlier field's rows (``pick_from``); the answer is the row's text.

    The form calls :meth:`set_choices` whenever those rows change. A saved answer that is no
    longer among the rows stays listed, so it is never dropped silently.
    """

    def _build(self) -> w.Widget:
        self._radio = _labelled(w.RadioButtons(options=[], value=None, description=self.label))
        self._radio.add_class("cbt-pick")
        self._radio.observe(self._on_pick, "value")
        self._none = w.HTML(
            '<p class="cbt-help">What you wrote in the earlier step will be listed here to '
            "pick from.</p>"
        )
        self._quiet = False
        return w.VBox([self._radio, self._none])

    def _on_pick(self, _change: object = None) -> None:
        if not self._quiet:
            self._changed()

    @property
    def choices(self) -> tuple[str, ...]:
        """The texts offered, in order."""
        return tuple(str(o) for o in self._radio.options)

    def set_choices(self, texts: list[str]) -> None:
        """Offer these texts (blank and repeated ones dropped), keeping the current pick."""
        current = self.value
        offered: list[str] = []
        for typed in texts:
            text = typed.strip()
            if text and text not in offered:
                offered.append(text)
        if current and current not in offered:
            offered.append(current)
        if tuple(offered) == self.choices:
            return
        self._quiet = True
        try:
            with self._radio.hold_trait_notifications():
                self._radio.options = offered
                self._radio.value = current or None
        finally:
            self._quiet = False
        self._none.layout.display = "none" if offered else ""

    @property
    def value(self) -> str:
        chosen = self._radio.value
        return "" if chosen is None else str(chosen)

    @value.setter
    def value(self, new: Any) -> None:
        text = "" if new is None else str(new)
        if text and text not in self.choices:
            self._quiet = True
            try:
                self._radio.options = [*self.choices, text]
            finally:
                self._quiet = False
            self._none.layout.display = "none"
        self._radio.value = text or None


class _ListView(FieldView):
    """A growing list of rows with Add and Remove buttons (shared by several kinds)."""

    add_text = "Add"

    def _build(self) -> w.Widget:
        self._rows: list[Any] = []
        self._serial = 0
        self._list = w.VBox([])
        self._list.add_class("cbt-rows")
        self._add = w.Button(description=self.add_text, icon="", tooltip=self.add_text)
        self._add.add_class("cbt-add")
        self._add.on_click(self._on_add)
        title = w.HTML(
            f'<div class="cbt-label" role="heading" aria-level="4">{esc(self.label)}</div>'
        )
        return w.VBox([title, self._list, self._add])

    def _on_add(self, _button: object = None) -> None:
        self._append_row()
        self._refresh()
        self._changed()

    def _append_row(self) -> Any:
        raise NotImplementedError

    def _next_number(self) -> int:
        """A row number never used before in this list, so accessible names stay unique."""
        self._serial += 1
        return self._serial

    def _remove(self, row: Any) -> None:
        self._rows = [r for r in self._rows if r is not row]
        self._refresh()
        self._changed()

    def _refresh(self) -> None:
        self._list.children = tuple(row.box for row in self._rows)
        self._add.disabled = len(self._rows) >= self._max_rows()

    def _max_rows(self) -> int:
        return int(getattr(self.spec, "max_items", getattr(self.spec, "max_rows", 50)))


def _percent_slider(description: str) -> w.IntSlider:
    """A 0–100 slider in steps of 5, starting in the middle (intensity, belief)."""
    slider = w.IntSlider(
        value=50,
        min=0,
        max=100,
        step=5,
        description=description,
        layout=w.Layout(width="100%", max_width="26rem"),
    )
    slider.style.description_width = "initial"
    return slider


class _MoodRow:
    def __init__(self, view: EmotionView, number: int, name: str) -> None:
        self.name = w.Combobox(
            value=name,
            options=list(view.spec.suggestions),
            placeholder="e.g. anxious",
            description=f"Mood {number}",
            ensure_option=False,
            layout=w.Layout(width="16rem"),
        )
        self.name.style.description_width = "initial"
        self.intensity = _percent_slider(f"Intensity of mood {number}")
        self.name.observe(view._changed, "value")
        self.intensity.observe(view._changed, "value")
        remove = w.Button(description=f"Remove mood {number}", layout=w.Layout(width="auto"))
        remove.add_class("cbt-remove")
        remove.on_click(lambda _b: view._remove(self))
        self.box = w.HBox(
            [self.name, self.intensity, remove],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )

    @property
    def value(self) -> dict[str, Any]:
        return {"name": self.name.value.strip(), "intensity": int(self.intensity.value)}


class _RerateRow:
    """One mood rated again: its name and first rating are shown, and the slider starts there.

    Until the client moves the slider or ticks "rated now", the mood is *not re-rated* and its
    intensity is stored as ``None``, so an untouched slider never reads as a change.
    """

    def __init__(self, view: EmotionView, number: int, name: str, first: int | None) -> None:
        self.mood = name
        self.first = first
        start = first if first is not None else 50
        self.name = w.Combobox(
            value=name,
            description=f"Mood {number}",
            disabled=True,
            layout=w.Layout(width="16rem"),
        )
        self.name.style.description_width = "initial"
        shown = f"First rated {first}" if first is not None else "No first rating"
        self.label = w.HTML(f'<span class="cbt-rerate-first">{esc(shown)}</span>')
        self.intensity = _percent_slider(f"Intensity of mood {number} now")
        self.intensity.value = start
        self.rated = w.Checkbox(
            value=False,
            description=f"Mood {number} rated now",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self._view = view
        self.intensity.observe(self._on_slide, "value")
        self.rated.observe(view._changed, "value")
        self.box = w.HBox(
            [self.name, self.label, self.intensity, self.rated],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.box.add_class("cbt-rerate")

    def _on_slide(self, _change: object) -> None:
        self.rated.value = True  # moving the slider is a rating
        self._view._changed()

    def restore(self, intensity: int | None) -> None:
        """Show a saved rating (``None``: not re-rated, the slider at the first rating)."""
        self.intensity.unobserve(self._on_slide, "value")
        try:
            start = self.first if self.first is not None else 50
            self.intensity.value = start if intensity is None else int(intensity)
        finally:
            self.intensity.observe(self._on_slide, "value")
        self.rated.value = intensity is not None

    @property
    def value(self) -> dict[str, Any]:
        rated = bool(self.rated.value)
        return {"name": self.mood, "intensity": int(self.intensity.value) if rated else None}


@register("emotion")
class EmotionView(_ListView):
    """Named feelings with an intensity 0–100.

    A re-rating view (``rerate_of``) lists the moods of the earlier field with their first
    ratings; a mood left untouched there is stored with ``"intensity": None`` (not re-rated).
    """

    add_text = "Add a mood"

    def _build(self) -> w.Widget:
        widget = super()._build()
        self._fixed = self.spec.rerate_of is not None
        self._first: dict[str, int | None] = {}
        if self._fixed:
            self._add.layout.display = "none"
        else:
            self._append_row()
            self._refresh()
        return widget

    def _append_row(self, name: str = "") -> _MoodRow | _RerateRow:
        row: _MoodRow | _RerateRow
        if self._fixed:
            row = _RerateRow(self, self._next_number(), name, self._first.get(name))
        else:
            row = _MoodRow(self, self._next_number(), name)
        self._rows.append(row)
        return row

    def set_names(self, names: list[str], first: Mapping[str, int | None] | None = None) -> None:
        """Re-rating: list exactly these moods with their ``first`` ratings, keeping any
        re-rating already given to a mood."""
        kept = {
            row.mood: row.value["intensity"] for row in self._rows if isinstance(row, _RerateRow)
        }
        if first is not None:
            self._first = dict(first)
        self._rows = []
        self._serial = 0
        for name in names:
            row = self._append_row(name)
            if isinstance(row, _RerateRow):
                row.restore(kept.get(name))
        self._refresh()
        self._changed()

    @property
    def first_ratings(self) -> dict[str, int | None]:
        """The first ratings shown beside a re-rating, by mood name."""
        return dict(self._first)

    @property
    def value(self) -> list[dict[str, Any]]:
        return [row.value for row in self._rows]

    @value.setter
    def value(self, new: Any) -> None:
        self._rows = []
        self._serial = 0
        for item in new or []:
            row = self._append_row(str(item.get("name", "")))
            intensity = item.get("intensity")
            number = (
                intensity
                if isinstance(intensity, int) and not isinstance(intensity, bool)
                else None
            )
            if isinstance(row, _RerateRow):
                row.restore(number)
            else:
                row.intensity.value = 50 if number is None else number
        if not self._rows and not self._fixed:
            self._append_row()
        self._refresh()


class _ThoughtRow:
    def __init__(self, view: ThoughtListView, number: int) -> None:
        self.text = w.Textarea(
            description=f"Thought {number}",
            rows=2,
            placeholder="What went through your mind?",
            layout=w.Layout(width="100%"),
            continuous_update=True,
        )
        self.text.style.description_width = "initial"
        self.belief = _percent_slider(f"Belief in thought {number} (%)")
        self.text.observe(view._on_thought_text, "value")
        self.belief.observe(view._changed, "value")
        remove = w.Button(
            description=f"Remove thought {number}",
            layout=w.Layout(width="auto", flex="0 0 auto"),
        )
        remove.add_class("cbt-remove")
        remove.on_click(lambda _b: view._remove(self))
        controls = w.HBox([self.belief, remove], layout=w.Layout(flex_flow="row wrap"))
        self.box = w.VBox([self.text, controls])
        self.box.add_class("cbt-thought")


@register("thought_list")
class ThoughtListView(_ListView):
    """Thoughts with belief ratings; one is picked as the hot thought."""

    add_text = "Add another thought"

    def _build(self) -> w.Widget:
        widget = super()._build()
        self._hot = w.RadioButtons(options=[], value=None, description=self.spec.pick_label)
        self._hot.style.description_width = "initial"
        self._hot.observe(self._changed, "value")
        self._append_row()
        self._refresh()
        return w.VBox([widget, self._hot])

    def _append_row(self) -> _ThoughtRow:
        row = _ThoughtRow(self, self._next_number())
        self._rows.append(row)
        return row

    def _on_thought_text(self, _change: object) -> None:
        self._refresh_hot()
        self._changed()

    def _refresh(self) -> None:
        super()._refresh()
        self._refresh_hot()

    def _refresh_hot(self) -> None:
        current = self._hot.value
        options = [
            (_preview(row.text.value) or f"Thought {i + 1}", i)
            for i, row in enumerate(self._rows)
            if row.text.value.strip()
        ]
        with self._hot.hold_trait_notifications():
            self._hot.options = options
            valid = {value for _label, value in options}
            self._hot.value = current if current in valid else None
        self._hot.layout.display = "" if len(options) > 1 else "none"

    @property
    def value(self) -> dict[str, Any]:
        thoughts = [{"text": r.text.value, "belief": int(r.belief.value)} for r in self._rows]
        hot = self._hot.value
        if hot is None:
            filled = [i for i, t in enumerate(thoughts) if t["text"].strip()]
            hot = filled[0] if len(filled) == 1 else None
        return {"thoughts": thoughts, "hot": hot}

    @value.setter
    def value(self, new: Any) -> None:
        new = new or {}
        self._rows = []
        self._serial = 0
        for thought in new.get("thoughts", []):
            row = self._append_row()
            row.text.value = str(thought.get("text", ""))
            row.belief.value = int(thought.get("belief", 50))
        if not self._rows:
            self._append_row()
        self._refresh()
        hot = new.get("hot")
        if hot in {value for _label, value in self._hot.options}:
            self._hot.value = hot


def _preview(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _TextItem:
    def __init__(self, view: TextListView) -> None:
        spec: f.TextListField = view.spec
        self.text = w.Text(
            placeholder=spec.placeholder,
            layout=w.Layout(width="100%"),
            continuous_update=True,
        )
        self.text.style.description_width = "initial"
        self.text.observe(lambda change: view._on_item_text(self, change), "value")
        self.remove = w.Button(layout=w.Layout(width="auto"))
        self.remove.add_class("cbt-remove")
        self.remove.on_click(lambda _b: view._remove(self))
        self.box = w.VBox([self.text, self.remove])
        self.box.add_class("cbt-item-row")

    def renumber(self, label: str, number: int, removable: bool) -> None:
        self.text.description = f"{label} {number}"
        self.remove.description = f"Remove {label.lower()} {number}"
        self.remove.tooltip = self.remove.description
        self.remove.layout.display = "" if removable else "none"


@register("text_list")
class TextListView(_ListView):
    """A growing list of one-line answers, numbered ("Good thing 1", "Good thing 2" …)."""

    def _build(self) -> w.Widget:
        self.add_text = self.spec.add_label
        widget = super()._build()
        for _ in range(self.spec.min_items):
            self._append_row()
        self._refresh()
        return widget

    def _append_row(self) -> _TextItem:
        row = _TextItem(self)
        self._rows.append(row)
        return row

    def _refresh(self) -> None:
        super()._refresh()
        removable = len(self._rows) > 1
        for number, row in enumerate(self._rows, start=1):
            row.renumber(self.spec.item_label, number, removable)

    def _on_item_text(self, row: _TextItem, change: dict[str, Any]) -> None:
        limit = self.spec.max_length
        if len(change["new"]) > limit:
            row.text.value = change["new"][:limit]
            self.set_error(f"Each box holds up to {limit} characters.")
            return
        self._changed()

    @property
    def value(self) -> list[str]:
        return [str(row.text.value) for row in self._rows]

    @value.setter
    def value(self, new: Any) -> None:
        self._rows = []
        for item in new or []:
            self._append_row().text.value = str(item)
        while len(self._rows) < self.spec.min_items:
            self._append_row()
        self._refresh()


def _name_inputs(widget: w.Widget, base: str, where: str) -> None:
    """Give inputs labelled ``base`` the accessible name "base (where)", the suffix hidden."""
    description = getattr(widget, "description", None)
    if isinstance(description, str) and not isinstance(widget, w.Button):
        shown = description.split('<span class="cbt-sr-only">', 1)[0]
        if shown in {esc(base), base}:
            widget.description_allow_html = True
            widget.description = f'{esc(base)}<span class="cbt-sr-only"> ({esc(where)})</span>'
    for child in getattr(widget, "children", ()):
        _name_inputs(child, base, where)


class _Row:
    def __init__(self, view: RowsView) -> None:
        self.columns = [build_field(column) for column in view.spec.columns]
        for column in self.columns:
            column.on_change(view._changed)
        self.remove = w.Button(layout=w.Layout(width="auto"))
        self.remove.add_class("cbt-remove")
        self.remove.on_click(lambda _b: view._remove(self))
        self.heading = w.HTML()
        self.box = w.VBox([self.heading, *(c.widget for c in self.columns), self.remove])
        self.box.add_class("cbt-row")

    def renumber(self, label: str, number: int) -> None:
        """Show the row's place in the list; the Remove button names it, and every input's
        accessible name gets the row (visually hidden), so five "Situation" boxes differ."""
        self.heading.value = f'<div class="cbt-row-title">{esc(label)} {number}</div>'
        self.remove.description = f"Remove {label.lower()} {number}"
        self.remove.tooltip = self.remove.description
        for column in self.columns:
            _name_inputs(column.widget, column.label, f"{label.lower()} {number}")

    @property
    def value(self) -> dict[str, Any]:
        return {c.spec.id: c.value for c in self.columns}


@register("rows")
class RowsView(_ListView):
    """A repeatable group of sub-fields, numbered by their place in the list.

    With ``ordered_by`` a button sorts the rows by that column, lowest first (an exposure
    ladder, easiest step first); unrated rows go last.
    """

    def _build(self) -> w.Widget:
        spec: f.RowsField = self.spec
        self.add_text = spec.add_label
        widget = super()._build()
        self._sort: w.Button | None = None
        if spec.ordered_by is not None:
            column = spec.column(spec.ordered_by)
            text = spec.sort_label or f"Sort by {column.label}"
            self._sort = w.Button(description=text, tooltip=text, layout=w.Layout(width="auto"))
            self._sort.add_class("cbt-sort")
            self._sort.on_click(self._on_sort)
            buttons = w.HBox([self._add, self._sort])
            buttons.add_class("cbt-row-buttons")
            widget.children = (*widget.children[:-1], buttons)
        for _ in range(spec.min_rows or 1):
            self._append_row()
        self._refresh()
        return widget

    def _append_row(self) -> _Row:
        row = _Row(self)
        self._rows.append(row)
        return row

    def _refresh(self) -> None:
        super()._refresh()
        for number, row in enumerate(self._rows, start=1):
            row.renumber(self.spec.row_label, number)
        if self._sort is not None:
            self._sort.disabled = len(self._rows) < 2

    def _on_sort(self, _button: object = None) -> None:
        key = self.spec.ordered_by

        def rank(row: _Row) -> tuple[bool, float]:
            rating: Any = row.value.get(str(key))
            rated = isinstance(rating, int | float)
            return (not rated, float(rating) if rated else 0.0)

        self._rows = sorted(self._rows, key=rank)
        self._refresh()
        self._changed()

    @property
    def value(self) -> list[dict[str, Any]]:
        return [row.value for row in self._rows]

    @value.setter
    def value(self, new: Any) -> None:
        self._rows = []
        for item in new or []:
            row = self._append_row()
            for column in row.columns:
                if column.spec.id in item:
                    column.value = item[column.spec.id]
        while len(self._rows) < (self.spec.min_rows or 1):
            self._append_row()
        self._refresh()
