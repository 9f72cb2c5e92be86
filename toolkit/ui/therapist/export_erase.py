"""Exporting a client's record (JSON, CSV, FHIR) and erasing the client."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.ui.client_page import download_link
from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .base import PagePart


def report_renderer() -> Callable[..., bytes]:
    """The PDF progress report: :func:`toolkit.report.render_report_pdf`."""
    from toolkit.report import render_report_pdf

    return render_report_pdf


class ExportErasePart(PagePart):
    """The export and erase cards."""

    def _export_view(self, code: str) -> w.Widget:
        button = w.Button(
            description="Prepare export", tooltip="Prepare export", layout=w.Layout(width="auto")
        )
        links = w.HTML("")
        button.on_click(lambda _b: self._on_export(code, links))
        parts: list[w.Widget] = [w.HTML("<h4>Export</h4>"), button]
        report = w.Button(
            description="Download report (PDF)",
            tooltip="Download report (PDF)",
            layout=w.Layout(width="auto"),
        )
        report.on_click(lambda _b: self._on_report(code, links))
        parts.append(report)
        box = w.VBox([*parts, links])
        box.add_class("cbt-card")
        return box

    @guarded
    def _on_report(self, code: str, target: w.HTML) -> None:
        import base64

        me = self._me()
        if me is None:
            return
        pdf: bytes = report_renderer()(self.store, me, code)
        payload = base64.b64encode(pdf).decode("ascii")
        target.value = (
            f'<a class="cbt-download" download="{esc(code)}-report.pdf" '
            f'href="data:application/pdf;base64,{payload}">Save the report (PDF)</a>'
        )

    @guarded
    def _on_export(self, code: str, target: w.HTML) -> None:
        import json

        from toolkit.store.exports import client_csv, client_fhir, client_json

        me = self._me()
        if me is None:
            return
        data = self.store.export_client(me, code)
        target.value = (
            '<div class="cbt-downloads">'
            + "".join(
                [
                    download_link(
                        "Download JSON", f"{code}.json", "application/json", client_json(data)
                    ),
                    download_link("Download CSV", f"{code}.csv", "text/csv", client_csv(data)),
                    download_link(
                        "Download FHIR bundle",
                        f"{code}.fhir.json",
                        "application/fhir+json",
                        json.dumps(client_fhir(data), indent=2),
                    ),
                ]
            )
            + "</div>"
        )

    def _erase_view(self, code: str) -> w.Widget:
        confirm = w.Text(description="Type the client code to confirm", placeholder=code)
        confirm.style.description_width = "initial"
        confirm.add_class("cbt-field")
        erase = w.Button(
            description="Erase this client", button_style="danger", tooltip="Erase this client"
        )
        erase.on_click(lambda _b: self._on_erase(code, confirm.value))
        box = w.VBox(
            [
                w.HTML(
                    "<h4>Erase</h4><p>Deletes this client and everything they sent, for good "
                    "(the right to erasure). Export first if you need a copy.</p>"
                ),
                confirm,
                erase,
            ]
        )
        box.add_class("cbt-card")
        box.add_class("cbt-danger-zone")
        return box

    @guarded
    def _on_erase(self, code: str, typed: str) -> None:
        me = self._me()
        if me is None:
            return
        if typed.strip() != code:
            self.show_message("warn", f"To erase, type the client code {code} exactly.")
            return
        self.store.erase_client(me, code)
        self._show_dashboard()
        self.show_message("ok", f"Client {code} and all their data were erased.")
