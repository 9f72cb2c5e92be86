"""Load figures: a bounded anonymous flood, and 60 open client pages on PgBouncer.

Prints numbers next to the same run's idle figures; asserts nothing. Run with
``python benchmarks/bench_load.py`` (``--help`` for sizes). Everything runs on loopback, in the
scale-out shape of ``deploy/`` (``tests/helpers_stack.py``): a private PostgreSQL with
``max_connections=20``, PgBouncer in transaction mode (pool 8), two ``cbt serve`` and nginx.

1. **Idle**: the therapist page's time (HTTP request to the fully rendered page, which starts
   and runs a kernel), median of three; kernels; PostgreSQL connections in use.
2. **Flood**: a bounded number of anonymous page requests for the learn and client pages,
   from many forged client addresses at once (the server believes ``X-Forwarded-For`` from
   loopback here, as it would from nginx) against one backend with ``CBT_MAX_KERNELS``: the
   highest number of kernels seen (never above the cap), the time to the "busy" answers
   (503/429), and the therapist page's time during the flood.
3. **60 open pages**: 60 browser pages (headless Chromium), each a client's own GAD-2 link,
   open at once across both backends; each answers (autosaved draft) and submits; PostgreSQL
   connections in use while all are open; then the therapist page opens.
4. Per-kernel memory (RSS) of the open pages, for docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers_stack import Stack, free_port, new_stack, wait_for_http  # noqa: E402

SECRET_KEY = "bench-load key: not a real secret"
THERAPIST = "bench-load"
PASSWORD = "a long benchmark password"


def kernels_below(pid: int) -> list[int]:
    from helpers_stack import _descendants

    found = []
    for child in _descendants(pid):
        try:
            if b"ipykernel" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def get(url: str, address: str) -> tuple[int, float]:
    """Status and seconds for a full page (the body read to its end)."""
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"X-Forwarded-For": address})
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as refused:
        refused.read()
        status = refused.code
    return status, time.monotonic() - started


async def therapist_time(browser: object, base: str, address: str, repeats: int = 3) -> float:
    """Seconds from opening the therapist page to its login form, in Chromium (median).

    Each page is closed afterwards, which shuts its kernel down, as a therapist's tab would.
    """
    times = []
    for _ in range(repeats):
        context = await browser.new_context(  # type: ignore[attr-defined]
            extra_http_headers={"X-Forwarded-For": address}
        )
        page = await context.new_page()
        page.set_default_timeout(120_000)
        started = time.monotonic()
        await page.goto(base + "/voila/render/therapist.ipynb")
        try:
            await page.get_by_label("Password").wait_for()
            times.append(time.monotonic() - started)
        except Exception:
            times.append(float("inf"))
        await page.goto("about:blank")  # leaving the page shuts its kernel down
        await asyncio.sleep(0.5)
        await context.close()
    return statistics.median(times)


def seed(stack: Stack, pages: int, base_of: list[str]) -> list[str]:
    from toolkit.store import open_store

    store = open_store(stack.pooled_url(), secret_key=SECRET_KEY)
    store.add_therapist(THERAPIST, PASSWORD)
    me = store.therapist(THERAPIST)
    links = []
    for i in range(pages):
        code = f"L-{i:03d}"
        store.add_client(me, code)
        links.append(store.assign(me, code, ["gad2"]).url(base_of[i % len(base_of)]))
    store.close()
    return links


async def flood(
    browser: object, base: str, pid: int, requests: int, cap: int, idle: float
) -> dict[str, object]:
    paths = ["/voila/render/learn.ipynb", "/voila/render/client.ipynb?exercise=phq9"]
    peak = [len(kernels_below(pid))]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], len(kernels_below(pid)))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    pool = ThreadPoolExecutor(max_workers=30)
    futures = [
        pool.submit(get, base + paths[i % 2], f"203.0.113.{i % 30 + 1}") for i in range(requests)
    ]
    await asyncio.sleep(1.0)  # the flood is under way: now the therapist arrives
    during = await therapist_time(browser, base, "198.51.100.200")
    answers = [await asyncio.wrap_future(f) for f in futures]
    pool.shutdown()
    done.set()
    watcher.join()
    refused = [t for s, t in answers if s in (429, 503)]
    return {
        "ok": sum(1 for s, _t in answers if s == 200),
        "503": sum(1 for s, _t in answers if s == 503),
        "429": sum(1 for s, _t in answers if s == 429),
        "peak_kernels": peak[0],
        "busy_p50": statistics.median(refused) if refused else float("nan"),
        "busy_max": max(refused) if refused else float("nan"),
        "therapist_during": during,
    }


async def open_pages(
    browser: object, links: list[str], stack: Stack, parallel: int
) -> dict[str, object]:
    saved: list[bool] = []
    submitted: list[bool] = []
    failures: list[str] = []
    peak_connections = [0]
    if True:
        gate = asyncio.Semaphore(parallel)
        all_open = asyncio.Event()
        opened = [0]
        pages = []

        async def one(i: int, link: str) -> None:
            context = await browser.new_context(  # type: ignore[attr-defined]
                extra_http_headers={"X-Forwarded-For": f"192.0.2.{i % 250 + 1}"}
            )
            page = await context.new_page()
            page.set_default_timeout(180_000)
            pages.append(context)
            # what a page that never renders said: its console errors, failed requests and
            # websocket closes, printed with the failure (the cause of a stuck "Loading widget")
            notes: list[str] = []
            page.on(
                "console",
                lambda m: (
                    notes.append(f"console {m.type}: {m.text[:160]}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: notes.append(f"pageerror: {str(e)[:160]}"))
            page.on(
                "requestfailed",
                lambda r: notes.append(f"request failed: {r.url[-60:]} {r.failure}"),
            )
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "close", lambda _ws: notes.append(f"websocket closed {time.monotonic():.1f}")
                ),
            )
            try:
                async with gate:
                    await page.goto(link)
                    await page.get_by_role("radio").nth(1).check()
                    await page.get_by_text("Draft saved").wait_for()
                    saved.append(True)
            except BaseException:
                failures.append(
                    f"page {i} ({link.rsplit('=', 1)[0]}…): "
                    f"{await page.evaluate('document.body.innerText.slice(0, 200)')!r}; "
                    + " | ".join(notes[-8:])
                )
                raise
            finally:
                opened[0] += 1
                if opened[0] == len(links):
                    all_open.set()
            await all_open.wait()
            await asyncio.sleep(2)
            async with gate:
                await page.get_by_role("radio").nth(5).check()
                await page.get_by_role("button", name="Submit").click()
                await page.get_by_text("Submitted — thank you").first.wait_for()
                submitted.append(True)

        async def watch() -> None:
            while not all_open.is_set() or len(submitted) < len(saved):
                peak_connections[0] = max(
                    peak_connections[0], await asyncio.to_thread(stack.server_connections)
                )
                await asyncio.sleep(0.5)

        started = time.monotonic()
        watcher = asyncio.create_task(watch())
        results = await asyncio.gather(
            *(one(i, link) for i, link in enumerate(links)), return_exceptions=True
        )
        open_seconds = time.monotonic() - started
        watcher.cancel()
        kernels = sum(len(kernels_below(stack.processes[n].pid)) for n in ("serve-a", "serve-b"))
        memory = [
            rss_mb(k) for n in ("serve-a", "serve-b") for k in kernels_below(stack.processes[n].pid)
        ]
        connections_all_open = stack.server_connections()
        for context in pages:
            await context.close()
    errors = [r for r in results if isinstance(r, BaseException)]
    return {
        "pages": len(links),
        "saved": len(saved),
        "submitted": len(submitted),
        "errors": [f"{type(e).__name__}: {str(e)[:120]}" for e in errors[:3]],
        "failures": failures[:3],
        "seconds": open_seconds,
        "kernels_open": kernels,
        "kernel_rss_median_mb": statistics.median(memory) if memory else float("nan"),
        "pg_connections_peak": peak_connections[0],
        "pg_connections_all_open": connections_all_open,
    }


async def run(args: argparse.Namespace, stack: Stack) -> None:
    from playwright.async_api import async_playwright

    stack.start_postgres(max_connections=20)
    stack.start_pgbouncer(pool_size=8)
    proxy_port = free_port()
    common = {
        "CBT_DATABASE_URL": stack.pooled_url(),
        "CBT_SECRET_KEY": SECRET_KEY,
        "CBT_TRUSTED_PROXIES": "127.0.0.1",
        "CBT_BASE_URL": f"http://127.0.0.1:{proxy_port}",
    }
    from toolkit.store import open_store

    open_store(stack.pooled_url(), secret_key=SECRET_KEY).close()  # tables, before the servers
    roomy = str(args.pages + args.pages // 5 + 4)
    a = stack.start_serve("serve-a", {**common, "CBT_MAX_KERNELS": str(args.cap)})
    b = stack.start_serve("serve-b", {**common, "CBT_MAX_KERNELS": roomy})
    bases = [f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}"]
    for base in bases:
        wait_for_http(base + "/")
    stack.start_nginx([a, b], port=proxy_port)
    links = seed(stack, args.pages, [bases[1]])
    serve_a = stack.processes["serve-a"].pid

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        await therapist_time(browser, bases[0], "198.51.100.200", repeats=1)  # warm caches
        idle = await therapist_time(browser, bases[0], "198.51.100.200")
        idle_connections = stack.server_connections()
        idle_kernels = len(kernels_below(serve_a))
        print("== idle")
        print(f"therapist page            {idle:6.2f} s (median of 3: open to login form)")
        print(f"kernels                   {idle_kernels}")
        print(f"PostgreSQL connections    {idle_connections} (max_connections=20)")

        print(f"\n== flood: {args.flood} anonymous page requests, 30 addresses, cap {args.cap}")
        result = await flood(browser, bases[0], serve_a, args.flood, args.cap, idle)
        peak = result["peak_kernels"]
        print(f"kernels (peak)            {peak} (cap {args.cap}; idle {idle_kernels})")
        print(
            f"answers                   {result['ok']} pages, {result['503']} busy (503), "
            f"{result['429']} too many (429)"
        )
        print(
            f"time to the busy answer   p50 {result['busy_p50']:.3f} s, "
            f"max {result['busy_max']:.3f} s"
        )
        during = float(result["therapist_during"])  # type: ignore[arg-type]
        print(
            f"therapist page            {during:6.2f} s during the flood vs {idle:.2f} s idle "
            f"({during / idle:.1f}x)"
        )

        print(f"\n== {args.pages} open client pages (GAD-2 links), PgBouncer, max_connections=20")
        pages = await open_pages(browser, links, stack, args.parallel)
        print(
            f"loaded + draft saved      {pages['saved']}/{args.pages}; "
            f"submitted {pages['submitted']}/{args.pages} in {pages['seconds']:.0f} s"
        )
        if pages["errors"]:
            print(f"errors                    {pages['errors']}")
            for failure in pages["failures"]:  # type: ignore[attr-defined]
                print(f"  {failure}")
        print(f"kernels while all open    {pages['kernels_open']}")
        print(f"kernel RSS (median)       {pages['kernel_rss_median_mb']:.0f} MB")
        print(
            f"PostgreSQL connections    peak {pages['pg_connections_peak']}, "
            f"with all pages open {pages['pg_connections_all_open']} (idle {idle_connections}; "
            "PgBouncer keeps up to its pool of 8)"
        )
        after = await therapist_time(browser, bases[1], "198.51.100.201")
        print(f"therapist page after      {after:6.2f} s (open to login form)")
        await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--flood", type=int, default=120, help="anonymous requests in the flood")
    parser.add_argument("--cap", type=int, default=10, help="CBT_MAX_KERNELS of the flooded server")
    parser.add_argument("--pages", type=int, default=60, help="open client pages (phase 3)")
    parser.add_argument("--parallel", type=int, default=6, help="pages loading at once")
    args = parser.parse_args()
    stack = new_stack()
    try:
        asyncio.run(run(args, stack))
    finally:
        stack.close()


if __name__ == "__main__":
    main()
