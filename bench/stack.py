"""The production stack on loopback: databases, gunicorn servers, the stock Wagtail project
and Varnish. Everything started here is stopped by `Stack.close()`."""

import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
STOCK_PROJECT = "stockref"
# The stock project runs on the same packages, but with `-S`: no .pth files, so our editable
# install (whose `home` app would shadow the stock project's `home`) is not on its path; its
# site-packages come through PYTHONPATH instead.
STOCK_PYTHON = (sys.executable, "-S")
LIBS = ("purelib", "platlib")


def recreate_database(url: str) -> None:
    """Drop and create the database that `url` names: every run starts from the same state.
    Only databases whose name contains "bench" are touched, so a mistyped DATABASE_URL cannot
    empty a real one."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name:
        raise SystemExit(
            f"The benchmark drops and recreates its databases; {name!r} has no 'bench' in its "
            "name, so it is left alone. Name a database for the benchmark, e.g. .../bench."
        )
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def site_env(*, database_url: str, redis_url: str, folder: Path) -> dict[str, str]:
    """The environment of every process of our site: production settings on loopback, with
    the floor view's URLs (bench.settings)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "PAGE_CACHE_SECONDS", "FRONTEND_CACHE_VARNISH_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str, cwd: Path = ROOT, python: tuple = (sys.executable,)) -> None:
    subprocess.run(  # noqa: S603
        [*python, "manage.py", *args],
        cwd=cwd,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )


class Stack:
    """Processes the benchmark started, each in its own process group."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], *, env: dict, cwd: Path) -> None:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (kept for the process)
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                command, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True
            )
        )

    def gunicorn(
        self,
        name: str,
        *,
        port: int,
        env: dict,
        workers: int,
        app: str = "scn_wagtail.wsgi",
        cwd: Path = ROOT,
        python: tuple = (sys.executable,),
    ) -> None:
        self.start(
            name,
            [
                *python,
                "-m",
                "gunicorn",
                app,
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--log-level=warning",
            ],
            env=env,
            cwd=cwd,
        )
        wait_for(port, self.folder / f"{name}.log")

    def varnish(self, *, port: int, backend_port: int, host: str) -> Path:
        """varnishd on `port` with deploy/varnish/default.vcl pointed at `backend_port`;
        returns its working directory (for varnishstat)."""
        vcl = self.folder / "default.vcl"
        vcl.write_text(point_vcl_at(VCL.read_text(), port=backend_port, host=host))
        workdir = self.folder / "varnish"
        # varnishd's worker runs as its own user, and must reach its working directory.
        self.folder.chmod(0o755)
        self.start(
            "varnish",
            [
                shutil.which("varnishd"),
                "-F",
                f"-n{workdir}",
                f"-a127.0.0.1:{port}",
                f"-f{vcl}",
                "-smalloc,128m",
                "-Tnone",
            ],
            env=dict(os.environ),
            cwd=self.folder,
        )
        wait_for(port, self.folder / "varnish.log")
        return workdir

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/robots.txt")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    tail = log.read_text(errors="replace").splitlines()[-15:]
    raise SystemExit(
        f"Nothing answered on port {port} within {timeout:g} s. {log.name}:\n" + "\n".join(tail)
    )


def point_vcl_at(vcl: str, *, port: int, host: str) -> str:
    """The VCL with each backend's `.host`/`.port` set to our app server on loopback, and
    health probes asking for the site's host name as the benchmark's clients do."""

    def backend(match: re.Match) -> str:
        block = re.sub(r'\.host\s*=\s*"[^"]*"', '.host = "127.0.0.1"', match.group(0))
        return re.sub(r'\.port\s*=\s*"[^"]*"', f'.port = "{port}"', block)

    pointed, count = re.subn(r"backend\s+\w+\s*\{[^}]*\}", backend, vcl)
    if not count:
        raise SystemExit(f"{VCL} defines no backend for the benchmark to point at.")
    return re.sub(r'"Host:[^"]*"', f'"Host: {host}"', pointed)


def varnish_counters(workdir: Path) -> dict[str, int]:
    completed = subprocess.run(  # noqa: S603
        [shutil.which("varnishstat"), f"-n{workdir}", "-1"]
        + ["-fMAIN.cache_hit", "-fMAIN.cache_miss"],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    counters = {}
    for line in completed.stdout.splitlines():
        name, value, *_ = line.split()
        counters[name.removeprefix("MAIN.")] = int(value)
    return counters


def varnish_skip_reason() -> str | None:
    if not VCL.exists():
        return "no deploy/varnish/default.vcl"
    if not shutil.which("varnishd"):
        return "varnishd is not installed (Debian: sudo apt-get install varnish)"
    return None


def make_stock_project(
    folder: Path, *, database_url: str, conn_max_age: int, env: dict[str, str]
) -> tuple[Path, dict[str, str]]:
    """A `wagtail start` project (the installed Wagtail), its production settings with only a
    local.py added: the secret key, hosts and PostgreSQL (by default with persistent
    connections, as our site has). Returns its folder and environment (`env` with its
    settings)."""
    project = folder / "stock"
    project.mkdir()
    subprocess.run(  # noqa: S603
        [str(BIN / "wagtail"), "start", STOCK_PROJECT, str(project)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=120,
    )
    (project / STOCK_PROJECT / "settings" / "local.py").write_text(
        "import dj_database_url\n\n"
        f"SECRET_KEY = {secrets.token_urlsafe(50)!r}\n"
        'ALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
        "DATABASES = {\n"
        f'    "default": dj_database_url.parse({database_url!r}, conn_max_age={conn_max_age},'
        " conn_health_checks=True)\n"
        "}\n"
    )
    env = dict(env)
    env["DJANGO_SETTINGS_MODULE"] = f"{STOCK_PROJECT}.settings.production"
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(sysconfig.get_paths()[k] for k in LIBS))
    manage(env, "migrate", "--noinput", "-v0", cwd=project, python=STOCK_PYTHON)
    manage(env, "collectstatic", "--noinput", "-v0", cwd=project, python=STOCK_PYTHON)
    return project, env
