"""Load benchmark: serve the demo site with gunicorn (production settings, SQLite or
DATABASE_URL) on loopback and measure latency and throughput of the public pages.

    make bench                      # or: .venv/bin/python bench/load.py --requests 300

Bounded: a fixed number of requests per URL and a time limit; it only talks to 127.0.0.1.
Figures go in docs/performance.md."""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = ["/", "/about/", "/search/?q=network", "/sitemap.xml"]


def bench_env(database_path: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="scn_wagtail.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{database_path}")
    env.pop("DEBUG", None)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/robots.txt")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def fetch(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - started


def measure(port: int, path: str, requests: int, concurrency: int, deadline: float) -> dict:
    fetch(port, path)  # warm caches and renditions
    latencies, statuses = [], []
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(fetch, port, path) for _ in range(requests)]
        for future in futures:
            if time.monotonic() > deadline:
                break
            status, seconds = future.result()
            statuses.append(status)
            latencies.append(seconds)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "path": path,
        "requests": len(latencies),
        "errors": sum(1 for s in statuses if s >= 400),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--time-limit", type=float, default=300)
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        env = bench_env(Path(folder) / "bench.sqlite3")
        env["MEDIA_ROOT"] = str(Path(folder) / "media")
        env["STATIC_ROOT"] = str(Path(folder) / "static")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_content", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        server = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "scn_wagtail.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(args.port)
            deadline = time.monotonic() + args.time_limit
            print(f"gunicorn, {args.workers} workers; {args.concurrency} concurrent clients")
            print(f"{'path':32} {'reqs':>5} {'errs':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
            for path in args.paths:
                r = measure(args.port, path, args.requests, args.concurrency, deadline)
                print(
                    f"{r['path']:32} {r['requests']:5d} {r['errors']:4d} {r['rps']:7.1f} "
                    f"{r['p50_ms']:7.1f} {r['p95_ms']:7.1f}"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
