"""How every browser here is started: Debian's Chromium (never a browser of its own), with
the same flags for the tests, the screenshots, the icons and Lighthouse."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
