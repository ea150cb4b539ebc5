"""Issue 8's benchmark: the production stack on loopback, measured in one run.

    make bench                                  # or: .venv/bin/python -m bench --help
    make bench BENCH_ARGS="--rounds 1 --duration 2 --pages / /news/"

It recreates two PostgreSQL databases (their names must contain "bench") and empties its
Redis database, loads the demo content and a `wagtail start` project, starts gunicorn (2
workers, production settings) for the site with its page cache, again with the page cache
off (PAGE_CACHE_SECONDS=0), for the stock project, and Varnish in front when
deploy/varnish/default.vcl exists; then measures every target with wrk in alternating
rounds, checks freshness and prints the table (docs/performance.md). Loopback only; each
measurement lasts --duration seconds and the rounds stop at --time-limit."""

import argparse
import http.client
import json
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from . import FLOOR_PATH, after_publish, freshness, report, stack, wrk

DEFAULT_PAGES = [
    "/en/",
    "/en/about/",
    "/en/faq/",
    "/en/news/",
    "story",
    "/en/join/",
    "/en/news/feed/rss/",
    "/en/news/feed/atom/",
    "/sitemap.xml",
]
GROWTH_PAGES = ["/en/", "/en/news/"]
BASE_STORIES = 10
LABELS = {
    "/en/": "home /en/",
    "/en/about/": "standard /about/",
    "/en/faq/": "/en/faq/",
    "/en/news/": "news index /news/",
    "/en/join/": "form /join/",
    "/en/news/feed/rss/": "RSS feed",
    "/en/news/feed/atom/": "Atom feed",
    "/sitemap.xml": "/sitemap.xml",
}


