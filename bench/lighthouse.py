"""Lighthouse on the production stack (`make lighthouse`): the demo site under the production
settings on loopback (PostgreSQL, Redis, gunicorn with WhiteNoise serving /static/), behind a
small front server that serves /media/ from MEDIA_ROOT as nginx does in the README's
production layout and passes the rest to gunicorn. Lighthouse (npm, `make lighthouse`
installs it) runs in Debian's Chromium (CHROME_PATH) on the home page, the FAQ, the news
index and /join/, and prints each category's score (docs/look.md records them)."""

import argparse
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

from bench import stack
from bench.chromium import CHROMIUM_ARGS

PAGES = ["/en/", "/en/faq/", "/en/news/", "/en/join/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])


def front_server(port: int, backend: int, media: Path) -> http.server.ThreadingHTTPServer:
    """/media/ from disk, everything else from gunicorn (nginx's part, on loopback)."""

    class Front(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(media.parent), **kwargs)

        def log_message(self, *args):
            pass

        def end_headers(self):
            if self.path.startswith("/media/"):
                self.send_header("Cache-Control", "public, max-age=31536000")
            super().end_headers()

        def do_GET(self):
            if self.path.startswith("/media/"):
                return super().do_GET()
            request = urllib.request.Request(  # noqa: S310 (loopback only)
                f"http://127.0.0.1:{backend}{self.path}",
                headers={k: v for k, v in self.headers.items() if k.lower() != "host"}
                | {"Host": f"127.0.0.1:{port}"},
            )
            try:
                response = urllib.request.urlopen(request, timeout=30)  # noqa: S310
            except urllib.error.HTTPError as error:
                response = error
            body = response.read()
            self.send_response(response.status)
            for key, value in response.headers.items():
                if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # Lighthouse drops connections it no longer needs (pictures it stopped loading).
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", port), Front)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


def lighthouse(args, page: str, run: int, name: Path) -> dict:
    """One Lighthouse run of `page`: its four scores, printed with what lost points."""
    report = name.with_name(f"{name.name}-{run}.json")
    command = [
        args.lighthouse,
        f"http://127.0.0.1:{args.port}{page}",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # Lighthouse now and then fails to record its trace ("NO_NAVSTART: please run
    # Lighthouse again"): such a run is run again, once.
    if subprocess.run(command, env=env, timeout=300).returncode:  # noqa: S603
        subprocess.run(command, env=env, check=True, timeout=300)  # noqa: S603
    result = json.loads(report.read_text())
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    print(f"{page:<12} {run:>4} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                print(f"    {category}: {ref['id']} {audit['score']} {value}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/scn_lighthouse_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--port", type=int, default=8871)
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE", "lighthouse"))
    parser.add_argument("--out", type=Path, help="folder for the JSON reports")
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="runs of each page; with more than one, their median is printed too (scores "
        "move from run to run, by Lighthouse's own account: it advises the median of five)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="scn-lighthouse-"))
    servers = stack.Stack(folder)
    front = None
    try:
        stack.recreate_database(args.database_url)
        env = stack.site_env(
            database_url=args.database_url, redis_url=args.redis_url, folder=folder
        )
        env["ALLOWED_HOSTS"] += f",127.0.0.1:{args.port}"
        stack.manage(env, "migrate", "--noinput", "-v0")
        stack.manage(env, "load_demo_content", "-v0")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        backend = args.port + 1
        servers.gunicorn("site", port=backend, env=env, workers=2)
        front = front_server(args.port, backend, folder / "media")
        out = args.out or folder
        out.mkdir(parents=True, exist_ok=True)
        # As a visitor finds them after the first: the pictures' renditions made and the
        # page in the page cache (the first request after the demo is loaded makes 14
        # renditions, a second or more that Lighthouse would count as server response).
        for page in args.pages:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}{page}", timeout=60).read()  # noqa: S310
        print(f"{'page':<12} {'run':>4} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for page in args.pages:
            runs = [
                lighthouse(args, page, run, out / (page.strip("/").replace("/", "-") or "root"))
                for run in range(1, args.runs + 1)
            ]
            if args.runs > 1:
                medians = [statistics.median(scores[c] for scores in runs) for c in CATEGORIES]
                print(f"{page:<12} {'med':>4} " + " ".join(f"{m:>15g}" for m in medians))
    finally:
        if front:
            front.shutdown()
        servers.close()
        if not args.out:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
