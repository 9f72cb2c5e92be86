"""``cbt serve``: Voila over the public dashboards, configured for privacy and speed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

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
    cull_idle_seconds: int = 900,
) -> list[str]:
    """The Voila command line ``cbt serve`` runs.

    - serves a folder holding only the public pages (Voila executes any notebook it can see);
    - our template, which loads nothing from other hosts;
    - tracebacks off (they leak paths and messages);
    - kernels of closed pages are culled;
    - with ``pool_size`` > 0, each page keeps that many kernels preheated: the notebook's
      imports have run before a visitor arrives, and the page waits only for its query string.
    """
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
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
        "--MappingKernelManager.cull_connected=False",
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


def serve(host: str, port: int, pool_size: int = 0) -> int:
    """Run Voila in the foreground until Ctrl-C; returns its exit status."""
    command = voila_command(host, port, pool_size=pool_size)
    print(f"cbt-toolkit is starting on http://{host}:{port}/  (Ctrl-C stops it)", flush=True)  # noqa: T201
    for name, url in page_urls(host, port).items():
        print(f"  {name:<36} {url}", flush=True)  # noqa: T201
    process = subprocess.Popen(command, env=server_environment())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        print("\ncbt-toolkit stopped.", flush=True)  # noqa: T201
        return 0
