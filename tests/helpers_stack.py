"""The scale-out shape on one machine, on loopback: a private PostgreSQL (small
``max_connections``), Debian's PgBouncer in transaction mode, `cbt serve` processes and
Debian's nginx with the configuration from ``deploy/nginx``. Used by tests/test_scaleout.py
and benchmarks/bench_load.py; every process started here is stopped by :meth:`Stack.close`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DB_USER = "cbt"
DB_PASSWORD = "cbt-scale-test"  # a throwaway cluster that listens on loopback only
DB_NAME = "cbt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.2)


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's binaries (initdb, pg_ctl, postgres), if installed."""
    base = Path("/usr/lib/postgresql")
    if not base.is_dir():
        return None
    versions = sorted((p for p in base.iterdir() if (p / "bin" / "initdb").exists()), key=str)
    return versions[-1] / "bin" if versions else None


def missing_tools() -> list[str]:
    missing = [name for name in ("nginx", "pgbouncer", "openssl") if not _which(name)]
    if postgres_bin() is None:
        missing.append("postgresql")
    return missing


def _which(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")


def _service_user() -> list[str]:
    """PostgreSQL and PgBouncer refuse to run as root: as root, run them as ``postgres``."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class Stack:
    """Processes of one scale-out shape; :meth:`close` stops them all."""

    folder: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    pg_data: Path | None = None

    # -- PostgreSQL ---------------------------------------------------------------------------
    def start_postgres(self, max_connections: int = 20) -> int:
        binaries = postgres_bin()
        assert binaries is not None
        self.pg_data = self.folder / "pgdata"
        password_file = self.folder / "pgpass"
        password_file.write_text(DB_PASSWORD + "\n")
        self._give(password_file)
        run = _service_user()
        subprocess.run(
            [
                *run,
                str(binaries / "initdb"),
                "-D",
                str(self.pg_data),
                "-U",
                DB_USER,
                "--pwfile",
                str(password_file),
                "--auth",
                "scram-sha-256",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
        )
        port = free_port()
        self.processes["postgres"] = subprocess.Popen(
            [
                *run,
                str(binaries / "postgres"),
                "-D",
                str(self.pg_data),
                "-p",
                str(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"max_connections={max_connections}",
                "-c",
                f"unix_socket_directories={self.folder}",
                "-c",
                "fsync=off",
            ],
            stdout=self._log("postgres"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(port)
        self.ports["postgres"] = port
        from sqlalchemy import create_engine, text

        admin = create_engine(self.direct_url("postgres"), isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + 30
        while True:
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        admin.dispose()
        return port

    def direct_url(self, database: str = DB_NAME) -> str:
        port = self.ports["postgres"]
        return f"postgresql+psycopg://{DB_USER}:{DB_PASSWORD}@127.0.0.1:{port}/{database}"

    def server_connections(self) -> int:
        """Client connections PostgreSQL serves right now (PgBouncer's and any other)."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        engine = create_engine(self.direct_url("postgres"), poolclass=NullPool)
        try:
            with engine.connect() as connection:
                count = connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    )
                ).scalar_one()
        finally:
            engine.dispose()
        return int(count)

    # -- PgBouncer ----------------------------------------------------------------------------
    def start_pgbouncer(self, pool_size: int = 8) -> int:
        """PgBouncer with deploy/pgbouncer/pgbouncer.ini, pointed at the private PostgreSQL."""
        port = free_port()
        template = (DEPLOY / "pgbouncer" / "pgbouncer.ini").read_text()
        config = (
            template.replace("port=5432", f"port={self.ports['postgres']}")
            .replace("listen_port = 6432", f"listen_port = {port}")
            .replace("/etc/pgbouncer/userlist.txt", str(self.folder / "userlist.txt"))
            .replace("default_pool_size = 10", f"default_pool_size = {pool_size}")
        )
        config += (
            f"\nlogfile = {self.folder / 'pgbouncer.log'}\n"
            f"pidfile = {self.folder / 'pgbouncer.pid'}\n"
            f"unix_socket_dir = {self.folder}\n"
        )
        ini = self.folder / "pgbouncer.ini"
        ini.write_text(config)
        users = self.folder / "userlist.txt"
        users.write_text(f'"{DB_USER}" "{DB_PASSWORD}"\n')
        for path in (ini, users):
            self._give(path)
        self.processes["pgbouncer"] = subprocess.Popen(
            [*_service_user(), _which("pgbouncer") or "pgbouncer", str(ini)],
            stdout=self._log("pgbouncer-out"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(port)
        self.ports["pgbouncer"] = port
        return port

    def pooled_url(self) -> str:
        port = self.ports["pgbouncer"]
        return f"postgresql+psycopg://{DB_USER}:{DB_PASSWORD}@127.0.0.1:{port}/{DB_NAME}"

    # -- cbt serve ----------------------------------------------------------------------------
    def start_serve(self, name: str, env_extra: dict[str, str]) -> int:
        port = free_port()
        env = dict(os.environ)
        env.update(env_extra)
        cbt = Path(sys.executable).parent / "cbt"
        self.processes[name] = subprocess.Popen(
            [str(cbt), "serve", "--port", str(port)],
            env=env,
            stdout=self._log(name),
            stderr=subprocess.STDOUT,
        )
        self.ports[name] = port
        return port

    # -- nginx --------------------------------------------------------------------------------
    def start_nginx(self, backends: list[int], port: int = 0, tls_port: int = 0) -> int:
        """nginx with deploy/nginx/cbt-upstream.conf and cbt-server.conf, on ``port`` (or a
        free one); with ``tls_port``, the same site over TLS there too, with a self-signed
        certificate for 127.0.0.1 made now (:attr:`certificate`)."""
        port = port or free_port()
        upstream = (DEPLOY / "nginx" / "cbt-upstream.conf").read_text()
        lines = upstream.splitlines()
        servers = [f"    server 127.0.0.1:{b} max_fails=1 fail_timeout=10s;" for b in backends]
        kept = [line for line in lines if not line.strip().startswith("server 127.0.0.1:")]
        at = next(i for i, line in enumerate(kept) if "hash $cbt_route" in line) + 1
        (self.folder / "cbt-upstream.conf").write_text(
            "\n".join([*kept[:at], *servers, *kept[at:]])
        )
        shutil.copy(DEPLOY / "nginx" / "cbt-server.conf", self.folder / "cbt-server.conf")
        temp = self.folder / "nginx-temp"
        temp.mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.folder / 'nginx-error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  access_log {self.folder / 'nginx-access.log'};\n"
            f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
            f"  scgi_temp_path {temp}/scgi;\n"
            "  include cbt-upstream.conf;\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n    include cbt-server.conf;\n  }}\n"
            + (self._tls_server(tls_port) if tls_port else "")
            + "}\n"
        )
        nginx = _which("nginx") or "nginx"
        check = subprocess.run(
            [nginx, "-t", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
             "-e", str(self.folder / "nginx-error.log")],
            capture_output=True, text=True,
        )  # fmt: skip
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejects the deploy configuration: {check.stderr}")
        self.processes["nginx"] = subprocess.Popen(
            [nginx, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
             "-e", str(self.folder / "nginx-error.log")],
            stdout=self._log("nginx"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(port)
        self.ports["nginx"] = port
        if tls_port:
            wait_for_port(tls_port)
            self.ports["nginx-tls"] = tls_port
        return port

    @property
    def certificate(self) -> Path:
        return self.folder / "tls-cert.pem"

    def _tls_server(self, tls_port: int) -> str:
        """A ``server { }`` block that ends TLS, as deploy/nginx/cbt-toolkit.conf does."""
        key = self.folder / "tls-key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(self.certificate)],
            check=True, capture_output=True,
        )  # fmt: skip
        return (
            f"  server {{\n    listen 127.0.0.1:{tls_port} ssl;\n"
            f"    ssl_certificate {self.certificate};\n    ssl_certificate_key {key};\n"
            "    include cbt-server.conf;\n  }\n"
        )

    # -- plumbing -----------------------------------------------------------------------------
    def _log(self, name: str) -> int:
        return os.open(self.folder / f"{name}.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

    def _give(self, path: Path) -> None:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def kill(self, name: str) -> None:
        """Stop one process at once (a crash), with everything below it."""
        process = self.processes.pop(name)
        below = _descendants(process.pid)
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        for pid in below:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        """Stop everything, in reverse order of start; servers get SIGTERM first."""
        for name in reversed(list(self.processes)):
            process = self.processes.pop(name)
            below = _descendants(process.pid)
            if process.poll() is None:
                process.send_signal(signal.SIGINT if name == "postgres" else signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for pid in below:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def new_stack() -> Stack:
    """A stack in a fresh folder readable by the service user."""
    folder = Path(tempfile.mkdtemp(prefix="cbt-stack-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    return Stack(folder)
