"""A PDF copy of a completed worksheet, made offline in the kernel with ReportLab.

The text is set in Bitstream Vera (shipped inside ReportLab), which covers Latin scripts,
typographic quotes and dashes; a character the font lacks shows as a gap, never an error. The
Markdown and JSON downloads stay the exact copies; the PDF is for reading and printing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from toolkit.exercises import Worksheet
from toolkit.exercises.responses import as_text, empty_value

_FONTS_READY = False


def _fonts() -> tuple[str, str]:
    """Register Vera (regular, bold) once; the names to use."""
    global _FONTS_READY  # noqa: PLW0603 - a process-wide font registry, filled once
    if not _FONTS_READY:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont("CbtVera", str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("CbtVeraBold", str(folder / "VeraBd.ttf")))
        _FONTS_READY = True
    return "CbtVera", "CbtVeraBold"


def _para_text(text: str) -> str:
    """Plain text as ReportLab paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in text.splitlines()) or "—"


def worksheet_pdf(
    sheet: Worksheet, answers: dict[str, Any], completed: dt.datetime | None = None
) -> bytes:
    """The worksheet's answers as a PDF document (A4), field by field.

    >>> from toolkit.exercises import load_exercise
    >>> pdf = worksheet_pdf(load_exercise("three_good_things"), {})
    >>> pdf[:5]
    b'%PDF-'
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    regular, bold = _fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=18, leading=23, spaceAfter=4)
    lede = ParagraphStyle("lede", fontName=regular, fontSize=10.5, leading=14, spaceAfter=10)
    label = ParagraphStyle("label", fontName=bold, fontSize=11, leading=15, spaceBefore=8)
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15, leftIndent=4 * mm)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=sheet.title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        invariant=True,
    )
    when = f"Completed {completed:%d %B %Y}. " if completed else ""
    story: list[Any] = [
        Paragraph(escape(sheet.title), title),
        Paragraph(escape(when + sheet.summary), lede),
    ]
    for field in sheet.fields:
        story.append(Paragraph(escape(field.label), label))
        story.append(
            Paragraph(_para_text(as_text(field, answers.get(field.id, empty_value(field)))), body)
        )
    story.append(Spacer(1, 8 * mm))
    document.build(story)
    return buffer.getvalue()
