"""The dashboard: alerts first, then the clients with their latest scores, and adding a client."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .base import PagePart, replace_children
from .names import ALERT_LABELS, alert_text, when

if TYPE_CHECKING:
    from toolkit.store.records import AlertInfo, ClientSummary

OVERDUE_SHOWN = 3
"""Overdue alerts shown at once in a list of alerts; the older ones wait behind a button."""


class DashboardPart(PagePart):
    """The dashboard view and its actions."""

    @guarded
    def _show_dashboard(self, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        self.code = ""
        clients = self.store.clients(me)
        self._alerts_box = w.VBox([])
        self._clients_heading = w.HTML("")
        self._clients_html = w.HTML("")
        parts: list[w.Widget] = [self._top_bar(me, "Alerts"), self._alerts_box]
        parts.append(self._clients_heading)
        parts.append(self._open_client_view(clients))
        parts.append(self._clients_html)
        parts.append(self._add_client_view())
        self.main.children = tuple(parts)
        self._refresh_dashboard(clients)

    def _refresh_dashboard(self, clients: list[ClientSummary] | None = None) -> None:
        """Alerts and the client table again, in place (the rest of the dashboard stays)."""
        me = self._me()
        if me is None:
            return
        clients = self.store.clients(me) if clients is None else clients
        replace_children(self._alerts_box, self._alerts_view(self.store.alerts(me)))
        self._clients_heading.value = f"<h2>Clients ({len(clients)})</h2>"
        self._clients_html.value = self._clients_table(clients)

    def _alerts_view(
        self,
        alerts: list[AlertInfo],
        *,
        open_buttons: bool = True,
        done: frozenset[int] = frozenset(),
    ) -> list[w.Widget]:
        """One row per alert, risk first. Overdue alerts beyond the first
        :data:`OVERDUE_SHOWN` wait behind "Show N more overdue alerts" (risk and crisis
        alerts are always shown), and several overdue ones can be marked seen at once.
        ``done``: assignments submitted since (their overdue alerts say so)."""
        if not alerts:
            return [w.HTML('<p class="cbt-quiet">No open alerts.</p>')]
        rows = self._alert_rows(alerts, open_buttons=open_buttons, done=done)
        overdue = [a for a in alerts if a.kind == "overdue"]
        shown: list[w.Widget] = []
        hidden: list[w.Widget] = []
        seen_overdue = 0
        for alert, row in zip(alerts, rows, strict=True):
            if alert.kind == "overdue":
                seen_overdue += 1
                if seen_overdue > OVERDUE_SHOWN:
                    hidden.append(row)
                    continue
            shown.append(row)
        parts: list[w.Widget] = shown
        buttons: list[w.Widget] = []
        if hidden:
            more_box = w.VBox(hidden, layout=w.Layout(display="none"))
            more = w.ToggleButton(
                value=False,
                description=f"Show {len(hidden)} more overdue alerts",
                tooltip="Show the older overdue alerts",
                layout=w.Layout(width="auto", flex="0 0 auto"),
            )

            def toggle(change: dict[str, object], box: w.VBox = more_box) -> None:
                box.layout.display = "" if change["new"] else "none"
                more.description = (
                    "Hide the older overdue alerts"
                    if change["new"]
                    else f"Show {len(hidden)} more overdue alerts"
                )

            more.observe(toggle, "value")
            buttons.append(more)
            parts = [*shown, more_box]
        if len(overdue) > 1:
            everyone = " of every client" if open_buttons else ""
            seen_all = w.Button(
                description=f"Mark all {len(overdue)} overdue alerts as seen",
                tooltip=f"Mark every overdue alert{everyone} shown here as seen",
                layout=w.Layout(width="auto", flex="0 0 auto"),
            )
            seen_all.on_click(partial(self._on_ack_all, [a.id for a in overdue]))
            buttons.append(seen_all)
        if buttons:
            bar = w.HBox(buttons)
            bar.add_class("cbt-buttons")
            parts = [*parts, bar]
        return parts

    def _alert_rows(
        self, alerts: list[AlertInfo], *, open_buttons: bool, done: frozenset[int]
    ) -> list[w.Widget]:
        rows: list[w.Widget] = []
        for alert in alerts:
            label = ALERT_LABELS.get(alert.kind, alert.kind)
            seen = w.Button(
                description="Mark as seen",
                tooltip=f"Mark this alert on {alert.client_code} as seen",
                layout=w.Layout(width="auto", flex="0 0 auto"),
            )
            seen.on_click(partial(self._on_ack, alert.id))
            kind = esc(alert.kind)
            moment = esc(when(alert.created, self.zone))
            since = (
                " <strong>Submitted since.</strong>"
                if alert.kind == "overdue" and alert.assignment_id in done
                else ""
            )
            text = w.HTML(
                f'<div class="cbt-alert cbt-alert-{kind}"><strong>{esc(label)}</strong> · '
                f"client <strong>{esc(alert.client_code)}</strong> · {moment}"
                f"<br>{esc(alert_text(alert.alert))}{since}</div>"
            )
            buttons: list[w.Widget] = [seen]
            if open_buttons:
                show = w.Button(
                    description=f"Open {alert.client_code}",
                    tooltip="Open this client",
                    layout=w.Layout(width="auto", flex="0 0 auto"),
                )
                show.on_click(partial(self._on_open, alert.client_code))
                buttons.insert(0, show)
            row = w.HBox([text, *buttons])
            row.add_class("cbt-alert-row")
            rows.append(row)
        return rows

    def _clients_table(self, clients: list[ClientSummary]) -> str:
        """The clients, each row a link to the client's own page (``?client=CODE``); alerts
        come second so a phone shows them without scrolling sideways."""
        if not clients:
            return '<p class="cbt-quiet">No clients yet. Add one below.</p>'
        head = (
            "<tr><th>Client</th><th>Alerts</th><th>PHQ-9</th><th>GAD-7</th>"
            "<th>Open tasks</th><th>Last activity</th></tr>"
        )
        body = []
        for c in clients:
            name = f" ({esc(c.display_name)})" if c.display_name else ""
            href = "therapist.ipynb?" + urlencode({"client": c.code})
            flag = (
                f'<span class="cbt-flag">{c.unacknowledged_alerts}</span>'
                if c.unacknowledged_alerts
                else "0"
            )
            cells = [
                (
                    f'<td><a class="cbt-client-link" href="{esc(href)}">'
                    f"<strong>{esc(c.code)}</strong>{name}</a></td>"
                ),
                f"<td>{flag}</td>",
            ]
            for measure in ("phq9", "gad7"):
                point = c.latest.get(measure)
                trend = c.trend.get(measure)
                mark = {"improved": " ↓ improved", "deteriorated": " ↑ worse"}.get(trend or "", "")
                cells.append(
                    f"<td>{point.total} {esc(point.band or '')}{mark}</td>"
                    if point
                    else "<td>—</td>"
                )
            cells.append(f"<td>{len(c.open_assignments)}</td>")
            cells.append(f"<td>{when(c.last_activity, self.zone)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (
            '<div class="cbt-table-wrap"><table class="cbt-table">'
            f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def _open_client_view(self, clients: list[ClientSummary]) -> w.Widget:
        if not clients:
            return w.HTML("")
        picker = w.Dropdown(
            options=[
                (f"{c.code}" + (f" — {c.display_name}" if c.display_name else ""), c.code)
                for c in clients
            ],
            description="Client",
        )
        picker.style.description_width = "initial"
        button = w.Button(description="Open client", button_style="primary", tooltip="Open client")
        button.on_click(lambda _b: self._on_open(picker.value))
        return w.HBox([picker, button])

    def _add_client_view(self) -> w.Widget:
        code = w.Text(description="New client code", placeholder="e.g. C-042")
        name = w.Text(description="Display name (optional)")
        for box in (code, name):
            box.style.description_width = "initial"
            box.add_class("cbt-field")
        add = w.Button(description="Add client", tooltip="Add client")

        def on_add(_button: object) -> None:
            self._on_add_client(code.value.strip(), name.value.strip())

        add.on_click(on_add)
        box = w.VBox([w.HTML("<h3>Add a client</h3>"), code, name, add])
        box.add_class("cbt-card")
        return box

    @guarded
    def _on_add_client(self, code: str, name: str) -> None:
        from toolkit.store import StoreError

        me = self._me()
        if me is None:
            return
        try:
            self.store.add_client(me, code, display_name=name or None)
        except StoreError as exc:
            self.show_message("warn", str(exc))
            return
        self.show_message("ok", f"Client {code} added.")
        self._show_client(code)

    @guarded
    def _on_ack(self, alert_id: int, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        self.store.acknowledge_alert(me, alert_id)
        if self.code:
            self._refresh_client_alerts()
        else:
            self._refresh_dashboard()

    @guarded
    def _on_ack_all(self, alert_ids: list[int], _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        for alert_id in alert_ids:
            self.store.acknowledge_alert(me, alert_id)
        self.show_message("ok", f"{len(alert_ids)} overdue alerts marked as seen.")
        if self.code:
            self._refresh_client_alerts()
        else:
            self._refresh_dashboard()

    @guarded
    def _on_open(self, code: str, _button: object = None) -> None:
        from toolkit.store import NotFound, PermissionDenied

        self.clear_message()
        try:
            self._show_client(code)
        except (NotFound, PermissionDenied):
            self.show_message("warn", f"There is no client {code} in your list.")