class OutOfTime(Exception):
    pass


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--duration", type=float, default=3, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--pages", nargs="+", default=DEFAULT_PAGES, help='paths; "story" is the newest story'
    )
    parser.add_argument("--stories", type=int, default=300, help="stories of the grown index")
    parser.add_argument("--edits", type=int, default=20, help="publishes of the freshness check")
    parser.add_argument(
        "--after-publish-rounds",
        type=int,
        default=7,
        help="rounds of the first request after a publish (0: skip them)",
    )
    parser.add_argument("--no-growth", action="store_true", help="skip the 300-story rows")
    parser.add_argument("--no-freshness", action="store_true", help="skip the freshness check")
    parser.add_argument("--no-varnish", action="store_true", help="skip Varnish")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench"),
        help="our site's database (env BENCH_DATABASE_URL); recreated",
    )
    parser.add_argument(
        "--stock-database-url",
        default=os.environ.get(
            "BENCH_STOCK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_stock"
        ),
        help="the stock project's database (env BENCH_STOCK_DATABASE_URL); recreated",
    )
    parser.add_argument(
        "--stock-conn-max-age",
        type=int,
        default=60,
        help="the stock project's CONN_MAX_AGE: ours by default; 0 is Django's own default",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"),
        help="Redis database of the servers (env BENCH_REDIS_URL); emptied",
    )
    parser.add_argument(
        "--port", type=int, default=8300, help="first of 4 app-server ports (port..port+3)"
    )
    parser.add_argument("--varnish-port", type=int, default=6200)
    parser.add_argument(
        "--time-limit", type=float, default=540, help="seconds after which no round starts"
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser.parse_args()


def get(port: int, path: str, host: str | None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def main() -> None:
    args = parse_args()
    wrk_path = wrk.require_wrk()
    varnish_note = "--no-varnish" if args.no_varnish else stack.varnish_skip_reason()
    ports = {
        "cached": args.port,
        "uncached": args.port + 1,
        "stock": args.port + 2,
        "second": args.port + 3,
        "varnish": args.varnish_port,
    }
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="scn-bench-") as tmp:
        folder = Path(tmp)
        servers = stack.Stack(folder)
        try:
            outcome = run(args, folder, servers, ports, wrk_path, varnish_note)
        finally:
            servers.close()
    rounds, summary, labels, story_path, fresh, published = outcome
    header = (
        f"Issue 8 benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; "
        f"took {time.monotonic() - started:.0f} s.\n"
        f"gunicorn {args.workers} workers per server, production settings, PostgreSQL, Redis; "
        f"wrk {args.connections} connections; medians of {len(rounds)} alternating rounds of "
        f"{args.duration:g} s.\na story = {story_path}"
    )
    print()
    print(
        report.table(
            summary,
            pages=list(labels),
            labels=labels,
            header=header,
            story_path=story_path,
            varnish_note=varnish_note,
            freshness=fresh,
        )
    )
    if published:
        print()
        print(after_publish.table(published, labels))
    if args.json:
        settings = {k: v for k, v in vars(args).items() if k != "json"}
        data = report.as_json(
            rounds,
            summary,
            header=header,
            settings=settings,
            story=story_path,
            varnish=varnish_note or "measured",
            freshness=fresh and vars(fresh),
        )
        if published:
            data["after a publish"] = after_publish.summary(published)
        args.json.write_text(json.dumps(data, indent=2, default=str) + "\n")
        print(f"\nfigures written to {args.json}")


def run(args, folder: Path, servers: stack.Stack, ports: dict, wrk_path: str, varnish_note):
    step = Steps()
    step("databases, demo content and the stock `wagtail start` project")
    stack.recreate_database(args.database_url)
    stack.recreate_database(args.stock_database_url)
    # The stock project migrates while our site does (each is mostly waiting on PostgreSQL).
    stock_setup = ThreadPoolExecutor(max_workers=1)
    stock_project = stock_setup.submit(
        stack.make_stock_project,
        folder,
        database_url=args.stock_database_url,
        conn_max_age=args.stock_conn_max_age,
        env=dict(os.environ),
    )
    stock_setup.shutdown(wait=False)
    env = stack.site_env(database_url=args.database_url, redis_url=args.redis_url, folder=folder)
    if not varnish_note:
        env["FRONTEND_CACHE_VARNISH_URL"] = f"http://127.0.0.1:{ports['varnish']}"
    stack.manage(env, "migrate", "--noinput", "-v0")
    stack.manage(env, "load_demo_content", "-v0")
    stack.manage(env, "collectstatic", "--noinput", "-v0")

    # The ORM here, with the servers' settings, database and Redis.
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    from . import content

    grown = BASE_STORIES if args.no_growth else args.stories
    step(f"{grown} stories")
    extra_stories = content.stories_prepare(base=BASE_STORIES, grown=grown)
    content.stories_show(extra_stories, live=False)
    story_path = content.newest_story_path()
    # Our servers are asked for the site's host name (as a purge names it); the stock
    # project for 127.0.0.1.
    site_host = content.site_host()
    hosts = {ports[kind]: site_host for kind in ("cached", "uncached", "second", "varnish")}
    fresh_page = content.freshness_page() if not args.no_freshness else None
    cache.clear()

    stock_dir, stock_env = stock_project.result()

    step("servers")
    uncached_env = env | {"PAGE_CACHE_SECONDS": "0"}
    servers.gunicorn("cached", port=ports["cached"], env=env, workers=args.workers)
    servers.gunicorn("uncached", port=ports["uncached"], env=uncached_env, workers=args.workers)
    servers.gunicorn(
        "stock",
        port=ports["stock"],
        env=stock_env,
        workers=args.workers,
        app=f"{stack.STOCK_PROJECT}.wsgi",
        cwd=stock_dir,
        python=stack.STOCK_PYTHON,
    )
    varnish_dir = None
    if not varnish_note:
        varnish_dir = servers.varnish(
            port=ports["varnish"], backend_port=ports["cached"], host=site_host
        )

    pages = [story_path if page == "story" else page for page in args.pages]
    labels = {page: LABELS.get(page, page) for page in pages}
    if "story" in args.pages:
        labels[story_path] = "a story"
    growth_pages = [page for page in GROWTH_PAGES if page in pages] if extra_stories else []

    checks = [(ports["cached"], FLOOR_PATH), (ports["stock"], "/")]
    checks += [(ports[kind], page) for page in pages for kind in ("cached", "uncached")]
    for port, path in checks * 3:  # every worker's first requests, and a check of each page
        status = get(port, path, hosts.get(port))
        if status != 200:
            raise SystemExit(f"http://127.0.0.1:{port}{path} answered {status}, not 200.")

    scripts = wrk.write_scripts(folder)
    deadline = time.monotonic() + args.time_limit

    def measure(kind: str, path: str, port: int, *, counting: bool = True) -> wrk.Result:
        if time.monotonic() > deadline:
            raise OutOfTime
        for _ in range(2):  # the page cache, if any, holds the page from here on
            get(port, path, hosts.get(port))
        before = stack.varnish_counters(varnish_dir) if kind == "varnish" else None
        url = f"http://127.0.0.1:{port}{path}"
        result = wrk.run(
            wrk_path,
            url,
            script=scripts[counting],
            seconds=args.duration,
            connections=args.connections,
            host=hosts.get(port),
        )
        if before is not None:
            after = stack.varnish_counters(varnish_dir)
            result.cache = {name: after[name] - before[name] for name in after}
            result.cache = {"hit": result.cache["cache_hit"], "miss": result.cache["cache_miss"]}
        return result

    rounds: report.Rounds = []
    try:
        for number in range(1, args.rounds + 1):
            step(f"round {number} of {args.rounds}")
            measured: dict[tuple[str, str], wrk.Result] = {}
            rounds.append(measured)
            measured["floor", FLOOR_PATH] = measure("floor", FLOOR_PATH, ports["cached"])
            measured["stock", "/"] = measure("stock", "/", ports["stock"], counting=False)
            for page in pages:
                measured["cached", page] = measure("cached", page, ports["cached"])
                measured["uncached", page] = measure("uncached", page, ports["uncached"])
                if varnish_dir:
                    measured["varnish", page] = measure(
                        "varnish", page, ports["varnish"], counting=False
                    )
            if growth_pages:
                # 300 stories, then 10; the other way round in even rounds, so that neither
                # always comes first after the cache is emptied.
                for grown in (True, False) if number % 2 else (False, True):
                    kind = "grown" if grown else "small"
                    content.stories_show(extra_stories, live=grown)
                    try:
                        for page in growth_pages:
                            measured[kind, page] = measure(kind, page, ports["uncached"])
                    finally:
                        content.stories_show(extra_stories, live=False)
    except OutOfTime:
        print(f"time limit ({args.time_limit:g} s) reached: the rounds so far are reported")

    published = None
    if args.after_publish_rounds:
        step(f"the first request after a publish, {args.after_publish_rounds} rounds")
        published = after_publish.measure(
            content.after_publish_targets(pages, story_path),
            servers={"cached": ports["cached"], "uncached": ports["uncached"]},
            stock_port=ports["stock"],
            hosts=hosts,
            rounds=args.after_publish_rounds,
        )

    fresh = None
    if fresh_page:
        step(f"freshness: {args.edits} publishes while clients read")
        servers.gunicorn("second", port=ports["second"], env=env, workers=args.workers)
        readers = {"app servers": [ports["cached"], ports["second"]]}
        if varnish_dir:
            readers["varnish"] = [ports["varnish"]]
        fresh = freshness.check(
            env=env,
            page_id=fresh_page.pk,
            path=fresh_page.get_url(),
            host=site_host,
            readers=readers,
            edits=args.edits,
        )
    return rounds, report.summarise(rounds), labels, story_path, fresh, published


class Steps:
    """Prints each step with the seconds since the start."""

    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, what: str) -> None:
        print(f"[{time.monotonic() - self.started:5.0f} s] {what}", flush=True)


if __name__ == "__main__":
    main()
