"""One Settings object: every CBT_* variable is an option with a help text, README's table is
generated from it, flags win over the environment, and each variable has its effect."""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

import pytest

from toolkit import cli
from toolkit.config import (
    DEFAULT_BASE_URL,
    Settings,
    SettingsError,
    current,
    describe,
    local_timezone,
    markdown_table,
    options,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"

# Variables whose effect is proven by a test elsewhere (file::test). Every other option is
# proven in this file; a test below checks that each option is in one of the two groups.
NOTEBOOK = "test_analysis_notebook.py::test_notebook_runs_for_one_client_as_a_therapist"
FORGED_HOST = "test_output_safety.py::test_a_forged_host_header_never_reaches_a_client_link"
EFFECTS_ELSEWHERE = {
    "CBT_DATABASE_URL": "test_store.py::test_default_url_comes_from_the_environment",
    "CBT_SECRET_KEY": "test_store.py::test_default_url_comes_from_the_environment",
    "CBT_ALLOWED_HOSTS": FORGED_HOST,
    "CBT_LOCALE": "test_reframing_safety.py::test_locale_comes_from_the_environment",
    "CBT_EXERCISES_DIR": "test_learn.py::test_gallery_follows_the_trap_file",
    "CBT_LLM_URL": "test_reframing_llm.py::test_good_answer_is_used",
    "CBT_LLM_MODEL": "test_reframing_llm.py::test_good_answer_is_used",
    "CBT_LLM_API_KEY": "test_reframing_llm.py::test_good_answer_is_used",
    "CBT_LLM_TIMEOUT": "test_reframing_llm.py::test_problems_fall_back_to_the_offline_engine",
    "CBT_ANALYSIS_THERAPIST": NOTEBOOK,
    "CBT_ANALYSIS_PASSWORD": NOTEBOOK,
    "CBT_ANALYSIS_OPERATOR": "test_analysis_notebook.py::test_operator_mode_and_prompted_password",
    "CBT_SMTP_URL": "test_mail.py::test_assign_by_mail_and_remind_once_through_the_command",
    "CBT_MAIL_FROM": "test_mail.py::test_assign_by_mail_and_remind_once_through_the_command",
    "CBT_TIMEZONE": "test_mail.py::test_assign_by_mail_and_remind_once_through_the_command",
}
PROVEN_HERE = {
    "CBT_HOST": "test_serve_runs_voila_as_the_settings_say",
    "CBT_PORT": "test_serve_runs_voila_as_the_settings_say",
    "CBT_POOL_SIZE": "test_serve_runs_voila_as_the_settings_say",
    "CBT_IDLE_MINUTES": "test_serve_runs_voila_as_the_settings_say",
    "CBT_BASE_URL": "test_base_url_reaches_links_and_cookies",
    "CBT_MAX_KERNELS": "test_the_server_takes_its_limits_from_the_settings",
    "CBT_PAGE_RATE": "test_the_server_takes_its_limits_from_the_settings",
    "CBT_PAGE_BURST": "test_the_server_takes_its_limits_from_the_settings",
    "CBT_PAGE_CONCURRENCY": "test_the_server_takes_its_limits_from_the_settings",
    "CBT_TRUSTED_PROXIES": "test_the_server_takes_its_limits_from_the_settings",
    "CBT_MAX_MESSAGE_BYTES": "test_the_server_takes_its_limits_from_the_settings",
    "CBT_CLASS_RATE": "test_class_rate_limits_new_classes",
}


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_option_has_a_help_text_and_a_test_of_its_effect() -> None:
    envs = [option.env for option in options()]
    assert len(envs) == len(set(envs))
    assert set(envs) == set(EFFECTS_ELSEWHERE) | set(PROVEN_HERE)
    assert not set(EFFECTS_ELSEWHERE) & set(PROVEN_HERE)
    for option in options():
        assert option.env.startswith("CBT_")
        assert len(option.help) > 15, option.env
        assert option.default, option.env
    here = _test_names(Path(__file__))
    assert set(PROVEN_HERE.values()) <= here
    for env, where in EFFECTS_ELSEWHERE.items():
        name, test = where.split("::")
        path = ROOT / "tests" / name
        assert test in _test_names(path), where
        assert env in path.read_text(encoding="utf-8"), where


def test_readme_table_is_the_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| variable | meaning | default |")
    end = readme.index("\n\n", start) + 1
    assert readme[start:end] == markdown_table(), "run `cbt settings --markdown` into README.md"


def test_nothing_but_the_settings_reads_cbt_variables() -> None:
    reads = re.compile(r"""(environ(\.get)?\s*[\[(]|getenv\()\s*["']CBT_""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if path.name != "config.py" and reads.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    # every CBT_ name the package mentions is an option
    mentioned = set()
    for path in PACKAGE.rglob("*.py"):
        mentioned |= set(re.findall(r"\bCBT_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8")))
    assert mentioned - {option.env for option in options()} == set()


def test_the_default_address_is_written_once() -> None:
    count = sum(
        path.read_text(encoding="utf-8").count('"http://127.0.0.1:8866"')
        for path in PACKAGE.rglob("*.py")
    )
    assert count == 1
    assert DEFAULT_BASE_URL == "http://127.0.0.1:8866"


def test_values_are_read_and_bad_ones_named() -> None:
    settings = Settings.from_env(
        {
            "CBT_PORT": "9000",
            "CBT_PAGE_RATE": "2.5",
            "CBT_ALLOWED_HOSTS": " a.example , b.example ,",
            "CBT_ANALYSIS_OPERATOR": "yes",
            "CBT_BASE_URL": "https://clinic.example/cbt/",
            "CBT_MAX_KERNELS": "",
        }
    )
    assert settings.port == 9000
    assert settings.page_rate == 2.5
    assert settings.allowed_hosts == ("a.example", "b.example")
    assert settings.analysis_operator is True
    assert settings.base_url == "https://clinic.example/cbt"
    assert settings.max_kernels >= 4  # unset: from the machine's memory
    assert settings.database_url.startswith("sqlite:///")
    assert Settings.from_env({"CBT_ALLOWED_HOSTS": " , "}).allowed_hosts == Settings.allowed_hosts
    for env, value in [
        ("CBT_PORT", "eighty"),
        ("CBT_POOL_SIZE", "-1"),
        ("CBT_PAGE_RATE", "nan"),
        ("CBT_ANALYSIS_OPERATOR", "maybe"),
        ("CBT_TIMEZONE", "Mars/Olympus_Mons"),
    ]:
        with pytest.raises(SettingsError, match=env):
            Settings.from_env({env: value})


def test_cbt_settings_prints_every_option_with_secrets_hidden(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CBT_DATABASE_URL", "postgresql+psycopg://cbt:hunter2-db@db.internal/cbt")
    monkeypatch.setenv("CBT_SECRET_KEY", "hunter2-key")
    monkeypatch.setenv("CBT_LLM_API_KEY", "hunter2-llm")
    monkeypatch.setenv("CBT_SMTP_URL", "smtp://mail:hunter2-smtp@mail.internal:587")
    monkeypatch.setenv("CBT_ANALYSIS_PASSWORD", "hunter2-analysis")
    monkeypatch.setenv("CBT_LOCALE", "en-GB")
    assert cli.main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "hunter2" not in out
    assert "CBT_DATABASE_URL = postgresql+psycopg://cbt:***@db.internal/cbt" in out
    assert "CBT_SECRET_KEY = (set, hidden)" in out
    assert "CBT_LOCALE = en-GB" in out
    for option in options():
        assert f"\n{option.env} = " in "\n" + out
        first_words = " ".join(option.help.split()[:4])
        assert first_words in " ".join(out.split()), option.env
    assert "hunter2" not in repr(current())
    assert cli.main(["settings", "--markdown"]) == 0
    assert capsys.readouterr().out == markdown_table()


def test_a_bad_value_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CBT_POOL_SIZE", "two")
    assert cli.main(["settings"]) == 1
    err = capsys.readouterr().err
    assert err == "cbt: CBT_POOL_SIZE must be a number ≥ 0, not 'two'\n"


def test_serve_runs_voila_as_the_settings_say(monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.server import serve_command

    for name in ("CBT_HOST", "CBT_PORT", "CBT_POOL_SIZE", "CBT_IDLE_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    default = serve_command(cli.settings_for(cli.build_parser().parse_args(["serve"])))
    assert "--Voila.ip=127.0.0.1" in default
    assert "--port=8866" in default
    assert not any(part.startswith("--pool_size") for part in default)  # default 0: no pool
    assert "--MappingKernelManager.cull_idle_timeout=1200" in default

    monkeypatch.setenv("CBT_HOST", "0.0.0.0")
    monkeypatch.setenv("CBT_PORT", "9123")
    monkeypatch.setenv("CBT_POOL_SIZE", "2")
    monkeypatch.setenv("CBT_IDLE_MINUTES", "5")
    from_env = serve_command(cli.settings_for(cli.build_parser().parse_args(["serve"])))
    assert "--Voila.ip=0.0.0.0" in from_env
    assert "--port=9123" in from_env
    assert "--preheat_kernel=True" in from_env
    assert "--pool_size=2" in from_env
    assert "--MappingKernelManager.cull_idle_timeout=300" in from_env

    flags = cli.build_parser().parse_args(
        ["serve", "--host", "127.0.0.2", "--port", "9200", "--pool-size", "0"]
    )
    from_flags = serve_command(cli.settings_for(flags))
    assert "--Voila.ip=127.0.0.2" in from_flags
    assert "--port=9200" in from_flags
    assert not any(part.startswith("--pool_size") for part in from_flags)  # a flag wins


def test_base_url_reaches_links_and_cookies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{tmp_path / 'links.sqlite3'}")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CBT_SECRET_KEY", raising=False)
    monkeypatch.delenv("CBT_BASE_URL", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    assert cli.main(["therapist", "add", "alice", "--password-stdin"]) == 0
    assert cli.main(["client", "add", "C1", "--therapist", "alice"]) == 0
    capsys.readouterr()
    assert cli.main(["assign", "C1", "phq9"]) == 0
    assert capsys.readouterr().out.startswith(DEFAULT_BASE_URL + "/voila/render/client.ipynb?")

    monkeypatch.setenv("CBT_BASE_URL", "https://cbt.clinic.example/team/")
    assert cli.main(["assign", "C1", "gad7"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("https://cbt.clinic.example/team/voila/render/client.ipynb?assignment=")
    assert cli.main(["assign", "C1", "who5", "--base-url", "http://other.example"]) == 0
    assert capsys.readouterr().out.startswith("http://other.example/voila/")

    from toolkit.app import base_url

    assert base_url() == "https://cbt.clinic.example/team"


@pytest.fixture
def voila_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build the server application in this process (no server is started)."""
    from toolkit.paths import dashboards_dir
    from toolkit.serverapp import CappedKernelManager, CbtVoila

    monkeypatch.setattr(CappedKernelManager, "max_kernels", CappedKernelManager.max_kernels)
    monkeypatch.chdir(tmp_path)

    def build():  # type: ignore[no-untyped-def]
        app = CbtVoila()
        app.initialize([str(dashboards_dir()), "--no-browser", "--port=0"])
        return app, app.init_settings(), CappedKernelManager.max_kernels

    return build


def test_the_server_takes_its_limits_from_the_settings(
    voila_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CBT_MAX_KERNELS", "7")
    monkeypatch.setenv("CBT_PAGE_RATE", "12")
    monkeypatch.setenv("CBT_PAGE_BURST", "3")
    monkeypatch.setenv("CBT_PAGE_CONCURRENCY", "5")
    monkeypatch.setenv("CBT_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2")
    monkeypatch.setenv("CBT_MAX_MESSAGE_BYTES", "12345")
    monkeypatch.setenv("CBT_BASE_URL", "https://cbt.clinic.example")
    app, tornado, cap = voila_app()
    assert cap == 7
    assert tornado["websocket_max_message_size"] == 12345
    assert app.trusted_proxies == frozenset({"10.0.0.1", "10.0.0.2"})
    assert app.cbt_settings.page_concurrency == 5
    # three pages at once (the burst), then one per 5 s (12 per minute)
    waits = [app.page_limiter.allow("198.51.100.7") for _ in range(4)]
    assert waits[:3] == [0, 0, 0]
    assert waits[3] == pytest.approx(5.0, abs=0.5)
    assert tornado["xsrf_cookie_kwargs"].get("secure") is True  # https base URL


def test_class_rate_limits_new_classes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.store import InvalidInput, open_store

    monkeypatch.setenv("CBT_CLASS_RATE", "2")
    store = open_store(f"sqlite:///{tmp_path / 'classes.sqlite3'}", key_file=tmp_path / "k")
    try:
        store.create_class("Monday")
        store.create_class("Tuesday")
        with pytest.raises(InvalidInput, match="many classes"):
            store.create_class("Wednesday")
    finally:
        store.close()


def test_mail_and_time_zone_options_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CBT_SMTP_URL", "CBT_MAIL_FROM", "CBT_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    settings = current()
    assert (settings.smtp_url, settings.mail_from) == ("", "")
    assert settings.timezone == local_timezone()
    monkeypatch.setenv("CBT_SMTP_URL", "smtp://mail.internal:587")
    monkeypatch.setenv("CBT_MAIL_FROM", "cbt@clinic.example")
    monkeypatch.setenv("CBT_TIMEZONE", "Europe/London")
    settings = current()
    assert settings.smtp_url == "smtp://mail.internal:587"
    assert settings.mail_from == "cbt@clinic.example"
    assert settings.timezone == "Europe/London"
    assert "CBT_SMTP_URL = (set, hidden)" in describe(settings)  # may hold a password
    monkeypatch.setenv("TZ", "America/Chicago")
    assert local_timezone() == "America/Chicago"
