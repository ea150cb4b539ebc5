"""Freshness: clients read a page in a loop from several server processes while another
process publishes edits to it. A response is stale when its request started after a publish
had returned and it does not show that edit (or a later one)."""

import http.client
import re
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from .stack import ROOT

# Between two reads of one client: enough reads to catch a stale one, without the readers
# (Varnish answers in well under a millisecond) taking the CPU from the servers.
PAUSE = 0.01
MARKER = re.compile(rb"bench-fresh-[0-9a-f]+-([0-9]+)")


@dataclass
class Read:
    started: float
    seen: int  # the edit the response showed; -1 for none (an error, or no marker)
    via: str


@dataclass
class Outcome:
    edits: int
    publish_seconds: list[float]
    reads: dict[str, int] = field(default_factory=dict)
    stale: dict[str, int] = field(default_factory=dict)


def count_stale(reads: list[Read], published: dict[int, float]) -> dict[str, int]:
    """Stale responses per reader group, given when each edit's publish returned."""
    returns = sorted(published.items(), key=lambda item: item[1])
    stale: dict[str, int] = {}
    for read in reads:
        due = max((number for number, at in returns if at < read.started), default=-1)
        stale.setdefault(read.via, 0)
        if read.seen < due:
            stale[read.via] += 1
    return stale


def read_loop(port: int, path: str, host: str, via: str, stop: threading.Event, reads: list):
    while not stop.is_set():
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path, headers={"Host": host})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            match = MARKER.search(body) if response.status == 200 else None
        except OSError:
            match = None
        reads.append(Read(started, int(match.group(1)) if match else -1, via))
        time.sleep(PAUSE)


def check(
    *, env: dict, page_id: int, path: str, host: str, readers: dict[str, list[int]], edits: int
) -> Outcome:
    """Publish `edits` edits of the page while two clients per port in `readers` (a group
    name to its ports) read `path`."""
    marker = f"bench-fresh-{secrets.token_hex(4)}"
    publisher = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.publish", f"--page={page_id}", f"--marker={marker}"]
        + [f"--edits={edits}"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    published: dict[int, float] = {}
    seconds: list[float] = []

    def take_line() -> None:
        line = publisher.stdout.readline()
        while line and not line.startswith("published "):
            line = publisher.stdout.readline()
        if not line:
            raise RuntimeError("The publisher stopped before its edits were published.")
        _, number, returned, took = line.split()
        published[int(number)] = float(returned)
        seconds.append(float(took))

    stop = threading.Event()
    reads: list[Read] = []
    threads = [
        threading.Thread(target=read_loop, args=(port, path, host, via, stop, reads))
        for via, ports in readers.items()
        for port in ports
        for _ in range(2)
    ]
    try:
        take_line()  # edit 0, before anyone reads
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        publisher.stdin.write("go\n")
        publisher.stdin.flush()
        for _ in range(edits):
            take_line()
        time.sleep(0.3)  # reads that start after the last publish
    except BaseException:
        publisher.kill()
        raise
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        publisher.wait(timeout=30)
    outcome = Outcome(edits=edits, publish_seconds=seconds[1:])
    for read in reads:
        outcome.reads[read.via] = outcome.reads.get(read.via, 0) + 1
    outcome.stale = count_stale(reads, published)
    return outcome
