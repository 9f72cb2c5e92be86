"""The ``cbt`` command line. Errors go to stderr as one line, with a non-zero exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from toolkit.config import Settings


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from toolkit.server import serve

    pool_size = settings.pool_size if args.pool_size is None else args.pool_size
    return serve(args.host or settings.host, args.port or settings.port, pool_size)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cbt`` (one sub-command per task)."""
    parser = argparse.ArgumentParser(prog="cbt", description="cbt-toolkit: CBT exercises in Voila.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the client, therapist and learn pages")
    serve.add_argument("--host", default="", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port (default 8866)")
    serve.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="preheated kernels per page (default 1, or CBT_POOL_SIZE; 0 starts a kernel "
        "per page view)",
    )
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cbt`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    try:
        return int(args.handler(args, settings))
    except CommandError as exc:
        print(f"cbt: {exc}", file=sys.stderr)  # noqa: T201
        return 1


if __name__ == "__main__":
    sys.exit(main())
