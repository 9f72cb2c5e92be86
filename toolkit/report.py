"""A printable progress report of one client, as a PDF (``cbt report CODE --out FILE.pdf``).

Two steps, so the layout can be tested without a database:

- :func:`collect_report` reads what the report shows from the store (an audited read by the
  acting therapist or the command line) into a frozen :class:`ProgressReport`;
- :func:`render_pdf` turns that into PDF bytes (pure: no database, no clock, no files).

:func:`render_report_pdf` does both. The PDF is laid out with ReportLab; every piece of text is
real text in an embedded font (search and copy work, ``pdftotext`` reads it), and the charts are
vector drawings made here (no browser, no image export). Client text is escaped before it
reaches ReportLab's paragraph markup.

What it holds: for each scored measure its chart (with the severity bands, the clinical cut-off
and reliable-change markers), first and latest score with bands and the reliable change; the
NHS Talking Therapies outcome when PHQ-9 and GAD-7 were both taken; the recent worksheets in
brief; the therapist's comments.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.store import Actor, Store

RECENT_WORKSHEETS = 8
"""How many of the latest worksheets the report lists."""
BRIEF_FIELDS = 3
"""Answered fields shown per worksheet."""
BRIEF_CHARACTERS = 240
"""Longest text shown per field (the export has everything)."""
RECENT_COMMENTS = 20
FIRST_MEASURES = ("phq9", "gad7")
"""Measures listed first (the NHS Talking Therapies pair); the others follow by title."""


@dataclass(frozen=True)
class MeasureSeries:
    """One measure's scores, on the scale the client saw (WHO-5 as a percentage).

    ``bands`` are ``(low, high, label)`` on that scale; ``severity`` is the rank of each band
    from best (0) to worst; ``changes`` the reliable-change verdict of each point against the
    first (``""`` for the first, or when the measure has no rule).
    """

    measure_id: str
    title: str
    short_title: str
    unit: str
    points: tuple[tuple[dt.date, float], ...]
    bands_seen: tuple[str | None, ...]
    bands: tuple[tuple[float, float, str], ...]
    severity: tuple[int, ...]
    cutoff: float | None
    low: float
    high: float
    changes: tuple[str, ...]
    rule: str

    @property
    def first(self) -> float:
        """The first score."""
        return self.points[0][1]

    @property
    def latest(self) -> float:
        """The latest score."""
        return self.points[-1][1]


@dataclass(frozen=True)
class WorksheetBrief:
    """A worksheet submission in a few lines: ``(field label, text)`` pairs."""

    day: dt.date
    title: str
    lines: tuple[tuple[str, str], ...]
    alerts: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommentLine:
    """A therapist's comment, with what it was about."""

    day: dt.date
    author: str
    about: str
    text: str


@dataclass(frozen=True)
class ProgressReport:
    """Everything one report shows (plain values; :func:`render_pdf` lays it out)."""

    code: str
    display_name: str | None
    therapist: str
    generated: dt.datetime
    measures: tuple[MeasureSeries, ...]
    outcome: tuple[tuple[str, str], ...]
    worksheets: tuple[WorksheetBrief, ...]
    comments: tuple[CommentLine, ...]
    zone_name: str = "UTC"


def _local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return moment.astimezone(zone)


def _rule_text(spec: Any) -> str:
    rule = spec.reliable_change
    if rule is None:
        return ""
    if rule.threshold is not None:
        return f"reliable change: a change of at least {rule.threshold} points"
    return "reliable change: Jacobson & Truax index beyond ±1.96"


