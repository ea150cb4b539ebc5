"""One load measurement: `wrk` against a URL on loopback, its figures read back as JSON.

The Lua script counts the page cache's `X-Page-Cache` header (hit, miss, bypass) only when
asked: reading headers in Lua costs wrk some CPU, which on a small machine the servers feel."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  local line = string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, '
    .. '"errors": %d, "non_2xx_3xx": %d',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status)
  local counts = {}
  for _, thread in ipairs(threads) do
    for _, name in ipairs(states) do
      counts[name] = (counts[name] or 0) + (thread:get(name) or 0)
    end
  end
  for _, name in ipairs(states) do
    line = line .. string.format(', "%s": %d', name, counts[name] or 0)
  end
  io.write("BENCH-JSON " .. line .. "}\\n")
end
"""

PLAIN_SCRIPT = "threads = {}\nstates = {}\n" + _DONE

COUNTING_SCRIPT = (
    """
threads = {}
states = {"hit", "miss", "bypass", "absent"}
function setup(thread) table.insert(threads, thread) end
function init(args) hit = 0; miss = 0; bypass = 0; absent = 0 end
function response(status, headers, body)
  local value = headers["X-Page-Cache"] or headers["x-page-cache"]
  if value == "hit" then hit = hit + 1
  elseif value == "miss" then miss = miss + 1
  elseif value == "bypass" then bypass = bypass + 1
  else absent = absent + 1 end
end
"""
    + _DONE
)


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    cache: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def hit_ratio(self) -> float | None:
        """Share of responses that said `X-Page-Cache: hit`; None when none had the header."""
        counted = sum(self.cache.get(name, 0) for name in ("hit", "miss", "bypass"))
        return self.cache.get("hit", 0) / counted if counted else None


def require_wrk() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit(
            "The benchmark needs wrk, the HTTP load generator: install Debian's package with "
            "`sudo apt-get install wrk`, then run `make bench` again."
        )
    return path


def write_scripts(folder: Path) -> dict[bool, Path]:
    """The two Lua scripts, keyed by whether they count the cache header."""
    scripts = {False: folder / "plain.lua", True: folder / "counting.lua"}
    scripts[False].write_text(PLAIN_SCRIPT)
    scripts[True].write_text(COUNTING_SCRIPT)
    return scripts


def parse(output: str) -> Result:
    line = next(
        (line for line in output.splitlines() if line.startswith("BENCH-JSON ")),
        None,
    )
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    data = json.loads(line.removeprefix("BENCH-JSON "))
    cache = {name: data[name] for name in ("hit", "miss", "bypass", "absent") if name in data}
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1_000_000,
        errors=data["errors"] + data["non_2xx_3xx"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        cache=cache,
    )


def run(
    wrk: str,
    url: str,
    *,
    script: Path,
    seconds: float,
    connections: int,
    host: str | None = None,
    threads: int = 2,
) -> Result:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("Load tests only run against 127.0.0.1.")
    completed = subprocess.run(  # noqa: S603
        [
            wrk,
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={seconds:g}s",
            "--timeout=10s",
            f"--script={script}",
            *([f"--header=Host: {host}"] if host else []),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    return parse(completed.stdout)
