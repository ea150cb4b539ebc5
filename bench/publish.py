"""The editor of the freshness check, in a process of its own with the servers' settings:
publishes edit 0, waits for a line on stdin, then publishes `--edits` more, each with the
marker `<marker>-<n>` in the page's introduction. After each publish returns it prints
`published <n> <time.monotonic()> <seconds the publish took>`."""

import argparse
import sys
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", type=int, required=True)
    parser.add_argument("--marker", required=True)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.3)
    args = parser.parse_args()
    django.setup()

    from home.models import StandardPage

    for number in range(args.edits + 1):
        if number == 1:
            sys.stdin.readline()
        if number:
            time.sleep(args.interval)
        page = StandardPage.objects.get(pk=args.page)
        page.introduction = f"Edited by the benchmark: {args.marker}-{number}."
        started = time.monotonic()
        page.save_revision().publish()
        returned = time.monotonic()
        print(f"published {number} {returned} {returned - started}", flush=True)


if __name__ == "__main__":
    main()