def _series(spec: Any, records: Sequence[Any], zone: dt.tzinfo) -> MeasureSeries:
    """A measure's points on the client's scale, with bands and reliable-change verdicts."""
    from toolkit.scoring import ScoringError, reliable_change

    scoring = spec.scoring
    factor = scoring.percent_multiplier or 1
    totals = [int(r.total) for r in records]
    changes: list[str] = []
    for index, total in enumerate(totals):
        verdict = ""
        if index and spec.reliable_change is not None:
            try:
                verdict = reliable_change(spec.id, before=totals[0], after=total)
            except (ScoringError, KeyError):
                verdict = ""
        changes.append(verdict)
    bands = tuple(
        (b.min * factor, b.max * factor, b.label) for b in sorted(spec.bands, key=lambda b: b.min)
    )
    order = list(range(len(bands)))
    severity = tuple(reversed(order)) if scoring.higher_is_better else tuple(order)
    cutoff = None
    if spec.cutoff is not None:
        edge = spec.cutoff.min if spec.cutoff.min is not None else spec.cutoff.max
        cutoff = None if edge is None else float(edge * factor)
    low = min((b.min for b in spec.bands), default=min(totals)) * factor
    high = max((b.max for b in spec.bands), default=max(totals)) * factor
    return MeasureSeries(
        measure_id=spec.id,
        title=spec.title,
        short_title=spec.short_title,
        unit="%" if factor != 1 else "",
        points=tuple(
            (_local(r.submitted_at, zone).date(), float(t * factor))
            for r, t in zip(records, totals, strict=True)
        ),
        bands_seen=tuple(r.band for r in records),
        bands=bands,
        severity=severity,
        cutoff=cutoff,
        low=float(low),
        high=float(max(high, low + 1)),
        changes=tuple(changes),
        rule=_rule_text(spec),
    )


def _outcome(measures: Mapping[str, MeasureSeries]) -> tuple[tuple[str, str], ...]:
    from toolkit.scoring import ScoringError, iapt_outcome

    phq, gad = measures.get("phq9"), measures.get("gad7")
    if phq is None or gad is None:
        return ()
    try:
        o = iapt_outcome(
            phq9=(int(phq.first), int(phq.latest)), gad7=(int(gad.first), int(gad.latest))
        )
    except ScoringError:
        return ()

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    return (
        ("Case at start (PHQ-9 ≥ 10 or GAD-7 ≥ 8)", yes(o.case_at_start)),
        ("Recovery", o.recovery_status),
        ("Reliable improvement", yes(o.reliable_improvement)),
        ("Reliable recovery", o.reliable_recovery_status),
        ("Reliable deterioration", yes(o.reliable_deterioration)),
        ("PHQ-9 change", o.phq9_change),
        ("GAD-7 change", o.gad7_change),
    )


def _alert_title(spec: Any, alert_id: str) -> str:
    for alert in getattr(spec, "alerts", ()) or ():
        if alert.id == alert_id:
            item = getattr(alert, "item", "")
            return f"risk item ({item})" if item else "risk item"
    return "risk item"


