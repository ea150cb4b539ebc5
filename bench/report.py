"""The benchmark's table: medians over the rounds, and each ratio taken within a round (so
that the machine's drift between rounds cancels) before its median is taken."""

import statistics
from dataclasses import asdict

from . import FLOOR_PATH
from .freshness import Outcome
from .wrk import Result

# Each measurement is compared with another of the same round.
REFERENCES = {
    "stock": ("floor", FLOOR_PATH),
    "cached": ("floor", FLOOR_PATH),
    "varnish": ("floor", FLOOR_PATH),
    "uncached": ("stock", "/"),
}
# The targets: (kind, pages, lowest ratio, what it says).
CACHED_PAGES = ["/en/", "/en/about/", "/en/faq/", "/en/news/", "story"]
TARGETS = [
    ("cached", CACHED_PAGES, 0.8, "cached pages >= 0.8x floor"),
    ("uncached", ["/en/", "/en/faq/", "/en/news/", "story"], 1.0, "uncached pages >= 1.0x stock"),
    ("grown", ["/en/news/"], 0.9, "news index, 300 stories >= 0.9x 10"),
    ("varnish", CACHED_PAGES, 3.0, "Varnish >= 3x floor"),
]

Rounds = list[dict[tuple[str, str], Result]]


def reference_of(kind: str, path: str) -> tuple[str, str] | None:
    if kind == "grown":
        return ("small", path)
    return REFERENCES.get(kind)


def summarise(rounds: Rounds) -> dict[tuple[str, str], dict]:
    keys = {key for measured in rounds for key in measured}
    summary = {}
    for key in keys:
        results = [measured[key] for measured in rounds if key in measured]
        hit_ratios = [r.hit_ratio() for r in results if r.hit_ratio() is not None]
        reference = reference_of(*key)
        ratios = [
            measured[key].rps / measured[reference].rps
            for measured in rounds
            if key in measured and reference in measured and measured[reference].rps
        ]
        summary[key] = {
            "rps": statistics.median(r.rps for r in results),
            "rps_min": min(r.rps for r in results),
            "rps_max": max(r.rps for r in results),
            "p50_ms": statistics.median(r.p50_ms for r in results),
            "errors": sum(r.errors for r in results),
            "hit_ratio": statistics.median(hit_ratios) if hit_ratios else None,
            "ratio": statistics.median(ratios) if ratios else None,
            "reference": "/".join(reference) if reference else None,
            "rounds": len(results),
        }
    return summary


def _rps(entry: dict | None) -> str:
    if entry is None:
        return "-"
    flag = "!" if entry["errors"] else ""
    return f"{entry['rps']:,.0f}{flag}"


def _range(entry: dict | None) -> str:
    return "-" if entry is None else f"{entry['rps_min']:,.0f}-{entry['rps_max']:,.0f}"


def _ratio(entry: dict | None, digits: int = 2) -> str:
    if entry is None or entry["ratio"] is None:
        return "-"
    ratio = entry["ratio"]
    return f"{ratio:.3f}" if ratio < 0.1 else f"{ratio:.{digits}f}"


def _hits(entry: dict | None) -> str:
    if entry is None or entry["hit_ratio"] is None:
        return "-"
    return f"{entry['hit_ratio']:.0%}"


def table(
    summary: dict,
    *,
    pages: list[str],
    labels: dict[str, str],
    header: str,
    story_path: str,
    varnish_note: str | None,
    freshness: Outcome | None,
) -> str:
    lines = [header, ""]
    floor, stock = summary.get(("floor", FLOOR_PATH)), summary.get(("stock", "/"))
    lines.append(f"{'reference':34} {'req/s':>7} {'x floor':>8}   rounds' range (noise)")
    lines.append(
        f"{'floor: bare Django view ' + FLOOR_PATH:34} {_rps(floor):>7} {'1.00':>8}   "
        + _range(floor)
    )
    lines.append(
        f"{'stock `wagtail start` home page':34} {_rps(stock):>7} {_ratio(stock):>8}   "
        + _range(stock)
    )
    lines.append("")
    lines.append(
        f"{'page':20} {'cached':>7} {'x floor':>8} {'hits':>5}   {'uncached':>8} {'x stock':>8}"
        f"   {'varnish':>7} {'x floor':>8}"
    )
    for path in pages:
        cached = summary.get(("cached", path))
        uncached = summary.get(("uncached", path))
        varnish = summary.get(("varnish", path))
        lines.append(
            f"{labels[path]:20} {_rps(cached):>7} {_ratio(cached):>8} {_hits(cached):>5}   "
            f"{_rps(uncached):>8} {_ratio(uncached):>8}   {_rps(varnish):>7} "
            f"{_ratio(varnish):>8}"
        )
    if varnish_note:
        lines.append(f"varnish: skipped ({varnish_note})")
    grown = [path for path in pages if ("grown", path) in summary]
    if grown:
        lines.append("")
        lines.append(
            f"{'growth (uncached)':20} {'10 stories':>11} {'300 stories':>12} {'300/10':>7}"
        )
        for path in grown:
            lines.append(
                f"{labels[path]:20} {_rps(summary.get(('small', path))):>11} "
                f"{_rps(summary[('grown', path)]):>12} {_ratio(summary[('grown', path)]):>7}"
            )
    if freshness:
        lines.append("")
        publish_ms = statistics.median(freshness.publish_seconds) * 1000
        groups = ", ".join(
            f"{via}: {freshness.stale[via]} stale of {freshness.reads[via]} reads"
            for via in freshness.reads
        )
        lines.append(
            f"freshness: {freshness.edits} publishes (median {publish_ms:.0f} ms each); {groups}"
        )
    lines.append("")
    lines.append("targets (issue 8):")
    for kind, target_pages, lowest, words in TARGETS:
        resolved = [story_path if p == "story" else p for p in target_pages]
        entries = {p: summary.get((kind, p)) for p in resolved if p in labels}
        ratios = {p: e["ratio"] for p, e in entries.items() if e and e["ratio"] is not None}
        if not ratios:
            lines.append(f"  {words:38} not measured")
            continue
        worst = min(ratios, key=ratios.get)
        verdict = "met" if ratios[worst] >= lowest else "NOT met"
        lines.append(f"  {words:38} {verdict}: lowest {ratios[worst]:.3g} ({labels[worst]})")
    if freshness:
        stale = sum(freshness.stale.values())
        verdict = "met" if stale == 0 else "NOT met"
        lines.append(f"  {'0 stale responses after a publish':38} {verdict}: {stale} stale")
    errors = {key: entry["errors"] for key, entry in summary.items() if entry["errors"]}
    if errors:
        lines.append("")
        lines.append(
            "! errors (non-2xx/3xx or socket errors): "
            + ", ".join(
                f"{kind} {labels.get(path, path)}: {count}"
                for (kind, path), count in errors.items()
            )
        )
    return "\n".join(lines)


def as_json(rounds: Rounds, summary: dict, **extra) -> dict:
    def key_name(key: tuple[str, str]) -> str:
        return f"{key[0]} {key[1]}"

    return {
        **extra,
        "summary": {key_name(key): entry for key, entry in sorted(summary.items())},
        "rounds": [
            {key_name(key): asdict(result) | {"rps": result.rps} for key, result in m.items()}
            for m in rounds
        ],
    }
