"""The ``cbt`` command line. Errors go to stderr as one line, with a non-zero exit.

Every command that writes does so in transactions of the store: a failing command leaves
nothing half-written. The commands that touch client data act as the operator ``cli`` in the
audit log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.config import DEFAULT_BASE_URL, Settings, SettingsError

if TYPE_CHECKING:
    from toolkit.mail import Mailer
    from toolkit.store import Operator, Store


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.server import serve

    _check_schema(settings)
    return serve(settings)


def _settings(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.config import describe, markdown_table

    sys.stdout.write(markdown_table() if args.markdown else describe(settings))
    return 0


def _check_schema(settings: Settings) -> None:
    """Refuse to serve a database whose schema is not this release's (``cbt db upgrade``).

    A database that does not exist yet, or is empty, is fine: the first page creates it.
    """
    from toolkit.store import StoreError
    from toolkit.store.admin import schema_state

    try:
        state = schema_state(settings.database_url)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    problem = state.problem() if state is not None else None
    if problem is not None:
        raise CommandError(problem)


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.store import StoreError
    from toolkit.store.admin import upgrade_database

    try:
        before, after = upgrade_database(settings.database_url)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    if before == after:
        print(f"the database is at revision {after} already; nothing to do")  # noqa: T201
    else:
        print(f"the database was upgraded from {before or 'no revision'} to {after}")  # noqa: T201
    return 0


def _db_current(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.store import StoreError
    from toolkit.store.admin import HEAD_REVISION, schema_state

    try:
        state = schema_state(settings.database_url)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    if state is None:
        print(f"revision: none (no database yet); this release: {HEAD_REVISION}")  # noqa: T201
        return 0
    shown = {"empty": "none (empty database)", "unversioned": "none (made before migrations)"}
    revision = shown.get(state.kind) or ", ".join(state.revisions)
    print(f"revision: {revision}; this release: {HEAD_REVISION}")  # noqa: T201
    problem = state.problem()
    if problem is not None:
        print(problem)  # noqa: T201
    return 0


class _Clock:
    """The store's clock: real time, unless the demo seeder moves it back."""

    def __init__(self) -> None:
        self.fixed: dt.datetime | None = None

    def __call__(self) -> dt.datetime:
        return self.fixed or dt.datetime.now(dt.UTC)

    def set(self, moment: dt.datetime) -> None:
        self.fixed = moment


def _operator(store: Store, args: argparse.Namespace) -> Operator:
    """The command line as operator, scoped to ``--therapist`` when given.

    Client codes are unique per therapist only: without ``--therapist`` a code must name one
    client in the whole database (a code two therapists use is refused, naming them).
    """
    from toolkit.store import CLI

    therapist = getattr(args, "therapist", None)
    if therapist:
        store.therapist(therapist)  # NotFound: "no therapist named …"
    return CLI.scoped(therapist or None)


def _open(settings: Settings, clock: _Clock | None = None) -> Store:
    from toolkit.store import StoreError, open_store

    try:
        return open_store(settings=settings, clock=clock)
    except StoreError as exc:
        raise CommandError(str(exc)) from None


def _run(settings: Settings, work: Callable[[Store], int], *, clock: _Clock | None = None) -> int:
    """Open the store, run ``work(store)``, close it; store errors become one-line errors."""
    from toolkit.store import AmbiguousClient, StoreError

    store = _open(settings, clock)
    try:
        return work(store)
    except AmbiguousClient as exc:
        raise CommandError(f"{exc} with --therapist USER") from None
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.store.demo import DEMO_USER, seed_demo

    clock = _Clock()

    def work(store: Store) -> int:
        password = seed_demo(store, clock.set, dt.datetime.now(dt.UTC))
        if password is None:
            print(f"The demo data exists already (therapist {DEMO_USER!r}); nothing changed.")  # noqa: T201
            return 0
        print(f"Demo therapist: {DEMO_USER}")  # noqa: T201
        print(f"Password (shown only now): {password}")  # noqa: T201
        print("Five demo clients with twelve weeks of history were added.")  # noqa: T201
        return 0

    status = _run(settings, work, clock=clock)
    print(f"Database: {database_label(settings.database_url)}")  # noqa: T201
    print(  # noqa: T201
        "Next: start the server (make run, or .venv/bin/cbt serve) and open "
        + therapist_url(settings)
    )
    return status