def _brief(sheet: Any, answers: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    from toolkit.exercises.responses import as_text

    lines: list[tuple[str, str]] = []
    for field in sheet.fields:
        text = " ".join(as_text(field, answers.get(field.id)).split())
        if not text:
            continue
        if len(text) > BRIEF_CHARACTERS:
            text = text[: BRIEF_CHARACTERS - 1].rstrip() + "…"
        lines.append((field.label, text))
        if len(lines) == BRIEF_FIELDS:
            break
    return tuple(lines)


def collect_report(
    store: Store,
    actor: Actor,
    code: str,
    *,
    zone: dt.tzinfo | None = None,
    now: dt.datetime | None = None,
) -> ProgressReport:
    """Read one client's report from the store (audited as the ``actor``'s reads).

    Parameters
    ----------
    zone
        The clinic's time zone for every date shown (default: the configured one,
        :func:`toolkit.clinic.clinic_zone`).
    now
        When the report is made (default: the store's clock).
    """
    from toolkit.clinic import clinic_zone, zone_label
    from toolkit.exercises import Questionnaire, Worksheet, load_exercise

    zone = zone or clinic_zone()
    info = store.client(actor, code)
    timeline = sorted(store.timeline(actor, code), key=lambda r: (r.submitted_at, r.response_id))
    titles: dict[str, str] = {}
    scored: dict[str, list[Any]] = {}
    sheets: list[WorksheetBrief] = []
    comments: list[CommentLine] = []
    for record in timeline:
        try:
            exercise = load_exercise(record.exercise_id)
        except KeyError:
            exercise = None
        title = exercise.title if exercise is not None else record.exercise_id
        titles[record.exercise_id] = title
        if isinstance(exercise, Questionnaire) and exercise.scoring is not None:
            if record.total is not None:
                scored.setdefault(record.exercise_id, []).append(record)
        elif isinstance(exercise, Worksheet):
            sheets.append(
                WorksheetBrief(
                    _local(record.submitted_at, zone).date(),
                    title,
                    _brief(exercise, record.answers),
                )
            )
        for comment in record.comments:
            comments.append(
                CommentLine(
                    _local(comment.created, zone).date(), comment.author, title, comment.body
                )
            )
    measures = {
        measure: _series(load_exercise(measure), records, zone)
        for measure, records in scored.items()
    }
    ordered = sorted(
        measures.values(),
        key=lambda m: (
            (FIRST_MEASURES.index(m.measure_id), "")
            if m.measure_id in FIRST_MEASURES
            else (len(FIRST_MEASURES), m.title)
        ),
    )
    moment = now or store.now()
    return ProgressReport(
        code=info.code,
        display_name=info.display_name,
        therapist=info.therapist,
        generated=_local(moment, zone),
        measures=tuple(ordered),
        outcome=_outcome(measures),
        worksheets=tuple(reversed(sheets[-RECENT_WORKSHEETS:])),
        comments=tuple(reversed(comments[-RECENT_COMMENTS:])),
        zone_name=zone_label(zone),
    )


def render_report_pdf(store: Store, actor: Actor, code: str) -> bytes:
    """The progress report of client ``code`` as PDF bytes (:func:`collect_report` then
    :func:`render_pdf`)."""
    return render_pdf(collect_report(store, actor, code))


# -- layout -----------------------------------------------------------------------------------

FONT = "CbtSans"
FONT_BOLD = "CbtSans-Bold"
_FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
"""DejaVu Sans where the system has it (wide coverage); else the Vera fonts that ship inside
ReportLab. Either is embedded, so the PDF reads the same everywhere."""


def _register_fonts() -> None:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular = bold = None
    for path, bold_name in _FONT_CANDIDATES:
        candidate = Path(path)
        if candidate.is_file() and (candidate.parent / bold_name).is_file():
            regular, bold = candidate, candidate.parent / bold_name
            break
    if regular is None or bold is None:
        folder = Path(rl_config.__file__).parent / "fonts"
        regular, bold = folder / "Vera.ttf", folder / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    from reportlab.lib.fonts import addMapping

    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _text(value: object) -> str:
    """Client or therapist text, safe inside ReportLab's paragraph markup (line breaks kept)."""
    return html.escape(str(value), quote=False).replace("\n", "<br/>")


def _number(value: float) -> str:
    return f"{value:g}"


def _score(series: MeasureSeries, value: float) -> str:
    return f"{_number(value)}{' %' if series.unit == '%' else ''}"


def _heading(series: MeasureSeries) -> str:
    if series.short_title in series.title:
        return series.title
    return f"{series.title} ({series.short_title})"


def _band_label(series: MeasureSeries, value: float, seen: str | None) -> str:
    if seen:
        return seen
    for low, high, label in series.bands:
        if low <= value <= high:
            return label
    return ""


BAND_TINTS = ("#eef6ee", "#f6f3e4", "#f8ead9", "#f6dcd6", "#f0cccc")
"""From the best band (lightest) to the worst; more bands reuse the darkest."""


def measure_chart(series: MeasureSeries, width: float = 460, height: float = 150) -> Any:
    """A vector line chart of one measure: bands shaded by severity, the cut-off dashed,
    points marked (filled when the change from the first is reliable).

    Returns a ReportLab ``Drawing`` (a flowable).
    """
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors

    left, right, bottom, top = 34.0, 110.0, 22.0, 8.0
    plot_w, plot_h = width - left - right, height - bottom - top
    low, high = series.low, series.high
    drawing = Drawing(width, height)

    def y_of(value: float) -> float:
        return bottom + (value - low) / (high - low) * plot_h

    count = len(series.points)
    days = [p[0] for p in series.points]
    span = max(1, (days[-1] - days[0]).days)

    def x_of(index: int) -> float:
        if count == 1:
            return left + plot_w / 2
        return left + (days[index] - days[0]).days / span * plot_w

    edges = [b[0] for b in series.bands[1:]] + [high]
    for (b_low, _b_high, label), rank, b_top in zip(
        series.bands, series.severity, edges, strict=True
    ):
        tint = BAND_TINTS[min(rank, len(BAND_TINTS) - 1)]
        y0, y1 = y_of(max(b_low, low)), y_of(min(b_top, high))
        drawing.add(
            Rect(
                left,
                y0,
                plot_w,
                max(0.5, y1 - y0),
                fillColor=colors.HexColor(tint),
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                left + plot_w + 4,
                (y0 + y1) / 2 - 3,
                label[:24],
                fontName=FONT,
                fontSize=6.5,
                fillColor=colors.HexColor("#444444"),
            )
        )
    drawing.add(
        Rect(
            left,
            bottom,
            plot_w,
            plot_h,
            fillColor=None,
            strokeColor=colors.HexColor("#888888"),
            strokeWidth=0.5,
        )
    )
    for tick in (low, (low + high) / 2, high):
        drawing.add(
            String(
                left - 4,
                y_of(tick) - 3,
                _number(round(tick)),
                fontName=FONT,
                fontSize=7,
                textAnchor="end",
            )
        )
    if series.cutoff is not None and low <= series.cutoff <= high:
        drawing.add(
            Line(
                left,
                y_of(series.cutoff),
                left + plot_w,
                y_of(series.cutoff),
                strokeColor=colors.HexColor("#7a2e2e"),
                strokeWidth=0.8,
                strokeDashArray=[3, 2],
            )
        )
    coordinates: list[float] = []
    for index, (_day, value) in enumerate(series.points):
        coordinates += [x_of(index), y_of(value)]
    if count > 1:
        drawing.add(PolyLine(coordinates, strokeColor=colors.HexColor("#1f4e79"), strokeWidth=1.4))
    for index, (_day, value) in enumerate(series.points):
        reliable = series.changes[index] in ("improved", "deteriorated")
        drawing.add(
            Circle(
                x_of(index),
                y_of(value),
                2.6 if reliable else 2.0,
                fillColor=colors.HexColor("#1f4e79") if reliable else colors.white,
                strokeColor=colors.HexColor("#1f4e79"),
                strokeWidth=0.8,
            )
        )
    first, last = days[0], days[-1]
    drawing.add(String(left, 8, first.isoformat(), fontName=FONT, fontSize=7))
    if last != first:
        drawing.add(
            String(left + plot_w, 8, last.isoformat(), fontName=FONT, fontSize=7, textAnchor="end")
        )
    return drawing


@dataclass(frozen=True)
class _Styles:
    body: Any
    small: Any
    h1: Any
    h2: Any
    h3: Any
    grid: Any


def _styles() -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import TableStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    bold = {"parent": body, "fontName": FONT_BOLD}
    return _Styles(
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#444444")
        ),
        h1=ParagraphStyle("h1", **bold, fontSize=16, leading=20, spaceAfter=4),
        h2=ParagraphStyle("h2", **bold, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
        h3=ParagraphStyle("h3", **bold, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=2),
        grid=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )


def _head_part(report: ProgressReport, st: _Styles) -> list[Any]:
    from reportlab.platypus import Paragraph

    who = report.code + (f" · {report.display_name}" if report.display_name else "")
    return [
        Paragraph(f"Progress report: {_text(who)}", st.h1),
        Paragraph(
            f"Client {_text(report.code)} · therapist {_text(report.therapist)} · made "
            f"{report.generated:%Y-%m-%d %H:%M} ({_text(report.zone_name)})",
            st.small,
        ),
        Paragraph(
            "Confidential: a summary of routine measures and homework for the treating "
            "therapist. Scores are screening results, not a diagnosis.",
            st.small,
        ),
    ]


def _measures_part(report: ProgressReport, st: _Styles) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

    story: list[Any] = [Paragraph("Measures", st.h2)]
    if not report.measures:
        return [*story, Paragraph("No questionnaire scores yet.", st.body)]
    summary = [["Measure", "First", "Latest", "Band now", "Change", "Scores"]]
    for series in report.measures:
        summary.append(
            [
                series.short_title,
                f"{_score(series, series.first)} ({series.points[0][0].isoformat()})",
                f"{_score(series, series.latest)} ({series.points[-1][0].isoformat()})",
                _band_label(series, series.latest, series.bands_seen[-1]),
                series.changes[-1] or "—",
                str(len(series.points)),
            ]
        )
    widths = [22 * mm, 36 * mm, 36 * mm, 36 * mm, 32 * mm, 14 * mm]
    table = Table(summary, colWidths=widths, hAlign="LEFT")
    table.setStyle(st.grid)
    story.append(table)
    for series in report.measures:
        scale = "per cent" if series.unit == "%" else "total score"
        latest_band = _band_label(series, series.latest, series.bands_seen[-1])
        rule = f"; {_text(series.rule)}" if series.rule else ""
        lines = [
            Paragraph(_text(_heading(series)), st.h3),
            Paragraph(
                f"Latest {_text(series.short_title)}: <b>{_score(series, series.latest)}</b>"
                f" ({_text(latest_band)}) on {series.points[-1][0].isoformat()}; first "
                f"{_score(series, series.first)} on {series.points[0][0].isoformat()}. "
                f"Change since the first: {_text(series.changes[-1] or 'not assessed')}{rule}.",
                st.body,
            ),
            Spacer(1, 3),
            measure_chart(series),
            Paragraph(
                f"{_text(series.short_title)} {scale} over time; shaded bands from lighter "
                "(better) to darker (more severe), dashed line the clinical cut-off, filled "
                "points a reliable change from the first score.",
                st.small,
            ),
        ]
        story.append(KeepTogether(lines))
    return story


def _outcome_part(report: ProgressReport, st: _Styles) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table

    if not report.outcome:
        return []
    rows = [["Outcome", "Result"], *[[name, value] for name, value in report.outcome]]
    table = Table(rows, colWidths=[80 * mm, 50 * mm], hAlign="LEFT")
    table.setStyle(st.grid)
    return [
        Paragraph("NHS Talking Therapies outcome (first vs latest)", st.h2),
        table,
        Paragraph(
            "Definitions of the NHS Talking Therapies Manual: recovery applies to a client who "
            "was a case at the start; reliable change is PHQ-9 ≥ 6 and GAD-7 ≥ 4 points.",
            st.small,
        ),
    ]


def _worksheets_part(report: ProgressReport, st: _Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph

    story: list[Any] = [Paragraph("Recent worksheets", st.h2)]
    if not report.worksheets:
        story.append(Paragraph("No worksheets submitted yet.", st.body))
    for sheet in report.worksheets:
        parts = [Paragraph(f"{sheet.day.isoformat()} · {_text(sheet.title)}", st.h3)]
        for label, text in sheet.lines:
            colon = "" if label.rstrip().endswith(("?", ":", ".")) else ":"
            parts.append(Paragraph(f"<b>{_text(label)}{colon}</b> {_text(text)}", st.body))
        story.append(KeepTogether(parts))
    return story


def _comments_part(report: ProgressReport, st: _Styles) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    story: list[Any] = [Paragraph("Comments", st.h2)]
    if not report.comments:
        story.append(Paragraph("No comments yet.", st.body))
    for comment in report.comments:
        story.append(
            Paragraph(
                f"<b>{comment.day.isoformat()} · {_text(comment.author)} on "
                f"{_text(comment.about)}</b><br/>{_text(comment.text)}",
                st.body,
            )
        )
        story.append(Spacer(1, 4))
    return story


def render_pdf(report: ProgressReport) -> bytes:
    """Lay a :class:`ProgressReport` out as an A4 PDF; returns its bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    st = _styles()
    story = [
        *_head_part(report, st),
        *_measures_part(report, st),
        *_outcome_part(report, st),
        *_worksheets_part(report, st),
        *_comments_part(report, st),
    ]
    buffer = io.BytesIO()

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(18 * mm, 10 * mm, f"cbt-toolkit · client {report.code}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"Progress report {report.code}",
        author="cbt-toolkit",
        invariant=True,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
