"""The therapist page: log in, alerts first, clients with their latest scores, and each
client's progress, submissions, comments, assignments, exports and erasure.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.config import DEFAULT_BASE_URL
from toolkit.exercises import Questionnaire, Worksheet, catalog, load_exercise
from toolkit.exercises.responses import as_text

from .client_page import download_link
from .html import esc, paragraphs
from .session import PageSession, guarded

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.records import AlertInfo, ClientSummary, SubmissionRecord, Therapist

INTAKE_BUNDLE = ("intake", "phq9", "gad7", "who5")
ALERT_LABELS = {
    "risk_item": "Risk item",
    "crisis_language": "Crisis language",
    "overdue": "Overdue",
}
TIMELINE_PAGE = 10
"""Submissions shown at once on a client's page; "Show older submissions" adds more."""
TRACKED = ("phq9", "gad7", "who5", "pcl5", "k10", "phq15", "dass21", "auditc")


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%d %b %Y %H:%M") if moment else "—"


def _exercise_title(exercise_id: str) -> str:
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return exercise_id
    return spec.short_title if isinstance(spec, Questionnaire) else spec.title


def _field_label(exercise_id: str, field_id: str) -> str:
    """A worksheet field's label (its id where the exercise or field is unknown)."""
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return field_id
    for field in getattr(spec, "fields", ()):
        if field.id == field_id:
            return str(field.label)
    return field_id


CHECK_ANSWER_WORDS = {
    "yes": "answered Yes",
    "no": "answered No",
    "rather_not_say": "would rather not say",
    None: "did not answer",
}


def crisis_mark(extra: Any) -> str:
    """The timeline's mark for a submission where crisis resources were shown (HTML)."""
    record = (extra or {}).get("crisis_check") if isinstance(extra, dict) else None
    if not isinstance(record, dict):
        return ""
    if record.get("tier") == "check":
        answer = CHECK_ANSWER_WORDS.get(record.get("check_answer"), "did not answer")
        text = f"Asked about thoughts of ending their life: {answer}"
    else:
        text = "Crisis resources shown"
    if record.get("continued"):
        text += "; chose to continue the worksheet"
    return f' <span class="cbt-flag cbt-flag-crisis">{esc(text)}</span>'


CLINICIAN_SUPERVISED = "for clinician-supervised use"
"""How a measure with ``administration: clinician`` (DASS-21) is labelled for the therapist."""


def _assign_label(exercise_id: str) -> str:
    """The exercise's name in the assign list; clinician-administered measures say so."""
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return exercise_id
    title = _exercise_title(exercise_id)
    if isinstance(spec, Questionnaire) and spec.administration == "clinician":
        return f"{title} ({CLINICIAN_SUPERVISED})"
    return title


def _alert_text(kind: str, detail: str) -> str:
    """The therapist-facing sentence for an alert (the measure's own message for risk items)."""
    if kind == "risk_item" and ": " in detail:
        measure, alert_id = detail.split(": ", 1)
        try:
            spec = load_exercise(measure)
        except KeyError:
            return detail
        for alert in getattr(spec, "alerts", ()):
            if alert.id == alert_id:
                return f"{_exercise_title(measure)}: {alert.message}"
    if kind == "crisis_language" and ": " in detail:
        from toolkit.store.repository import parse_crisis_detail

        found = parse_crisis_detail(detail)
        exercise = found["exercise"]
        labels = ", ".join(_field_label(exercise, f) for f in found["fields"])
        tier = (
            "possible risk: the client was asked directly"
            if found["tier"] == "check"
            else "crisis resources shown"
        )
        when = " before submitting (autosaved draft)" if found["source"] == "draft" else ""
        return (
            f"Possible crisis language in {_exercise_title(exercise)}{when}, in: {labels} "
            f"({tier}). Please review risk with the client promptly."
        )
    if kind == "overdue":
        return f"Overdue: {detail}"
    return detail


def _trap_names(ids: list[str]) -> str:
    try:
        from toolkit.reframing.taxonomy import load_traps

        names = {trap.id: trap.name for trap in load_traps().traps}
    except Exception:  # the names are a nicety; ids are still meaningful
        names = {}
    return ", ".join(names.get(i, i) for i in ids) or "none"


