"""The first request after a publish, which issue 8 compares with a stock `wagtail start`
home page. In each round, for each page, this process (Django set up with the servers'
settings) publishes an edit that the page shows, with a new marker, as an editor's request
would; once the publish returns, one request to the page is timed on a server, then one to
the stock home page. The page is asked of the cached server and, after another edit, of the
uncached one (page cache off). A response without the edit's marker counts as stale.

Each round is made twice, in turn: with the publish rendering the pages it changes
(home/warming.py, as the site runs) and without (PAGE_CACHE_WARM_AFTER_PUBLISH off in this
process, as before it), so that both are measured in the same run.

The ratio is the stock request's time over the page's, per round (above 1: faster than
stock), and its median over the rounds is reported, as `make bench` does with throughputs."""

import http.client
import statistics
import time
from dataclasses import dataclass, field
from itertools import count


@dataclass
class Target:
    """A page, and the page whose field an edit changes so that it shows."""

    path: str
    edited: int
    field_name: str


@dataclass
class Figures:
    # Each by (variant, server, path): the times, the stock page's times, their ratios, and
    # how many responses had each X-Page-Cache.
    ms: dict = field(default_factory=dict)
    stock_ms: dict = field(default_factory=dict)
    ratios: dict = field(default_factory=dict)
    states: dict = field(default_factory=dict)
    publish_ms: dict = field(default_factory=dict)  # variant -> [ms]
    stale: int = 0
    requests: int = 0


def timed_get(port: int, path: str, host: str | None) -> tuple[float, str, str]:
    """(milliseconds, body, X-Page-Cache) of one GET on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    milliseconds = (time.perf_counter() - started) * 1000
    connection.close()
    if response.status != 200:
        raise SystemExit(f"http://127.0.0.1:{port}{path} answered {response.status}")
    return milliseconds, body, response.getheader("X-Page-Cache", "-")


def publish_edit(target: Target, marker: str) -> float:
    """Publish the edit, in a transaction as an editor's request is; milliseconds taken."""
    from django.core.signals import request_started
    from django.db import transaction

    from wagtail.models import Page

    page = Page.objects.get(pk=target.edited).specific
    setattr(page, target.field_name, f"Edited by the benchmark ({marker}).")
    started = time.perf_counter()
    request_started.send(sender=None)  # each publish is an editor's request of its own
    with transaction.atomic():
        page.save_revision().publish()
    return (time.perf_counter() - started) * 1000


VARIANTS = {"rendered after publish": True, "not rendered": False}


def measure(
    targets: list[Target], *, servers: dict, stock_port: int, hosts: dict, rounds: int
) -> Figures:
    """`servers`: {"cached": port, "uncached": port}. Needs Django set up (bench.settings)."""
    from django.test.utils import override_settings

    figures = Figures()
    markers = count(1)
    for _ in range(rounds):
        for variant, warming in VARIANTS.items():
            with override_settings(PAGE_CACHE_WARM_AFTER_PUBLISH=warming):
                for target in targets:
                    for server, port in servers.items():
                        key = (variant, server, target.path)
                        marker = f"after-publish-{next(markers)}"
                        took = publish_edit(target, marker)
                        figures.publish_ms.setdefault(variant, []).append(took)
                        ours, body, state = timed_get(port, target.path, hosts.get(port))
                        stock, _body, _state = timed_get(stock_port, "/", None)
                        figures.requests += 1
                        figures.stale += marker not in body
                        figures.ms.setdefault(key, []).append(ours)
                        figures.stock_ms.setdefault(key, []).append(stock)
                        figures.ratios.setdefault(key, []).append(stock / ours)
                        states = figures.states.setdefault(key, {})
                        states[state] = states.get(state, 0) + 1
    return figures


def table(figures: Figures, labels: dict) -> str:
    lines = [
        "First request after a publish (one request per round, after an edit it shows):",
        f"{'page':20} {'server':9} {'publish':23} {'ms':>7} {'stock ms':>9} {'x stock':>8}"
        "  page cache",
    ]
    for key, times in figures.ms.items():
        variant, server, path = key
        ratio = statistics.median(figures.ratios[key])
        stock = statistics.median(figures.stock_ms[key])
        states = ", ".join(f"{n} {state}" for state, n in figures.states[key].items())
        lines.append(
            f"{labels.get(path, path):20} {server:9} {variant:23} "
            f"{statistics.median(times):7.1f} {stock:9.1f} {ratio:8.2f}  {states}"
        )
    took = ", ".join(
        f"{statistics.median(times):.0f} ms {variant}"
        for variant, times in figures.publish_ms.items()
    )
    lines.append(f"stale: {figures.stale} of {figures.requests}; a publish took (median) {took}")
    return "\n".join(lines)


def summary(figures: Figures) -> dict:
    return {
        " ".join(key): {
            "ms": statistics.median(times),
            "stock_ms": statistics.median(figures.stock_ms[key]),
            "x_stock": statistics.median(figures.ratios[key]),
            "page_cache": figures.states[key],
        }
        for key, times in figures.ms.items()
    } | {
        "stale": figures.stale,
        "requests": figures.requests,
        "publish_ms": {v: statistics.median(t) for v, t in figures.publish_ms.items()},
    }
