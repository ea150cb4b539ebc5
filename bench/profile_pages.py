"""Profile the rendering of public pages in-process: the queries each page runs and, with
pyinstrument installed (`.venv/bin/pip install pyinstrument`; not a project dependency),
where the time goes.

    .venv/bin/python bench/profile_pages.py / /news/ /faq/            # queries per page
    .venv/bin/python bench/profile_pages.py --profile 200 /news/      # pyinstrument profile
    .venv/bin/python bench/profile_pages.py --sql /news/              # the queries themselves
    .venv/bin/python bench/profile_pages.py --calls /news/            # function calls
    .venv/bin/python bench/profile_pages.py --calls --cold news /    # ... after a story changed

It uses the settings and database of the environment (DJANGO_SETTINGS_MODULE, DATABASE_URL,
REDIS_URL), so run it against a demo site, never against production. Each page is requested
once first so that renditions and caches are warm: what is shown is the uncached cost of a
page that has been seen before. `--cold news` (or `frame`) measures instead the first request
after a story was published (or after any other change): the fragment versions of that scope
are replaced before each request (home/fragments.py)."""

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scn_wagtail.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=int, metavar="N", help="profile N requests per page")
    parser.add_argument("--all-frames", action="store_true", help="show library frames too")
    parser.add_argument("--sql", action="store_true", help="print each query")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="Python function calls per request: a measure of work that load does not change",
    )
    parser.add_argument(
        "--cold",
        choices=["news", "frame"],
        help="replace the fragment versions of this scope before each measured request",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from home.page_cache import invalidate_all_pages

    def get(path):
        if args.cold:
            invalidate_all_pages(args.cold)
        return client.get(path)

    client = Client(HTTP_HOST=args.host)
    for path in args.paths:
        response = client.get(path)  # warm: renditions, site root paths, template loaders
        with CaptureQueriesContext(connection) as queries:
            response = get(path)
        print(f"{path}: HTTP {response.status_code}, {len(queries)} queries")
        if args.calls:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            with profile:
                for _ in range(10):
                    get(path)
            print(f"    {pstats.Stats(profile).total_calls / 10:.0f} function calls per request")
        if args.sql:
            for query in queries.captured_queries:
                sql = re.sub(r"^SELECT .*? FROM", "SELECT … FROM", query["sql"])
                print(f"    {sql[:400]}")
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(args.profile):
                    get(path)
            from pyinstrument.renderers import ConsoleRenderer

            renderer = ConsoleRenderer(
                unicode=True,
                color=False,
                show_all=args.all_frames,
                processor_options={"filter_threshold": 0.02},
            )
            print(profiler.output(renderer))


if __name__ == "__main__":
    main()