def _suggestions_html(suggestions: dict[str, Any]) -> str:
    """What the client was shown and used, for the therapist (all escaped)."""
    ideas = " / ".join(suggestions.get("ideas_used", [])) or "none"
    return (
        "<div class='cbt-ai'><strong>AI suggestions</strong> for "
        f"<q>{esc(suggestions.get('thought', ''))}</q><br>"
        f"Traps shown: {esc(_trap_names(suggestions.get('traps_shown', [])))}; "
        f"chosen by the client: {esc(_trap_names(suggestions.get('traps_chosen', [])))}<br>"
        f"Ideas used: {esc(ideas)}</div>"
    )


def _descendants(widgets: tuple[w.Widget, ...]) -> list[w.Widget]:
    """The widgets and everything inside them (containers' children)."""
    found: list[w.Widget] = []
    todo = list(widgets)
    while todo:
        widget = todo.pop()
        found.append(widget)
        todo.extend(getattr(widget, "children", ()))
    return found


class TherapistPage(PageSession):
    """One therapist's session on the page; every action re-checks the login session."""

    def __init__(self, store: Store | None = None, base_url: str = "") -> None:
        super().__init__()
        self._store = store
        self.base_url = base_url
        self.token = ""
        self.code = ""
        self.header = w.HTML('<header class="cbt-header"><h1>Therapist dashboard</h1></header>')
        self.login_box = self._login_view()
        self.main = w.VBox([])
        self.main.observe(self._on_main_replaced, "children")
        self.widget = w.VBox([self.header, self.messages, self.login_box, self.main])
        self.widget.add_class("cbt-page")
        self.widget.add_class("cbt-therapist")

    @property
    def store(self) -> Store:
        """The database, opened at the first login attempt (a page nobody logs in to holds no
        connection)."""
        if self._store is None:
            from toolkit.store import open_store

            self._store = open_store()
        return self._store

    # -- login --------------------------------------------------------------------------
    def _login_view(self) -> w.Widget:
        self.username = w.Text(description="Username", layout=w.Layout(width="22rem"))
        self.password = w.Password(description="Password", layout=w.Layout(width="22rem"))
        for box in (self.username, self.password):
            box.style.description_width = "initial"
            box.add_class("cbt-field")
        self.login_button = w.Button(description="Log in", button_style="primary", tooltip="Log in")
        self.login_button.on_click(self._on_login)
        view = w.VBox([self.username, self.password, self.login_button])
        view.add_class("cbt-login")
        return view

    @guarded
    def _on_login(self, _button: object = None) -> None:
        from toolkit.config import client_address
        from toolkit.store import LoginFailed, LoginThrottled

        username, password = self.username.value.strip(), self.password.value
        self.password.value = ""
        try:
            session = self.store.login(username, password, address=client_address())
        except LoginThrottled as wait:
            self.show_message(
                "warn", f"Too many wrong passwords. Please wait {wait.seconds} seconds."
            )
            return
        except LoginFailed:
            self.show_message("warn", "That username and password do not match.")
            return
        self.token = session.token
        self.clear_message()
        self.login_box.layout.display = "none"
        self._show_dashboard()

    def _me(self) -> Therapist | None:
        """The logged-in therapist, or ``None`` (and the login form) once the session ended."""
        from toolkit.store import SessionExpired

        try:
            return self.store.session(self.token)
        except SessionExpired:
            self._logged_out(
                "Your session ended after a while without activity. Please log in again."
            )
            return None

    def _logged_out(self, text: str) -> None:
        self.token, self.code = "", ""
        self.main.children = ()  # closes every widget of the dashboard (_on_main_replaced)
        self.username.value = ""
        self.login_box.layout.display = ""
        self.show_message("info", text)

    def _on_main_replaced(self, change: dict[str, Any]) -> None:
        """Close the widgets of the view that was replaced: a closed widget leaves the
        kernel's registry, so its state (names, answers, charts, links) can no longer be read
        back with the widget protocol, and its buttons no longer receive clicks."""
        kept = {id(x) for x in _descendants(change["new"])}
        for old in _descendants(change["old"]):
            if id(old) not in kept:
                old.close()

    @guarded
    def _on_logout(self, _button: object = None) -> None:
        self.store.logout(self.token)
        self._logged_out("You are logged out.")

    # -- dashboard ----------------------------------------------------------------------
    def _top_bar(self, me: Therapist, title: str) -> w.Widget:
        logout = w.Button(description="Log out", tooltip="Log out")
        logout.on_click(self._on_logout)
        bar = w.HBox(
            [
                w.HTML(
                    f'<p class="cbt-whoami">Logged in as <strong>{esc(me.username)}</strong></p>'
                ),
                logout,
            ]
        )
        bar.add_class("cbt-topbar")
        return w.VBox([bar, w.HTML(f"<h2>{esc(title)}</h2>")])

    @guarded
    def _show_dashboard(self, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        self.code = ""
        alerts = self.store.alerts(me)
        clients = self.store.clients(me)
        parts: list[w.Widget] = [self._top_bar(me, "Alerts")]
        parts.append(self._alerts_view(alerts))
        parts.append(w.HTML(f"<h2>Clients ({len(clients)})</h2>"))
        parts.append(self._open_client_view(clients))
        parts.append(w.HTML(self._clients_table(clients)))
        parts.append(self._add_client_view())
        self.main.children = tuple(parts)

    def _alerts_view(self, alerts: list[AlertInfo], *, open_buttons: bool = True) -> w.Widget:
        if not alerts:
            return w.HTML('<p class="cbt-quiet">No open alerts.</p>')
        rows: list[w.Widget] = []
        for alert in alerts:
            label = ALERT_LABELS.get(alert.kind, alert.kind)
            seen = w.Button(description="Mark as seen", tooltip=f"Mark alert {alert.id} as seen")
            seen.on_click(partial(self._on_ack, alert.id))
            show = w.Button(description=f"Open {alert.client_code}", tooltip="Open this client")
            show.on_click(partial(self._on_open, alert.client_code))
            kind = esc(alert.kind)
            text = w.HTML(
                f'<div class="cbt-alert cbt-alert-{kind}"><strong>{esc(label)}</strong> · '
                f"client <strong>{esc(alert.client_code)}</strong> · {esc(_when(alert.created))}"
                f"<br>{esc(_alert_text(alert.kind, alert.detail))}</div>"
            )
            row = w.HBox([text, show, seen] if open_buttons else [text, seen])
            row.add_class("cbt-alert-row")
            rows.append(row)
        return w.VBox(rows)

    def _clients_table(self, clients: list[ClientSummary]) -> str:
        if not clients:
            return '<p class="cbt-quiet">No clients yet. Add one below.</p>'
        head = (
            "<tr><th>Client</th><th>Last activity</th><th>PHQ-9</th><th>GAD-7</th>"
            "<th>Open tasks</th><th>Alerts</th></tr>"
        )
        body = []
        for c in clients:
            name = f" ({esc(c.display_name)})" if c.display_name else ""
            cells = [
                f"<td><strong>{esc(c.code)}</strong>{name}</td>",
                f"<td>{_when(c.last_activity)}</td>",
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
            flag = (
                f'<span class="cbt-flag">{c.unacknowledged_alerts}</span>'
                if c.unacknowledged_alerts
                else "0"
            )
            cells.append(f"<td>{flag}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<table class="cbt-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
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
            self._show_client(self.code)
        else:
            self._show_dashboard()

    @guarded
    def _on_open(self, code: str, _button: object = None) -> None:
        from toolkit.store import NotFound, PermissionDenied

        self.clear_message()
        try:
            self._show_client(code)
        except (NotFound, PermissionDenied):
            self.show_message("warn", f"There is no client {code} in your list.")

    # -- one client ---------------------------------------------------------------------
    def _show_client(self, code: str) -> None:
        me = self._me()
        if me is None:
            return
        self.code = code
        info = self.store.client(me, code)
        back = w.Button(
            description="Back to all clients",
            tooltip="Back to all clients",
            layout=w.Layout(width="auto"),
        )
        back.on_click(self._show_dashboard)
        title = f"Client {code}" + (f" — {info.display_name}" if info.display_name else "")
        parts: list[w.Widget] = [self._top_bar(me, title), w.HBox([back])]
        alerts = [a for a in self.store.alerts(me) if a.client_code == code]
        if alerts:
            parts += [w.HTML("<h3>Alerts</h3>"), self._alerts_view(alerts, open_buttons=False)]
        ai = w.Checkbox(
            value=info.ai_help, description="AI suggestions on for this client", indent=False
        )
        ai.observe(lambda change: self._on_ai_help(code, change["new"]), "value")
        parts.append(ai)
        timeline = self.store.timeline(me, code)
        parts.append(self._progress_view(me, code, timeline))
        parts.append(self._assign_view(code))
        parts.append(self._assignments_view(me, code))
        parts.append(self._timeline_view(timeline))
        parts.append(self._export_view(code))
        parts.append(self._erase_view(code))
        self.main.children = tuple(parts)

    @guarded
    def _on_ai_help(self, code: str, enabled: bool) -> None:
        me = self._me()
        if me is None:
            return
        self.store.set_ai_help(me, code, enabled)
        self.show_message("ok", f"AI suggestions {'on' if enabled else 'off'} for {code}.")

    def _progress_view(
        self, me: Therapist, code: str, timeline: list[SubmissionRecord]
    ) -> w.Widget:
        from toolkit import charts
        from toolkit.scoring import iapt_outcome, measure_spec, reliable_change

        from .plot import figure_output

        parts: list[w.Widget] = [w.HTML("<h3>Progress</h3>")]
        measured = [m for m in TRACKED if any(s.exercise_id == m for s in timeline)]
        series: dict[str, list[tuple[dt.datetime, int]]] = {}
        for measure in measured:
            points = self.store.measure_series(me, code, measure)
            if not points:
                continue
            series[measure] = points
            spec = measure_spec(measure)
            first = points[0][1]
            marks: list[str] = []
            for _moment, total in points:
                try:
                    marks.append(reliable_change(measure, before=first, after=total))
                except (ValueError, KeyError):
                    marks.append("")
            cutoff = (
                spec.cutoff.min if spec.cutoff is not None and spec.cutoff.min is not None else None
            )
            figure = charts.measure_trajectory(
                [(when.date(), total) for when, total in points],
                title=f"{spec.short_title} over time",
                y_label=f"{spec.short_title} total",
                y_max=max(b.max for b in spec.bands) if spec.bands else None,
                bands=[(b.min, b.max, b.label) for b in spec.bands],
                cutoff=cutoff,
                reliable=marks,
            )
            parts.append(figure_output(figure))
            if spec.reliable_change is not None:
                verdict = None
                if spec.reliable_change.sd is not None and len(points) > 1:
                    verdict = reliable_change(measure, first, points[-1][1], method="rci")
                parts.append(_reliable_rule_note(spec.short_title, spec.reliable_change, verdict))
            parts += self._subscale_views(spec, timeline)
        if "phq9" in series and "gad7" in series:
            phq, gad = series["phq9"], series["gad7"]
            outcome = iapt_outcome(phq9=(phq[0][1], phq[-1][1]), gad7=(gad[0][1], gad[-1][1]))
            flags = [
                ("Case at start", "yes" if outcome.case_at_start else "no"),
                ("Recovery", outcome.recovery_status),
                ("Reliable improvement", "yes" if outcome.reliable_improvement else "no"),
                ("Reliable recovery", outcome.reliable_recovery_status),
                ("Reliable deterioration", "yes" if outcome.reliable_deterioration else "no"),
            ]
            items = "".join(f"<li>{name}: <strong>{v}</strong></li>" for name, v in flags)
            if not outcome.case_at_start:
                items += (
                    "<li class='cbt-quiet'>Recovery applies only to a client who was a case "
                    "(PHQ-9 ≥ 10 or GAD-7 ≥ 8) at the start.</li>"
                )
            parts.append(
                w.HTML(
                    "<h4>NHS Talking Therapies outcome (first vs latest PHQ-9 and GAD-7)</h4>"
                    f"<ul class='cbt-outcome'>{items}</ul>"
                )
            )
        traps: dict[str, int] = {}
        for record in timeline:
            suggestions = (record.extra or {}).get("ai_suggestions") or {}
            for trap in suggestions.get("traps_chosen", []):
                traps[trap] = traps.get(trap, 0) + 1
        if traps:
            parts.append(figure_output(charts.trap_frequency(traps)))
        if len(parts) == 1:
            parts.append(w.HTML('<p class="cbt-quiet">No scores yet.</p>'))
        return w.VBox(parts)

    @staticmethod
    def _subscale_views(spec: Any, timeline: list[SubmissionRecord]) -> list[w.Widget]:
        """One chart per subscale that declares a reliable-change rule (DASS-21), with markers."""
        from toolkit import charts
        from toolkit.scoring import ScoringError, reliable_change, score

        from .plot import figure_output

        rated = [sub for sub in spec.subscales if sub.reliable_change is not None]
        if not rated:
            return []
        records = sorted(
            (r for r in timeline if r.exercise_id == spec.id), key=lambda r: r.submitted_at
        )
        scored: list[tuple[dt.datetime, Any]] = []
        for record in records:
            try:
                scored.append((record.submitted_at, score(spec.id, record.answers).subscales))
            except (ScoringError, KeyError):
                continue
        views: list[w.Widget] = []
        for sub in rated:
            points = [(when.date(), subs[sub.id].total) for when, subs in scored]
            if not points:
                continue
            first = points[0][1]
            marks = [
                reliable_change(spec.id, first, total, subscale=sub.id) for _day, total in points
            ]
            figure = charts.measure_trajectory(
                points,
                title=f"{spec.short_title} {sub.title.lower()} over time",
                y_label=f"{sub.title} score",
                y_max=max(b.max for b in sub.bands) if sub.bands else None,
                bands=[(b.min, b.max, b.label) for b in sub.bands],
                reliable=marks,
            )
            views.append(figure_output(figure))
            views.append(
                _reliable_rule_note(f"{spec.short_title} {sub.title.lower()}", sub.reliable_change)
            )
        return views

    def _assign_view(self, code: str) -> w.Widget:
        exercises = catalog()
        options = sorted(
            ((_assign_label(e.id), e.id) for e in exercises.values()), key=lambda o: o[0].lower()
        )
        chooser = w.SelectMultiple(options=options, description="Exercises", rows=8)
        due = w.DatePicker(description="Due date (optional)")
        every = w.BoundedIntText(
            value=0, min=0, max=365, description="Repeat every N days (0: once)"
        )
        note = w.Textarea(
            description="Note for the client (optional)", layout=w.Layout(width="100%")
        )
        for box in (chooser, due, every, note):
            box.style.description_width = "initial"
            box.add_class("cbt-field")
        create = w.Button(description="Create link", button_style="primary", tooltip="Create link")
        intake = w.Button(
            description="Assign the intake bundle", tooltip="Assign the intake bundle"
        )
        self.link_box = w.VBox([])

        def on_create(_button: object) -> None:
            self._on_assign(code, list(chooser.value), due.value, every.value, note.value)

        def on_intake(_button: object) -> None:
            bundle = [e for e in INTAKE_BUNDLE if e in exercises]
            self._on_assign(code, bundle, due.value, 0, note.value)

        create.on_click(on_create)
        intake.on_click(on_intake)
        card = w.VBox(
            [
                w.HTML("<h3>Assign</h3>"),
                chooser,
                due,
                every,
                note,
                w.HBox([create, intake]),
                self.link_box,
            ]
        )
        card.add_class("cbt-card")
        return card

    def _show_link(self, url: str) -> None:
        field = w.Text(
            value=url, description="Client link (copy it now)", layout=w.Layout(width="100%")
        )
        field.style.description_width = "initial"
        field.add_class("cbt-link")
        self.link_box.children = (
            field,
            w.HTML(
                '<p class="cbt-quiet">Send this link to the client by a channel you trust. It is '
                "shown only once; create a new link if it gets lost.</p>"
            ),
        )

    @guarded
    def _on_assign(
        self, code: str, exercise_ids: list[str], due: dt.date | None, every: int, note: str
    ) -> None:
        from toolkit.store import StoreError

        me = self._me()
        if me is None:
            return
        if not exercise_ids:
            self.show_message("warn", "Choose at least one exercise to assign.")
            return
        try:
            issued = self.store.assign(
                me,
                code,
                exercise_ids,
                instructions=note.strip() or None,
                due=due,
                every_days=every or None,
            )
        except StoreError as exc:
            self.show_message("warn", str(exc))
            return
        self._show_client(code)
        self._show_link(issued.url(self.base_url or DEFAULT_BASE_URL))
        supervised = [
            e for e in exercise_ids if _assign_label(e).endswith(f"({CLINICIAN_SUPERVISED})")
        ]
        extra = (
            f" {', '.join(_exercise_title(e) for e in supervised)} is {CLINICIAN_SUPERVISED}: "
            "go through it with the client, as its terms ask."
            if supervised
            else ""
        )
        self.show_message(
            "ok", "Assignment created. Copy the link below and send it to the client." + extra
        )

    def _assignments_view(self, me: Therapist, code: str) -> w.Widget:
        assignments = self.store.assignments(me, code)
        rows: list[w.Widget] = [w.HTML("<h3>Assignments</h3>")]
        if not assignments:
            rows.append(w.HTML('<p class="cbt-quiet">Nothing assigned yet.</p>'))
        for a in assignments:
            titles = ", ".join(_exercise_title(e) for e in a.exercise_ids)
            due = f", due {a.due:%d %b %Y}" if a.due else ""
            repeat = f", every {a.every_days} days" if a.every_days else ""
            text = w.HTML(
                f'<div class="cbt-assignment-row"><strong>{esc(titles)}</strong> — '
                f"{esc(a.status)}{due}{repeat}; created {_when(a.created)}</div>"
            )
            buttons: list[w.Widget] = []
            if a.status == "open":
                revoke = w.Button(description="Revoke", tooltip=f"Revoke assignment {a.id}")
                revoke.on_click(partial(self._on_revoke, a.id))
                resend = w.Button(description="New link", tooltip=f"New link for assignment {a.id}")
                resend.on_click(partial(self._on_resend, a.id))
                buttons = [resend, revoke]
            rows.append(w.HBox([text, *buttons]))
        box = w.VBox(rows)
        box.add_class("cbt-card")
        return box

    @guarded
    def _on_revoke(self, assignment_id: int, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        self.store.revoke(me, assignment_id)
        self._show_client(self.code)
        self.show_message("ok", "The link is revoked: it no longer opens anything.")

    @guarded
    def _on_resend(self, assignment_id: int, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        issued = self.store.resend(me, assignment_id)
        self._show_client(self.code)
        self._show_link(issued.url(self.base_url or DEFAULT_BASE_URL))
        self.show_message("ok", "A new link was made; the old one no longer works.")

    def _timeline_view(self, timeline: list[SubmissionRecord]) -> w.Widget:
        """The newest submissions first, a page at a time (a year of weekly measures would
        otherwise put hundreds of widgets on the page at once)."""
        newest = sorted(timeline, key=lambda r: r.submitted_at, reverse=True)
        heading = w.HTML(f"<h3>Submissions ({len(newest)})</h3>")
        cards = w.VBox([self._submission_view(r) for r in newest[:TIMELINE_PAGE]])
        more = w.Button(
            description="Show older submissions",
            tooltip="Show older submissions",
            layout=w.Layout(width="auto"),
        )

        def show_more(_button: object) -> None:
            if self._me() is None:
                return
            shown = len(cards.children)
            cards.children = (
                *cards.children,
                *(self._submission_view(r) for r in newest[shown : shown + TIMELINE_PAGE]),
            )
            more.layout.display = "none" if len(cards.children) >= len(newest) else ""

        more.on_click(show_more)
        more.layout.display = "none" if len(newest) <= TIMELINE_PAGE else ""
        parts: list[w.Widget] = [heading, cards, more]
        if not newest:
            parts.insert(1, w.HTML('<p class="cbt-quiet">Nothing submitted yet.</p>'))
        return w.VBox(parts)

    def _submission_view(self, record: SubmissionRecord) -> w.Widget:
        try:
            spec = load_exercise(record.exercise_id)
        except KeyError:
            spec = None
        title = _exercise_title(record.exercise_id)
        score = f" — {record.total} ({esc(record.band or '')})" if record.total is not None else ""
        flags = "".join(f' <span class="cbt-flag">{esc(a)}</span>' for a in record.alerts)
        flags += crisis_mark(record.extra)
        body = [
            f"<h4>{esc(title)}{score}{flags}</h4>",
            f"<p class='cbt-quiet'>{_when(record.submitted_at)}</p>",
        ]
        if isinstance(spec, Worksheet):
            body.append("<dl class='cbt-answers'>")
            for field in spec.fields:
                text = as_text(field, record.answers.get(field.id))
                body.append(f"<dt>{esc(field.label)}</dt><dd>{paragraphs(text)}</dd>")
            body.append("</dl>")
        elif isinstance(spec, Questionnaire):
            body.append("<ol class='cbt-item-answers'>")
            for item in spec.items:
                value = record.answers.get(item.id)
                labels = {o.value: o.label for o in spec.options_for(item)}
                chosen = labels.get(value, "—") if isinstance(value, int | str) else "—"
                body.append(f"<li>{esc(item.text)}: <strong>{esc(chosen)}</strong></li>")
            body.append("</ol>")
        suggestions = (record.extra or {}).get("ai_suggestions")
        if suggestions:
            body.append(_suggestions_html(suggestions))
        for comment in record.comments:
            body.append(
                f"<div class='cbt-comment'><strong>{esc(comment.author)}</strong> "
                f"({_when(comment.created)}): {paragraphs(comment.body)}</div>"
            )
        note = w.Textarea(description=f"Comment on {title}", layout=w.Layout(width="100%"))
        note.style.description_width = "initial"
        note.add_class("cbt-field")
        add = w.Button(description="Add comment", tooltip=f"Add comment to {title}")
        add.on_click(lambda _b: self._on_comment(record.response_id, note.value))
        card = w.VBox([w.HTML("".join(body)), note, add])
        card.add_class("cbt-card")
        return card

    @guarded
    def _on_comment(self, response_id: int, text: str) -> None:
        me = self._me()
        if me is None:
            return
        if not text.strip():
            self.show_message("warn", "Write a comment first.")
            return
        self.store.add_comment(me, response_id, text.strip())
        self._show_client(self.code)
        self.show_message("ok", "Comment saved.")

    def _export_view(self, code: str) -> w.Widget:
        button = w.Button(description="Prepare export", tooltip="Prepare export")
        links = w.HTML("")
        button.on_click(lambda _b: self._on_export(code, links))
        box = w.VBox([w.HTML("<h3>Export</h3>"), button, links])
        box.add_class("cbt-card")
        return box

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
                    "<h3>Erase</h3><p>Deletes this client and everything they sent, for good "
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


def _reliable_rule_note(name: str, rule: Any, index_verdict: str | None = None) -> w.HTML:
    """Which reliable-change rule the chart's markers use (from the measure file)."""
    if rule.threshold is not None:
        how = f"a change of {rule.threshold} points or more from the first score"
    else:
        how = "the reliable change index (Jacobson & Truax 1991) from the first score"
    if rule.sd is not None:
        index = f"SD {rule.sd:g}, r {rule.r:g}"
        how += f" ({index})" if rule.threshold is None else ""
        if rule.threshold is not None and index_verdict is not None:
            how += f"; by the reliable change index ({index}), first to latest: {index_verdict}"
    return w.HTML(
        f'<p class="cbt-quiet cbt-reliable-rule">{esc(name)} markers: reliable change is '
        f"{esc(how)}.</p>"
    )
