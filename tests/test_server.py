"""`cbt serve` configuration: private template, no tracebacks, culling, a public-only folder."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from toolkit.server import TEMPLATE_ROOT, page_urls, server_environment, voila_command


def test_voila_command_is_locked_down() -> None:
    command = voila_command("127.0.0.1", 9999, pool_size=2)
    assert "--show_tracebacks=False" in command
    assert "--template=cbt" in command
    assert any(part.startswith("--MappingKernelManager.cull_idle_timeout=") for part in command)
    assert "--preheat_kernel=True" in command
    assert "--pool_size=2" in command
    assert command[1].endswith("dashboards")


def test_template_is_on_the_jupyter_path_and_links_no_other_host() -> None:
    env = server_environment({"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"].split(":")[0] == str(TEMPLATE_ROOT)
    template = TEMPLATE_ROOT / "voila" / "templates" / "cbt" / "index.html.j2"
    assert "http" not in template.read_text(encoding="utf-8")


def test_page_urls_name_the_three_pages() -> None:
    urls = page_urls("0.0.0.0", 8866)
    assert urls["Therapist"] == "http://127.0.0.1:8866/voila/render/therapist.ipynb"
    assert any("client.ipynb?exercise=" in url for url in urls.values())


def test_cli_help_and_unknown_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "serve", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "--pool-size" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "fly"], capture_output=True, text=True
    )
    assert bad.returncode != 0
    assert "invalid choice" in bad.stderr


@pytest.mark.browser
def test_served_pages_hide_internals(server: str) -> None:
    for path in ("/api/kernels", "/voila/files/client.ipynb", "/voila/render/../pyproject.toml"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(server + path, timeout=10)
        assert caught.value.code in {403, 404}
    with urllib.request.urlopen(server + "/voila/render/client.ipynb?exercise=x", timeout=60) as r:
        body = r.read().decode()
    assert "fontawesome" not in body.lower() or "cdn" not in body.lower()
    assert "cdn.jsdelivr" not in body


@pytest.mark.browser
def test_start_and_error_pages_stay_on_this_host(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.get_by_role("link", name="Therapist dashboard").wait_for(timeout=30_000)
    page.goto(server + "/voila/render/missing.ipynb")
    page.goto(server + "/voila/render/client.ipynb?exercise=phq9&template=lab&theme=dark")
    page.locator("input[type=radio]").first.wait_for(timeout=60_000)
    assert page.requests.external() == []
