"""``cbt serve``: Voila over the public dashboards, configured for privacy and speed."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from toolkit.config import Settings
from toolkit.paths import dashboards_dir

TEMPLATE_ROOT = Path(__file__).resolve().parent / "jupyter"
PAGES = {
    "Client (practice a thought record)": "voila/render/client.ipynb?exercise=thought_record",
    "Therapist": "voila/render/therapist.ipynb",
    "Learn": "voila/render/learn.ipynb",
}


def voila_command(
    host: str,
    port: int,
    *,
    folder: Path | None = None,
    pool_size: int = 0,
    cull_idle_seconds: int = 1200,
) -> list[str]:
    """The Voila command line ``cbt serve`` runs.

    - serves a folder holding only the public pages (Voila executes any notebook it can see);
    - our template, which loads nothing from other hosts;
    - tracebacks off (they leak paths and messages);
    - idle kernels are culled, also while their page is still open (the page saved its
      draft long before; see ``CBT_IDLE_MINUTES``);
    - the kernel cap, rate limit and headers of :mod:`toolkit.serverapp` (the ``cbt-voila``
      console script is Voila with those added);
    - with ``pool_size`` > 0, each page keeps that many kernels preheated: the notebook's
      imports have run before a visitor arrives, and the page waits only for its query string.
    """
    voila = shutil.which("cbt-voila", path=str(Path(sys.executable).parent)) or "cbt-voila"
    command = [
        voila,
        str(folder or dashboards_dir()),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
        "--template=cbt",
        "--theme=light",
        "--show_tracebacks=False",
        # a visitor may not switch to a stock template (which links a CDN) or theme
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--strip_sources=True",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=True",
        # a kernel gets 3 s to stop cleanly before it is killed (SIGTERM stops in < 10 s)
        "--KernelManager.shutdown_wait_time=3",
        "--ServerApp.log_level=WARN",
        # kernels talk over owner-only Unix sockets, not loopback TCP ports
        "--KernelManager.transport=ipc",
    ]
    if pool_size > 0:
        command += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return command


def server_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for the Voila process: our template on the Jupyter path."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATE_ROOT), env.get("JUPYTER_PATH", "")) if p
    )
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def page_urls(host: str, port: int) -> dict[str, str]:
    """The URLs of the pages, for the start-up banner."""
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104  (display only)
    return {name: f"http://{shown}:{port}/{path}" for name, path in PAGES.items()}


STOP_SECONDS = 10.0
"""How long ``cbt serve`` waits for Voila (and its kernels) after SIGTERM or SIGINT."""


def serve_command(settings: Settings) -> list[str]:
    """The Voila command line for ``settings`` (host, port, pool size, idle minutes)."""
    return voila_command(
        settings.host,
        settings.port,
        pool_size=settings.pool_size,
        cull_idle_seconds=settings.idle_minutes * 60,
    )


def serve(settings: Settings) -> int:
    """Run Voila in the foreground until SIGTERM or SIGINT (Ctrl-C); returns its exit status.

    Either signal is passed on to Voila, which shuts every kernel down; after
    :data:`STOP_SECONDS` whatever is left of Voila's process group is killed.
    """
    host, port = settings.host, settings.port
    command = serve_command(settings)
    print(f"cbt-toolkit is starting on http://{host}:{port}/  (Ctrl-C stops it)", flush=True)  # noqa: T201
    for name, url in page_urls(host, port).items():
        print(f"  {name:<36} {url}", flush=True)  # noqa: T201
    process = subprocess.Popen(command, env=server_environment(), start_new_session=True)
    stopping: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop_process(process)
        print("\ncbt-toolkit stopped.", flush=True)  # noqa: T201
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to Voila, wait up to :data:`STOP_SECONDS`, then kill its process group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_SECONDS - 1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
