"""Page speed and reliability, measured in headless Chromium against a real Voila server.

Prints numbers; asserts nothing. Run with ``make bench`` (or ``python benchmarks/bench_pages.py
--help`` for the options). Compares, side by side in one run, the real **assignment page** (a
client opening a therapist's link to a thought record, made with a real store in the server's
database), the practice page (``?exercise=thought_record``) and a bare one-widget Voila notebook
served by the same install and the same server options:

- time from request to the first usable field (visible and editable), median and p95;
- resident memory of the kernel behind each page;
- how many of N consecutive client-page loads rendered their widgets.

The package is byte-compiled first, as an installed package always is: where
``PYTHONDONTWRITEBYTECODE`` is set (as on the build machine) and the package is an editable
install, every kernel would otherwise compile our modules from source (≈ 2.5 MB and a few
hundred milliseconds per kernel that a deployment never pays). ``--no-bytecode`` measures that
case instead.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.paths import dashboards_dir  # noqa: E402
from toolkit.server import server_environment, voila_command  # noqa: E402

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BARE = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "bare",
            "metadata": {},
            "outputs": [],
            "source": "import ipywidgets as w\nw.Textarea(description='Bare')",
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
PAGES = {
    "assignment": ("client.ipynb?assignment={secret}", "textarea"),
    "practice": ("client.ipynb?exercise=thought_record", "textarea"),
    "bare": ("bare.ipynb", "textarea"),
}
"""Page name → (path, selector of its first usable field). The assignment page's first field is
the thought record's "What happened?" box, as a client sees it after opening the link."""


def assignment_link(database_url: str) -> str:
    """Seed a therapist, a client and a thought-record assignment; return the link's secret."""
    from toolkit.store import CLI, open_store

    store = open_store(database_url)
    try:
        store.add_therapist("bench", "bench-password-not-secret")
        store.add_client(CLI, "B-001", therapist="bench")
        return store.assign(CLI, "B-001", ["thought_record"]).secret
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def kernel_rss_mb(kernel_id: str) -> float | None:
    """Resident memory of the kernel process whose connection file names ``kernel_id``."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            if kernel_id not in cmdline:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            continue
    return None


def load(browser: Browser, url: str, selector: str, timeout: float) -> tuple[float | None, str]:
    """Seconds to the first usable field (None if it never came) and the page's kernel id."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    kernel = ""
    try:
        page.goto(url)
        page.locator(selector).first.wait_for(state="visible", timeout=timeout * 1000)
        page.wait_for_function(
            "s => { const e = document.querySelector(s); return e && !e.disabled; }",
            arg=selector,
            timeout=timeout * 1000,
        )
        elapsed: float | None = time.perf_counter() - start
        config = page.locator("#jupyter-config-data").first.text_content() or "{}"
        kernel = json.loads(config).get("kernelId", "")
    except Exception:
        elapsed = None
    context.close()
    return elapsed, kernel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=15, help="loads of each page to compare")
    parser.add_argument("--render-check", type=int, default=100, help="client loads to count")
    parser.add_argument("--pool-size", type=int, default=1, help="preheated kernels per page")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between loads")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="remove toolkit's byte-code caches instead of compiling them (kernels compile "
        "the package from source, as an editable install does under PYTHONDONTWRITEBYTECODE)",
    )
    args = parser.parse_args()

    package = ROOT / "toolkit"
    if args.no_bytecode:
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)
        print("toolkit/ without byte-code: kernels compile it from source")
    else:
        compileall.compile_dir(package, quiet=1)
        print("toolkit/ byte-compiled (as an installed package is)")

    folder = Path(tempfile.mkdtemp(prefix="cbt-bench-"))
    for notebook in dashboards_dir().glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    (folder / "bare.ipynb").write_text(json.dumps(BARE), encoding="utf-8")
    port = free_port()
    command = voila_command("127.0.0.1", port, folder=folder, pool_size=args.pool_size)
    env = server_environment()
    env["CBT_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    env["CBT_SECRET_KEY"] = "bench-key-" + "0" * 40  # the server and the seeding share it
    os.environ["CBT_SECRET_KEY"] = env["CBT_SECRET_KEY"]
    secret = assignment_link(env["CBT_DATABASE_URL"])
    pages = {name: (path.format(secret=secret), sel) for name, (path, sel) in PAGES.items()}
    env["CBT_PAGE_RATE"] = "0"  # one address loads pages back to back on purpose
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/voila/render/"
    try:
        started = time.perf_counter()
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        print(f"server ready in {time.perf_counter() - started:.2f} s (pool size {args.pool_size})")
        time.sleep(args.pause * 2)  # let the pools fill
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
            times: dict[str, list[float]] = {name: [] for name in pages}
            memory: dict[str, list[float]] = {name: [] for name in pages}
            for _ in range(args.loads):
                for name, (path, selector) in pages.items():
                    elapsed, kernel = load(browser, base + path, selector, 60)
                    if elapsed is not None:
                        times[name].append(elapsed)
                    rss = kernel_rss_mb(kernel) if kernel else None
                    if rss is not None:
                        memory[name].append(rss)
                    time.sleep(args.pause)
            print("\npage        loads  first usable field (s)   kernel RSS (MB)")
            print("                   median     p95            median")
            for name in pages:
                t, m = times[name], memory[name]
                median_t = statistics.median(t) if t else float("nan")
                p95 = percentile(t, 0.95) if t else float("nan")
                median_rss = statistics.median(m) if m else float("nan")
                print(
                    f"{name:<10} {len(t):>5}   {median_t:>6.2f}  "
                    f"{p95:>6.2f}            {median_rss:>6.1f}"
                )
            for name in ("assignment", "practice"):
                if times[name] and times["bare"]:
                    ratio_t = statistics.median(times[name]) / statistics.median(times["bare"])
                    print(f"\n{name}/bare time ratio (median): {ratio_t:.2f}   (target <= 1.0)")
                if memory[name] and memory["bare"]:
                    ratio_m = statistics.median(memory[name]) / statistics.median(memory["bare"])
                    print(f"{name}/bare kernel memory ratio: {ratio_m:.2f}   (target <= 1.3)")

            rendered = 0
            path, selector = pages["assignment"]
            for _ in range(args.render_check):
                elapsed, _kernel = load(browser, base + path, selector, 30)
                rendered += elapsed is not None
            print(f"\nassignment page loads that rendered: {rendered}/{args.render_check}")
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    if os.environ.get("CBT_BENCH_AI", "1") == "1":
        from toolkit.reframing import analyze

        samples = [
            "I always mess everything up",
            "They probably think I'm boring",
            "I went for a walk and felt a bit better",
        ]
        durations = []
        for _ in range(300):
            for text in samples:
                t0 = time.perf_counter()
                analyze(text)
                durations.append((time.perf_counter() - t0) * 1000)
        print(
            f"\nanalyze latency: p50 {statistics.median(durations):.2f} ms, "
            f"p95 {percentile(durations, 0.95):.2f} ms"
        )


if __name__ == "__main__":
    main()
