"""The clinic's time zone (``CBT_TIMEZONE``): which calendar day it is for due dates, overdue
alerts, reminders and every date a therapist or client sees.

The store keeps every moment in UTC; a *day* (a due date, "overdue", "due tomorrow") is a day
of the clinic's calendar. Without ``CBT_TIMEZONE`` the server's own zone is used.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")


class UnknownTimeZoneError(ValueError):
    """``CBT_TIMEZONE`` names no zone of the IANA database."""


def zone_named(name: str) -> dt.tzinfo:
    """The IANA zone ``name`` (``"Europe/London"``; ``"UTC"``).

    >>> zone_named("Europe/London").utcoffset(dt.datetime(2026, 7, 1))
    datetime.timedelta(seconds=3600)
    """
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZoneError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/London)"
        ) from None


def server_zone() -> dt.tzinfo:
    """The server's own zone: ``TZ``, else the zone ``/etc/localtime`` points at, else the
    fixed offset the system reports now."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        target = str(LOCALTIME.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


def clinic_zone(name: str | None = None) -> dt.tzinfo:
    """The clinic's zone: ``name``, else ``CBT_TIMEZONE`` (the ``Settings`` object), else
    :func:`server_zone`."""
    if name is None:
        from toolkit.config import current

        name = current().timezone
    return zone_named(name) if name.strip() else server_zone()


def zone_label(zone: dt.tzinfo) -> str:
    """How a zone is named on screen and in reports (``Europe/London``, ``UTC+02:00``)."""
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    offset = zone.utcoffset(None) or dt.timedelta(0)
    return "UTC" if offset == dt.timedelta(0) else f"UTC{_offset(offset)}"


def _offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The clinic's calendar day of an aware moment.

    >>> london = zone_named("Europe/London")
    >>> local_day(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), london)
    datetime.date(2026, 7, 1)
    """
    return moment.astimezone(zone).date()


def start_of_day(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The first moment (UTC) of the clinic's calendar day ``day``.

    >>> start_of_day(dt.date(2026, 7, 1), zone_named("Europe/London"))
    datetime.datetime(2026, 6, 30, 23, 0, tzinfo=datetime.timezone.utc)
    """
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).astimezone(dt.UTC)
