"""Checks of what every page owes its visitors: valid HTML (the Nu HTML Checker) and no
accessibility violations (axe-core in the browser). The checker's jar comes from the npm
registry (`make checkers`, run by `make test`); axe-core is bundled with its Python package.
Nothing is fetched while the tests run."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def tools_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


# Where `make checkers` puts the Nu HTML Checker (the npm package vnu-jar).
VNU_JAR = Path(sys.prefix) / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing_tool(message: str):
    if tools_required():
        pytest.fail(message)
    pytest.skip(message)


def html_errors(documents: dict[str, str]) -> list[str]:
    """Validate each named HTML document; return one line per error."""
    java = shutil.which("java")
    if not java:
        missing_tool("Java is needed for the Nu HTML Checker (vnu.jar).")
    jar = Path(os.environ.get("VNU_JAR", VNU_JAR))
    if not jar.exists():
        missing_tool(f"The Nu HTML Checker is not at {jar}: run `make checkers` (needs npm).")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, html in documents.items():
            path = Path(folder) / f"{len(paths):03d}.html"
            path.write_text(html, encoding="utf-8")
            paths[str(path)] = name
        result = subprocess.run(  # noqa: S603
            [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--errors-only", *paths],
            capture_output=True,
            text=True,
            timeout=180,
        )
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError as error:
        raise AssertionError(
            f"The HTML checker did not run: {result.stdout}{result.stderr}"
        ) from error
    names = {f"file:{path}": name for path, name in paths.items()}
    return [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


def axe_violations(page) -> list[str]:
    """Run axe-core's WCAG 2.x A/AA rules on the page the browser shows."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