def database_label(url: str) -> str:
    """Where the database is, for people (:func:`toolkit.store.admin.database_label`)."""
    from toolkit.store.admin import database_label as label

    return label(url)


def therapist_url(settings: Settings) -> str:
    """The address of the therapist page (``CBT_BASE_URL``, else the host and port served)."""
    base = settings.base_url or f"http://{settings.host}:{settings.port}"
    return f"{base}/voila/render/therapist.ipynb"


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise CommandError("no password on standard input")
    return password


def _therapist_add(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password()

    def work(store: Store) -> int:
        store.add_therapist(args.username, password)
        print(f"therapist {args.username} added")  # noqa: T201
        return 0

    return _run(settings, work)


def _therapist_reset_password(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password()

    def work(store: Store) -> int:
        store.reset_password(args.username, password)
        print(f"password of {args.username} changed; their login sessions ended")  # noqa: T201
        return 0

    return _run(settings, work)


def _therapist_list(args: argparse.Namespace, settings: Settings) -> int:
    def work(store: Store) -> int:
        accounts = store.therapists()
        if not accounts:
            print("no therapist accounts yet (cbt therapist add USER --password-stdin)")  # noqa: T201
            return 0
        width = max(len("USER"), *(len(a.username) for a in accounts))
        print(f"{'USER':<{width}}  CLIENTS  CREATED")  # noqa: T201
        for account in accounts:
            created = account.created.date().isoformat()
            print(f"{account.username:<{width}}  {account.clients:>7}  {created}")  # noqa: T201
        return 0

    return _run(settings, work)


def _client_add(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.store import CLI

    def work(store: Store) -> int:
        store.add_client(
            CLI,
            args.code,
            therapist=args.therapist,
            display_name=args.name or None,
            ai_help=not args.no_ai_help,
            email=args.email or None,
        )
        print(f"client {args.code} added for {args.therapist}")  # noqa: T201
        return 0

    return _run(settings, work)


def _client_set_email(args: argparse.Namespace, settings: Settings) -> int:
    def work(store: Store) -> int:
        store.set_client_email(_operator(store, args), args.code, args.address or None)
        state = "set" if args.address else "removed"
        print(f"e-mail address of {args.code} {state}")  # noqa: T201
        return 0

    return _run(settings, work)


def _mailer() -> Mailer:
    from toolkit.mail import MailError, configured_mailer

    try:
        mailer = configured_mailer()
    except MailError as exc:
        raise CommandError(str(exc)) from None
    if mailer is None:
        raise CommandError("mail is not configured (set CBT_SMTP_URL and CBT_MAIL_FROM)")
    return mailer


def _remind(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.mail import MailError

    mailer = _mailer()

    def work(store: Store) -> int:
        failed = 0
        for reminder in store.pending_reminders():
            if not store.claim_reminder(reminder.assignment_id, reminder.kind):
                continue  # another run sent it a moment ago
            try:
                mailer.send_reminder(reminder.email, reminder.kind, reminder.due)
            except (MailError, ValueError) as exc:
                store.release_reminder(reminder.assignment_id, reminder.kind)
                failed += 1
                print(f"cbt: reminder for {reminder.client_code} not sent: {exc}", file=sys.stderr)  # noqa: T201
                continue
            words = reminder.kind.replace("_", " ")
            print(f"reminded {reminder.client_code}: {words} (due {reminder.due})")  # noqa: T201
        return 1 if failed else 0

    return _run(settings, work)


def _assign(args: argparse.Namespace, settings: Settings) -> int:
    mailer = _mailer() if args.email else None

    def work(store: Store) -> int:
        operator = _operator(store, args)
        address = store.client(operator, args.code).email if mailer else None
        if mailer is not None and not address:
            raise CommandError(f"client {args.code} has no e-mail address (cbt client set-email)")
        issued = store.assign(
            operator,
            args.code,
            args.exercise_ids,
            instructions=args.instructions or None,
            due=args.due,
            every_days=args.every,
        )
        link = issued.url(args.base_url or settings.base_url or DEFAULT_BASE_URL)
        if mailer is not None and address:
            from toolkit.mail import MailError

            try:
                mailer.send_link(address, link)
            except MailError as exc:
                store.revoke(operator, issued.assignment.id)
                raise CommandError(f"{exc}; the assignment was revoked") from None
        print(link)  # noqa: T201
        return 0

    return _run(settings, work)


def _write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` owner-only, all at once (a temporary file, then a
    rename); text as UTF-8."""
    try:
        target = path.expanduser().resolve()
    except (OSError, ValueError, RuntimeError) as exc:
        raise CommandError(f"cannot write to {str(path)!r}: {exc}") from None
    if not target.parent.is_dir():
        raise CommandError(f"folder {target.parent} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".cbt-export-")
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o600)  # noqa: PTH101 (a path from mkstemp, by name)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.store.exports import client_csv, client_fhir, client_json

    def work(store: Store) -> int:
        data = store.export_client(_operator(store, args), args.code)
        if args.format == "json":
            text = client_json(data)
        elif args.format == "csv":
            text = client_csv(data)
        else:
            text = json.dumps(client_fhir(data), ensure_ascii=False, indent=2) + "\n"
        if args.out:
            try:
                _write_atomically(Path(args.out), text)
            except OSError as exc:
                raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
        else:
            sys.stdout.write(text)
        return 0

    return _run(settings, work)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.report import render_report_pdf

    def work(store: Store) -> int:
        pdf = render_report_pdf(store, _operator(store, args), args.code)
        try:
            _write_atomically(Path(args.out), pdf)
        except OSError as exc:
            raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
        return 0

    return _run(settings, work)


def _class_create(args: argparse.Namespace, settings: Settings) -> int:
    def work(store: Store) -> int:
        created = store.create_class(args.name)
        print(created.code)  # noqa: T201
        # the educator key is stored only as a hash: this is the one time it can be shown
        print(f"educator key (keep it to yourself): {created.educator_key}")  # noqa: T201
        return 0

    return _run(settings, work)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if not 1 <= days <= 366:
        raise argparse.ArgumentTypeError("a number of days from 1 to 366")
    return days


def _add_therapist_commands(commands: Any) -> None:
    """``cbt therapist add | reset-password | list``."""
    therapist = commands.add_parser("therapist", help="therapist accounts")
    therapist_commands = therapist.add_subparsers(dest="action", required=True, metavar="ACTION")
    therapist_add = therapist_commands.add_parser("add", help="add a therapist account")
    therapist_add.add_argument("username", metavar="USER")
    therapist_add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from the first line of standard input (never an argument)",
    )
    therapist_add.set_defaults(handler=_therapist_add)
    therapist_reset = therapist_commands.add_parser(
        "reset-password", help="set a new password; ends the therapist's login sessions"
    )
    therapist_reset.add_argument("username", metavar="USER")
    therapist_reset.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the new password from the first line of standard input",
    )
    therapist_reset.set_defaults(handler=_therapist_reset_password)
    therapist_list = therapist_commands.add_parser(
        "list", help="list therapist accounts and their number of clients"
    )
    therapist_list.set_defaults(handler=_therapist_list)


def _add_mail_and_report_commands(commands: Any) -> None:
    """``cbt remind`` and ``cbt report``."""
    remind = commands.add_parser(
        "remind", help="e-mail due-tomorrow and overdue reminders, each once (for cron)"
    )
    remind.set_defaults(handler=_remind)

    report = commands.add_parser("report", help="write a client's progress report as a PDF")
    report.add_argument("code", metavar="CODE")
    report.add_argument(
        "--therapist",
        metavar="USER",
        help="whose client CODE is (needed when two therapists use the same code)",
    )
    report.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write it")
    report.set_defaults(handler=_report)


def _add_db_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    database = commands.add_parser("db", help="the database schema (Alembic migrations)")
    db_commands = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    db_upgrade = db_commands.add_parser(
        "upgrade", help="bring the database to this release's schema (back it up first)"
    )
    db_upgrade.set_defaults(handler=_db_upgrade)
    db_current = db_commands.add_parser(
        "current", help="show the database's schema revision and this release's"
    )
    db_current.set_defaults(handler=_db_current)


def _add_settings_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = commands.add_parser(
        "settings", help="every option with its help text and current value (secrets hidden)"
    )
    settings.add_argument(
        "--markdown", action="store_true", help="print README.md's configuration table instead"
    )
    settings.set_defaults(handler=_settings)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cbt`` (one sub-command per task)."""
    parser = argparse.ArgumentParser(prog="cbt", description="cbt-toolkit: CBT exercises in Voila.")
    parser.set_defaults(overrides=())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the client, therapist and learn pages")
    serve.add_argument("--host", help="address to listen on (default: CBT_HOST, else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: CBT_PORT, else 8866)")
    serve.add_argument(
        "--pool-size",
        type=int,
        help="preheated kernels per page (default: CBT_POOL_SIZE, else 0: a kernel per page view)",
    )
    serve.set_defaults(handler=_serve, overrides=("host", "port", "pool_size"))

    _add_settings_command(commands)

    demo = commands.add_parser("demo", help="seed a demo therapist, clients and history")
    demo.set_defaults(handler=_demo)

    _add_therapist_commands(commands)

    client = commands.add_parser("client", help="clients (pseudonymous codes)")
    client_commands = client.add_subparsers(dest="action", required=True, metavar="ACTION")
    client_add = client_commands.add_parser("add", help="add a client under a code")
    client_add.add_argument("code", metavar="CODE")
    client_add.add_argument("--therapist", required=True, metavar="USER")
    client_add.add_argument("--name", default="", help="optional display name (encrypted)")
    client_add.add_argument(
        "--no-ai-help", action="store_true", help="switch AI suggestions off for this client"
    )
    client_add.add_argument(
        "--email", default="", metavar="ADDRESS", help="optional address for links (encrypted)"
    )
    client_add.set_defaults(handler=_client_add)
    client_email = client_commands.add_parser(
        "set-email", help="set a client's e-mail address (leave it out to remove it)"
    )
    client_email.add_argument("code", metavar="CODE")
    client_email.add_argument(
        "--therapist",
        metavar="USER",
        help="whose client CODE is (needed when two therapists use the same code)",
    )
    client_email.add_argument("address", nargs="?", default="", metavar="ADDRESS")
    client_email.set_defaults(handler=_client_set_email)

    assign = commands.add_parser("assign", help="assign exercises; prints the client's link")
    assign.add_argument("code", metavar="CODE")
    assign.add_argument(
        "--therapist",
        metavar="USER",
        help="whose client CODE is (needed when two therapists use the same code)",
    )
    assign.add_argument(
        "exercise_ids", nargs="+", metavar="EXERCISE_ID", help="one or more (a bundle)"
    )
    assign.add_argument("--due", type=_date, help="due date, YYYY-MM-DD")
    assign.add_argument(
        "--every", type=_days, metavar="DAYS", help="repeat every DAYS days (same link)"
    )
    assign.add_argument(
        "--base-url",
        metavar="URL",
        help=f"where clients reach the server (default: CBT_BASE_URL, else {DEFAULT_BASE_URL})",
    )
    assign.add_argument("--instructions", default="", metavar="TEXT", help="a note to the client")
    assign.add_argument(
        "--email",
        action="store_true",
        help="also e-mail the link to the client's address (needs CBT_SMTP_URL)",
    )
    assign.set_defaults(handler=_assign)

    export = commands.add_parser("export", help="export everything stored about a client")
    export.add_argument("code", metavar="CODE")
    export.add_argument(
        "--therapist",
        metavar="USER",
        help="whose client CODE is (needed when two therapists use the same code)",
    )
    export.add_argument("--format", choices=("json", "csv", "fhir"), required=True)
    export.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    export.set_defaults(handler=_export)

    _add_mail_and_report_commands(commands)

    _add_db_commands(commands)

    classes = commands.add_parser("class", help="classes for the learn page quiz")
    class_commands = classes.add_subparsers(dest="action", required=True, metavar="ACTION")
    class_create = class_commands.add_parser(
        "create", help="create a class; prints its code, then the educator key"
    )
    class_create.add_argument("name", metavar="NAME")
    class_create.set_defaults(handler=_class_create)
    return parser


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings a command runs with: the environment, then the command's flags (a flag
    that was not given is ``None`` and changes nothing)."""
    settings = Settings.from_env()
    return settings.replace(**{name: getattr(args, name) for name in args.overrides})


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cbt`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_for(args)
    except SettingsError as exc:
        print(f"cbt: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    try:
        return int(args.handler(args, settings))
    except CommandError as exc:
        print(f"cbt: {exc}", file=sys.stderr)  # noqa: T201
        return 1


if __name__ == "__main__":
    sys.exit(main())
